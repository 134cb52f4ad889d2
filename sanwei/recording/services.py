"""Fast recording by staff: the roster of an activity's region, whole households, and the
paper sign-in sheet typed up and imported.

Every write ends in `activities.services.record_attendances` (the bulk twin of the one
attendance writer): it checks the permission and the scope, locks the activity, skips
those already recorded and logs the batch once. The functions here only choose whom.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core import signing
from django.db.models import Case, F, Q, QuerySet, When
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require
from sanwei.activities import services as activities
from sanwei.activities.models import Activity, Attendance, AttendanceRole, RecordedVia
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.core.errors import ServiceError
from sanwei.core.uploads import format_size, refuse_active_content
from sanwei.imports.normalise import clean_name
from sanwei.imports.readers import ReadError, open_table
from sanwei.people.models import Household, Person, RelationToHead
from sanwei.people.privacy import masked_phone
from sanwei.people.services import phone_hash, search_people
from sanwei.people.validation import PhoneError, mask_phone, normalize_phone
from sanwei.regions.models import Region, RegionLevel

SHEET_SALT = "sanwei.recording.sheet"
SHEET_MAX_AGE = 2 * 60 * 60  # a preview may be committed within two hours
SHEET_MAX_ROWS = 5000


def register_order() -> tuple:
    """Area, then household (the head first), people without a household last, by name."""
    return (
        "region__path",
        F("household_id").asc(nulls_last=True),
        Case(When(relation_to_head=RelationToHead.HEAD, then=0), default=1),
        "name",
        "id",
    )


# --------------------------------------------------------------------------- the roster


def roster_region(activity: Activity) -> Region:
    """Whose roster an activity ticks from: its region's subtree (a group's activity
    ticks from its village, where the group's people and their neighbours live)."""
    region = activity.region
    if region.level == RegionLevel.GROUP and region.parent_id:
        return region.parent
    return region


def area_choices(activity: Activity) -> list[Region]:
    """The areas the roster filters by: the village's 组 (groups), or, for a town's
    activity, its villages."""
    region = roster_region(activity)
    level = RegionLevel.GROUP if region.level >= RegionLevel.VILLAGE else RegionLevel.VILLAGE
    return list(Region.unscoped.filter(path__startswith=region.path, level=level).order_by("path"))


def roster_people(
    activity: Activity,
    *,
    user,
    query: str = "",
    area: Region | None = None,
    household: Household | None = None,
) -> QuerySet[Person]:
    """The people of the activity's roster in `user`'s view (a scoped queryset: call it
    inside the request's region scope), narrowed by the search (name, pinyin, phone tail),
    an area (组 or village) and a household; ordered by area, household, relation."""
    require(user, RECORD_ATTENDANCE, activity.region)
    region = roster_region(activity)
    people = Person.objects.filter(region__path__startswith=region.path)
    if area is not None:
        people = people.filter(region__path__startswith=area.path)
    if household is not None:
        people = people.filter(household=household)
    if query.strip():
        people = search_people(people, query, user=user)
    return people.select_related("region", "household").order_by(*register_order())


def recorded_ids(activity: Activity, role: str, person_ids) -> set[int]:
    return set(
        Attendance.unscoped.filter(
            activity=activity, role=role, person_id__in=list(person_ids)
        ).values_list("person_id", flat=True)
    )


def record_ticked(
    activity: Activity, person_ids, role: str = AttendanceRole.AUDIENCE, *, user=None
) -> tuple[int, int]:
    """Record the ticked people (ids from the roster) in one batch → (created, already).
    An id that is unknown or outside the user's scope refuses the batch."""
    require(user, RECORD_ATTENDANCE, activity.region)
    ids = {int(pk) for pk in person_ids}
    people = list(Person.unscoped.select_related("region").filter(pk__in=ids))
    if len(people) != len(ids):
        raise ServiceError("person_unknown", _("有群众不存在，请刷新后重试"), field="person")
    return activities.record_attendances(activity, people, role, RecordedVia.MANUAL, user=user)


def record_household(
    activity: Activity, household: Household, role: str = AttendanceRole.AUDIENCE, *, user=None
) -> tuple[int, int]:
    """全户: every member of `household` in one tap → (created, already)."""
    require(user, RECORD_ATTENDANCE, activity.region)
    members = list(Person.unscoped.select_related("region").filter(household=household))
    if not members:
        raise ServiceError("household_empty", _("该户没有成员"), field="household")
    return activities.record_attendances(activity, members, role, RecordedVia.MANUAL, user=user)


# --------------------------------------------------------------------------- sign-in sheet


class RowStatus:
    MATCHED = "matched"
    ALREADY = "already"
    REPEATED = "repeated"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    INVALID = "invalid"


STATUS_LABELS = {
    RowStatus.MATCHED: "将登记",
    RowStatus.ALREADY: "此前已登记",
    RowStatus.REPEATED: "表内重复",
    RowStatus.NOT_FOUND: "未找到",
    RowStatus.AMBIGUOUS: "有重名",
    RowStatus.INVALID: "无法识别",
}
STATUS_ORDER = list(STATUS_LABELS)


@dataclass
class SheetRow:
    line: int
    name: str
    phone: str  # masked, as shown
    status: str
    person: Person | None = None
    candidates: list[Person] = field(default_factory=list)
    note: str = ""

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])


@dataclass
class SheetPreview:
    rows: list[SheetRow]
    token: str  # signed: what a commit may record (the matched ids, the candidates per row)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return [(s, _(STATUS_LABELS[s]), self.count(s)) for s in STATUS_ORDER]

    def with_status(self, *statuses: str) -> list[SheetRow]:
        return [r for r in self.rows if r.status in statuses]


# The size limit of a sign-in sheet, on the page and in the API alike: the imports' setting.
SHEET_LIMIT_SETTING = "IMPORT_MAX_BYTES"


def sheet_too_large() -> ServiceError:
    """The one refusal of a sheet over the limit (refused while it arrived: nothing kept)."""
    return ServiceError(
        "file_too_large",
        _("文件过大，不能超过 %(size)s")
        % {"size": format_size(getattr(settings, SHEET_LIMIT_SETTING))},
        field="file",
    )


def _read_sheet(file: IO[bytes], filename: str) -> list[tuple[int, str, str]]:
    """(line, name, phone) of each data row, or ServiceError for a file that cannot be
    read (the roster import's readers: header detection, GBK CSV, merged cells)."""
    try:
        with open_table(file, filename) as table:
            if "name" not in table.mapping.values():
                raise ServiceError("sheet_no_name", _("签到表缺少“姓名”列"), field="file")
            rows = []
            for row in table.rows():
                if len(rows) >= SHEET_MAX_ROWS:
                    raise ServiceError(
                        "sheet_too_long",
                        _("签到表超过 %(n)s 行，请拆分后再导入") % {"n": SHEET_MAX_ROWS},
                        field="file",
                    )
                name = clean_name(row.values.get("name"))
                phone = row.values.get("phone")
                phone = "" if phone is None else str(phone).strip()
                rows.append((row.line_number, name, phone))
    except ReadError as e:
        raise ServiceError(f"sheet_{e.code}", e.message, field="file") from e
    if not rows:
        raise ServiceError("sheet_empty", _("签到表中没有数据行"), field="file")
    return rows


def _phone(raw: str) -> str | None:
    try:
        return normalize_phone(raw)
    except PhoneError:
        return None


def preview_sheet(activity: Activity, file: IO[bytes], filename: str = "", *, user) -> SheetPreview:
    """Match each row of a typed-up sign-in sheet to the activity's roster, writing
    nothing: by mobile number (among those with the row's name when several share the
    number, a family phone), then by name within the activity's region. Every data row
    lands in exactly one status."""
    require(user, RECORD_ATTENDANCE, activity.region)
    refuse_active_content(file, code="sheet")  # a page or macro file, whatever its name
    lines = _read_sheet(file, filename)
    region = roster_region(activity)
    roster = Person.unscoped.filter(region__path__startswith=region.path).select_related("region")
    phones = {p for _line, _name, raw in lines if raw and (p := _phone(raw))}
    names = {name for _line, name, _raw in lines if name}
    by_phone: dict[str, list[Person]] = defaultdict(list)
    by_name: dict[str, list[Person]] = defaultdict(list)
    hashes = [phone_hash(p) for p in phones]
    for person in roster.filter(Q(phone_hash__in=hashes) | Q(name__in=names)).order_by(
        "region__path", "id"
    ):
        if person.phone in phones:
            by_phone[person.phone].append(person)
        if person.name in names:
            by_name[person.name].append(person)
    recorded = recorded_ids(
        activity,
        AttendanceRole.AUDIENCE,
        {p.pk for group in (*by_phone.values(), *by_name.values()) for p in group},
    )

    rows: list[SheetRow] = []
    first_line: dict[int, int] = {}
    for line, name, raw in lines:
        phone = _phone(raw) if raw else None
        shown = mask_phone(phone if phone else raw[:20]) if raw else ""
        if not name and not phone:
            note = _("手机号码格式不正确") if raw else _("缺少姓名")
            rows.append(SheetRow(line, name, shown, RowStatus.INVALID, note=note))
            continue
        candidates = by_phone.get(phone, []) if phone else []
        if name and candidates:
            candidates = [p for p in candidates if p.name == name]
        if not candidates and name:
            candidates = by_name.get(name, [])
        if not candidates:
            rows.append(SheetRow(line, name, shown, RowStatus.NOT_FOUND))
        elif len(candidates) > 1:
            for candidate in candidates:
                candidate.shown_phone = masked_phone(candidate)
            rows.append(SheetRow(line, name, shown, RowStatus.AMBIGUOUS, candidates=candidates))
        else:
            person = candidates[0]
            if person.pk in first_line:
                note = _("与第%(line)s行是同一人") % {"line": first_line[person.pk]}
                rows.append(SheetRow(line, name, shown, RowStatus.REPEATED, person, note=note))
            else:
                first_line[person.pk] = line
                status = RowStatus.ALREADY if person.pk in recorded else RowStatus.MATCHED
                rows.append(SheetRow(line, name, shown, status, person))
    token = signing.dumps(
        {
            "activity": activity.pk,
            "matched": [r.person.pk for r in rows if r.status == RowStatus.MATCHED],
            "choices": {str(r.line): [p.pk for p in r.candidates] for r in rows if r.candidates},
        },
        salt=SHEET_SALT,
        compress=True,
    )
    return SheetPreview(rows=rows, token=token)


def commit_sheet(
    activity: Activity, token: str, picks: dict[int, int] | None = None, *, user=None
) -> tuple[int, int]:
    """Record what a preview matched, plus the candidates staff picked for rows with
    several (`picks`: line → person id, each one of that row's candidates) →
    (created, already). The preview's token is signed, so only what it matched can be
    recorded; the people are checked again (scope, already recorded) under the lock."""
    require(user, RECORD_ATTENDANCE, activity.region)
    try:
        data = signing.loads(token, salt=SHEET_SALT, max_age=SHEET_MAX_AGE)
    except signing.SignatureExpired as e:
        raise ServiceError("sheet_expired", _("预览已过期，请重新上传签到表"), field="token") from e
    except signing.BadSignature as e:
        raise ServiceError("sheet_token", _("预览数据无效，请重新上传签到表"), field="token") from e
    if data.get("activity") != activity.pk:
        raise ServiceError("sheet_token", _("预览数据无效，请重新上传签到表"), field="token")
    ids = set(data.get("matched", []))
    choices: dict[str, list[int]] = data.get("choices", {})
    for line, pk in (picks or {}).items():
        if pk not in choices.get(str(line), []):
            raise ServiceError("sheet_pick", _("第%(line)s行所选群众无效") % {"line": line})
        ids.add(pk)
    people = list(Person.unscoped.select_related("region").filter(pk__in=ids))
    return activities.record_attendances(
        activity, people, AttendanceRole.AUDIENCE, RecordedVia.IMPORT, user=user
    )


def activity_by_ref(queryset: QuerySet[Activity], ref: Any) -> Activity | None:
    """An activity by its code or its id."""
    ref = str(ref)
    if ref.isdigit():
        return queryset.filter(pk=int(ref)).first()
    return queryset.filter(code=ref).first()
