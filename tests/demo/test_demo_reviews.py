"""The demo town's 定期复盘: a review of the town's needs with its agenda (the demo's needs
counted, overdue ones and a low rating among them) and two follow-ups, one turned into a
need that links back."""

from __future__ import annotations

from django_scopes import scopes_disabled

from sanwei.needs.models import Need
from sanwei.reviews.agenda import agenda, local_day_range
from sanwei.reviews.models import FollowUp, Review


def test_the_demo_has_a_review_with_its_agenda_and_follow_ups(demo, client):
    with scopes_disabled():
        review = Review.unscoped.get()
        result = agenda(review)
        start, end = local_day_range(review.period_start, review.period_end)
        registered = Need.unscoped.filter(
            region__path__startswith=review.region.path, created_at__gte=start, created_at__lt=end
        )
        # The demo's needs of the last 30 days, the converted one too.
        assert result.total == registered.count() > 10
        assert result.overdue and result.low_rated
        follow_ups = list(FollowUp.unscoped.filter(review=review).order_by("pk"))
        assert len(follow_ups) == 2
        converted = follow_ups[0].need
        assert (converted.source, follow_ups[1].need) == ("review", None)
        assert converted.follow_up.review == review
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="town"))
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "反复出现的问题" in page and f'href="/needs/{converted.pk}/"' in page
