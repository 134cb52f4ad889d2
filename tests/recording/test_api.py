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


def test_sheet_preview_then_commit_through_the_api(client, village, secretary_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = create_token(secretary_a, "app")
    sheet = "姓名,联系电话\r\n张建国,13800001111\r\n周八,13500005555\r\n王丽,\r\n"
    url = f"/api/v1/recording/activities/{village['activity'].code}/sheet"

    preview = client.post(
        f"{url}/preview",
        {"file": SimpleUploadedFile("签到表.csv", sheet.encode("gbk"))},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert preview.status_code == 200
    body = preview.json()
    assert [(r["line"], r["status"]) for r in body["rows"]] == [
        (2, "matched"),
        (3, "not_found"),
        (4, "matched"),
    ]
    assert body["rows"][0]["phone"] == "138****1111"
    assert body["counts"]["matched"] == 2
    assert Attendance.unscoped.count() == 0

    committed = client.post(
        f"{url}/commit",
        data=json.dumps({"token": body["token"]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert committed.json() == {"created": 2, "already": 0}
    assert Attendance.unscoped.filter(recorded_via="import").count() == 2


def test_sheet_preview_of_a_bad_file_is_a_400_with_a_chinese_message(client, village, secretary_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/v1/recording/activities/{village['activity'].code}/sheet/preview",
        {"file": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)},
        HTTP_AUTHORIZATION=f"Bearer {create_token(secretary_a, 'app')}",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert "无法识别的文件格式" in response.json()["message"]
    response = client.post(
        f"/api/v1/recording/activities/{village['activity'].code}/sheet/preview",
        {},
        HTTP_AUTHORIZATION=f"Bearer {create_token(secretary_a, 'app2')}",
    )
    assert response.json()["code"] == "file_missing"
