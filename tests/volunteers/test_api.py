import datetime as dt

import pytest

from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.volunteers.services import confirm_attendances

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, VolunteerProfileFactory
from ..people.conftest import ApiClient
from .conftest import bj


@pytest.fixture
def api_as(client):
    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api


def _served(person, start, amount, confirm=True):
    activity = ActivityFactory(region=person.region, starts_at=start, ends_at=start)
    AttendanceFactory(activity=activity, person=person, role=AttendanceRole.VOLUNTEER, hours=amount)
    if confirm:
        confirm_attendances(activity, user=SYSTEM)
    return activity


def test_register_then_read_hours_and_stars(api_as, secretary_a, tree):
    person = PersonFactory(region=tree["village_a"], name="钱进", skills="厨艺")
    api = api_as(secretary_a)

    created = api.post(
        "/api/v1/volunteers/volunteers",
        {"person_id": person.pk, "joined_on": "2023-01-02", "weekend_evening": True},
    )
    for day in range(1, 6):
        _served(person, bj(2023, 2, day), "20.5")
    _served(person, bj(2023, 2, 9), "4", confirm=False)
    detail = api.get(f"/api/v1/volunteers/volunteers/{created.json()['id']}")
    history = api.get(f"/api/v1/volunteers/volunteers/{created.json()['id']}/hours")

    assert created.status_code == 201
    assert created.json()["number"] == "430821104-0001"
    assert created.json()["skills"] == "厨艺"
    assert detail.json()["standing"] == {
        "hours": "102.5",
        "attendance_hours": "102.5",
        "need_hours": "0",
        "stars": 1,
        "level": "一星级",
        "next_threshold": 300,
    }
    assert [h["day"] for h in history.json()["history"]] == [
        "2023-02-05", "2023-02-04", "2023-02-03", "2023-02-02", "2023-02-01"
    ]  # fmt: skip


def test_a_second_registration_is_a_400_with_the_chinese_message(api_as, secretary_a, tree):
    person = PersonFactory(region=tree["village_a"])
    api = api_as(secretary_a)
    api.post("/api/v1/volunteers/volunteers", {"person_id": person.pk})

    again = api.post("/api/v1/volunteers/volunteers", {"person_id": person.pk})

    assert again.status_code == 400
    assert again.json() == {
        "code": "volunteer_exists",
        "message": "该群众已登记为志愿者",
        "field": "person",
    }


def test_confirm_over_24_hours_is_a_400_and_nothing_confirmed(api_as, secretary_a, tree):
    person = PersonFactory(region=tree["village_a"], name="孙丽")
    _served(person, bj(2023, 2, 1, 7), "20")
    second = _served(person, bj(2023, 2, 1, 20), "5", confirm=False)

    response = api_as(secretary_a).post(f"/api/v1/volunteers/activities/{second.pk}/confirm", {})

    assert response.status_code == 400
    assert response.json()["code"] == "hours_over_day"
    assert Attendance.unscoped.filter(activity=second, confirmed_at__isnull=True).count() == 1


def test_ranking_order_and_ties(api_as, secretary_a, tree):
    for number, name, amount in (
        ("430821104-0001", "甲", "5"),
        ("430821104-0002", "乙", "9"),
        ("430821104-0003", "丙", "5"),
        ("430821104-0004", "丁", ""),
    ):
        person = PersonFactory(region=tree["village_a"], name=name)
        VolunteerProfileFactory(person=person, number=number)
        if amount:
            _served(person, bj(2023, 2, 1), amount)

    rows = api_as(secretary_a).get("/api/v1/volunteers/ranking", {"region": tree["village_a"].code})

    assert [(r["rank"], r["name"], r["hours"]) for r in rows.json()] == [
        (1, "乙", "9"), (2, "甲", "5"), (2, "丙", "5"), (4, "丁", "0")
    ]  # fmt: skip


def test_issue_and_verify_a_certificate_and_a_wrong_code(api_as, town_admin, tree):
    person = PersonFactory(region=tree["village_a"], name="李娜")
    profile = VolunteerProfileFactory(person=person)
    _served(person, bj(2023, 2, 1), "8")
    api = api_as(town_admin)

    issued = api.post(f"/api/v1/volunteers/volunteers/{profile.pk}/certificates", {})
    code = issued.json()["code"]
    good = api.get("/api/v1/volunteers/certificates/verify", {"code": code})
    wrong = api.get("/api/v1/volunteers/certificates/verify", {"code": code[:-2] + "zz"})

    assert issued.status_code == 201
    assert issued.json()["verify_url"] == f"/verify/{code}"
    assert good.json() == {
        "genuine": True,
        "name": "李娜",
        "hours": "8",
        "level": "未评星",
        "issued_on": dt.date.today().isoformat(),
    }
    assert wrong.status_code == 404
    assert wrong.json() == {"code": "not_genuine", "message": "不是有效的证明", "field": None}


def test_a_volunteer_may_not_issue_or_register(api_as, volunteer_a, tree):
    profile = VolunteerProfileFactory(person=PersonFactory(region=tree["village_a"]))
    api = api_as(volunteer_a)

    assert (
        api.post(f"/api/v1/volunteers/volunteers/{profile.pk}/certificates", {}).status_code == 403
    )
    assert (
        api.post("/api/v1/volunteers/volunteers", {"person_id": profile.person_id}).status_code
        == 403
    )
