import datetime as dt

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Attendance, AttendanceRole

from ..factories import (
    ActivityFactory,
    AttendanceFactory,
    MembershipFactory,
    PersonFactory,
    VolunteerProfileFactory,
)
from ..people.conftest import ApiClient


@pytest.fixture
def registry(tree, squad_a):
    a = VolunteerProfileFactory(
        person=PersonFactory(region=tree["village_a"], name="甲"),
        number="430821104-0001",
        weekend_morning=True,
        skills="电工",
    )
    b = VolunteerProfileFactory(
        person=PersonFactory(region=tree["village_a"], name="乙"),
        number="430821104-0002",
        weekday_evening=True,
        left_on=dt.date(2023, 1, 1),
    )
    c = VolunteerProfileFactory(
        person=PersonFactory(region=tree["village_b"], name="丙"),
        number="430821104-0003",
        weekend_morning=True,
    )
    MembershipFactory(team=squad_a, person=a.person)
    return a, b, c


def _names(response):
    return [row["name"] for row in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ["甲", "乙", "丙"]),
        ({"available": "weekend_morning"}, ["甲", "丙"]),
        ({"active": "true"}, ["甲", "丙"]),
        ({"active": "false"}, ["乙"]),
        ({"q": "电工"}, ["甲"]),
        ({"region": "430821104202"}, ["丙"]),
    ],
)
def test_the_api_list_filters(client, town_admin, registry, query, names):
    api = ApiClient(client, create_token(town_admin, "t"))
    assert _names(api.get("/api/v1/volunteers/volunteers", query)) == names


def test_the_squad_filter_and_a_bad_value(client, town_admin, registry, squad_a):
    api = ApiClient(client, create_token(town_admin, "t"))

    assert _names(api.get("/api/v1/volunteers/volunteers", {"squad": squad_a.pk})) == ["甲"]
    bad = api.get("/api/v1/volunteers/volunteers", {"available": "midnight"})
    assert bad.status_code == 400


def test_another_villages_secretary_sees_only_their_volunteers(login, secretary_b, registry):
    page = login(secretary_b).get("/volunteers/").content.decode()

    assert "丙" in page and "430821104-0001" not in page


def test_the_organiser_confirms_one_on_the_page(login, secretary_a, tree):
    activity = ActivityFactory(region=tree["village_a"])
    one, two = (
        AttendanceFactory(
            activity=activity,
            role=AttendanceRole.VOLUNTEER,
            hours=2,
            person=PersonFactory(region=tree["village_a"]),
        )
        for _ in range(2)
    )

    response = login(secretary_a).post(
        f"/volunteers/activities/{activity.pk}/hours/", {"action": "confirm", "attendance": one.pk}
    )

    assert response.status_code == 302
    assert Attendance.unscoped.get(pk=one.pk).confirmed_by == secretary_a
    assert Attendance.unscoped.get(pk=two.pk).confirmed_at is None
