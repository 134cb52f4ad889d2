"""A pending check-in resolved by no user (through an API token, or by an account deleted
since) still opens: the page says who resolved it as "—" instead of failing."""

from __future__ import annotations

from django.utils import timezone

from sanwei.checkin.models import CheckinStatus, UnverifiedCheckin

from ..factories import UnverifiedCheckinFactory


def test_a_check_in_rejected_by_no_user_opens_with_a_dash(login, secretary_a, activity):
    checkin = UnverifiedCheckinFactory(activity=activity, name="张伟", phone="13700000003")
    UnverifiedCheckin.unscoped.filter(pk=checkin.pk).update(
        status=CheckinStatus.REJECTED, resolved_by=None, resolved_at=timezone.now()
    )

    response = login(secretary_a).get(f"/checkin/unverified/{checkin.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "张伟" in body
    assert "— ·" in body
