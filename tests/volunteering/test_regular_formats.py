"""The regular formats (主题党日, 民情恳谈会, 一月一课一片一实践) are 微服务 activity types:
they take a category, a limit and sign-ups like any volunteer service."""

from __future__ import annotations

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import ActivityType
from sanwei.volunteering.services import sign_up, signup_lists

from .conftest import service_activity


def test_the_regular_formats_are_service_types(db):
    names = dict(
        ActivityType.objects.filter(
            code__in=["themed_party_day", "sentiment_talk", "monthly_practice"]
        ).values_list("name", "pillar")
    )
    assert names == {
        "主题党日": "service",
        "民情恳谈会": "service",
        "一月一课一片一实践": "service",
    }


def test_a_themed_party_day_takes_sign_ups_with_a_waiting_list(tree, squad, people):
    party_day = service_activity(tree["village_a"], squad, limit=1, code="themed_party_day")

    results = [sign_up(party_day, p, user=SYSTEM) for p in people[:2]]

    assert [(r.status, r.position) for r in results] == [("signed_up", None), ("waiting", 1)]
    lists = signup_lists(party_day)
    assert (lists.service.category.name, party_day.activity_type.name) == ("环境整治", "主题党日")
