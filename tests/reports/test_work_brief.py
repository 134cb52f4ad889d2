"""The Word work brief (工作简报) on the hand-built town (tests/reports/conftest.py), read back
with python-docx: its sentences carry the figures, exact or approximate as declared, a
pillar without records is left out, and a table gives each village's figures."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from sanwei.activities.models import Activity
from sanwei.reports.documents import brief_bytes
from sanwei.reports.figures import figures

from .conftest import d

APRIL_1 = dt.date(2023, 4, 1)


JANUARY_1, MARCH_31 = d(1, 1), d(3, 31)


def read(town, campaign=True, start=JANUARY_1, end=MARCH_31):
    f = figures(town["town"], town["campaign"] if campaign else None, start, end)
    return Document(io.BytesIO(brief_bytes(f, today=APRIL_1)))


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def section(doc, heading: str) -> str:
    """The paragraph after a heading."""
    texts = [p.text for p in doc.paragraphs]
    return texts[texts.index(heading) + 1]


def test_the_brief_says_every_pillar_in_sentences_with_the_towns_figures(town):
    doc = read(town)
    title, lead = doc.paragraphs[0], doc.paragraphs[1]
    assert title.style.name == "Title"
    assert title.text == "东岳观镇“三微”工作简报"
    # 6 sessions (training, 2 lectures, delivery, meeting, volunteer service) exact below 20;
    # 19 + 53 + 1 + 13 + 0 = 86 person-times, approximate: 80余.
    assert lead.text == (
        "2023年1月1日至2023年3月31日，东岳观镇围绕“学习宣传贯彻党的二十大精神”，以微课堂、"
        "微研讨、微服务为抓手，共开展各类活动6场次、受众80余人次，推动学习宣传走深走实。"
    )
    assert headings(doc) == [
        "一、微课堂·深学",
        "二、微研讨·细悟",
        "三、微服务·笃行",
        "附：各村（社区）情况",
    ]
    # Training 19 + lectures 53 = 72 person-times (deliveries have their own sentence).
    assert section(doc, "一、微课堂·深学") == (
        "共开展线下培训1场次、流动宣讲2场次，受众70余人次。"
        "2支宣讲队深入村组开展流动宣讲2场次，受众50余人次。"
        "针对老弱病残和流动党员群众，送学上门1次，做到不落一人、不漏一户。"
        "累计覆盖群众5人、党员2人、农户3户，人员覆盖率83.3%。"
    )
    assert section(doc, "二、微研讨·细悟") == (
        "召开屋场会1场次，收集意见建议3条，已答复2条，采纳1条。"
        "征集心得体会3篇，评选优秀心得2篇，向上级推介1篇。"
    )
    assert section(doc, "三、微服务·笃行") == (
        "开展志愿服务活动1场次，2名志愿者参与服务，累计服务6小时。"
        "敲门问需，登记群众急难愁盼诉求3件，上门解题办结2件，按时办结率50.0%。"
        "发放和办理学习读本30册、森林防火承诺书2000份、饮用水10.5吨。"
    )
    assert doc.paragraphs[-1].text == "东岳观镇\n2023年4月1日"


def test_the_brief_tables_each_villages_figures_and_the_total(town):
    doc = read(town)
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [
        ["区划", "活动场次", "受众人次", "意见建议", "志愿服务时长（小时）", "办结诉求"],
        ["东岳观村", "4", "29", "2", "4", "1"],
        ["双岗村", "3", "46", "1", "2", "1"],
        ["未分到下级区划", "1", "11", "0", "0", "0"],
        ["合计", "6", "86", "3", "6", "2"],
    ]


def test_audiences_are_approximate_and_training_sessions_exact(town):
    Activity.unscoped.filter(pk=town["main"].pk).update(audience_headcount=1300)
    doc = read(town)
    # Offline training: 1300 + 5 head count + 4 named = 1309; with the lectures' 53: 1362.
    # Sessions of a training are declared exact; the lecture teams' lectures approximate.
    assert section(doc, "一、微课堂·深学").startswith(
        "共开展线下培训1场次、流动宣讲2场次，受众1300余人次。"
    )
    # 1309 + 53 + 1 + 13 = 1376 person-times in all.
    assert "共开展各类活动6场次、受众1300余人次" in doc.paragraphs[1].text


def test_a_pillar_without_records_is_left_out(town):
    # 1–9 January, all campaigns: only the courtyard meeting (5 Jan) and the three opinions
    # raised 5–7 January; no training, no service, no need, no quantity yet.
    doc = read(town, campaign=False, start=d(1, 1), end=d(1, 9))
    assert headings(doc) == ["二、微研讨·细悟", "附：各村（社区）情况"]
    assert doc.paragraphs[1].text == (
        "2023年1月1日至2023年1月9日，东岳观镇围绕“三微”，以微课堂、微研讨、微服务为抓手，"
        "共开展各类活动1场次、受众13人次，推动学习宣传走深走实。"
    )
    assert (
        section(doc, "二、微研讨·细悟") == "召开屋场会1场次，收集意见建议3条，已答复2条，采纳1条。"
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "微服务·笃行" not in text and "心得体会" not in text
