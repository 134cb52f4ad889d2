"""The check-in link: a signed token carrying the activity's random code. A forged,
altered or other activity's token opens a clear Chinese page (404) and records nothing."""

from __future__ import annotations

from sanwei.activities.models import Attendance
from sanwei.checkin.models import UnverifiedCheckin
from sanwei.checkin.services import activity_for_token, checkin_token

from ..factories import ActivityFactory, PersonFactory

INVALID = "签到链接无效"


def _nothing_recorded():
    assert Attendance.unscoped.count() == 0
    assert UnverifiedCheckin.unscoped.count() == 0


def test_the_token_carries_the_code_and_names_the_activity(activity):
    token = checkin_token(activity)

    assert token.startswith(activity.code + ".")
    assert str(activity.pk) not in token.split(".")[0]
    assert activity_for_token(token) == activity


def test_the_link_opens_the_form_with_title_time_and_place(client, activity, link):
    response = client.get(link)

    assert response.status_code == 200
    body = response.content.decode()
    assert "党的二十大精神宣讲" in body
    assert "村部广场" in body
    assert "姓名" in body and "手机号码" in body


def test_a_forged_token_is_a_clear_page_and_records_nothing(client, activity, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    response = client.post(
        f"/c/{activity.code}.forgedsignatureAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        {"name": "张秀英", "phone": "13812345678"},
    )

    assert response.status_code == 404
    assert INVALID in response.content.decode()
    _nothing_recorded()


def test_an_altered_token_is_refused(client, activity, link, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")
    altered = link[:-1] + ("A" if link[-1] != "A" else "B")

    response = client.post(altered, {"name": "张秀英", "phone": "13812345678"})

    assert response.status_code == 404
    assert INVALID in response.content.decode()
    _nothing_recorded()


def test_another_activitys_signature_does_not_open_this_activity(client, activity, tree):
    other = ActivityFactory(region=tree["village_a"], campaign=activity.campaign)
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")
    other_signature = checkin_token(other).split(".", 1)[1]

    response = client.post(
        f"/c/{activity.code}.{other_signature}", {"name": "张秀英", "phone": "13812345678"}
    )

    assert response.status_code == 404
    _nothing_recorded()


def test_a_token_signed_with_another_salt_is_refused(client, activity):
    from django.core import signing

    token = signing.Signer(salt="something.else", sep=".").sign(activity.code)

    assert client.get(f"/c/{token}").status_code == 404


def test_a_token_of_a_deleted_activity_is_refused(client, activity, link):
    activity.delete()

    response = client.get(link)

    assert response.status_code == 404
    assert INVALID in response.content.decode()
