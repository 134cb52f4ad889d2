"""The main menu: every entry with the permission it needs, decided in one place.

A user sees an entry only when `can(user, permission)` holds somewhere in their regions,
which is what the page behind it requires, so no entry leads to a refusal."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can

# The apps' permission names, as strings: accounts imports no domain app.
VIEW_ACTIVITIES = "activities.view"
VIEW_PEOPLE = "people.view"
CHANGE_PEOPLE = "people.change"  # also roster imports
VIEW_TEAMS = "teams.view"
VIEW_MATERIALS = "materials.view"
RECORD_ATTENDANCE = "attendance.change"  # also resolving unverified QR check-ins
DO_TASKS = "outreach.do"  # 送学: may be given delivery tasks
VIEW_VOLUNTEERS = "volunteers.view"
OWN_HOURS = "volunteers.own"  # a volunteer's own hours and stars
VIEW_NEEDS = "needs.view"  # 微服务 群众需求: the work queue
VIEW_QUANTITIES = "quantities.view"  # 微服务 物资与成果: totals by item and unit
VIEW_REVIEWS = "reviews.view"  # 定期复盘 of the needs loop
VIEW_FIGURES = "reports.view_figures"  # 数据看板
VIEW_AUDIT = "audit.view"  # the action log of one's regions
MANAGE_ACCOUNTS = "accounts.manage"  # accounts, roles and tokens of one's regions


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    query: str = ""
    permission: str | None = None  # None: any logged-in user


MENU: tuple[MenuEntry, ...] = (
    MenuEntry(_("数据看板"), "dashboard", "", VIEW_FIGURES),
    MenuEntry(_("微课堂"), "activities:activity_list", "?pillar=classroom", VIEW_ACTIVITIES),
    MenuEntry(_("微研讨"), "seminar:index", "", VIEW_ACTIVITIES),
    MenuEntry(_("微服务"), "activities:activity_list", "?pillar=service", VIEW_ACTIVITIES),
    MenuEntry(_("群众需求"), "needs:need_list", "", VIEW_NEEDS),
    MenuEntry(_("定期复盘"), "reviews:review_list", "", VIEW_REVIEWS),
    MenuEntry(_("专题"), "activities:campaign_list", "", VIEW_ACTIVITIES),
    MenuEntry(_("待确认签到"), "checkin:pending", "", RECORD_ATTENDANCE),
    MenuEntry(_("群众"), "people:person_list", "", VIEW_PEOPLE),
    MenuEntry(_("户"), "people:household_list", "", VIEW_PEOPLE),
    MenuEntry(_("导入"), "imports:import_list", "", CHANGE_PEOPLE),
    MenuEntry(_("导出"), "exports:index", "", VIEW_PEOPLE),
    MenuEntry(_("队伍"), "teams:team_list", "", VIEW_TEAMS),
    MenuEntry(_("志愿者"), "volunteers:volunteer_list", "", VIEW_VOLUNTEERS),
    MenuEntry(_("物资与成果"), "quantities:totals", "", VIEW_QUANTITIES),
    MenuEntry(_("学习资料"), "classroom:material_list", "", VIEW_MATERIALS),
    MenuEntry(_("送学任务"), "outreach:my_tasks", "", DO_TASKS),
    MenuEntry(_("我的志愿服务"), "volunteers:my_service", "", OWN_HOURS),
    MenuEntry(_("区划"), "regions:region_list"),
    MenuEntry(_("操作日志"), "audit:log_list", "", VIEW_AUDIT),
    MenuEntry(_("账号管理"), "accounts:account_list", "", MANAGE_ACCOUNTS),
)


def menu_for(user) -> list[tuple[str, str]]:
    """(label, address) of the entries `user` may open, in menu order."""
    return [
        (str(entry.label), reverse(entry.url_name) + entry.query)
        for entry in MENU
        if entry.permission is None or can(user, entry.permission)
    ]
