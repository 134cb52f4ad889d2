"""POST /api/v1/recording/activities/{code or id}/attendances: many people at once,
counts of created and already recorded, the API's scoping and error shape."""

import json

from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Attendance

from ..factories import AttendanceFactory


def _post(client, token, ref, body):
    return client.post(
        f"/api/v1/recording/activities/{ref}/attendances",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_bulk_by_activity_code_counts_created_and_already(client, village, secretary_a):
    people = village["people"]
    AttendanceFactory(activity=village["activity"], person=people["王丽"])
    token = create_token(secretary_a, "app")

    response = _post(
        client,
        token,
        village["activity"].code,
        {"person_ids": [people["王丽"].pk, people["孙红"].pk, people["赵大爷"].pk]},
    )

    assert response.status_code == 200
    assert response.json() == {"created": 2, "already": 1}
    assert Attendance.unscoped.filter(activity=village["activity"], role="audience").count() == 3


def test_bulk_by_activity_id_with_a_role(client, village, secretary_a):
    token = create_token(secretary_a, "app")

    response = _post(
        client,
        token,
        village["activity"].pk,
        {"person_ids": [village["people"]["孙红"].pk], "role": "volunteer"},
    )

    assert response.json() == {"created": 1, "already": 0}
    assert Attendance.unscoped.get().role == "volunteer"


def test_a_person_out_of_scope_is_a_400_and_nothing_recorded(client, village, secretary_a):
    token = create_token(secretary_a, "app")

    response = _post(
        client,
        token,
        village["activity"].code,
        {"person_ids": [village["people"]["孙红"].pk, village["outsider"].pk]},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "person_unknown"
    assert response.json()["field"] == "person_ids"
    assert Attendance.unscoped.count() == 0


def test_another_village_gets_404_and_a_volunteer_403(client, village, secretary_b, volunteer_a):
    body = {"person_ids": [village["people"]["孙红"].pk]}
    response = _post(client, create_token(secretary_b, "b"), village["activity"].code, body)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = _post(client, create_token(volunteer_a, "v"), village["activity"].code, body)
    assert response.status_code == 403
    assert Attendance.unscoped.count() == 0


def test_an_unknown_role_is_a_400_invalid(client, village, secretary_a):
    response = _post(
        client,
        create_token(secretary_a, "app"),
        village["activity"].code,
        {"person_ids": [village["people"]["孙红"].pk], "role": "guest"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
