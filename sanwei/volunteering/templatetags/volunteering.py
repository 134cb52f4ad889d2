"""Cards other apps' pages show without importing this app: `{% service_card activity %}`
on an activity's page and `{% my_signups %}` on a volunteer's 我的志愿服务 page. Both read
through the request's scope."""

from __future__ import annotations

from django import template
from django.utils import timezone

from sanwei.accounts.permissions import can
from sanwei.activities.models import Activity, Pillar
from sanwei.activities.rules import may_change_activity
from sanwei.needs.rules import acting_person

from .. import rules, services
from ..models import ACTIVE_STATUSES, ServiceActivity, SignUp
from ..permissions import SIGN_UP, VIEW_SIGNUPS

register = template.Library()

UPCOMING_LIMIT = 20


@register.inclusion_tag("volunteering/_service_card.html", takes_context=True)
def service_card(context, activity: Activity) -> dict:
    """Category, places and waiting list of a 微服务 activity; the viewer's own sign-up
    with its button; links for staff."""
    request = context["request"]
    user = request.user
    if activity.activity_type.pillar != Pillar.SERVICE:
        return {"show": False}
    lists = services.signup_lists(activity)
    person = acting_person(user) if can(user, SIGN_UP, activity.region) else None
    return {
        "show": True,
        "request": request,
        "activity": activity,
        "lists": lists,
        "open": activity.starts_at > timezone.now(),
        "person": person,
        "mine": services.own_signup(activity, person),
        "can_change": may_change_activity(user, activity),
        "can_view": can(user, VIEW_SIGNUPS, activity.region),
        "can_sign_up": person is not None and rules.may_sign_up_self(user, activity),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("volunteering/_my_signups.html", takes_context=True)
def my_signups(context) -> dict:
    """The volunteer's own sign-ups still to come, and the service activities they may
    still sign up for (in their scope, not begun, with sign-up open)."""
    request = context["request"]
    user = request.user
    person = acting_person(user)
    if person is None:
        return {"show": False}
    now = timezone.now()
    mine = list(
        SignUp.objects.filter(
            person=person, status__in=ACTIVE_STATUSES, activity__starts_at__gt=now
        )
        .select_related("activity", "activity__region")
        .order_by("activity__starts_at", "id")
    )
    for signup in mine:
        signup.position = services.waiting_position(signup)
    taken = {s.activity_id for s in mine}
    services_open = (
        ServiceActivity.objects.filter(activity__starts_at__gt=now)
        .exclude(activity_id__in=taken)
        .select_related("activity", "activity__region", "category")
        .order_by("activity__starts_at", "activity_id")[:UPCOMING_LIMIT]
    )
    upcoming = []
    for service in services_open:
        activity = service.activity
        if not can(user, SIGN_UP, activity.region):
            continue
        lists = services.signup_lists(activity)
        upcoming.append({"service": service, "activity": activity, "lists": lists})
    return {
        "show": True,
        "request": request,
        "mine": mine,
        "upcoming": upcoming,
        "csrf_token": context.get("csrf_token"),
    }
