"""API v1 for activities, attendance, campaigns and types, with bearer tokens."""

import pytest

from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Activity, ActivityType, Attendance, Campaign

from ..factories import ActivityFactory, AttendanceFactory, CampaignFactory

API = "/api/v1/activities"


@pytest.fixture
def api(client):
    """`api(user)` returns a function calling the API with that user's bearer token."""

    def for_user(user):
        token = create_token(user, "t")

        def call(method, path, data=None, **params):
            kwargs = {"headers": {"Authorization": f"Bearer {token}"}}
            if data is not None:
                kwargs.update(data=data, content_type="application/json")
            elif params:
                kwargs["data"] = params
            return getattr(client, method)(API + path, **kwargs)

        return call

    return for_user


def _activity_body(tree, campaign, activity_type, **overrides):
    body = {
        "title": "流动宣讲进院坝",
        "activity_type_id": activity_type.pk,
        "campaign_id": campaign.pk,
        "region": tree["village_a"].code,
        "starts_at": "2024-03-12T09:00:00",
        "ends_at": "2024-03-12T11:00:00",
        "place": "村部",
        "mode": "offline",
    }
    body.update(overrides)
    return body


def test_api_needs_authentication(client, activity_a):
    assert client.get(API + "/").status_code == 401
    assert client.get(API + "/", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_activity_crud(api, tree, town_admin, campaign, lecture_type, courtyard_type):
    call = api(town_admin)

    created = call("post", "/", _activity_body(tree, campaign, lecture_type))
    assert created.status_code == 201, created.content
    activity_pk = created.json()["id"]
    activity = Activity.unscoped.get(pk=activity_pk)
    assert activity.starts_at.isoformat() == "2024-03-12T01:00:00+00:00"  # Beijing time
    assert activity.created_by == town_admin

    got = call("get", f"/{activity_pk}")
    assert got.status_code == 200
    assert got.json()["pillar"] == "classroom"
    assert got.json()["counts"]["person_times"] == 0

    patched = call(
        "patch",
        f"/{activity_pk}",
        {"activity_type_id": courtyard_type.pk, "audience_headcount": 12},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["pillar"] == "seminar"
    assert patched.json()["counts"]["audience_person_times"] == 12

    listed = call("get", "/", pillar="seminar")
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()["items"]] == [activity_pk]
    assert listed.json()["count"] == 1

    deleted = call("delete", f"/{activity_pk}")
    assert deleted.status_code == 204
    assert not Activity.unscoped.filter(pk=activity_pk).exists()


def test_bad_activity_is_refused_with_a_code_and_nothing_saved(
    api, tree, secretary_a, campaign, lecture_type
):
    call = api(secretary_a)

    early_end = call(
        "post", "/", _activity_body(tree, campaign, lecture_type, ends_at="2024-03-12T08:00:00")
    )
    other_region = call(
        "post", "/", _activity_body(tree, campaign, lecture_type, region=tree["village_b"].code)
    )

    assert early_end.status_code == 400
    assert early_end.json() == {
        "code": "activity_ends_before_start",
        "message": "结束时间必须晚于开始时间",
        "field": "ends_at",
    }
    assert other_region.status_code == 400
    assert other_region.json()["field"] == "region"
    assert not Activity.unscoped.exists()


def test_sub_venue_rules_in_the_api(api, tree, town_admin, campaign, lecture_type, activity_a):
    other = CampaignFactory(region=tree["town"], name="另一个专题")
    call = api(town_admin)

    response = call(
        "post",
        "/",
        _activity_body(tree, other, lecture_type, main_session_id=activity_a.pk),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "sub_venue_other_campaign"


def test_another_villages_activity_is_404_and_volunteer_is_403(
    api, tree, secretary_a, volunteer_a, campaign, lecture_type, activity_b
):
    assert api(secretary_a)("get", f"/{activity_b.pk}").status_code == 404
    assert api(secretary_a)("delete", f"/{activity_b.pk}").status_code == 404
    refused = api(volunteer_a)("post", "/", _activity_body(tree, campaign, lecture_type))
    assert refused.status_code == 403
    assert not Activity.unscoped.filter(title="流动宣讲进院坝").exists()


def test_attendance_through_the_api(api, secretary_a, activity_a, person_a, person_b):
    call = api(secretary_a)

    recorded = call(
        "post",
        f"/{activity_a.pk}/attendance",
        {"person_id": person_a.pk, "role": "volunteer", "hours": 3},
    )
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["person_name"] == "张秀英"
    assert "phone" not in recorded.json()

    duplicate = call(
        "post", f"/{activity_a.pk}/attendance", {"person_id": person_a.pk, "role": "volunteer"}
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "attendance_duplicate"
    assert duplicate.json()["message"] == "该群众已登记为本活动的志愿者"

    outside = call("post", f"/{activity_a.pk}/attendance", {"person_id": person_b.pk})
    assert outside.status_code == 400
    assert outside.json()["field"] == "person_id"

    listed = call("get", f"/{activity_a.pk}/attendance")
    assert listed.status_code == 200
    assert [a["person_id"] for a in listed.json()["items"]] == [person_a.pk]

    attendance_pk = recorded.json()["id"]
    assert call("delete", f"/attendance/{attendance_pk}").status_code == 204
    assert not Attendance.unscoped.exists()


def test_another_villages_attendance_is_404(api, secretary_a, activity_b, person_b):
    attendance = AttendanceFactory(activity=activity_b, person=person_b)

    assert api(secretary_a)("delete", f"/attendance/{attendance.pk}").status_code == 404
    assert api(secretary_a)("get", f"/{activity_b.pk}/attendance").status_code == 404
    assert Attendance.unscoped.filter(pk=attendance.pk).exists()


def test_campaign_crud(api, tree, town_admin, secretary_a, lecture_type):
    call = api(town_admin)
    body = {
        "name": "森林防火宣传月",
        "region": tree["town"].code,
        "starts_on": "2024-02-01",
        "ends_on": "2024-02-29",
    }

    created = call("post", "/campaigns", body)
    assert created.status_code == 201, created.content
    campaign_pk = created.json()["id"]
    assert api(secretary_a)("patch", f"/campaigns/{campaign_pk}", {"name": "x"}).status_code == 403

    patched = call("patch", f"/campaigns/{campaign_pk}", {"target_person_coverage": 95})
    assert patched.status_code == 200
    assert patched.json()["target_person_coverage"] == 95

    bad = call("patch", f"/campaigns/{campaign_pk}", {"ends_on": "2024-01-01"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "campaign_dates"

    campaign = Campaign.unscoped.get(pk=campaign_pk)
    ActivityFactory(campaign=campaign, activity_type=lecture_type, region=tree["village_a"])
    detail = call("get", f"/campaigns/{campaign_pk}")
    assert detail.json()["activity_count"] == 1
    assert detail.json()["activities_by_pillar"]["classroom"] == 1

    in_use = call("delete", f"/campaigns/{campaign_pk}")
    assert in_use.status_code == 400
    assert in_use.json()["code"] == "campaign_in_use"

    listed = api(secretary_a)("get", "/campaigns")
    assert [c["id"] for c in listed.json()["items"]] == [campaign_pk]


def test_activity_types_through_the_api(api, town_admin, secretary_a, lecture_type):
    listed = api(secretary_a)("get", "/types", pillar="seminar")
    assert listed.status_code == 200
    assert {t["pillar"] for t in listed.json()["items"]} == {"seminar"}

    body = {"code": "forest_fire", "name": "森林防火宣传", "pillar": "service"}
    assert api(secretary_a)("post", "/types", body).status_code == 403
    created = api(town_admin)("post", "/types", body)
    assert created.status_code == 201
    type_pk = created.json()["id"]

    patched = api(town_admin)("patch", f"/types/{type_pk}", {"is_active": False})
    assert patched.status_code == 200
    assert ActivityType.objects.get(pk=type_pk).is_active is False

    taken = api(town_admin)("patch", f"/types/{type_pk}", {"code": "mobile_lecture"})
    assert taken.status_code == 400
    assert taken.json()["code"] == "activity_type_code_taken"
