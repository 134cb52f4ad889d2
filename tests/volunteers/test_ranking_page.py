"""The ranking page's function: the first `limit` ranked, this month's new levels found
among all ranked (also below the limit), and only the profiles the caller may see."""

import datetime as dt
from decimal import Decimal

from sanwei.accounts.permissions import SYSTEM
from sanwei.volunteers import hours
from sanwei.volunteers.models import VolunteerProfile
from sanwei.volunteers.services import confirm_attendances

from ..factories import ActivityFactory, AttendanceFactory, PersonFactory, VolunteerProfileFactory
from .conftest import bj

MARCH_20 = dt.date(2023, 3, 20)


def volunteer(tree, name: str, number: str, served: list[tuple[dt.datetime, str]]):
    person = PersonFactory(region=tree["village_a"], name=name)
    profile = VolunteerProfileFactory(person=person, number=number)
    for start, amount in served:
        activity = ActivityFactory(
            region=person.region, starts_at=start, ends_at=start + dt.timedelta(hours=3)
        )
        AttendanceFactory(activity=activity, person=person, role="volunteer", hours=amount)
        confirm_attendances(activity, user=SYSTEM)
    return profile


def test_the_page_shows_the_first_ranked_and_new_levels_below_them(tree):
    volunteer(tree, "甲", "430821104-0001", [(bj(2023, 2, d), "15") for d in range(1, 11)])
    crossed = volunteer(
        tree, "乙", "430821104-0002",
        [(bj(2023, 2, d), "18") for d in range(1, 6)] + [(bj(2023, 3, 2), "20")],
    )  # fmt: skip
    volunteer(tree, "丙", "430821104-0003", [(bj(2023, 2, 1), "10")])

    page = hours.ranking_page(tree["town"], limit=1, today=MARCH_20)

    assert [(r.rank, r.profile.person.name, r.hours, r.stars) for r in page.rows] == [
        (1, "甲", Decimal("150.0"), 1)
    ]
    assert [(r.rank, r.profile.pk, r.hours, r.stars) for r in page.new_levels] == [
        (2, crossed.pk, Decimal("110.0"), 1)
    ]


def test_the_page_ranks_only_the_profiles_the_caller_may_see(tree):
    volunteer(tree, "甲", "430821104-0001", [(bj(2023, 2, 1), "15")])
    seen = volunteer(tree, "乙", "430821104-0002", [(bj(2023, 2, 1), "5")])

    page = hours.ranking_page(
        tree["town"], within=VolunteerProfile.unscoped.filter(pk=seen.pk).values("pk"),
        today=MARCH_20,
    )  # fmt: skip

    assert [(r.rank, r.profile.pk, r.hours) for r in page.rows] == [(1, seen.pk, Decimal("5.0"))]
    assert page.new_levels == []
