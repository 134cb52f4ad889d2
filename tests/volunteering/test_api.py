"""The API: service details, sign-up (self and on behalf), the waiting list, cancel with
promotion, recording the signed-up; errors in the {code, message, field} shape."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Activity
from sanwei.volunteering.services import sign_up

from ..factories import ActivityFactory, default_activity_type
from ..people.conftest import ApiClient
from .conftest import volunteer_login


def _api(client, user) -> ApiClient:
    return ApiClient(client, create_token(user, "t"))


def _put(api: ApiClient, path: str, body: dict):
    return api.client.put(
        path, data=json.dumps(body), content_type="application/json", **api.headers
    )


def test_volunteers_sign_themselves_up_past_the_limit_into_the_waiting_list(
    client, activity, people
):
    url = f"/api/v1/volunteering/activities/{activity.pk}/signups"
    answers = []
    for n, person in enumerate(people[:3]):
        answers.append(_api(client, volunteer_login(person, f"v{n}")).post(url, {}).json())

    assert [(a["name"], a["status"], a["position"]) for a in answers] == [
        ("张三", "signed_up", None),
        ("李四", "signed_up", None),
        ("王五", "waiting", 1),
    ]


def test_a_double_sign_up_is_a_400_with_a_chinese_message(client, activity, people):
    api = _api(client, volunteer_login(people[0], "zhangsan"))
    url = f"/api/v1/volunteering/activities/{activity.pk}/signups"
    api.post(url, {})

    again = api.post(url, {})

    assert again.status_code == 400
    assert again.json() == {
        "code": "signup_duplicate",
        "message": "张三已报名本活动，不能重复报名",
        "field": "person",
    }


def test_staff_list_cancel_and_the_first_waiting_moves_up(client, activity, people, secretary_a):
    signups = [sign_up(activity, p, user=SYSTEM) for p in people]
    api = _api(client, secretary_a)

    listed = api.get(f"/api/v1/volunteering/activities/{activity.pk}/signups").json()
    cancelled = api.post(f"/api/v1/volunteering/signups/{signups[0].pk}/cancel", {}).json()
    after = api.get(f"/api/v1/volunteering/activities/{activity.pk}/signups").json()

    assert (listed["signup_limit"], listed["free"]) == (2, 0)
    assert [w["name"] for w in listed["waiting"]] == ["王五", "赵六"]
    assert [w["position"] for w in listed["waiting"]] == [1, 2]
    assert cancelled["cancelled"]["status"] == "cancelled"
    assert [p["name"] for p in cancelled["promoted"]] == ["王五"]
    assert [s["name"] for s in after["signed_up"]] == ["李四", "王五"]
    assert [(w["name"], w["position"]) for w in after["waiting"]] == [("赵六", 1)]


def test_staff_sign_up_a_volunteer_by_id_and_an_unknown_one_is_a_400(
    client, activity, people, secretary_a
):
    api = _api(client, secretary_a)
    url = f"/api/v1/volunteering/activities/{activity.pk}/signups"

    made = api.post(url, {"person_id": people[3].pk})
    unknown = api.post(url, {"person_id": 999999})

    assert (made.status_code, made.json()["name"]) == (201, "赵六")
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        400,
        "person_unknown",
        "person_id",
    )


def test_a_volunteer_may_not_read_the_list_or_sign_up_someone_else(client, activity, people):
    api = _api(client, volunteer_login(people[0], "zhangsan"))

    listed = api.get(f"/api/v1/volunteering/activities/{activity.pk}/signups")
    other = api.post(
        f"/api/v1/volunteering/activities/{activity.pk}/signups", {"person_id": people[1].pk}
    )

    assert (listed.status_code, other.status_code) == (403, 403)


def test_set_and_read_the_service_details_of_a_monthly_practice(
    client, tree, squad, secretary_a, people
):
    start = timezone.now() + dt.timedelta(days=5)
    practice = ActivityFactory(
        region=tree["village_a"],
        campaign__region=tree["village_a"],
        activity_type=default_activity_type("monthly_practice"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    api = _api(client, secretary_a)
    url = f"/api/v1/volunteering/activities/{practice.pk}/service"

    saved = _put(
        api,
        url,
        {"category": "science", "signup_limit": 1, "place": "村文化广场", "squad_id": squad.pk},
    )
    sign_up(practice, people[0], user=SYSTEM)
    sign_up(practice, people[1], user=SYSTEM)
    read = api.get(url).json()

    assert saved.status_code == 200
    assert read == {
        "activity_id": practice.pk,
        "category": "science",
        "category_name": "科普",
        "signup_limit": 1,
        "place": "村文化广场",
        "squad_id": squad.pk,
        "squad": "东岳观村志愿服务小队",
        "signed_up": 1,
        "waiting": 1,
        "free": 0,
    }
    unknown = _put(api, url, {"category": "nope", "place": "x", "squad_id": squad.pk})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "category_unknown")


def test_record_the_signed_up_through_the_api(client, activity, people, secretary_a):
    sign_up(activity, people[0], user=SYSTEM)
    start = timezone.now() - dt.timedelta(hours=1)
    Activity.unscoped.filter(pk=activity.pk).update(starts_at=start, ends_at=start)

    answer = _api(client, secretary_a).post(
        f"/api/v1/volunteering/activities/{activity.pk}/signups/attend", {}
    )

    assert answer.json() == {"recorded": 1, "already": 0}


def test_categories_are_listed_and_town_admins_add_one(client, town_admin, secretary_a):
    listed = _api(client, secretary_a).get("/api/v1/volunteering/categories").json()
    refused = _api(client, secretary_a).post(
        "/api/v1/volunteering/categories", {"code": "river", "name": "护河"}
    )
    made = _api(client, town_admin).post(
        "/api/v1/volunteering/categories", {"code": "river", "name": "护河"}
    )

    assert [c["name"] for c in listed][:3] == ["环境整治", "关爱一老一小", "护学岗·校园安全"]
    assert len(listed) == 13
    assert refused.status_code == 403
    assert (made.status_code, made.json()["name"]) == (201, "护河")
