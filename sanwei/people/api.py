"""API for people and households, mounted at /api/v1/people/.

Same scoping (the request's region scope), permissions and services as the pages.
Output never holds a full ID number or phone: only `id_number_masked`, `phone_masked` and
`landline_masked` — except `POST /{id}/reveal`, which shows one field to a role with
REVEAL_PERSONAL and logs it;
`birth_date` only for users who may see it (sanwei.people.privacy), the age for everyone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sanwei.accounts.permissions import CHANGE_PEOPLE, VIEW_PEOPLE, require
from sanwei.core.api import ApiRouter, DbId, Paginator, RegionFields, patch_schema, referenced
from sanwei.core.errors import ServiceError
from sanwei.core.filters import filtered
from sanwei.regions.models import Region
from sanwei.regions.services import region_by_code

from . import privacy, services
from .filters import HouseholdFilter, PersonFilter
from .models import Household, Person, RelationToHead
from .permissions import REVEAL_PERSONAL

router = ApiRouter(tags=["people"])

PAGE_SIZE = 50

# Fields the service sets or validates itself; the model's own checks skip them.
SERVICE_FIELDS = [
    "id_number_encrypted",
    "id_number_hash",
    "search_text",
    "phone_encrypted",
    "phone_hash",
    "phone_tail",
    "landline_encrypted",
]


# --------------------------------------------------------------------------- schemas


class PersonOut(RegionFields):
    id: int
    name: str
    gender: str
    birth_date: date | None = Field(
        description="出生日期；对该区划没有查看完整信息权限的用户为 null（只给年龄）"
    )
    age: int | None
    is_elderly: bool
    ethnicity: str
    household_id: int | None
    relation_to_head: str
    id_number_masked: str
    phone_masked: str
    landline_masked: str = Field(description="固定电话（脱敏），如 0744-****567")
    party_status: str
    party_joined_on: date | None
    party_branch: str
    is_frail: bool
    is_mobility_impaired: bool
    is_migrant: bool
    migrant_destination: str
    lecturer_category: str
    cadre_post: str
    skills: str
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_birth_date(obj: Person, context) -> date | None:
        return privacy.shown_birth_date(obj, context["request"].user)

    @staticmethod
    def resolve_id_number_masked(obj: Person) -> str:
        return privacy.masked_id(obj)

    @staticmethod
    def resolve_phone_masked(obj: Person) -> str:
        return privacy.masked_phone(obj)

    @staticmethod
    def resolve_landline_masked(obj: Person) -> str:
        return privacy.masked_landline(obj)


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    region: str = Field(..., description="村（社区）或村民小组的区划代码")
    id_number: str = Field("", description="18位身份证号码；输出中只给出脱敏值")
    gender: str = Field("", description="M 或 F；留空则按身份证号码")
    birth_date: date | None = Field(None, description="留空则按身份证号码")
    ethnicity: str = "汉族"
    phone: str = ""
    landline: str = Field("", max_length=30, description="固定电话，如 0744-1234567")
    household_id: DbId | None = None
    relation_to_head: str = ""
    party_status: str = ""
    party_joined_on: date | None = None
    party_branch: str = ""
    is_frail: bool = False
    is_mobility_impaired: bool = False
    is_migrant: bool = False
    migrant_destination: str = ""
    lecturer_category: str = ""
    cadre_post: str = ""
    skills: str = Field("", max_length=200)
    notes: str = ""


PersonPatch = patch_schema(
    PersonIn,
    "PersonPatch",
    doc='Only the fields sent are changed. `id_number`: absent keeps the stored number, "" '
    "removes it.",
)


class RevealIn(Schema):
    field: Literal["id_number", "phone", "landline"] = Field(
        ..., description="要查看的一项：身份证号码、手机号码或固定电话"
    )


class RevealOut(Schema):
    field: str
    value: str = Field(description="完整号码；未登记时为空字符串")


class MemberOut(Schema):
    id: int
    name: str
    relation_to_head: str


class HouseholdOut(RegionFields):
    id: int
    number: str
    address: str
    head_id: int | None
    head_name: str
    member_count: int

    @staticmethod
    def resolve_head_id(obj: Household) -> int | None:
        head = obj.head
        return head.pk if head else None

    @staticmethod
    def resolve_head_name(obj: Household) -> str:
        head = obj.head
        return head.name if head else ""

    @staticmethod
    def resolve_member_count(obj: Household) -> int:
        return len(obj.members.all())


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: Household) -> list[Person]:
        return sorted(
            obj.members.all(), key=lambda m: (m.relation_to_head != RelationToHead.HEAD, m.name)
        )


class HouseholdIn(Schema):
    region: str = Field(..., description="村（社区）或村民小组的区划代码")
    number: str = ""
    address: str = ""


HouseholdPatch = patch_schema(HouseholdIn, "HouseholdPatch")


# --------------------------------------------------------------------------- helpers


def _region_for_change(user, code: str) -> Region:
    """A village or group in the user's scope, where they may change people."""
    region = region_by_code(code, levels=services.PERSON_REGION_LEVELS)
    require(user, CHANGE_PEOPLE, region)
    return region


def _model_clean(obj: models.Model, exclude: list[str]) -> None:
    """The model's own field checks (choices, lengths), as a ServiceError."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        field, messages = next(iter(e.message_dict.items()))
        raise ServiceError(
            "invalid", messages[0], field=None if field == NON_FIELD_ERRORS else field
        ) from e


def _apply_person(request, person: Person, data: dict[str, Any]) -> None:
    if "region" in data:
        person.region = _region_for_change(request.user, data.pop("region"))
    if "household_id" in data:
        person.household = referenced(
            Household.objects.all(),
            data.pop("household_id"),
            field="household_id",
            message=_("户不存在或不在您的管辖范围内"),
        )
    for name, value in data.items():
        setattr(person, name, value)
    _model_clean(person, [*SERVICE_FIELDS, "region", "household"])


def _people():
    return Person.objects.select_related("region")


def _households():
    return Household.objects.select_related("region").prefetch_related("members")


# ------------------------------------------------------------------------ households
# (registered before /{person_pk} so the paths never compete)


@router.get("/households", response=list[HouseholdOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_households(request, region: str | None = None, q: str = ""):
    """Households in your scope; `region` (a code) selects its subtree, `q` searches the head."""
    require(request.user, VIEW_PEOPLE)
    return filtered(HouseholdFilter, request, _households())


@router.post("/households", response={201: HouseholdDetailOut})
def create_household(request, payload: HouseholdIn):
    require(request.user, CHANGE_PEOPLE)
    household = Household(
        region=_region_for_change(request.user, payload.region),
        number=payload.number,
        address=payload.address,
    )
    _model_clean(household, ["region"])
    services.save_household(household, user=request.user)
    return Status(201, get_object_or_404(_households(), pk=household.pk))


@router.get("/households/{household_pk}", response=HouseholdDetailOut)
def get_household(request, household_pk: DbId):
    require(request.user, VIEW_PEOPLE)
    return get_object_or_404(_households(), pk=household_pk)


@router.patch("/households/{household_pk}", response=HouseholdDetailOut)
def update_household(request, household_pk: DbId, payload: HouseholdPatch):
    household = get_object_or_404(Household.objects.select_related("region"), pk=household_pk)
    require(request.user, CHANGE_PEOPLE, household.region)
    data = payload.model_dump(exclude_unset=True)
    if "region" in data:
        household.region = _region_for_change(request.user, data["region"])
    for name in ("number", "address"):
        if name in data:
            setattr(household, name, data[name])
    _model_clean(household, ["region"])
    services.save_household(household, user=request.user)
    return get_object_or_404(_households(), pk=household.pk)


@router.delete("/households/{household_pk}", response={204: None})
def delete_household(request, household_pk: DbId):
    household = get_object_or_404(Household.objects.select_related("region"), pk=household_pk)
    require(request.user, CHANGE_PEOPLE, household.region)
    services.delete_household(household, user=request.user)
    return Status(204, None)


# --------------------------------------------------------------------------- persons


@router.get("/", response=list[PersonOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_people(
    request,
    region: str | None = None,
    q: str = "",
    party: bool | None = None,
    elderly: bool = False,
    frail: bool = False,
    mobility_impaired: bool = False,
    migrant: bool = False,
    lecturer_category: str = "",
):
    """People in your scope. `region` (a code) selects its subtree; `q` searches name,
    pinyin, initials, traditional characters or a phone's last 4 digits (a longer tail only
    where you may see phones unmasked)."""
    require(request.user, VIEW_PEOPLE)
    return filtered(PersonFilter, request, _people())


class PeopleSearchIn(Schema):
    """The filters of the people list, in a body: `q` may be a whole phone number, which
    is never put in a URL (`GET /` takes the same filters as query parameters)."""

    q: str = Field("", max_length=100)
    region: str | None = None
    party: bool | None = None
    elderly: bool = False
    frail: bool = False
    mobility_impaired: bool = False
    migrant: bool = False
    lecturer_category: str = ""


def _search_data(payload: PeopleSearchIn) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in payload.model_dump().items():
        if value is None or value == "":
            continue
        data[name] = ("true" if value else "false") if isinstance(value, bool) else value
    return data


# A search sent as a POST is a read: the permission matrix treats operations marked so
# (`READ_BY_POST`) as reads, not writes.
READ_BY_POST = {"x-sanwei-read": True}


def search_people(request, payload):
    """People in your scope, filtered as `GET /` but with the filters in the body, so
    that a phone number searched for stays out of URLs and access logs; `page` and
    `page_size` in the query string. Logged as a search, like the list."""
    require(request.user, VIEW_PEOPLE)
    return filtered(PersonFilter, request, _people(), data=_search_data(payload))


# The type itself, not its name: ninja resolves a name in the module of the paginate
# wrapper, where PeopleSearchIn is unknown (this module's annotations are strings).
search_people.__annotations__ = {"payload": PeopleSearchIn}
search_people = router.post("/search", response=list[PersonOut], openapi_extra=READ_BY_POST)(
    paginate(Paginator, page_size=PAGE_SIZE)(search_people)
)


@router.post("/", response={201: PersonOut})
def create_person(request, payload: PersonIn):
    require(request.user, CHANGE_PEOPLE)
    data = payload.model_dump()
    id_number = data.pop("id_number") or ""
    person = Person()
    _apply_person(request, person, data)
    services.save_person(person, id_number=id_number, user=request.user)
    return Status(201, person)


@router.get("/{person_pk}", response=PersonOut)
def get_person(request, person_pk: DbId):
    require(request.user, VIEW_PEOPLE)
    person = get_object_or_404(_people(), pk=person_pk)
    services.log_person_viewed(person, user=request.user)
    return person


@router.patch("/{person_pk}", response=PersonOut)
def update_person(request, person_pk: DbId, payload: PersonPatch):
    person = get_object_or_404(_people(), pk=person_pk)
    require(request.user, CHANGE_PEOPLE, person.region)
    data = payload.model_dump(exclude_unset=True)
    id_number = data.pop("id_number", None)
    _apply_person(request, person, data)
    services.save_person(person, id_number=id_number, user=request.user)
    return person


@router.post("/{person_pk}/reveal", response=RevealOut)
def reveal_person_field(request, person_pk: DbId, payload: RevealIn):
    """One full personal field of one person, for one look: only roles with the reveal
    right on the person's region; each call is recorded in the audit log (who, whom,
    which field — not the value)."""
    person = get_object_or_404(_people(), pk=person_pk)
    require(request.user, REVEAL_PERSONAL, person.region)
    value = services.reveal_field(person, payload.field, user=request.user)
    return {"field": payload.field, "value": value}


@router.delete("/{person_pk}", response={204: None})
def delete_person(request, person_pk: DbId):
    person = get_object_or_404(_people(), pk=person_pk)
    require(request.user, CHANGE_PEOPLE, person.region)
    services.delete_person(person, user=request.user)
    return Status(204, None)
