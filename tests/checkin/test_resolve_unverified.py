"""Staff resolve the check-ins that matched nobody: confirm as a new person of the
activity's region, merge into an existing person, or reject. Confirm and merge record the
attendance (audience, via QR). RECORD_ATTENDANCE on the activity's region is needed, and
CHANGE_PEOPLE too for a new person."""

from __future__ import annotations

import json

import pytest

from sanwei.accounts.models import Role
from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Attendance
from sanwei.checkin import services
from sanwei.checkin.models import CheckinStatus, UnverifiedCheckin
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.people.models import Person

from ..factories import PersonFactory, UnverifiedCheckinFactory, user_with_role


@pytest.fixture
def unverified(activity) -> UnverifiedCheckin:
    return UnverifiedCheckinFactory(activity=activity, name="张伟", phone="13700000003")


def _state(unverified):
    unverified.refresh_from_db()
    return unverified.status, unverified.person_id, unverified.resolved_by_id


def _attendances(activity):
    return list(
        Attendance.unscoped.filter(activity=activity).values_list(
            "person__name", "role", "recorded_via"
        )
    )


def test_the_pending_list_shows_the_secretarys_unverified_check_ins(login, secretary_a, unverified):
    response = login(secretary_a).get("/checkin/pending/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "张伟" in body and "党的二十大精神宣讲" in body


def test_the_pending_list_of_another_village_does_not_show_them(login, secretary_b, unverified):
    response = login(secretary_b).get("/checkin/pending/")

    assert response.status_code == 200
    assert "张伟" not in response.content.decode()


def test_the_detail_page_lists_candidates_with_masked_phones(login, secretary_a, unverified, tree):
    PersonFactory(region=tree["village_a"], name="张伟", phone="13700000001")
    PersonFactory(region=tree["village_a"], name="张伟", phone="13700000002")
    PersonFactory(region=tree["village_b"], name="张伟", phone="13700000009")

    response = login(secretary_a).get(f"/checkin/unverified/{unverified.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("并入此人") == 2
    assert "137****0001" in body and "137****0002" in body
    assert "13700000001" not in body and "13700000003" not in body
    assert "137****0009" not in body


def test_confirm_as_new_person_registers_them_and_records_attendance(
    login, secretary_a, unverified, activity, tree
):
    response = login(secretary_a).post(f"/checkin/unverified/{unverified.pk}/confirm/")

    assert response.status_code == 302
    person = Person.unscoped.get(name="张伟")
    assert (person.phone, person.region) == ("13700000003", tree["village_a"])
    assert _state(unverified) == (CheckinStatus.CONFIRMED, person.pk, secretary_a.pk)
    assert _attendances(activity) == [("张伟", "audience", "qr")]


def test_merge_into_an_existing_person_records_their_attendance(
    login, secretary_a, unverified, activity, tree
):
    existing = PersonFactory(region=tree["village_a"], name="张伟", phone="13700000001")

    response = login(secretary_a).post(
        f"/checkin/unverified/{unverified.pk}/merge/", {"person": existing.pk}
    )

    assert response.status_code == 302
    assert _state(unverified) == (CheckinStatus.MERGED, existing.pk, secretary_a.pk)
    assert _attendances(activity) == [("张伟", "audience", "qr")]
    assert Person.unscoped.count() == 1


def test_merge_into_someone_already_recorded_keeps_one_attendance(
    login, secretary_a, unverified, activity, tree
):
    existing = PersonFactory(region=tree["village_a"], name="张伟")
    Attendance.unscoped.create(activity=activity, person=existing)

    login(secretary_a).post(f"/checkin/unverified/{unverified.pk}/merge/", {"person": existing.pk})

    assert _state(unverified)[0] == CheckinStatus.MERGED
    assert Attendance.unscoped.filter(activity=activity).count() == 1


def test_reject_records_nothing(login, secretary_a, unverified, activity):
    response = login(secretary_a).post(f"/checkin/unverified/{unverified.pk}/reject/")

    assert response.status_code == 302
    assert _state(unverified) == (CheckinStatus.REJECTED, None, secretary_a.pk)
    assert _attendances(activity) == []
    assert Person.unscoped.count() == 0


def test_a_resolved_check_in_cannot_be_resolved_again(secretary_a, unverified):
    services.reject_checkin(unverified, user=secretary_a)

    with pytest.raises(ServiceError) as refused:
        services.confirm_as_new(unverified, user=secretary_a)

    assert refused.value.code == "checkin_resolved"
    assert Person.unscoped.count() == 0


def test_a_secretary_of_another_village_gets_404(login, secretary_b, unverified):
    client = login(secretary_b)

    assert client.get(f"/checkin/unverified/{unverified.pk}/").status_code == 404
    assert client.post(f"/checkin/unverified/{unverified.pk}/confirm/").status_code == 404
    assert _state(unverified)[0] == CheckinStatus.PENDING


def test_a_volunteer_is_forbidden(login, volunteer_a, unverified):
    client = login(volunteer_a)

    assert client.get("/checkin/pending/").status_code == 403
    assert client.get(f"/checkin/unverified/{unverified.pk}/").status_code == 403
    assert client.post(f"/checkin/unverified/{unverified.pk}/reject/").status_code == 403
    assert _state(unverified)[0] == CheckinStatus.PENDING


def test_a_team_leader_may_merge_but_not_create_a_person(tree, unverified):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")

    with pytest.raises(NotPermitted):
        services.confirm_as_new(unverified, user=leader)

    assert Person.unscoped.count() == 0
    person = PersonFactory(region=tree["village_a"], name="张伟")
    services.merge_checkin(unverified, person, user=leader)
    assert _state(unverified)[0] == CheckinStatus.MERGED


def test_merging_into_a_person_outside_the_users_scope_is_refused(
    secretary_a, unverified, activity, tree
):
    outsider = PersonFactory(region=tree["village_b"], name="张伟")

    with pytest.raises(ServiceError) as refused:
        services.merge_checkin(unverified, outsider, user=secretary_a)

    assert refused.value.code == "person_out_of_scope"
    assert _state(unverified)[0] == CheckinStatus.PENDING
    assert _attendances(activity) == []


# --- API ---------------------------------------------------------------------------


def _api(client, user, method, path, body=None):
    token = create_token(user, "test")
    return getattr(client, method)(
        f"/api/v1/checkin{path}",
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_api_lists_pending_check_ins_with_masked_phones(client, secretary_a, unverified):
    response = _api(client, secretary_a, "get", "/unverified")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert (item["id"], item["name"], item["phone"], item["status"]) == (
        unverified.pk,
        "张伟",
        "137****0003",
        "pending",
    )


def test_api_detail_names_the_candidates(client, secretary_a, unverified, tree):
    existing = PersonFactory(region=tree["village_a"], name="张伟", phone="13700000001")

    response = _api(client, secretary_a, "get", f"/unverified/{unverified.pk}")

    assert response.status_code == 200
    assert [(c["id"], c["phone"]) for c in response.json()["candidates"]] == [
        (existing.pk, "137****0001")
    ]


def test_api_confirm_merge_and_reject(client, secretary_a, activity, tree):
    first = UnverifiedCheckinFactory(activity=activity, name="甲", phone="13500000001")
    second = UnverifiedCheckinFactory(activity=activity, name="乙", phone="13500000002")
    third = UnverifiedCheckinFactory(activity=activity, name="丙", phone="13500000003")
    existing = PersonFactory(region=tree["village_a"], name="乙")

    confirmed = _api(client, secretary_a, "post", f"/unverified/{first.pk}/confirm")
    merged = _api(
        client, secretary_a, "post", f"/unverified/{second.pk}/merge", {"person_id": existing.pk}
    )
    rejected = _api(client, secretary_a, "post", f"/unverified/{third.pk}/reject")

    assert [r.status_code for r in (confirmed, merged, rejected)] == [200, 200, 200]
    assert [r.json()["status"] for r in (confirmed, merged, rejected)] == [
        "confirmed",
        "merged",
        "rejected",
    ]
    assert merged.json()["person_id"] == existing.pk
    assert sorted(_attendances(activity)) == [("乙", "audience", "qr"), ("甲", "audience", "qr")]


def test_api_merge_with_a_person_outside_the_scope_is_a_400(client, secretary_a, unverified, tree):
    outsider = PersonFactory(region=tree["village_b"])

    response = _api(
        client,
        secretary_a,
        "post",
        f"/unverified/{unverified.pk}/merge",
        {"person_id": outsider.pk},
    )

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("person_unknown", "person_id")


def test_api_resolving_twice_is_a_400(client, secretary_a, unverified):
    _api(client, secretary_a, "post", f"/unverified/{unverified.pk}/reject")

    response = _api(client, secretary_a, "post", f"/unverified/{unverified.pk}/reject")

    assert response.status_code == 400
    assert response.json()["code"] == "checkin_resolved"


def test_api_link_gives_the_public_address_and_window(client, secretary_a, activity):
    response = _api(client, secretary_a, "get", f"/activities/{activity.pk}/link")

    assert response.status_code == 200
    data = response.json()
    assert data["url"].startswith("http://testserver/c/" + activity.code + ".")
    assert data["state"] == "open"
