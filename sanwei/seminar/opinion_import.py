"""Opinions typed up in a spreadsheet (one meeting's, or a month's across villages):
preview, then commit.

Columns: 日期, 村, 组 (optional), 提出人, 意见内容, 屋场会 (optional). The file is read by
the roster import's readers (`imports.readers.open_table` with these columns' aliases:
header detection, GBK CSV, merged village cells filled down) and villages and groups are
found by `imports.normalise.RegionMatcher`. The preview writes nothing; every data row is
counted once: new, duplicate (the same text on the same day in the same village, in the
file or already recorded) or invalid (with the reason, in Chinese, and its row number).
Its signed token is all a commit may write: one transaction through the opinion loop's
`create_opinion`, every row or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import can, require
from sanwei.activities.models import Campaign
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.uploads import refuse_active_content
from sanwei.imports.normalise import RegionMatcher, clean_name, parse_date_value
from sanwei.imports.readers import ReadError, open_table
from sanwei.people.models import Person
from sanwei.people.validation import DateParseError
from sanwei.regions.models import Region, RegionLevel

from .models import OPINION_MAX_CHARS, CourtyardMeeting, Opinion
from .permissions import CHANGE_OPINIONS

IMPORT_SALT = "sanwei.seminar.opinion_import"
IMPORT_MAX_AGE = 2 * 60 * 60
IMPORT_MAX_ROWS = 3000

ALIASES: dict[str, list[str]] = {
    "name": ["提出人", "提出人姓名", "反映人", "姓名"],
    "date": ["日期", "提出日期", "时间"],
    "village": ["村(社区)", "村（社区）", "村社区", "所在村", "村", "社区", "村居"],
    "group": ["组", "村民小组", "小组"],
    "text": ["意见内容", "意见建议", "意见", "内容", "诉求"],
    "meeting": ["屋场会", "会议", "屋场会名称"],
}
REQUIRED = {"date": "日期", "text": "意见内容"}


class RowStatus:
    NEW = "new"
    DUPLICATE = "duplicate"
    INVALID = "invalid"


STATUS_LABELS = {
    RowStatus.NEW: "将导入",
    RowStatus.DUPLICATE: "重复（跳过）",
    RowStatus.INVALID: "有错误",
}


@dataclass
class ImportRow:
    line: int
    day: dt.date | None
    village: str
    raiser: str
    text: str
    status: str
    in_roster: bool = False
    meeting: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    token: str

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return [(s, _(label), self.count(s)) for s, label in STATUS_LABELS.items()]

    @property
    def invalid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == RowStatus.INVALID]


def _read(file: IO[bytes], filename: str) -> list[tuple[int, dict]]:
    try:
        with open_table(file, filename, aliases=ALIASES) as table:
            mapped = set(table.mapping.values())
            missing = [label for key, label in REQUIRED.items() if key not in mapped]
            if missing:
                raise ServiceError(
                    "opinion_import_columns",
                    _("意见表缺少列：%(columns)s") % {"columns": "、".join(missing)},
                    field="file",
                )
            rows = []
            for row in table.rows():
                if len(rows) >= IMPORT_MAX_ROWS:
                    raise ServiceError(
                        "opinion_import_too_long",
                        _("意见表超过 %(n)s 行，请拆分后再导入") % {"n": IMPORT_MAX_ROWS},
                        field="file",
                    )
                rows.append((row.line_number, dict(row.values)))
    except ReadError as e:
        if e.code == "no_header":
            raise ServiceError(
                "opinion_import_no_header",
                _("未找到表头：需要“日期、村、提出人、意见内容”等列（“组”“屋场会”可不填）"),
                field="file",
            ) from e
        raise ServiceError(f"opinion_import_{e.code}", e.message, field="file") from e
    if not rows:
        raise ServiceError("opinion_import_empty", _("意见表中没有数据行"), field="file")
    return rows


def _campaign(region: Region, day: dt.date) -> Campaign | None:
    ancestors = [region.path[:n] for n in range(1, len(region.path) + 1)]
    return (
        Campaign.unscoped.filter(region__path__in=ancestors, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on", "-pk")
        .first()
    )


def _text_key(text: str) -> str:
    return "".join(text.split())


class _Meetings:
    """Meetings of a village by title (or activity code), the one on the row's day first."""

    def __init__(self) -> None:
        self._by_village: dict[int, list[CourtyardMeeting]] = {}

    def of(self, village: Region) -> list[CourtyardMeeting]:
        if village.pk not in self._by_village:
            self._by_village[village.pk] = list(
                CourtyardMeeting.unscoped.select_related("activity", "activity__region").filter(
                    activity__region__path__startswith=village.path
                )
            )
        return self._by_village[village.pk]

    def find(self, village: Region, value: str, day: dt.date | None) -> CourtyardMeeting:
        meetings = self.of(village)
        found = [m for m in meetings if m.activity.code == value] or [
            m for m in meetings if m.activity.title.strip() == value
        ]
        if len(found) > 1 and day is not None:
            found = [m for m in found if timezone.localdate(m.activity.starts_at) == day] or found
        if not found:
            raise ValueError(
                _("%(village)s没有名为“%(title)s”的屋场会")
                % {"village": village.name, "title": value}
            )
        if len(found) > 1:
            raise ValueError(
                _("%(village)s有%(n)s场“%(title)s”，请填写屋场会当天的日期")
                % {"village": village.name, "n": len(found), "title": value}
            )
        return found[0]


def _village_of(region: Region) -> Region:
    return region.parent if region.level == RegionLevel.GROUP and region.parent_id else region


def preview_opinions(
    file: IO[bytes],
    filename: str = "",
    *,
    root: Region,
    meeting: CourtyardMeeting | None = None,
    user=None,
) -> ImportPreview:
    """Read and check every row, writing nothing. `root` is the town or village the rows'
    villages are looked for in; with `meeting`, every row belongs to that meeting (its
    village, its campaign; the 屋场会 column is not needed)."""
    if meeting is not None:
        root = _village_of(meeting.activity.region)
    require(user, CHANGE_OPINIONS, root)
    refuse_active_content(file, code="opinion_file")  # a page or macro file, whatever its name
    lines = _read(file, filename)
    matcher = RegionMatcher(root)
    found_meetings = _Meetings()
    today = timezone.localdate()
    rows: list[ImportRow] = []
    payload: list[dict] = []
    seen: dict[tuple, int] = {}
    roster: dict[tuple[int, str], list[int]] = {}

    for line, values in lines:
        errors: list[str] = []
        text = str(values.get("text") or "").strip()
        raiser = clean_name(values.get("name"))
        village_cell = str(values.get("village") or "").strip()
        meeting_cell = str(values.get("meeting") or "").strip()
        day = None
        raw_day = values.get("date")
        if raw_day in (None, ""):
            errors.append(_("未填写日期"))
        else:
            try:
                loose = parse_date_value(raw_day)
            except DateParseError:
                errors.append(_("无法识别的日期：%(value)s") % {"value": str(raw_day)[:20]})
            else:
                if loose.month_only:
                    errors.append(_("日期须具体到日：%(value)s") % {"value": str(raw_day)[:20]})
                elif loose.value > today:
                    errors.append(_("日期晚于今天：%(day)s") % {"day": loose.value})
                else:
                    day = loose.value
        if not text:
            errors.append(_("未填写意见内容"))
        elif len(text) < 2:
            errors.append(_("意见内容至少2个字"))
        elif len(text) > OPINION_MAX_CHARS:
            errors.append(_("意见内容不能超过%(n)s个字") % {"n": OPINION_MAX_CHARS})
        if not raiser:
            errors.append(_("未填写提出人"))
        elif len(raiser) > 50:
            errors.append(_("提出人姓名不能超过50个字"))

        region = village = None
        row_meeting = meeting
        if meeting is not None:
            village = root
            region = meeting.activity.region
        else:
            try:
                village = matcher.village(village_cell)
            except ValueError as e:
                errors.append(str(e))
        if village is not None:
            if meeting is None:
                region = village
            try:
                group = matcher.group(village, values.get("group"))
            except ValueError as e:
                errors.append(str(e))
            else:
                if group is not None:
                    region = group
            if meeting is None and not can(user, CHANGE_OPINIONS, village):
                errors.append(_("无权录入%(village)s的意见") % {"village": village.name})
            elif meeting is None and meeting_cell:
                try:
                    row_meeting = found_meetings.find(village, meeting_cell, day)
                except ValueError as e:
                    errors.append(str(e))
                else:
                    region = row_meeting.activity.region if region == village else region

        person_pk = None
        if village is not None and raiser:
            key = (village.pk, raiser)
            if key not in roster:
                roster[key] = list(
                    Person.unscoped.filter(
                        region__path__startswith=village.path, name=raiser
                    ).values_list("pk", flat=True)[:2]
                )
            if len(roster[key]) == 1:
                person_pk = roster[key][0]

        row = ImportRow(
            line=line,
            day=day,
            village=village.name if village is not None else village_cell,
            raiser=raiser,
            text=text,
            status=RowStatus.INVALID if errors else RowStatus.NEW,
            in_roster=person_pk is not None,
            meeting=row_meeting.activity.title if row_meeting is not None else "",
            errors=errors,
        )
        if not errors:
            dup_key = (village.pk, day, _text_key(text))
            if dup_key in seen:
                row.status = RowStatus.DUPLICATE
                row.errors = [_("与第%(line)s行重复") % {"line": seen[dup_key]}]
            elif _already_recorded(village, day, text):
                row.status = RowStatus.DUPLICATE
                row.errors = [_("该意见已登记过")]
            else:
                seen[dup_key] = line
                payload.append(
                    {
                        "line": line,
                        "region": region.pk,
                        "day": day.isoformat(),
                        "text": text,
                        "person": person_pk,
                        "name": "" if person_pk else raiser,
                        "meeting": row_meeting.pk if row_meeting is not None else None,
                    }
                )
        rows.append(row)

    token = signing.dumps(
        {"user": getattr(user, "pk", None), "meeting": meeting.pk if meeting else None,
         "rows": payload},
        salt=IMPORT_SALT,
        compress=True,
    )  # fmt: skip
    return ImportPreview(rows=rows, token=token)


def _already_recorded(village: Region, day: dt.date, text: str) -> bool:
    key = _text_key(text)
    return any(
        _text_key(t) == key
        for t in Opinion.unscoped.filter(
            region__path__startswith=village.path, raised_on=day
        ).values_list("text", flat=True)
    )


@dataclass
class ImportResult:
    created: int
    skipped: int


def commit_opinions(token: str, *, user=None) -> ImportResult:
    """Write what the preview accepted: every row through `create_opinion`, in one
    transaction; a row refused now (its village out of reach, a rule) undoes them all."""
    from . import services

    require(user, CHANGE_OPINIONS)
    try:
        data = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.SignatureExpired as e:
        raise ServiceError(
            "opinion_import_expired", _("预览已过期，请重新上传意见表"), field="token"
        ) from e
    except signing.BadSignature as e:
        raise ServiceError(
            "opinion_import_token", _("预览数据无效，请重新上传意见表"), field="token"
        ) from e
    rows = data.get("rows", [])
    regions = Region.unscoped.in_bulk({r["region"] for r in rows})
    for region in regions.values():  # every row's region, before anything else
        require(user, CHANGE_OPINIONS, region)
    if data.get("user") != getattr(user, "pk", None):
        raise ServiceError(
            "opinion_import_token", _("预览数据无效，请重新上传意见表"), field="token"
        )
    if not rows:
        raise ServiceError("opinion_import_nothing", _("没有可导入的意见"), field="token")
    meetings = CourtyardMeeting.unscoped.select_related("activity").in_bulk(
        {r["meeting"] for r in rows if r["meeting"]}
    )
    persons = Person.unscoped.select_related("region").in_bulk(
        {r["person"] for r in rows if r["person"]}
    )
    created = skipped = 0
    with transaction.atomic():
        for row in rows:
            region = regions.get(row["region"])
            if region is None:
                raise ServiceError("opinion_import_token", _("预览数据无效，请重新上传意见表"))
            require(user, CHANGE_OPINIONS, region)
            day = dt.date.fromisoformat(row["day"])
            if _already_recorded(_village_of(region), day, row["text"]):
                skipped += 1
                continue
            meeting = meetings.get(row["meeting"]) if row["meeting"] else None
            try:
                services.create_opinion(
                    user=user,
                    region=region,
                    text=row["text"],
                    raised_on=day,
                    meeting=meeting,
                    campaign=meeting.activity.campaign if meeting else _campaign(region, day),
                    raised_by=persons.get(row["person"]) if row["person"] else None,
                    raised_by_name=row["name"],
                )
            except NotPermitted:
                raise
            except ServiceError as e:
                raise ServiceError(
                    e.code, _("第%(line)s行：%(error)s") % {"line": row["line"], "error": e.message}
                ) from e
            created += 1
    return ImportResult(created=created, skipped=skipped)
