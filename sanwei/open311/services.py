"""Open311 GeoReport v2 over the needs (群众需求): what each method answers, as plain data
that `formats.render` writes as XML or JSON.

- services: the active need categories (`needs.NeedCategory`; `service_code` is the
  category's code). No category asks for extra fields: `metadata` is false and a service
  definition has no attributes.
- requests: needs, addressed by their public tracking code (`Need.code`), never by pk.
  `status` is open while the need is still being worked on (`needs.services.OPEN_STATES`:
  reported, accepted, dispatched, in progress) and closed after (resolved, rated, closed,
  rejected, referred); `status_notes` names the detailed state.
- A request's public record carries no personal data: no name, phone, ID number,
  household, photo, or free text written about the resident (the description, notes and
  reasons may name people, and the resident's own tracking page `/n/<code>` does not
  show them either). Its place is its village: `address` is the village and the regions
  above it, `address_id` the village's division code; a 组 is never named.
- jurisdiction_id is a division code. The endpoint serves every region of the deployment,
  so it is optional when reading (the whole deployment) and names where a new request
  lands when creating.
- Creating a request (`create_request`) takes the user of an API token (`sanwei
  createapitoken`) and registers the need through `needs.services.register_need`, the same
  function staff registration uses, with the same permission rule.

Refusals are `ServiceError`s: `Invalid` (400, one or more problems, each listed in the
answer), `NotFound` (404), `NotPermitted` (403)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, can, require_that
from sanwei.core.errors import ServiceError
from sanwei.needs import rules as need_rules
from sanwei.needs import services as needs
from sanwei.needs.models import Need, NeedCategory, NeedSource, NeedState, Urgency
from sanwei.needs.permissions import REGISTER_NEEDS
from sanwei.regions.models import PATH_LENGTH, Region, RegionLevel
from sanwei.teams.models import Membership, TeamKind

from .formats import w3c_datetime

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The spec's response volume: a span of 90 days or the first 1000 requests.
MAX_REQUESTS = 1000
SPAN = dt.timedelta(days=90)
OPEN, CLOSED = "open", "closed"
STATUS_STATES = {
    OPEN: frozenset(needs.OPEN_STATES),
    CLOSED: frozenset(NeedState.values) - frozenset(needs.OPEN_STATES),
}
# When this interface last changed; the discovery changeset is the later of this and the
# last change to a need category (the service list).
INTERFACE_CHANGESET = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
REGION_CODE = re.compile(r"\d{12}(\d{3})?")
ADDRESS_STRING_MAX = 200
YEARS = (1900, 2999)


class Invalid(ServiceError):
    """The request's arguments are wrong (400); every problem found is listed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("open311_invalid", problems[0])
        self.problems = problems


class NotFound(ServiceError):
    status = 404

    def __init__(self, message: str) -> None:
        super().__init__("open311_not_found", message)


def _arg(params: Mapping, name: str) -> str:
    """An argument's value; empty and absent are the same (the spec's optional arguments)."""
    return (params.get(name) or "").strip()


def _check_text(params: Mapping, names: Iterable[str]) -> None:
    bad = [name for name in names if "\x00" in (params.get(name) or "")]
    if bad:
        raise Invalid([_("%(name)s 含有无效字符") % {"name": name} for name in bad])


def jurisdiction(params: Mapping) -> Region | None:
    """The region `jurisdiction_id` names, or None when it is not given. Not a division
    code: 400; no such region: 404."""
    code = _arg(params, "jurisdiction_id")
    if not code:
        return None
    if not REGION_CODE.fullmatch(code):
        raise Invalid([_("jurisdiction_id 应为区划代码（12位数字，村民小组15位）：%s") % code])
    region = Region.unscoped.filter(code=code).first()
    if region is None:
        raise NotFound(_("jurisdiction_id “%s” 不存在") % code)
    return region


# --------------------------------------------------------------------------- services


def service_list(params: Mapping) -> list[dict]:
    """GET services: every active need category."""
    _check_text(params, ["jurisdiction_id"])
    jurisdiction(params)
    return [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": category.description,
            "metadata": False,
            "type": "realtime",
            "keywords": category.name,
            "group": _("群众需求"),
        }
        for category in NeedCategory.objects.filter(is_active=True)
    ]


def service_definition(service_code: str, params: Mapping) -> dict:
    """GET a service definition: no category has extra fields, so no attributes."""
    _check_text(params, ["jurisdiction_id"])
    jurisdiction(params)
    category = _category(service_code)
    return {"service_code": category.code, "attributes": []}


def _category(code: str) -> NeedCategory:
    category = (
        None if "\x00" in code else NeedCategory.objects.filter(code=code, is_active=True).first()
    )
    if category is None:
        raise NotFound(_("service_code “%s” 不存在") % code)
    return category


# --------------------------------------------------------------------------- reading


def parse_w3c(value: str, name: str) -> dt.datetime:
    """A W3C (ISO 8601) date or date-time; without an offset it is Beijing time. A '+' of
    an offset that arrived as a space (an unencoded query string) is read as '+'."""
    text = value.strip()
    if "T" in text:
        text = re.sub(r" (\d{2}:?\d{2})$", r"+\1", text)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or not YEARS[0] <= parsed.year <= YEARS[1]:
        raise Invalid(
            [_("%(name)s 应为 W3C 日期时间格式，如 2026-11-01T00:00:00+08:00：%(value)s")
             % {"name": name, "value": value}]
        )  # fmt: skip
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _window(params: Mapping, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """start_date/end_date: by default the most recent 90 days; one of them given, the 90
    days after the start or before the end; both, at most 90 days apart."""
    problems = []
    start = end = None
    for name in ("start_date", "end_date"):
        value = _arg(params, name)
        if value:
            try:
                parsed = parse_w3c(value, name)
            except Invalid as e:
                problems += e.problems
                continue
            if name == "start_date":
                start = parsed
            else:
                end = parsed
    if problems:
        raise Invalid(problems)
    if start is None and end is None:
        end = now
    if start is None:
        start = end - SPAN
    if end is None:
        end = start + SPAN
    if start > end:
        raise Invalid([_("start_date 不能晚于 end_date")])
    if end - start > SPAN:
        raise Invalid([_("start_date 与 end_date 之间不能超过90天")])
    return start, end


def find_requests(params: Mapping, *, now: dt.datetime | None = None) -> list[dict]:
    """GET requests: newest first, at most MAX_REQUESTS. `service_request_id` (comma
    delimited) overrides every other argument but jurisdiction_id; otherwise
    `service_code` and `status` (comma delimited) and the date window filter."""
    _check_text(
        params,
        ["jurisdiction_id", "service_request_id", "service_code", "status", "start_date",
         "end_date"],
    )  # fmt: skip
    region = jurisdiction(params)
    rows = Need.unscoped.all()
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    ids = _split(_arg(params, "service_request_id"))
    if ids:
        if len(ids) > MAX_REQUESTS:
            raise Invalid(
                [_("service_request_id 一次最多%(n)d个") % {"n": MAX_REQUESTS}]
            )  # fmt: skip
        rows = rows.filter(code__in=ids)
    else:
        problems = []
        codes = _split(_arg(params, "service_code"))
        if codes:
            known = set(NeedCategory.objects.filter(code__in=codes).values_list("code", flat=True))
            problems += [
                _("service_code “%s” 不存在") % code for code in codes if code not in known
            ]
        statuses = _split(_arg(params, "status"))
        problems += [
            _("status 只能是 open 或 closed：%s") % status
            for status in statuses
            if status not in STATUS_STATES
        ]
        try:
            start, end = _window(params, now or timezone.now())
        except Invalid as e:
            problems += e.problems
        if problems:
            raise Invalid(problems)
        rows = rows.filter(created_at__gte=start, created_at__lte=end)
        if codes:
            rows = rows.filter(category__code__in=codes)
        if statuses:
            rows = rows.filter(state__in=set().union(*(STATUS_STATES[s] for s in statuses)))
    rows = rows.select_related("category", "region", "team").order_by("-created_at", "-pk")
    return public_requests(list(rows[:MAX_REQUESTS]))


def request_by_id(request_id: str, params: Mapping) -> list[dict]:
    """GET a service request: the need with this tracking code (inside jurisdiction_id
    when given), as a list of one, the spec's shape."""
    _check_text(params, ["jurisdiction_id"])
    region = jurisdiction(params)
    rows = Need.unscoped.select_related("category", "region", "team").filter(code=request_id)
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    need = None if "\x00" in request_id else rows.first()
    if need is None:
        raise NotFound(_("service_request_id “%s” 不存在") % request_id)
    return public_requests([need])


def service_notice(urgency: str) -> str:
    days = settings.NEED_TIME_LIMIT_DAYS[urgency]
    label = Urgency(urgency).label
    return _("紧急程度“%(urgency)s”，应在%(days)d天内办理") % {"urgency": label, "days": days}


def _village_code(region: Region) -> str:
    """The division code of the village a need's region is in (a 组's village; a need
    registered at a higher level stays there)."""
    return region.code[:12]


def _codes_above(code: str) -> list[str]:
    """The codes of the regions above a 12-digit code, nearest first (town … province)."""
    above = []
    for level in (RegionLevel.TOWN, RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
        parent = code[: PATH_LENGTH[level]].ljust(12, "0")
        if parent != code and parent not in above:
            above.append(parent)
    return above


def public_requests(rows: list[Need]) -> list[dict]:
    """The public records of needs (see the module's note: nothing personal). Region
    names and the volunteers' squads are read once for all rows."""
    villages = {_village_code(need.region) for need in rows}
    codes = villages | {c for v in villages for c in _codes_above(v)}
    names = dict(Region.unscoped.filter(code__in=codes).values_list("code", "name"))
    volunteers = {need.volunteer_id for need in rows if need.volunteer_id}
    squads: dict[int, str] = {}
    for person_id, team_name in (
        Membership.unscoped.filter(
            person_id__in=volunteers, ended_on__isnull=True, team__kind=TeamKind.SQUAD
        )
        .order_by("-team__name")
        .values_list("person_id", "team__name")
    ):
        squads[person_id] = team_name  # the first by name wins (ordered last)
    records = []
    for need in rows:
        village = _village_code(need.region)
        address = [names[c] for c in [village, *_codes_above(village)] if c in names]
        if need.state == NeedState.REFERRED:
            agency = names.get(village[:9].ljust(12, "0"), "")
        elif need.team_id is not None:
            agency = need.team.name
        elif need.volunteer_id is not None:
            agency = squads.get(need.volunteer_id, "")
        else:
            agency = names.get(village, "")
        records.append(
            {
                "service_request_id": need.code,
                "status": OPEN if need.state in STATUS_STATES[OPEN] else CLOSED,
                "status_notes": str(NeedState(need.state).label),
                "service_name": need.category.name,
                "service_code": need.category.code,
                "description": None,
                "agency_responsible": agency or None,
                "service_notice": service_notice(need.urgency),
                "requested_datetime": w3c_datetime(need.created_at),
                "updated_datetime": w3c_datetime(need.updated_at),
                "expected_datetime": w3c_datetime(need.due_at),
                "address": "，".join(address) or None,
                "address_id": village,
                "zipcode": None,
                "lat": None,
                "long": None,
                "media_url": None,
            }
        )
    return records


# --------------------------------------------------------------------------- creating

CREATE_ARGUMENTS = (
    "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id",
    "description",
)  # fmt: skip


def _point_problems(lat: str, long: str) -> list[str]:
    """What is wrong with a point (WGS84 latitude and longitude), if anything."""
    problems = []
    for name, text, bound in (("lat", lat, 90), ("long", long, 180)):
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or not -bound <= value <= bound:  # NaN fails the comparison
            problems.append(
                _("%(name)s 应为 -%(bound)d 到 %(bound)d 之间的数（WGS84）：%(value)s")
                % {"name": name, "bound": bound, "value": text}
            )
    return problems


def _own_region(user) -> Region:
    """Where a request without jurisdiction_id lands: the one region of the token user's
    role assignments."""
    regions = (
        []
        if user is SYSTEM
        else list({a.region for a in user.role_assignments.select_related("region")})
    )
    if len(regions) != 1:
        raise Invalid([_("缺少 jurisdiction_id（需求所在村（社区）或乡镇的区划代码）")])
    return regions[0]


@transaction.atomic
def create_request(fields: Mapping, *, user, token=None) -> list[dict]:
    """POST a service request: register a need of `service_code` in the region that
    `address_id` (a village or 组 code inside the jurisdiction) or else `jurisdiction_id`
    names (default: the token user's one region), which must be a village or a 组.
    `description` is required (a need says what is needed); the place must be given as
    the spec asks (lat and long, address_string or address_id), and is kept in the need's
    description for the staff. Names, phone, e-mail, device and account ids are not
    kept. The caller's right is `needs.rules.may_register` on that region (403)."""
    require_that(
        can(user, REGISTER_NEEDS) or need_rules.acting_person(user) is not None, REGISTER_NEEDS
    )
    _check_text(fields, CREATE_ARGUMENTS)
    problems = []
    service_code = _arg(fields, "service_code")
    if not service_code:
        problems.append(_("缺少 service_code（需求类别代码，见 services.xml）"))
    lat, long = _arg(fields, "lat"), _arg(fields, "long")
    address_string, address_id = _arg(fields, "address_string"), _arg(fields, "address_id")
    if lat or long:
        problems += _point_problems(lat, long) if lat and long else [_("lat 和 long 须同时提供")]
    elif not (address_string or address_id):
        problems.append(_("缺少位置：请提供 lat 和 long、address_string 或 address_id 之一"))
    if len(address_string) > ADDRESS_STRING_MAX:
        problems.append(_("address_string 不能超过%(n)d个字") % {"n": ADDRESS_STRING_MAX})
    if address_id and not REGION_CODE.fullmatch(address_id):
        problems.append(
            _("address_id 应为村（社区）或村民小组的区划代码：%s") % address_id
        )  # fmt: skip
    description = _arg(fields, "description")
    if not description:
        problems.append(_("缺少 description（需要什么帮助）"))
    try:
        region = jurisdiction(fields)
    except Invalid as e:
        problems += e.problems
        region = None
    if problems:
        raise Invalid(problems)
    category = _category(service_code)
    region = region or _own_region(user)
    if address_id:
        place = Region.unscoped.filter(code=address_id).first()
        if place is None or not place.path.startswith(region.path):
            raise Invalid(
                [_("address_id “%(code)s”不在%(region)s之内")
                 % {"code": address_id, "region": region.name}]
            )  # fmt: skip
        region = place
    if region.level not in (RegionLevel.VILLAGE, RegionLevel.GROUP):
        raise Invalid(
            [_("需求须登记到村（社区）或村民小组：%(region)s是%(level)s，请用 address_id 给出村（社区）或村民小组的区划代码")
             % {"region": region.name, "level": RegionLevel(region.level).label}]
        )  # fmt: skip
    lines = [description]
    if address_string:
        lines.append(_("地点：%s") % address_string)
    if lat and long:
        lines.append(_("坐标（WGS84）：%(lat)s, %(long)s") % {"lat": lat, "long": long})
    need = needs.register_need(
        user=user,
        region=region,
        description="\n".join(lines),
        category=category,
        source=NeedSource.OPEN311,
        log_data={"api_token": getattr(token, "prefix", None)},
    )
    return [
        {
            "service_request_id": need.code,
            "service_notice": service_notice(need.urgency),
            "account_id": None,
        }
    ]


# --------------------------------------------------------------------------- discovery


def changeset() -> dt.datetime:
    last = NeedCategory.objects.aggregate(last=Max("updated_at"))["last"]
    return max(filter(None, [INTERFACE_CHANGESET, last]))


def discovery(endpoint_url: str) -> dict:
    """The service discovery document of the one endpoint."""
    changed = w3c_datetime(changeset())
    return {
        "changeset": changed,
        "contact": getattr(settings, "OPEN311_CONTACT", "")
        or _("请联系本平台的系统管理员（所在乡镇的微服务工作人员）"),
        "key_service": getattr(settings, "OPEN311_KEY_SERVICE", "")
        or _(
            "api_key 由系统管理员为一个账号生成（sanwei createapitoken 用户名 --name 用途）；"
            "用它提交的需求登记在该账号有权登记的区划"
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": changed,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
