"""Fixtures for the export tests: one roster per village, read back from the download."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sanwei.activities.models import AttendanceRole
from sanwei.people.models import PartyStatus, RelationToHead
from sanwei.regions.models import RegionLevel
from sanwei.teams.models import MemberRole, TeamKind

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    CampaignFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
    TeamFactory,
    make_id_number,
)

ID_ZHANG = make_id_number(dt.date(1962, 3, 4), "M")
ID_LI = make_id_number(dt.date(1965, 7, 8), "F")
ID_WANG = make_id_number(dt.date(1990, 1, 2), "M")
ID_OTHER = make_id_number(dt.date(1970, 1, 1), "M")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roster(tree):
    """Village A: a household of two in group 一组 (head a party member), a volunteer
    without household at village level; village B and another town one person each."""
    group = RegionFactory(
        code="430821104201001", name="一组", level=RegionLevel.GROUP, parent=tree["village_a"]
    )
    household = HouseholdFactory(region=group, number="A001", address="东岳观村一组8号")
    zhang = PersonFactory(
        name="张三",
        region=group,
        household=household,
        relation_to_head=RelationToHead.HEAD,
        id_number=ID_ZHANG,
        gender="M",
        birth_date=dt.date(1962, 3, 4),
        phone="13800001234",
        party_status=PartyStatus.FORMAL,
        party_joined_on=dt.date(1985, 7, 1),
        party_branch="东岳观村党支部",
    )
    li = PersonFactory(
        name="李四",
        region=group,
        household=household,
        relation_to_head=RelationToHead.SPOUSE,
        id_number=ID_LI,
        gender="F",
        birth_date=dt.date(1965, 7, 8),
        phone="13900005678",
        ethnicity="土家族",
    )
    wang = PersonFactory(
        name="王五",
        region=tree["village_a"],
        id_number=ID_WANG,
        birth_date=dt.date(1990, 1, 2),
        phone="13700009999",
        notes="=SUM(A1:A9)",
    )
    b_person = PersonFactory(
        name="赵六",
        region=tree["village_b"],
        phone="13600006666",
        party_status=PartyStatus.PROBATIONARY,
        party_joined_on=dt.date(2023, 1, 1),
    )
    other = PersonFactory(
        name="孙七",
        region=tree["other_village"],
        id_number=ID_OTHER,
        phone="13500007777",
        party_status=PartyStatus.FORMAL,
        party_joined_on=dt.date(2000, 1, 1),
    )
    HouseholdFactory(region=tree["village_b"], number="B001", address="双岗村1号")
    squadron = TeamFactory(name="星火志愿服务中队", kind=TeamKind.SQUADRON, region=tree["town"])
    squad_a = TeamFactory(
        name="东岳观村志愿小队", kind=TeamKind.SQUAD, region=tree["village_a"], parent=squadron
    )
    squad_b = TeamFactory(name="双岗村志愿小队", kind=TeamKind.SQUAD, region=tree["village_b"])
    squad_other = TeamFactory(
        name="通津铺村志愿小队", kind=TeamKind.SQUAD, region=tree["other_village"]
    )
    lecture = TeamFactory(name="东岳观村宣讲队", kind=TeamKind.LECTURE, region=tree["village_a"])
    MembershipFactory(team=squad_a, person=wang, role=MemberRole.LEADER)
    MembershipFactory(team=squad_a, person=li, ended_on=dt.date(2023, 1, 1))  # left
    MembershipFactory(team=lecture, person=zhang)  # not a volunteer team
    MembershipFactory(team=squad_b, person=b_person)
    MembershipFactory(team=squad_other, person=other)
    campaign = CampaignFactory(region=tree["town"])
    activity = ActivityFactory(campaign=campaign, region=tree["village_a"], title="院坝宣讲")
    AttendanceFactory(activity=activity, person=zhang)
    AttendanceFactory(
        activity=activity, person=wang, role=AttendanceRole.VOLUNTEER, hours=Decimal("2.5")
    )
    activity_b = ActivityFactory(campaign=campaign, region=tree["village_b"], title="双岗宣讲")
    AttendanceFactory(activity=activity_b, person=b_person)
    return {
        "group": group,
        "household": household,
        "zhang": zhang,
        "li": li,
        "wang": wang,
        "b_person": b_person,
        "other": other,
        "activity": activity,
        "activity_b": activity_b,
        "squad_a": squad_a,
    }


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, response.content[:500]
    book = load_workbook(io.BytesIO(content_of(response)))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    data = content_of(response)
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def by_name(rows: list[list], column: str = "姓名") -> dict[str, dict]:
    header = rows[0]
    index = header.index(column)
    return {r[index]: dict(zip(header, r, strict=True)) for r in rows[1:]}


@pytest.fixture
def export(login):
    """export(user, identifier, fmt="xlsx", method="get", **fields) → the response."""

    def _export(user, identifier: str, fmt: str = "xlsx", method: str = "get", **fields):
        client = login(user)
        data = {"identifier": identifier, "format": fmt, **fields}
        return getattr(client, method)("/exports/run/", data)

    return _export
