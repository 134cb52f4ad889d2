"""The demo town's 微服务 needs: every state of the loop, some overdue, ratings and the
volunteers' hours; the demo volunteer login acts as a squad volunteer."""

from __future__ import annotations

from django_scopes import scopes_disabled

from sanwei.needs import services
from sanwei.needs.models import Need, NeedState, VolunteerAccount


def test_the_demo_has_needs_in_every_state(demo):
    with scopes_disabled():
        states = set(Need.unscoped.values_list("state", flat=True))
        assert states == set(NeedState.values)
        assert services.overdue(Need.unscoped.all()).count() >= 2
        rated = Need.unscoped.filter(rating__isnull=False)
        assert rated.count() >= 3
        assert set(rated.values_list("rating", flat=True)) <= {1, 2, 3, 4, 5}
        assert sum(services.resolved_hours().values()) > 0
        assert VolunteerAccount.unscoped.filter(user__username="volunteer").exists()
        assert Need.unscoped.filter(description__contains="水管漏水").exists()
