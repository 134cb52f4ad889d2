"""Chinese names of the action log's action types ("sanwei.person.changed" → 群众·修改)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EXACT = {
    "login.succeeded": _("登录成功"),
    "login.failed": _("登录失败"),
    "login.locked": _("登录被锁定"),
    "login.otp_failed": _("动态码错误"),
    "logout": _("退出登录"),
    "password.changed": _("修改密码"),
    "account.password_set_by_other": _("他人设置密码"),
    "otp.enabled": _("启用两步验证"),
    "account.created": _("新建账号"),
    "account.deactivated": _("停用账号"),
    "account.reactivated": _("启用账号"),
    "account.otp_reset": _("重置两步验证"),
    "role.granted": _("分配角色"),
    "role.revoked": _("移除角色"),
    "token.issued": _("新建 API 令牌"),
    "token.revoked": _("吊销 API 令牌"),
    "admin.added": _("后台新增"),
    "admin.changed": _("后台修改"),
    "admin.deleted": _("后台删除"),
    "sanwei.person.viewed": _("查看群众"),
    "sanwei.person.searched": _("搜索群众"),
    "sanwei.person.sensitive_viewed": _("查看完整身份证号/电话"),
    "sanwei.person.anonymised": _("群众匿名化（依申请）"),
    "sanwei.person.erased": _("删除群众（依申请）"),
    "sanwei.export.created": _("导出"),
    "sanwei.export.unmasked": _("导出（含完整个人信息）"),
    "sanwei.checkin.unverified_purged": _("清理过期待确认签到"),
}

NOUNS = {
    "person": _("群众"),
    "household": _("户"),
    "team": _("队伍"),
    "membership": _("队员"),
    "campaign": _("专题"),
    "activity": _("活动"),
    "activity_type": _("活动类型"),
    "attendance": _("参与记录"),
    "attachment": _("附件"),
    "material": _("学习资料"),
    "script": _("节目脚本"),
    "region": _("区划"),
    "import": _("导入"),
    "export": _("导出"),
    "checkin": _("签到"),
    "need": _("群众需求"),
    "opinion": _("意见建议"),
    "answer_template": _("答复模板"),
    "topic": _("相似意见组"),
    "essay": _("心得"),
    "delivery": _("送学"),
    "delivery_task": _("送学任务"),
    "volunteer": _("志愿者"),
    "signup": _("志愿服务报名"),
    "service_activity": _("志愿服务"),
    "service_category": _("服务类别"),
    "quantity": _("物资数量"),
    "study_series": _("学习系列"),
    "study_session": _("学习场次"),
    "study_participant": _("学习成员"),
    "study_presentation": _("交流发言"),
    "certificate": _("证书"),
    "mobile_lecture": _("流动宣讲"),
    "id_conflict": _("身份证号冲突"),
}

VERBS = {
    "created": _("新增"),
    "changed": _("修改"),
    "deleted": _("删除"),
    "added": _("添加"),
    "removed": _("移除"),
    "recorded": _("登记"),
    "registered": _("登记"),
    "renamed": _("改名"),
    "uploaded": _("上传"),
    "committed": _("导入完成"),
    "cancelled": _("取消"),
    "confirmed": _("确认"),
    "assigned": _("分配"),
    "reassigned": _("改派"),
    "completed": _("完成"),
    "submitted": _("提交"),
    "reviewed": _("审阅"),
    "recommended": _("推荐"),
    "issued": _("颁发"),
    "accept": _("受理"),
    "reject": _("不予受理"),
    "refer": _("转办"),
    "dispatch": _("派单"),
    "resolve": _("办结"),
    "answer": _("答复"),
    "close": _("关闭"),
    "reopen": _("重新打开"),
    "take": _("接单"),
    "start": _("开始办理"),
    "give_back": _("退单"),
    "rate": _("评价"),
    "assign": _("交办"),
    "reassign": _("改派"),
    "decide": _("采纳决定"),
    "convert": _("转为需求"),
    "id_conflict": _("身份证号冲突"),
    "resolved": _("处理"),
}


def action_label(action_type: str) -> str:
    """The Chinese name of an action type; an unknown one is shown as it is."""
    if action_type in EXACT:
        return str(EXACT[action_type])
    parts = action_type.split(".")
    if len(parts) == 3 and parts[0] == "sanwei" and parts[1] in NOUNS:
        noun, verb = NOUNS[parts[1]], VERBS.get(parts[2])
        return f"{noun}·{verb}" if verb is not None else f"{noun}·{parts[2]}"
    return action_type


def action_choices() -> list[tuple[str, str]]:
    """The action types with a Chinese name, for the filter (prefix "sanwei.person."
    selects every action on people)."""
    choices = [(key, str(label)) for key, label in EXACT.items()]
    choices += [(f"sanwei.{noun}.", f"{label}（全部）") for noun, label in NOUNS.items()]
    return choices
