"""The demo town's volunteers: every squad member registered, hours confirmed, some star
volunteers (five one-star, two two-star, two three-star), one certificate that verifies."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.demo.builder import build_demo
from sanwei.teams.models import Membership, TeamKind
from sanwei.volunteers import hours
from sanwei.volunteers.models import Certificate, VolunteerProfile
from sanwei.volunteers.services import verification_code


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with scopes_disabled():
        yield build_demo(progress=False, scale=0.02)


def test_the_demo_has_registered_volunteers_with_stars_and_a_certificate(demo, client):
    with scopes_disabled():
        members = set(
            Membership.unscoped.filter(
                team__kind=TeamKind.SQUAD, ended_on__isnull=True
            ).values_list("person_id", flat=True)
        )
        profiles = VolunteerProfile.unscoped.order_by("number")
        numbers = list(profiles.values_list("number", flat=True))
        stars = Counter(s.stars for s in hours.standings(profiles.select_related("person")))
        certificate = Certificate.unscoped.get()
        unconfirmed_past = Attendance.unscoped.filter(
            role=AttendanceRole.VOLUNTEER, confirmed_at__isnull=True, activity__ends_at__year=2022
        )

        assert set(profiles.values_list("person_id", flat=True)) == members
        assert numbers[:2] == ["430821104-0001", "430821104-0002"]
        assert numbers[-1] == f"430821104-{len(numbers):04d}"
        assert (stars[1], stars[2], stars[3], stars[4], stars[5]) == (5, 2, 2, 0, 0)
        assert certificate.star_level == 3 and certificate.total_hours >= 600
        assert not unconfirmed_past.exclude(activity__region__path__startswith="430821104201")
    assert demo.pillars["志愿者"] == len(numbers)
    assert demo.pillars["星级志愿者"] == 9

    page = client.get(f"/verify/{verification_code(certificate)}").content.decode()
    assert "证明真实有效" in page and certificate.name in page

    client.force_login(get_user_model().objects.get(username="town"))
    ranking = client.get("/volunteers/ranking/").content.decode()
    assert certificate.name in ranking
