"""The demo town's volunteer activities: held services in several categories, services
planned after the demo's today with sign-ups in the demo volunteer's village, one full with
a waiting list (one place given up, the first waiting moved up)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from sanwei.activities.models import Activity
from sanwei.needs.models import VolunteerAccount
from sanwei.volunteering.models import ServiceActivity, SignUp
from sanwei.volunteering.services import signup_lists


def test_the_demo_has_service_activities_in_several_categories_and_a_waiting_list(demo):
    with scopes_disabled():
        held = ServiceActivity.unscoped.filter(activity__activity_type__code="volunteer_service")
        assert held.values("category").distinct().count() >= 5
        assert ServiceActivity.unscoped.filter(category__code="visits").exists()
        upcoming = ServiceActivity.unscoped.filter(signup_limit__isnull=False)
        full = [s for s in upcoming if signup_lists(s.activity).is_full]
        assert len(full) == 1
        lists = signup_lists(full[0].activity)
        assert [w.position for w in lists.waiting] == [1, 2]
        assert len(lists.signed_up) == full[0].signup_limit
        assert SignUp.unscoped.filter(activity=full[0].activity, status="cancelled").count() == 1
        promoted = SignUp.unscoped.get(activity=full[0].activity, promoted_at__isnull=False)
        assert promoted.status == "signed_up"


def test_the_demo_volunteer_has_a_sign_up_and_services_to_sign_up_for(demo):
    with scopes_disabled():
        me = VolunteerAccount.unscoped.get(user__username="volunteer").person
        mine = SignUp.unscoped.filter(person=me, status="signed_up")
        assert mine.count() == 1
        village = me.region.path[:12]
        open_here = Activity.unscoped.filter(
            service__isnull=False, region__path__startswith=village, service__signup_limit__gt=0
        ).exclude(signups__person=me)
        assert open_here.count() >= 2
        assert Activity.unscoped.filter(
            activity_type__code="themed_party_day", service__isnull=False
        ).exists()
