"""Opinion topics: a suggested category and near-duplicate groups, offline and deterministic.

Pure functions over text (no database): `seminar.topic_services` feeds them the deployment's
categories and the region's earlier opinions, `sanwei classify FILE` and
`bench/topics_bench.py` feed them lines.

- Segmentation: jieba with its own `Tokenizer` (the global one is left alone) plus the
  village words below (`jieba.Tokenizer.add_word`; nothing is downloaded).
- Category: multinomial naive Bayes over content words, trained on the TRAIN half of the
  shipped labelled set (data/opinions_labelled.tsv) at first use, plus a keyword score: each
  category's lexicon word (and each keyword the deployment added to an `OpinionCategory`)
  found in the text adds `KEYWORD_WEIGHT`. Ties go to the category listed first.
- Near-duplicates: the issues an opinion names (路灯, 停水, 野猪, 水压, 烧垃圾 … through a
  table of the words villagers use for each, so 不亮 and 坏了 both say the light is broken)
  and what is wrong (PROBLEMS: broken, absent, unpaid, asked how to apply …), plus the Dice
  of the content words (stop words dropped). Two texts are compared only when the default
  classifier finds a category likely for both (`CATEGORY_MARGIN`), and not when each names
  a place or office (PLACES: 镇卫生院, 村委会 …) and they share none. An issue in SELF_SAID already says what
  is wrong (水压 is a pressure too low, 态度 a rude manner), so sharing it is enough, unless
  each text names a thing and they share none (a well and a pipe, both without water).
  Problems that make different requests (PROBLEM_KINDS: mend it / add one / how to apply /
  it is unpaid …) keep two texts apart; problems that only say what follows (危险, 远 …)
  do not. That hand-written score (`rule_similarity`) is one feature of the learned one,
  `similarity`: a logistic regression (`PairModel`, weights in data/pair_model.json, trained
  on the TRAIN rows by scripts/train_pair_model.py) over it, character-bigram and word
  overlap with synonyms made one (data/synonyms.txt, a filtered general synonym list:
  山猪 = 野猪, 肥料 = 化肥; it also widens ISSUES), IDF-weighted word cosine, the issues
  shared, the categories and the requests. Texts naming different numbered units (五组 /
  七组) or places score 0. Groups are complete-link: every two texts of a group are at
  least `DUPLICATE_THRESHOLD` alike (picked on the TRAIN rows only).

Same text, same taxonomy and keywords → same answer, always (no randomness, fixed ties).
"""

from __future__ import annotations

import csv
import functools
import heapq
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jieba

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "opinions_labelled.tsv"
# General synonym sets (scripts/build_synonyms.py; data/LICENSE-synonyms.md)
SYNONYM_FILE = DATA_DIR / "synonyms.txt"
# Every shipped labelled set (the first and any written later by another hand, each with its
# own train and test halves and its own group ids); the classifier learns from their TRAIN rows.
DATA_FILES = tuple(sorted(DATA_DIR.glob("opinions_labelled*.tsv")))

DEFAULT_CODES = (
    "roads",
    "water",
    "agri",
    "elder",
    "edu",
    "health",
    "env",
    "gov",
    "policy",
    "other",
)
FALLBACK_CODE = "other"

# Domain lexicon: words that, found in an opinion, point to a category. Written from what
# the categories cover (DESIGN.md §2, issue 9), not from the labelled set's test half.
# fmt: off
LEXICON: dict[str, tuple[str, ...]] = {
    "roads": (
        "路灯", "道路", "公路", "村道", "马路", "通组路", "通村路", "水泥路", "泥巴路", "土路", "硬化", "拓宽", "桥", "桥梁",
        "危桥", "班车", "客车", "公交", "候车亭", "客运", "护栏", "急弯", "减速带", "路牌", "路标", "塌方", "边坡", "机耕道",
        "便道", "停车", "会车", "路面", "坑坑洼洼", "渡口", "交通", "车子", "修路",
    ),
    "water": (
        "自来水", "饮水", "停水", "断水", "水管", "水质", "水井", "深水井", "井水", "水窖", "灌溉", "水渠", "渠道", "山塘", "水塘",
        "堤坝", "水库", "泵站", "抽水", "抗旱", "天旱", "水源", "水费", "水表", "水压", "闸门", "插秧", "引水", "放水", "没水",
        "浑浊", "挑水",
    ),
    "agri": (
        "柑橘", "橘子", "茶叶", "茶园", "销路", "收购", "卖不出去", "庄稼", "野猪", "种田", "种植", "化肥", "种子", "农技",
        "病虫害", "打药", "果树", "养殖", "养牛", "养猪户", "合作社", "流转", "荒地", "产业", "加工厂", "办厂", "打工", "务工",
        "就业", "工资", "技能培训", "零工", "上班", "电商", "土特产", "品牌", "农家乐", "乡村旅游", "收割机", "农机", "大棚", "烤烟",
        "鱼苗", "兽医", "创业", "公益岗位", "稻谷", "蔬菜",
    ),
    "elder": (
        "老人", "老年", "养老院", "敬老院", "养老服务", "日间照料", "照料中心", "幸福食堂", "老年食堂", "独居", "空巢", "高龄", "五保",
        "护工", "护理员", "照护", "陪护", "老年协会", "重阳", "老年大学", "互助养老", "一键呼叫", "老年痴呆", "轮椅", "瘫",
    ),
    "edu": (
        "学校", "上学", "校车", "村小", "幼儿园", "老师", "教师", "学生", "孩子", "小孩", "娃娃", "儿童", "留守儿童", "作业",
        "辅导", "教室", "食堂伙食", "课", "读书", "支教", "家长会", "校服", "寄宿", "寝室", "溺水", "兴趣班", "图书室", "操场",
        "学费", "补课", "中学", "小学", "亲子",
    ),
    "health": (
        "卫生室", "卫生院", "村医", "医生", "看病", "医保", "合作医疗", "报销", "就医", "住院", "医院", "药", "药品", "慢性病",
        "体检", "血压", "血糖", "救护车", "家庭医生", "精神病", "疫苗", "产检", "牙医", "门诊", "病种", "挂号", "癌症", "筛查",
        "透析", "打针", "急救", "生病", "大病",
    ),
    "env": (
        "垃圾", "垃圾池", "垃圾桶", "垃圾站", "清运", "保洁", "卫生", "臭", "臭味", "臭水", "污水", "粪水", "粪便", "养猪场",
        "猪场", "养鸭场", "化粪池", "改厕", "厕所", "旱厕", "污染", "排放", "废水", "黑烟", "灰尘", "秸秆", "乱砍", "水土流失",
        "电鱼", "河道", "绿化", "乱堆乱放", "蚊子", "苍蝇", "蝇子", "环境", "建筑垃圾", "农药瓶", "包装袋", "绿藻", "淤塞", "垃圾分类",
        "狗屎",
    ),
    "gov": (
        "村务", "村务公开", "公开", "账目", "财务", "收支", "村干部", "干部", "村委会", "村部", "村委", "办事", "盖章", "公章",
        "证明", "低保", "不公平", "公平", "选举", "换届", "拉票", "内定", "小组长", "党员", "工作队", "驻村", "屋场会", "意见箱",
        "答复", "村规民约", "招标", "亲戚", "集体", "扣", "调解", "纠纷", "评先进", "作风", "态度", "开会", "通知", "大喇叭",
        "扶贫项目",
    ),
    "policy": (
        "政策", "补贴", "补助", "养老金", "养老保险", "社保", "地力补贴", "种粮补贴", "危房", "危改", "危房改造", "申请", "怎么办",
        "怎么领", "标准", "手续", "材料", "退役军人", "优待", "残疾证", "扶助金", "奖励", "搬迁", "易地搬迁", "退耕还林", "确权",
        "林权证", "临时救助", "救助", "拆迁", "补偿标准", "生育", "保险", "脱贫", "帮扶", "文件", "一卡通", "到账", "发放",
    ),
    "other": (
        "信号", "手机", "网络", "上网", "宽带", "广场", "广场舞", "跳舞", "停电", "电压", "快递", "流浪狗", "偷盗", "监控", "治安",
        "赌博", "打牌", "红白喜事", "彩礼", "人情", "电影", "文艺演出", "体育比赛", "篮球", "鞭炮", "诈骗", "邮政", "银行", "取款",
        "天然气", "祠堂", "有线电视", "殡葬", "广播", "办酒",
    ),
}
# fmt: on
KEYWORD_WEIGHT = 5.0
# Near-duplicates compare two texts only when their likely categories (scores within this
# margin of the best, in the units of `Classifier.scores`) meet: a text the classifier is
# unsure about is not cut off from its duplicates by a wrong first guess. Picked by the
# cross-validation of `bench/topics_bench.py` on the train rows (classifier retrained per
# fold; first set's train rows): 0 → 76.1% recall, 3 → 84.4%, at the same precision
# (89.2% / 89.3%).
CATEGORY_MARGIN = 3.0

# Words jieba should keep whole (its dictionary does not know them all).
# fmt: off
VILLAGE_WORDS = (
    "路灯", "通组路", "通村路", "泥巴路", "机耕道", "候车亭", "减速带", "村部", "村小", "卫生室", "村医", "医保", "合作医疗", "化粪池",
    "垃圾池", "旱厕", "改厕", "屋场会", "低保", "五保", "危改", "幸福食堂", "老年食堂", "日间照料", "照料中心", "留守儿童", "地力补贴",
    "种粮补贴", "一卡通", "养老金", "野猪", "柑橘", "山塘", "水窖", "不亮", "坏了", "停水", "断水", "不通", "没信号", "没水", "快递点",
    "村务公开", "村干部", "养猪场", "猪场",
)
# fmt: on

# Near-duplicates compare the ISSUES an opinion names: each issue is found through any of its
# words (substring match, so segmentation does not matter). Common village issues across the
# default taxonomy; a deployment's category keywords do not enter here.
# fmt: off
ISSUES: dict[str, tuple[str, ...]] = {
    "路灯": ("路灯", "灯不亮", "几盏"),
    "桥": ("桥", "过河"),
    "护栏": ("护栏", "急弯", "悬崖"),
    "班车": ("班车", "客车", "公交", "客运"),
    "路面": ("泥巴路", "土路", "硬化", "铺水泥", "水泥路", "烂泥", "坑坑洼洼", "路面"),
    "塌方": ("塌方", "边坡", "滑坡", "落石", "掉石头"),
    "减速": ("减速带", "开得飞快", "超速"),
    "停车": ("停车",),
    "排水": ("排水沟", "积水", "水沟"),
    "停水": ("停水", "断水", "没水", "缺水", "水老是断", "挑水", "没得水"),
    "水质": ("浑浊", "发黄", "水质", "泥巴味", "怪味", "水是黄", "是黄的", "浑", "沉淀"),
    "水渠": ("水渠", "灌溉渠", "渠道", "沟渠", "清淤", "淤泥", "疏通"),
    "山塘": ("山塘", "大塘", "堤坝", "渗漏", "塘坝", "蓄不住水"),
    "水井": ("水井", "深水井", "打井", "打一口"),
    "水费": ("水费",),
    "漏水": ("漏水", "水管破", "管子破", "主管破"),
    "销路": ("销路", "卖不出去", "卖不掉", "贩子", "没人收", "滞销"),
    "野猪": ("野猪",),
    "工厂": ("办厂", "工厂", "加工厂", "引进个", "家门口就能上班", "家附近做事"),
    "茶叶": ("茶叶", "鲜叶", "茶厂"),
    "工资": ("拖欠工资", "欠薪", "讨薪"),
    "流转": ("流转", "租金", "承包"),
    "培训": ("培训", "学技术", "学个"),
    "食堂": ("食堂", "热饭", "管中饭", "做饭不方便"),
    "照料中心": ("照料中心", "活动中心", "服务站", "活动室"),
    "养老院": ("养老院", "敬老院"),
    "独居": ("独居", "一个人住", "空巢", "摔倒", "上门看看"),
    "上学远": ("校车", "上学远", "路太远", "太远了", "走一个钟头", "走山路去上学", "去镇上上学"),
    "辅导": ("辅导", "作业"),
    "幼儿园": ("幼儿园",),
    "校门口": ("校门口", "学校门口"),
    "溺水": ("溺水", "淹死", "下河洗澡", "河里洗澡", "游泳", "玩水", "警示牌"),
    "村医": ("村医", "卫生室", "医生经常不在", "找不到医生"),
    "医保费": ("医保费", "合作医疗", "缴费", "交不起", "少交"),
    "报销": ("报销",),
    "疫苗": ("疫苗", "预防针"),
    "药": ("药品", "缺药", "买不到药", "开药"),
    "垃圾": ("垃圾池", "垃圾站", "清运", "垃圾好久", "拉走", "运走", "垃圾堆"),
    "养殖污染": ("养猪场", "猪场", "养鸭场", "养鸡场", "粪水"),
    "化粪池": ("化粪池", "抽粪", "改厕"),
    "账目": ("账目", "财务", "收支", "公开栏", "村务公开", "钱用在", "钱怎么花", "花了多少钱"),
    "干部不在": ("找不到干部", "找不到人", "不在办公室", "没找到人", "门是锁着", "电话也不接"),
    "低保": ("低保",),
    "征地": ("征地", "占地", "征了", "补偿款"),
    "残疾": ("残疾",),
    "养老金": ("养老金",),
    "地力补贴": ("地力", "种粮补贴", "耕地补贴"),
    "危房": ("危房", "危改", "要塌了"),
    "信号": ("信号", "网络", "网课", "上网"),
    "广场": ("广场", "跳舞"),
    "停电": ("停电",),
    "电压": ("电压",),
    "快递": ("快递",),
    "治安": ("偷盗", "监控", "小偷"),
    "狗": ("流浪狗", "狗"),
    "河道垃圾": ("往河里倒", "河里倒", "倒进河", "倒到河", "倒满了", "河边堆"),
    # Frames of village life beyond the first table: the object, or the object with its
    # trouble, in the words villagers use (written from domain knowledge, broad on purpose).
    "候车亭": ("候车亭", "遮雨的棚", "躲雨", "避雨", "雨棚", "站台", "等车的地方", "招呼站"),
    "反光镜": ("反光镜", "凸面镜", "广角镜", "转弯镜", "视线不好", "看不到对面", "看不见对面", "盲区"),
    "路窄": ("太窄", "路窄", "会车", "错车", "拓宽", "加宽"),
    "重车": ("大货车", "渣土车", "拉沙", "拉石头", "超载", "重车"),
    "渡船": ("渡船", "渡口", "摆渡"),
    "水压": ("水压", "压力太小", "压力不够", "只滴", "水太小", "水很小", "出水小", "细得像线", "水上不来", "流不出来"),
    "水窖": ("水窖", "蓄水池", "水池", "水柜", "水缸"),
    "泵站": ("泵站", "水泵", "抽水机", "电排", "抽不上水", "机埠", "抽水站"),
    "水表": ("水表", "抄表"),
    "河堤": ("河堤", "防洪", "洪水", "发大水", "护岸", "冲毁", "冲垮"),
    "柑橘": ("柑橘", "橘子", "桔子", "脐橙", "橙子", "果子", "水果"),
    "化肥": ("化肥", "尿素", "复合肥", "肥料", "农资", "农药"),
    "农机": ("收割机", "插秧机", "旋耕机", "耕田机", "机手", "农机"),
    "种子": ("种子", "秧苗", "不出苗", "不发芽"),
    "病虫害": ("病虫害", "虫害", "虫子", "防治"),
    "农业保险": ("农业保险", "理赔", "赔付", "受灾"),
    "扫码": ("扫码", "二维码", "智能手机", "刷脸", "不会用手机", "不会操作", "人工办理", "网上办", "手机上办", "手机上操作"),
    "护工": ("护工", "护理员"),
    "伙食": ("营养餐", "午饭", "午餐", "伙食", "饭菜", "吃不饱", "分量少", "没油水", "中饭"),
    "老师": ("老师", "教师", "代课"),
    "宿舍": ("宿舍", "寝室", "住校", "寄宿"),
    "家庭医生": ("家庭医生", "签约医生", "签约服务", "签了约"),
    "体检": ("体检", "检查结果", "抽了血", "报告"),
    "救护车": ("救护车", "120", "急救"),
    "烧垃圾": ("烧垃圾", "焚烧", "点火烧", "烧塑料", "露天烧", "就地烧"),
    "扬尘": ("灰尘", "粉尘", "扬尘", "一层灰", "灰大"),
    "采石场": ("采石场", "石场", "砂石场", "碎石场", "石灰厂", "砖厂", "放炮"),
    "死水塘": ("死水", "废塘", "臭水塘", "水草", "蚊子", "蚊虫", "苍蝇"),
    "秸秆": ("秸秆", "烧稻草"),
    "噪音": ("噪音", "音响", "太大声", "放音乐", "扰民", "吵得", "太吵", "吵死"),
    "公厕": ("公厕", "公共厕所"),
    "砍树": ("乱砍", "砍树", "偷砍", "滥伐"),
    "电鱼": ("电鱼", "毒鱼", "炸鱼"),
    "态度": ("态度", "爱理不理", "说话很冲", "骂回来", "脸色", "不耐烦", "凶得很"),
    "招标": ("招标", "工程都给", "承包工程", "包工头", "自己定的人"),
    "跑腿": ("跑三四趟", "跑了好几", "来回跑", "好几趟", "跑几趟", "多跑", "盖章", "盖个章", "开证明", "开个证明"),
    "选举": ("选举", "换届", "拉票", "贿选", "投票"),
    "优抚": ("退伍", "退役", "优待金", "优抚", "军人", "老兵"),
    "救助": ("临时救助", "大病救助", "医疗救助", "救助"),
    "认证": ("认证", "资格认证", "年审"),
    "高龄补贴": ("高龄补贴", "高龄津贴", "百岁"),
    "电视": ("有线电视", "机顶盒", "收不到台", "频道", "电视信号", "看不了电视", "卫星锅"),
    "赌博": ("赌博", "赌钱", "开场子", "聚众", "麻将馆", "打牌赌"),
    "诈骗": ("诈骗", "骗子", "骗钱", "上当"),
    "人情": ("彩礼", "大操大办", "办酒", "人情", "随礼"),
    # roads and transport
    "红绿灯": ("红绿灯", "信号灯", "斑马线", "人行道", "人行横道"),
    "路牌": ("路牌", "指示牌", "路标", "门牌", "标志牌"),
    "机耕道": ("机耕道", "机耕路", "生产路", "田间道", "田间路"),
    "入户路": ("通组路", "组级路", "入户路", "进组的路", "家门口的路", "到户的路"),
    # water
    "通自来水": ("通自来水", "接自来水", "装自来水", "安全饮水", "饮水工程", "管网"),
    "内涝": ("内涝", "被淹", "水淹", "淹了", "倒灌"),
    "水库": ("水库", "库区"),
    # agriculture, industry, jobs
    "鸟兽害": ("猴子", "麻雀", "鸟吃", "老鼠咬", "獾"),
    "牲畜防疫": ("兽医", "猪瘟", "鸡瘟", "禽流感", "防疫", "牲口病"),
    "贷款": ("贷款", "小额信贷", "贴息", "信贷"),
    "电商": ("电商", "直播带货", "网上卖", "网店", "淘宝"),
    "合作社": ("合作社", "分红"),
    "抛荒": ("抛荒", "撂荒", "荒地", "没人种", "荒着"),
    "大棚": ("大棚",),
    "烤烟": ("烤烟", "烟叶", "烤房"),
    "鱼塘": ("鱼塘", "养鱼", "鱼苗", "死鱼"),
    "卖粮": ("卖粮", "粮站", "稻谷收购", "粮食收购", "收粮"),
    "就业": ("找工作", "打零工", "没活干", "就业", "招工", "没事做", "没有事做", "找事做"),
    # elderly care
    "照护": ("陪护", "照护", "瘫痪", "卧床", "没人照顾", "没人照料", "失能"),
    "呼叫": ("一键呼叫", "呼叫器", "紧急呼叫", "手环", "呼救"),
    "老年活动": ("老年大学", "老年协会", "老年人活动"),
    "送餐": ("送餐", "送饭", "助餐", "吃饭难"),
    # children and schools
    "留守": ("留守", "爷爷奶奶带", "父母在外", "爸妈在外", "父母都出去"),
    "图书": ("图书室", "图书角", "课外书", "没书看", "农家书屋"),
    "操场": ("操场", "篮球架", "运动场", "体育器材", "跑道"),
    "助学": ("助学金", "资助", "学费", "贫困生", "雨露计划", "生活补助"),
    "欺凌": ("欺负", "欺凌", "霸凌", "打架", "勒索"),
    "心理": ("心理", "心事", "抑郁", "想不开"),
    "游戏": ("网吧", "沉迷", "玩游戏", "打游戏", "玩手机"),
    "教室": ("教室", "桌椅", "课桌", "黑板"),
    # health
    "慢性病": ("慢性病", "慢病", "高血压", "糖尿病", "降压药", "长期吃药"),
    "医疗设备": ("血压计", "心电图", "B超", "设备", "仪器", "化验"),
    "看病远": ("看病远", "看病难", "去县里看病", "跑到县里", "县医院", "大医院"),
    "精神病": ("精神病", "精神不正常", "疯子", "发病打人"),
    "孕产": ("产检", "孕妇", "生孩子", "接生"),
    "眼牙": ("牙齿", "看牙", "白内障", "眼睛看不清"),
    # environment
    "污水": ("污水", "生活污水", "脏水", "洗衣水", "下水道", "污水管", "阴沟"),
    "工厂污染": ("化工厂", "废水", "废气", "工厂排", "冒黑烟", "烟囱"),
    "散养": ("散养", "鸡鸭", "牛粪", "鸡屎", "鸭屎", "猪粪", "牛屎"),
    "农药瓶": ("农药瓶", "农药袋", "包装废弃物", "农膜", "地膜"),
    "乱堆": ("乱堆", "柴草", "乱搭", "乱建", "杂物"),
    "绿化": ("绿化", "种树", "树苗", "花草"),
    # governance
    "项目资金": ("项目资金", "扶贫资金", "专项资金", "资金去向", "上面拨的钱"),
    "不回音": ("没回音", "没下文", "石沉大海", "没人回复", "提了没用", "没有答复", "不了了之"),
    "宅基地": ("宅基地", "建房", "批房", "批不下来", "起房子"),
    "纠纷": ("纠纷", "扯皮", "地界", "山界", "占了我家", "吵架"),
    "评选": ("评先进", "评优", "评选", "名额"),
    "集体资产": ("集体资产", "集体的山", "集体林", "集体的地", "集体收入"),
    # policy
    "养老保险": ("养老保险", "社保", "缴费档次", "补缴", "交保险"),
    "搬迁": ("易地搬迁", "搬迁", "安置房", "安置点"),
    "生态补偿": ("退耕还林", "公益林", "生态补偿", "护林员"),
    "计生": ("独生子女", "计生", "奖励扶助", "双女户"),
    "特困": ("特困", "供养"),
    "产业奖补": ("奖补", "以奖代补", "产业补贴", "养殖补贴", "种植补贴"),
    "农机补贴": ("农机补贴", "购机补贴", "农机购置"),
    "户口": ("户口", "身份证", "户籍", "迁户", "上户"),
    "确权": ("确权", "林权", "土地证", "承包证", "不动产证", "房产证"),
    # other
    "宽带": ("宽带", "光纤", "网速", "wifi", "WiFi", "无线网"),
    "文化活动": ("电影", "文艺", "演出", "看戏", "花鼓戏", "文化活动", "晚会"),
    "健身": ("健身器材", "健身器", "篮球场", "运动器材", "乒乓球"),
    "取钱": ("取钱", "取款", "ATM", "银行", "信用社"),
    "殡葬": ("公墓", "坟", "殡葬", "火葬", "骨灰"),
    "燃气": ("天然气", "液化气", "煤气"),
    "充电": ("充电桩", "充电"),
    "广播": ("广播", "大喇叭", "喇叭"),
    "消防": ("消防", "火灾", "着火", "灭火器", "失火", "起火"),
    "电线": ("变压器", "电线", "电杆", "线路老化", "电线杆", "电表"),
}
# fmt: on

# Issues whose words already say what is wrong (a water pressure too low, rubbish burnt, a
# rude cadre): sharing one is agreeing on the problem too.
# fmt: off
SELF_SAID = frozenset((
    "停水", "水质", "漏水", "销路", "工资", "干部不在", "溺水", "河道垃圾", "水压",
    "烧垃圾", "扬尘", "噪音", "砍树", "电鱼", "态度", "招标", "跑腿", "赌博", "诈骗", "扫码",
    "停电",
))
# fmt: on

# What is wrong with it: problems, found the same way and compared with the issues.
# fmt: off
PROBLEMS: dict[str, tuple[str, ...]] = {
    "坏": ("不亮", "坏", "烂了", "松动", "松了", "黑漆漆", "一片黑", "年久失修", "裂", "断了", "烧了", "没人修", "用不了", "不能用", "失灵", "破了"),
    "不在": ("不在", "找不到", "关着", "锁着", "关门", "只来", "没人", "不开门", "不接"),
    "没发": ("没到账", "没发", "还没", "没下来", "什么时候发", "没有发", "拖欠", "拖了", "没付", "没给", "不兑现"),
    "慢": ("排队", "排了", "排一", "排到", "排长队", "等了", "还在等", "轮到", "太慢"),
    "缺": ("缺货", "缺", "买不到"),
    "贵": ("太贵", "贵", "涨", "太高", "负担", "交不起", "少交"),
    "低": ("太低", "少得可怜", "一百多", "便宜", "贱卖", "价格低"),
    "少": ("太少", "不够", "只有", "一盏都没有"),
    "远": ("太远", "远"),
    "污染": ("臭", "味", "污染", "排到", "排放", "黑了", "浑", "发黄"),
    "差": ("太差", "不好", "不行", "卡", "断断续续", "质量"),
    "毁": ("糟蹋", "毁", "拱", "冲垮", "压烂"),
    "不公开": ("不公开", "看不到账", "账看不到", "看不到公示", "没更新", "贴出来", "糊里糊涂", "公开"),
    "多": ("太多", "越来越多"),
    "堵": ("堵", "淤", "不通"),
    "危险": ("危险", "不安全", "怕出事", "提心吊胆", "差点", "淹死"),
    "漏": ("漏", "渗", "存不住", "蓄不住", "裂"),
    "挤": ("太挤", "拥挤", "住不下", "挤"),
    "吵": ("吵", "大声", "噪音", "扰民"),
    "不会": ("不会用", "不会操作", "不会弄", "办不了"),
    "麻烦": ("麻烦", "复杂", "跑了好几", "来回跑", "跑三四趟", "好几趟", "好几次", "说不清楚"),
    "涨价": ("涨价", "要价", "一年比一年高", "价格高"),
    "滞销": ("卖不动", "没人要", "没人收", "没有老板来收", "烂在", "价格跌", "跌价", "销路", "卖不出"),
    "烟": ("烟", "熏", "咳"),
    "灰": ("灰", "尘"),
    "蚊虫": ("蚊", "苍蝇", "虫"),
    "不见人": ("没见过", "没上门", "不上门", "从来没来", "找不到"),
    "不给": ("没拿到", "不给", "没领到", "没发下来", "一分都没"),
    "咨询": ("怎么申请", "去哪里", "去哪儿", "怎么办理", "找谁", "怎么领", "哪里办", "能不能领", "符合条件", "可以申请", "要准备", "哪些手续"),
    "流失": ("待不住", "留不住", "调走", "换好几个", "换了好几", "流失", "一年一换"),
    "无": ("没有", "没装", "连个", "一个都没有", "建一个", "建个", "修个", "装个", "办个", "开通", "增设", "加装", "新建", "要装", "装一", "安装", "配个", "配一"),
}
# fmt: on

# The place or office an opinion is about (镇卫生院, 村委会, 信用社 …): two texts that each
# name one and share none are about two places, whatever trouble they share ("镇卫生院的
# 干部态度不好" / "村委会的干部态度太差"). Written from the offices a township has.
# fmt: off
PLACES: dict[str, tuple[str, ...]] = {
    "卫生院": ("卫生院", "镇医院", "乡医院"),
    "卫生室": ("卫生室", "村诊所", "诊所"),
    "县医院": ("县医院", "县人民医院", "县中医院", "市医院"),
    "村委会": ("村委会", "村委", "村部", "村两委", "村支部", "村办公室"),
    "镇政府": ("镇政府", "乡政府", "镇上政府", "镇里政府", "镇政务", "便民服务中心", "服务大厅", "政务大厅", "镇里办事"),
    "派出所": ("派出所", "警务室", "民警"),
    "学校": ("学校", "村小", "小学", "中学", "初中", "高中", "教学点"),
    "幼儿园": ("幼儿园",),
    "敬老院": ("敬老院", "养老院", "福利院"),
    "银行": ("银行", "信用社", "农商行", "邮储", "邮政储蓄"),
    "邮局": ("邮局", "邮政所"),
    "供电所": ("供电所", "电力局", "电管站"),
    "自来水厂": ("水厂", "水务", "自来水公司"),
    "营业厅": ("营业厅", "移动公司", "电信", "联通"),
    "民政": ("民政所", "民政办", "民政局"),
    "社保所": ("社保所", "社保站", "人社", "劳保所"),
    "医保局": ("医保局", "医保中心", "医保站"),
    "农技站": ("农技站", "农业站", "畜牧站", "兽医站", "农机站"),
    "林业站": ("林业站", "林业局", "护林站"),
    "车站": ("车站", "汽车站", "客运站"),
    "集市": ("集市", "赶集", "菜市场", "农贸市场"),
}
# fmt: on

# Problems grouped by the request they make. Two texts whose problems name requests, none
# shared, ask for two different things (mend the lamp / add lamps; how to apply / it is
# unpaid). Problems outside these kinds say what follows from the trouble (危险, 远, 麻烦 …)
# and do not keep two texts apart.
# fmt: off
PROBLEM_KINDS: dict[str, frozenset[str]] = {
    "mend": frozenset(("坏", "漏", "堵", "毁")),
    "lack": frozenset(("无", "少", "缺", "低")),
    "unpaid": frozenset(("没发", "不给")),
    "ask": frozenset(("咨询",)),
    "cost": frozenset(("贵", "涨价")),
    "absent": frozenset(("不在", "不见人")),
    "unsold": frozenset(("滞销",)),
    "open": frozenset(("不公开",)),
}
# fmt: on

STOP_WORDS = frozenset(
    """的 了 是 在 我 我们 你 你们 他 她 它 他们 有 没 没有 不 也 都 就 还 要 能 能不能 希望
    建议 请 求 帮忙 一下 一些 一点 好 很 太 得 着 过 把 被 给 让 和 跟 与 及 或 又 再 才 从
    到 去 来 里 上 下 这 那 那个 这个 那些 这些 那座 那段 那条 个 些 什么 怎么 怎么样 为什么
    吗 呢 吧 啊 呀 嘛 哦 么 已经 一直 经常 老是 总是 天天 好几 好多 几 多 少 每 一 二 三 就是
    可以 可能 应该 需要 想 说 看 做 搞 弄 管 管一管 一管 问问 知道 村里 村 组 我家 家里 家
    大家 时候 以后 之后 现在 今年 去年 年 月 天 个月 几个 好几个 一个 一年 时间 地方 事 事情
    问题 情况 真 真是 实在 非常 特别 比较 更 最 那里 这里 哪里 哪 谁 为 对 向 往 等 等等""".split()
)

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in sorted(set(VILLAGE_WORDS) | {w for ws in LEXICON.values() for w in ws}):
        if len(word) > 1:
            tokenizer.add_word(word, freq=50000)
    return tokenizer


def segment(text: str) -> list[str]:
    """jieba words of the text, punctuation and blanks dropped (deterministic)."""
    clean = _PUNCT.sub(" ", text.strip())
    return [w for w in _tokenizer().lcut(clean, HMM=False) if w.strip()]


def content_words(text: str) -> list[str]:
    """Words for classifying: segmented, stop words and numbers dropped."""
    return [w for w in segment(text) if w not in STOP_WORDS and not _DIGITS.fullmatch(w)]


def issues(text: str) -> frozenset[str]:
    """The issues (keys of ISSUES) a text names: one of its words is in the text, or one of
    the text's words is a synonym of one of its words (data/synonyms.txt: 山猪 → 野猪)."""
    found = {issue for issue, words in ISSUES.items() if any(w in text for w in words)}
    by_synonym = _issues_by_synonym()
    for word in segment(text):
        found.update(by_synonym.get(word, ()))
    return frozenset(found)


@functools.cache
def _issues_by_synonym() -> dict[str, frozenset[str]]:
    """Word → the issues one of whose words it is a synonym of (data/synonyms.txt)."""
    sets = synonym_sets()
    out: dict[str, set[str]] = {}
    for issue, words in ISSUES.items():
        for word in words:
            for n in sets.get(word, ()):
                for other in synonym_list()[n]:
                    out.setdefault(other, set()).add(issue)
    return {w: frozenset(v) for w, v in out.items()}


def problems(text: str) -> frozenset[str]:
    """The problems (keys of PROBLEMS) a text names."""
    return frozenset(p for p, words in PROBLEMS.items() if any(w in text for w in words))


def places(text: str) -> frozenset[str]:
    """The places and offices (keys of PLACES) a text names."""
    return frozenset(p for p, words in PLACES.items() if any(w in text for w in words))


def requests(found: Iterable[str]) -> frozenset[str]:
    """The kinds of request (keys of PROBLEM_KINDS) among a text's problems."""
    found = frozenset(found)
    return frozenset(kind for kind, members in PROBLEM_KINDS.items() if members & found)


def parse_keywords(text: str) -> list[str]:
    """A deployment's keyword field: one per line or separated by spaces, commas or 、."""
    return sorted({w for w in re.split(r"[\s,，、;；]+", text or "") if w})


# --------------------------------------------------------------------------- categories


@dataclass(frozen=True)
class Example:
    split: str
    category: str
    group: str
    text: str


def load_examples(path: Path = DATA_FILE) -> list[Example]:
    """The labelled set, in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(row["split"], row["category"], row["group"], row["text"]) for row in reader]


@dataclass
class Classifier:
    """Naive Bayes over content words plus keyword scores; see the module docstring."""

    codes: tuple[str, ...]
    keywords: dict[str, tuple[str, ...]]
    word_counts: dict[str, Counter] = field(default_factory=dict)
    doc_counts: Counter = field(default_factory=Counter)
    keyword_weight: float = KEYWORD_WEIGHT

    @classmethod
    def train(
        cls,
        examples: Iterable[tuple[str, str]],
        *,
        codes: Sequence[str] = DEFAULT_CODES,
        extra_keywords: Mapping[str, Iterable[str]] | None = None,
        keyword_weight: float = KEYWORD_WEIGHT,
    ) -> Classifier:
        """`examples` are (text, code) pairs; `extra_keywords` code → deployment keywords."""
        codes = tuple(codes)
        keywords = {}
        for code in codes:
            words = set(LEXICON.get(code, ())) | set((extra_keywords or {}).get(code, ()))
            # Longest first, so a long keyword is not counted again through a part of it.
            keywords[code] = tuple(sorted(words, key=lambda w: (-len(w), w)))
        model = cls(codes=codes, keywords=keywords, keyword_weight=keyword_weight)
        for text, code in examples:
            if code not in codes:
                continue
            model.doc_counts[code] += 1
            model.word_counts.setdefault(code, Counter()).update(content_words(text))
        return model

    @functools.cached_property
    def _vocabulary(self) -> int:
        return len({w for counts in self.word_counts.values() for w in counts}) + 1

    @functools.cached_property
    def _totals(self) -> dict[str, int]:
        return {code: sum(c.values()) for code, c in self.word_counts.items()}

    def keyword_hits(self, text: str) -> dict[str, int]:
        hits = {}
        for code in self.codes:
            rest, n = text, 0
            for word in self.keywords[code]:
                if word in rest:
                    n += 1
                    rest = rest.replace(word, "\x00")
            hits[code] = n
        return hits

    def scores(self, text: str) -> dict[str, float]:
        """Per code: NB log posterior (normalised over trained codes) + keyword weight × hits."""
        words = content_words(text)
        total_docs = sum(self.doc_counts.values())
        log_joint: dict[str, float] = {}
        for code in self.codes:
            if not self.doc_counts[code]:
                continue
            counts, total = self.word_counts[code], self._totals[code]
            lp = math.log(self.doc_counts[code] / total_docs)
            for w in words:
                lp += math.log((counts[w] + 1) / (total + self._vocabulary))
            log_joint[code] = lp
        norm = _log_sum_exp(list(log_joint.values())) if log_joint else 0.0
        hits = self.keyword_hits(text)
        floor = -30.0  # keeps one unlikely word from outweighing every keyword
        # A category without examples (added by the deployment) stands on its keywords,
        # from the likelihood of a uniform guess.
        untrained = -math.log(len(self.codes))
        return {
            code: (max(log_joint[code] - norm, floor) if code in log_joint else untrained)
            + self.keyword_weight * hits[code]
            for code in self.codes
        }

    def classify(self, text: str) -> str:
        if not text.strip() or not self.codes:
            return FALLBACK_CODE
        scores = self.scores(text)
        best = max(self.codes, key=lambda code: (scores[code], -self.codes.index(code)))
        return best

    def likely(self, text: str, margin: float = CATEGORY_MARGIN) -> frozenset[str]:
        """The codes scoring within `margin` of the best one: the categories the classifier
        hesitates between (one, for most texts)."""
        if not text.strip() or not self.codes:
            return frozenset((FALLBACK_CODE,))
        scores = self.scores(text)
        top = max(scores.values())
        return frozenset(code for code, score in scores.items() if score >= top - margin)


def _log_sum_exp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def training_examples() -> list[tuple[str, str]]:
    """(text, code) of the TRAIN rows of every shipped labelled set, file by file."""
    return [
        (e.text, e.category) for f in DATA_FILES for e in load_examples(f) if e.split == "train"
    ]


@functools.cache
def default_classifier() -> Classifier:
    """Trained on the TRAIN rows of the shipped labelled sets, default taxonomy."""
    return Classifier.train(training_examples())


@functools.lru_cache(maxsize=8)
def classifier_for(
    codes: tuple[str, ...], extra_keywords: tuple[tuple[str, tuple[str, ...]], ...]
) -> Classifier:
    """A classifier for a deployment's taxonomy (its active codes and added keywords)."""
    if codes == DEFAULT_CODES and not any(words for _, words in extra_keywords):
        return default_classifier()
    return Classifier.train(
        training_examples(),
        codes=codes,
        extra_keywords=dict(extra_keywords),
    )


def classify(text: str) -> str:
    """The default taxonomy's code for one opinion."""
    return default_classifier().classify(text)


# --------------------------------------------------------------------------- near-duplicates

# A probability of the learned `PairModel`, read off the held-out figures at fixed
# thresholds of `python bench/topics_bench.py --split train --cv 5` (classifier and pair model
# retrained per fold on the other folds): 0.35 → precision 74.2% / recall 56.5%, 0.40 →
# 86.0% / 51.9%, 0.45 → 87.8% / 47.2%, 0.50 → 88.3% / 45.8%; none reaches 90% before
# recall collapses (0.75: 93.2% / 19.2%). 0.40 keeps recall for a small loss of precision
# (the suggestion is for staff to confirm; they can move an opinion out of a group).
DUPLICATE_THRESHOLD = 0.40
ISSUE_SHARE = 0.6  # weight of the issue score in the similarity; the rest: shared words
PROBLEM_UNSAID = 0.5  # issue score factor when they share no problem and no request differs


@dataclass(frozen=True)
class Signature:
    """What near-duplicate detection compares: issues, problems and places named, content
    words, and the likely categories of the default taxonomy (`Classifier.likely`; sharing
    one is a necessary condition, whatever the deployment's taxonomy)."""

    issues: frozenset[str]
    problems: frozenset[str]
    words: frozenset[str]
    categories: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    category: str = ""
    bigrams: frozenset[str] = frozenset()
    synonyms: frozenset[str] = frozenset()
    numbered: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str, classifier: Classifier | None = None) -> Signature:
        """The text's signature; `classifier` (default: the default one) gives the likely
        categories (a benchmark's cross-validation passes one trained on other rows)."""
        if classifier is None:
            return _signature(text)
        return _make_signature(text, classifier)

    @property
    def objects(self) -> frozenset[str]:
        """The issues that name a thing (not a trouble alone, as SELF_SAID ones do)."""
        return self.issues - SELF_SAID


@functools.lru_cache(maxsize=16384)
def _signature(text: str) -> Signature:
    return _make_signature(text, default_classifier())


def _make_signature(text: str, classifier: Classifier) -> Signature:
    words = content_words(text)
    return Signature(
        issues(text),
        problems(text),
        frozenset(words),
        classifier.likely(text),
        places(text),
        classifier.classify(text),
        char_bigrams(text),
        frozenset(synonym_key(w) for w in words),
        numbered_units(text),
    )


def rule_similarity(a: Signature | str, b: Signature | str) -> float:
    """The hand-written score (one feature of the learned one, `similarity`).

    In [0, 1]: ISSUE_SHARE × the issue score + the rest × Dice of the content words;
    0 when the two texts' likely categories (`Classifier.likely`) do not meet, when each
    names a place or office (PLACES) and they share none, or when both make a request
    (PROBLEM_KINDS: mend it / add one / how to apply / it is unpaid …) and they share none,
    unless a shared issue says its own trouble (SELF_SAID): two texts asking for different
    things are not one opinion, however many words they share.

    The issue score is 0 without a shared issue, and 0 when the only shared issues are
    troubles (SELF_SAID) while each text names a thing and they share none (a pipe and a
    well both without water). Otherwise it is the Jaccard of the issues named (1 when a
    shared one is in SELF_SAID), scaled by whether the problems agree: 1 when they share
    one or a shared issue is in SELF_SAID; PROBLEM_UNSAID otherwise (one or both name no
    problem, or only different consequences)."""
    a = a if isinstance(a, Signature) else Signature.of(a)
    b = b if isinstance(b, Signature) else Signature.of(b)
    if not a.categories & b.categories:
        return 0.0
    if a.places and b.places and not a.places & b.places:
        return 0.0
    shared = a.issues & b.issues
    said = shared & SELF_SAID
    asks_a, asks_b = requests(a.problems), requests(b.problems)
    if asks_a and asks_b and not asks_a & asks_b and not said:
        return 0.0
    issue_score = 0.0
    if shared and (shared - SELF_SAID or not (a.objects and b.objects)):
        if a.problems & b.problems or said:
            agree = 1.0
        else:
            agree = PROBLEM_UNSAID
        # A shared issue that says its problem is the same request whatever else is named.
        overlap = 1.0 if said else len(shared) / len(a.issues | b.issues)
        issue_score = agree * overlap
    total = len(a.words) + len(b.words)
    word_score = 2 * len(a.words & b.words) / total if total else 0.0
    return ISSUE_SHARE * issue_score + (1 - ISSUE_SHARE) * word_score


# --------------------------------------------------------------------------- learned pair score

PAIR_MODEL_FILE = DATA_DIR / "pair_model.json"

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NUMBERED = re.compile(r"([0-9０-９一二三四五六七八九十]+)\s*(组|队|社|号|栋|楼|片)")
_NUMERALS = {c: str(n) for n, c in enumerate("零一二三四五六七八九")}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@functools.cache
def synonym_list() -> tuple[tuple[str, ...], ...]:
    """The synonym sets of data/synonyms.txt, in file order."""
    with SYNONYM_FILE.open(encoding="utf-8") as f:
        return tuple(tuple(line.split()) for line in f if line.strip() and not line.startswith("#"))


@functools.cache
def synonym_sets() -> dict[str, tuple[int, ...]]:
    """Word → the numbers of the synonym sets holding it."""
    out: dict[str, list[int]] = {}
    for n, words in enumerate(synonym_list()):
        for word in words:
            out.setdefault(word, []).append(n)
    return {w: tuple(ns) for w, ns in out.items()}


@functools.cache
def synonym_index() -> dict[str, int]:
    """Word → the number of the first synonym set holding it."""
    return {w: ns[0] for w, ns in synonym_sets().items()}


def synonym_key(word: str) -> str:
    """The word's synonym set ('#12') when the synonym list knows it, else the word."""
    n = synonym_index().get(word)
    return word if n is None else f"#{n}"


def char_bigrams(text: str) -> frozenset[str]:
    """The pairs of adjacent Han characters (punctuation and other scripts split runs)."""
    return frozenset(run[i : i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1))


def _number(spelt: str) -> str:
    """'五' → '5', '十二' → '12', '二十' → '20', '３' → '3' (other spellings kept as given)."""
    spelt = spelt.translate(_FULLWIDTH)
    if spelt.isdigit():
        return str(int(spelt))
    if "十" in spelt:
        tens, _, ones = spelt.partition("十")
        if len(tens) <= 1 and len(ones) <= 1:
            return str(int(_NUMERALS.get(tens, "1")) * 10 + int(_NUMERALS.get(ones, "0")))
        return spelt
    return "".join(_NUMERALS.get(c, c) for c in spelt)


def numbered_units(text: str) -> frozenset[str]:
    """Numbered village units a text names (五组, 3队 …), numbers made one spelling."""
    return frozenset(f"{_number(number)}{unit}" for number, unit in _NUMBERED.findall(text))


def _dice(a: frozenset, b: frozenset) -> float:
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 0.0


PAIR_FEATURES = (
    "bias",
    "rule",  # rule_similarity
    "bigrams",  # Dice of the Han character bigrams
    "synonyms",  # Dice of the content words, synonyms made one
    "issues",  # Jaccard of the issues named
    "same_category",  # the same best category
    "categories_meet",  # likely categories meet
    "requests_differ",  # each makes a request, none shared
    "problem_shared",  # a problem named by both
    "tfidf",  # cosine of the synonym-made-one content words, weighted by IDF
)


def pair_features(
    a: Signature, b: Signature, idf: Mapping[str, float] | None = None, rarest: float | None = None
) -> tuple[float, ...]:
    """The features of `PAIR_FEATURES` for two signatures (symmetric); `idf`: inverse
    document frequency of the synonym keys (a key it lacks weighs as the rarest, `rarest`:
    the table's highest value, given by a caller that scores many pairs)."""
    idf = idf or {}
    if rarest is None:
        rarest = max(idf.values(), default=1.0)
    asks_a, asks_b = requests(a.problems), requests(b.problems)
    union = a.issues | b.issues
    return (
        1.0,
        rule_similarity(a, b),
        _dice(a.bigrams, b.bigrams),
        _dice(a.synonyms, b.synonyms),
        len(a.issues & b.issues) / len(union) if union else 0.0,
        float(a.category == b.category),
        float(bool(a.categories & b.categories)),
        float(bool(asks_a and asks_b and not asks_a & asks_b)),
        float(bool(a.problems & b.problems)),
        _idf_cosine(a.synonyms, b.synonyms, idf, rarest),
    )


def _idf_cosine(
    a: frozenset[str], b: frozenset[str], idf: Mapping[str, float], rarest: float
) -> float:
    if not a or not b:
        return 0.0
    weight = {w: idf.get(w, rarest) ** 2 for w in a | b}
    shared = sum(weight[w] for w in a & b)
    return shared / math.sqrt(sum(weight[w] for w in a) * sum(weight[w] for w in b))


def idf_of(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of the synonym keys of the texts' content words,
    rounded (so the shipped table is stable)."""
    df: Counter = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update({synonym_key(w) for w in content_words(text)})
    return {w: round(math.log((n + 1) / (c + 1)) + 1.0, 4) for w, c in sorted(df.items())}


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (small, dense, positive definite)."""
    n = len(vector)
    m = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


# Pairs sharing no character bigram, no synonym and no issue are never duplicates: the model
# scores them 0 and is not trained on them (most pairs of a region).
# Nor are two texts that each name a numbered unit (五组, 3队 …) or a place or office
# (PLACES) and share none: the same trouble in two places is two matters.
def _candidate(a: Signature, b: Signature) -> bool:
    if a.numbered and b.numbered and not a.numbered & b.numbered:
        return False
    if a.places and b.places and not a.places & b.places:
        return False
    return bool(a.bigrams & b.bigrams or a.synonyms & b.synonyms or a.issues & b.issues)


PAIR_PENALTY = 10.0  # L2 penalty of the pair model's weights; picked by `--cv` on train rows


@dataclass(frozen=True)
class PairModel:
    """Logistic regression over `pair_features`: the probability that two texts are one
    opinion. Trained by `PairModel.train` (Newton's method, L2 penalty on the weights but
    the bias: deterministic); the shipped model is data/pair_model.json, written by
    scripts/train_pair_model.py from the TRAIN rows of the labelled sets."""

    weights: tuple[float, ...]
    idf: Mapping[str, float] = field(default_factory=dict)

    @functools.cached_property
    def _rarest(self) -> float:
        return max(self.idf.values(), default=1.0)

    def score(self, a: Signature, b: Signature) -> float:
        if not _candidate(a, b):
            return 0.0
        x = pair_features(a, b, self.idf, self._rarest)
        return _sigmoid(sum(w * xi for w, xi in zip(self.weights, x, strict=True)))

    @classmethod
    def train(
        cls,
        sets: Iterable[Sequence[Example]],
        classifier: Classifier | None = None,
        *,
        penalty: float = PAIR_PENALTY,
    ) -> PairModel:
        """Trained on the candidate pairs within each set of examples (a set: one file's
        rows; no pair across two sets); `classifier` gives the likely categories."""
        sets = [list(examples) for examples in sets]
        idf = idf_of(e.text for examples in sets for e in examples)
        rows = training_pairs(sets, classifier, idf)
        k = len(PAIR_FEATURES)
        w = [0.0] * k
        for _ in range(50):
            grad = [penalty * w[i] if i else 0.0 for i in range(k)]
            hess = [[0.0] * k for _ in range(k)]
            for i in range(1, k):
                hess[i][i] = penalty
            for x, y in rows:
                p = _sigmoid(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
                g, h = p - (1.0 if y else 0.0), max(p * (1 - p), 1e-12)
                for i in range(k):
                    if x[i]:
                        grad[i] += g * x[i]
                        hx, row = h * x[i], hess[i]
                        for j in range(k):
                            if x[j]:
                                row[j] += hx * x[j]
            step = _solve(hess, grad)
            w = [wi - si for wi, si in zip(w, step, strict=True)]
            if max(abs(si) for si in step) < 1e-9:
                break
        return cls(tuple(round(wi, 6) for wi in w), idf)

    @classmethod
    def load(cls, path: Path | None = None) -> PairModel:
        path = path or PAIR_MODEL_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != PAIR_FEATURES:
            raise ValueError(f"{path}: features {data['features']} are not {PAIR_FEATURES}")
        return cls(tuple(float(w) for w in data["weights"]), dict(data["idf"]))

    def dump(self, path: Path | None = None, **notes: object) -> None:
        data = {
            **notes,
            "features": list(PAIR_FEATURES),
            "weights": list(self.weights),
            "idf": dict(sorted(self.idf.items())),
        }
        text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False)
        (path or PAIR_MODEL_FILE).write_text(text + "\n", encoding="utf-8")


def training_pairs(
    sets: Iterable[Sequence[Example]],
    classifier: Classifier | None = None,
    idf: Mapping[str, float] | None = None,
) -> list[tuple[tuple[float, ...], bool]]:
    """(pair_features, is a duplicate) of the candidate pairs within each set of examples."""
    rows = []
    for examples in sets:
        sigs = [Signature.of(e.text, classifier) for e in examples]
        for i in range(len(sigs)):
            for j in range(i + 1, len(sigs)):
                if _candidate(sigs[i], sigs[j]):
                    same = bool(examples[i].group) and examples[i].group == examples[j].group
                    rows.append((pair_features(sigs[i], sigs[j], idf), same))
    return rows


@functools.cache
def default_pair_model() -> PairModel:
    return PairModel.load()


def similarity(a: Signature | str, b: Signature | str, model: PairModel | None = None) -> float:
    """In [0, 1]: the learned probability (`PairModel`, default the shipped one) that the two
    texts are one opinion; 0 when they share no character bigram, synonym or issue."""
    a = a if isinstance(a, Signature) else Signature.of(a)
    b = b if isinstance(b, Signature) else Signature.of(b)
    return (model or default_pair_model()).score(a, b)


def best_match(
    text: Signature | str,
    candidates: Iterable[tuple[object, Signature | str]],
    threshold: float = DUPLICATE_THRESHOLD,
    group_of: Callable[[object], object] | None = None,
) -> object | None:
    """The key of the candidate whose group the text joins, or None.

    Complete link: a group (the candidates with the same `group_of(key)`; a candidate whose
    group is None stands alone) is as similar as its LEAST similar member, and the text joins
    the most similar group at or above the threshold, through that group's most similar
    member (the first one on a tie, so the candidates' order must be fixed). Without
    `group_of` every candidate stands alone."""
    sig = text if isinstance(text, Signature) else Signature.of(text)
    groups: dict[object, list] = {}  # group → [least similarity, best key, best similarity]
    for n, (key, other) in enumerate(candidates):
        sim = similarity(sig, other)
        label = group_of(key) if group_of is not None else None
        label = ("alone", n) if label is None else ("group", label)
        entry = groups.get(label)
        if entry is None:
            groups[label] = [sim, key, sim]
            continue
        entry[0] = min(entry[0], sim)
        if sim > entry[2]:
            entry[1], entry[2] = key, sim
    best_key, best_sim = None, threshold
    for least, key, _ in groups.values():
        if least > best_sim or (best_key is None and least >= best_sim):
            best_key, best_sim = key, least
    return best_key


def group(
    texts: Sequence[str],
    threshold: float = DUPLICATE_THRESHOLD,
    classifier: Classifier | None = None,
    model: PairModel | None = None,
) -> list[int | None]:
    """Group numbers (1, 2, … in order of first appearance) shared by near-duplicates, None
    for a text alone.

    Complete-link clustering: every text starts alone; the two groups whose LEAST similar
    pair of texts is the most similar are merged, again and again, while that similarity
    reaches the threshold (ties: the pair of groups whose first texts come first). So every
    two texts of a group are at least `threshold` alike: a chain of look-alikes (a lamp
    broken, a lamp broken at night, a road dark at night …) does not pull unrelated texts
    together."""
    sigs = [Signature.of(t, classifier) for t in texts]
    n = len(sigs)
    sims = {}
    for i in range(n):
        for j in range(i + 1, n):
            sim = similarity(sigs[i], sigs[j], model)
            if sim >= threshold:
                sims[i, j] = sim
    return complete_link(n, sims, threshold)


def complete_link(
    n: int, sims: Mapping[tuple[int, int], float], threshold: float
) -> list[int | None]:
    """`group` over n items whose pair similarities (i < j) are given; a pair missing is 0."""
    # Group-to-group similarity, kept only while it reaches the threshold (a pair below it
    # makes every merge holding it fall below it too). Groups are named by their first text.
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    heap: list[tuple[float, int, int]] = []
    for (i, j), sim in sorted(sims.items()):
        if sim >= threshold:
            links[i][j] = links[j][i] = sim
            heap.append((-sim, i, j))
    heapq.heapify(heap)
    members = {i: [i] for i in range(n)}
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or links[a].get(b) != -neg:
            continue  # stale: one side was merged since
        # merge b into a (a < b, so the group keeps its first text's name)
        members[a].extend(members.pop(b))
        others_a, others_b = links[a], links.pop(b)
        for c in list(others_a):
            if c == b:
                continue
            if c in others_b:
                sim = min(others_a[c], others_b[c])
                others_a[c] = links[c][a] = sim
                lo, hi = min(a, c), max(a, c)
                heapq.heappush(heap, (-sim, lo, hi))
            else:
                del others_a[c], links[c][a]
        del others_a[b]
        for c in others_b:
            links[c].pop(b, None)
    root = [0] * n
    for first, texts_in in members.items():
        for i in texts_in:
            root[i] = first
    sizes = Counter(root)
    numbers: dict[int, int] = {}
    out: list[int | None] = []
    for r in root:
        if sizes[r] < 2:
            out.append(None)
            continue
        numbers.setdefault(r, len(numbers) + 1)
        out.append(numbers[r])
    return out
