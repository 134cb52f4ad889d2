"""The exporters: persons, households, party members, volunteers, an activity's attendance.

The persons and party-member lists use the headers the importer recognises
(`sanwei.imports.readers.HEADER_ALIASES`), so an export can be edited and imported again.
Every query is a scoped one with its relations loaded up front (no query per row).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models import Value as V
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.permissions import VIEW_PEOPLE
from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.people.models import Household, PartyStatus, Person, RelationToHead
from sanwei.teams.models import Membership, TeamKind

from .base import Column, ExportContext, Exporter, village_and_group
from .registry import register

CHUNK = 2000

# The wording household registers use for 政治面貌 (GB/T 4762): cell values the importer
# reads back (see sanwei.imports.normalise), so data, not translated.
POLITICAL_STATUS = {
    PartyStatus.FORMAL: "中共党员",
    PartyStatus.PROBATIONARY: "中共预备党员",
    PartyStatus.NONE: "群众",
}
VOLUNTEER_TEAM_KINDS = (TeamKind.VOLUNTEER_BRAND, TeamKind.SQUADRON, TeamKind.SQUAD)

NAME = Column(_("姓名"), 10)
GENDER = Column(_("性别"), 6)
ID_NUMBER = Column(_("公民身份号码"), 22, digits_as_text=True)
PHONE = Column(_("联系电话"), 14)
LANDLINE = Column(_("固定电话"), 14)
BIRTH_DATE = Column(_("出生日期"), 12)
ETHNICITY = Column(_("民族"), 8)
HOUSEHOLD_NUMBER = Column(_("户号"), 12)
HEAD_NAME = Column(_("户主姓名"), 10)
RELATION = Column(_("与户主关系"), 10)
VILLAGE = Column(_("村(社区)"), 14)
GROUP = Column(_("组"), 12)
ADDRESS = Column(_("现住址"), 30)
POLITICAL = Column(_("政治面貌"), 12)
PARTY_JOINED = Column(_("入党时间"), 12)
PARTY_BRANCH = Column(_("所在党支部"), 22)
NOTES = Column(_("备注"), 24)
VOLUNTEER = Column(_("志愿者"), 8)
SKILLS = Column(_("技能特长"), 20)
# The columns of _person_cells and _party_cells, in that order.
PERSON_COLUMNS = (NAME, GENDER, ID_NUMBER, PHONE)
PARTY_COLUMNS = (POLITICAL, PARTY_JOINED, PARTY_BRANCH)
# 志愿者 cells the importer reads back (是 joins the village's squad; 否 changes nothing).
YES, NO = "是", "否"


def _head_first():
    return Case(
        When(relation_to_head=RelationToHead.HEAD, then=V(0)),
        default=V(1),
        output_field=IntegerField(),
    )


def _in_region(queryset: QuerySet, context: ExportContext, lookup: str) -> QuerySet:
    if context.region is not None:
        return queryset.filter(**{f"{lookup}__startswith": context.region.path})
    return queryset


def _person_cells(person: Person, context: ExportContext) -> list[Any]:
    """姓名, 性别, 公民身份号码, 联系电话 of a person."""
    return [
        person.name,
        person.get_gender_display() if person.gender else "",
        context.id_number(person),
        context.phone(person),
    ]


def _party_cells(person: Person) -> list[Any]:
    """政治面貌, 入党时间, 所在党支部 of a person."""
    return [
        POLITICAL_STATUS.get(person.party_status, ""),
        person.party_joined_on,
        person.party_branch,
    ]


@register
class PersonsExporter(Exporter):
    identifier = "persons"
    verbose_name = _("群众名册")
    description = _("所有群众，按村（社区）和户排列；表头与导入模板一致，修改后可再导入")
    permission = VIEW_PEOPLE
    columns = (
        *PERSON_COLUMNS,
        LANDLINE,
        BIRTH_DATE,
        ETHNICITY,
        HOUSEHOLD_NUMBER,
        HEAD_NAME,
        RELATION,
        VILLAGE,
        GROUP,
        ADDRESS,
        *PARTY_COLUMNS,
        NOTES,
        VOLUNTEER,
        SKILLS,
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        volunteering = Membership.objects.filter(
            person_id=OuterRef("pk"), team__kind__in=VOLUNTEER_TEAM_KINDS, ended_on__isnull=True
        )
        heads = Person.objects.filter(
            household_id=OuterRef("household_id"), relation_to_head=RelationToHead.HEAD
        ).values("name")[:1]
        people = Person.objects.select_related("region__parent", "household").annotate(
            head_name=Subquery(heads),
            head_first=_head_first(),
            is_volunteer=Exists(volunteering),
        )
        return _in_region(people, context, "region__path").order_by(
            "region__path", F("household_id").asc(nulls_last=True), "head_first", "name", "id"
        )

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for p in self.queryset(context).iterator(chunk_size=CHUNK):
            village, group = village_and_group(p.region)
            household = p.household
            yield [
                *_person_cells(p, context),
                context.landline(p),
                context.birth(p),
                p.ethnicity,
                household.number if household else "",
                p.head_name or "",
                p.get_relation_to_head_display() if p.relation_to_head else "",
                village,
                group,
                household.address if household else "",
                *_party_cells(p),
                p.notes,
                YES if p.is_volunteer else NO,
                p.skills,
            ]


@register
class HouseholdsExporter(Exporter):
    identifier = "households"
    verbose_name = _("户名册")
    description = _("所有户：户主、住址、人数和家庭成员")
    permission = VIEW_PEOPLE
    columns = (
        HOUSEHOLD_NUMBER,
        HEAD_NAME,
        ID_NUMBER,
        PHONE,
        VILLAGE,
        GROUP,
        ADDRESS,
        Column(_("家庭人数"), 8),
        Column(_("家庭成员"), 40),
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        members = Person.objects.select_related("region").annotate(head_first=_head_first())
        households = Household.objects.select_related("region__parent").prefetch_related(
            Prefetch("members", queryset=members.order_by("head_first", "name", "id"))
        )
        return _in_region(households, context, "region__path").order_by("region__path", "id")

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for h in self.queryset(context).iterator(chunk_size=CHUNK):
            members = list(h.members.all())
            head = next((m for m in members if m.relation_to_head == RelationToHead.HEAD), None)
            village, group = village_and_group(h.region)
            yield [
                h.number,
                head.name if head else "",
                context.id_number(head) if head else "",
                context.phone(head) if head else "",
                village,
                group,
                h.address,
                len(members),
                "、".join(m.name for m in members),
            ]


@register
class PartyMembersExporter(Exporter):
    identifier = "party_members"
    verbose_name = _("党员名册")
    description = _("正式党员和预备党员，按党支部排列")
    permission = VIEW_PEOPLE
    columns = (
        *PERSON_COLUMNS,
        BIRTH_DATE,
        ETHNICITY,
        VILLAGE,
        GROUP,
        ADDRESS,
        *PARTY_COLUMNS,
        NOTES,
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        members = Person.objects.party_members().select_related("region__parent", "household")
        return _in_region(members, context, "region__path").order_by(
            "party_branch", "region__path", "name", "id"
        )

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for p in self.queryset(context).iterator(chunk_size=CHUNK):
            village, group = village_and_group(p.region)
            yield [
                *_person_cells(p, context),
                context.birth(p),
                p.ethnicity,
                village,
                group,
                p.household.address if p.household else "",
                *_party_cells(p),
                p.notes,
            ]


@register
class VolunteersExporter(Exporter):
    identifier = "volunteers"
    verbose_name = _("志愿者名册")
    description = _("志愿服务品牌、中队和小队的在队队员，含累计志愿时长")
    permission = VIEW_PEOPLE
    columns = (
        *PERSON_COLUMNS,
        VILLAGE,
        GROUP,
        SKILLS,
        Column(_("队伍"), 20),
        Column(_("队伍类型"), 14),
        Column(_("上级队伍"), 20),
        Column(_("职务"), 8),
        Column(_("加入日期"), 12),
        Column(_("志愿时长(小时)"), 14),
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        memberships = Membership.objects.filter(
            team__kind__in=VOLUNTEER_TEAM_KINDS, ended_on__isnull=True
        ).select_related("person__region__parent", "team__parent")
        return _in_region(memberships, context, "team__region__path").order_by(
            "team__region__path", "team__name", "role", "person__name", "id"
        )

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        hours = dict(
            Attendance.objects.filter(role=AttendanceRole.VOLUNTEER)
            .values("person_id")
            .annotate(total=Sum("hours"))
            .order_by()
            .values_list("person_id", "total")
        )
        for m in self.queryset(context).iterator(chunk_size=CHUNK):
            person, team = m.person, m.team
            village, group = village_and_group(person.region)
            yield [
                *_person_cells(person, context),
                village,
                group,
                person.skills,
                team.name,
                team.get_kind_display(),
                team.parent.name if team.parent_id else "",
                m.get_role_display(),
                m.started_on,
                hours.get(person.pk) or 0,
            ]


@register
class AttendanceExporter(Exporter):
    identifier = "attendance"
    verbose_name = _("活动参与名单")
    description = _("一场活动的签到和参与人员")
    permission = VIEW_PEOPLE
    needs_activity = True
    has_region_filter = False
    columns = (
        *PERSON_COLUMNS,
        VILLAGE,
        GROUP,
        Column(_("身份"), 14),
        Column(_("时长(小时)"), 10),
        Column(_("登记方式"), 10),
        Column(_("登记时间"), 18),
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        if context.activity is None:
            raise ValueError("the attendance export needs an activity")
        return (
            Attendance.objects.filter(activity=context.activity)
            .select_related("person__region__parent")
            .order_by("role", "person__name", "id")
        )

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for a in self.queryset(context).iterator(chunk_size=CHUNK):
            village, group = village_and_group(a.person.region)
            yield [
                *_person_cells(a.person, context),
                village,
                group,
                a.get_role_display(),
                a.hours,
                a.get_recorded_via_display(),
                a.recorded_at,
            ]
