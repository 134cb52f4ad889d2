"""Pages of QR check-in.

- Public (no login, phone-first): `/c/<token>`, the form a resident fills after scanning
  the poster. It shows the activity's title, time and place, and after the check-in only
  a confirmation with the activity's title: nothing of anyone on the roster.
- Staff: an activity's link, QR code and poster; the unverified check-ins waiting for
  staff (per activity and across the user's regions), each with its candidate persons,
  to confirm as a new person, merge into one of them, or reject.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from sanwei.accounts.permissions import require
from sanwei.activities.models import Activity
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.net import client_address
from sanwei.core.pdf import pdf_response
from sanwei.core.qr import qr_svg
from sanwei.core.viewkit import ListPage
from sanwei.people.models import Person
from sanwei.people.permissions import CHANGE_PEOPLE
from sanwei.people.privacy import ShownPerson
from sanwei.people.validation import mask_phone

from . import poster, rules, services
from .filters import UnverifiedFilter
from .forms import CheckinForm
from .models import CheckinStatus, UnverifiedCheckin

# --------------------------------------------------------------------------- public


def checkin_url(request: HttpRequest, activity: Activity) -> str:
    """The absolute address of the activity's public check-in page."""
    path = reverse("checkin_public", args=[services.checkin_token(activity)])
    base = getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def _public(request: HttpRequest, template: str, context: dict, status: int = 200):
    return render(request, f"checkin/{template}", context, status=status)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return _public(request, "public_invalid.html", {}, status=404)


def _closed(request: HttpRequest, activity: Activity, state, status: int) -> HttpResponse:
    return _public(
        request,
        "public_closed.html",
        {
            "activity": activity,
            "not_yet": state is services.Window.NOT_YET,
            "opens_at": services.checkin_opens_at(activity),
            "closes_at": services.checkin_closes_at(activity),
            "when": poster.when_text(activity),
        },
        status=status,
    )


def _same_phone(group: str, request: HttpRequest) -> str:
    phone = "".join(ch for ch in request.POST.get("phone", "") if ch.isdigit())[-11:]
    return f"{client_address(request)}|{phone}"


def _rate_limited(request: HttpRequest) -> bool:
    """Two limits, both counted per minute on POSTs: one address (a whole village meeting
    may share one Wi-Fi, so it is generous) and one address with one mobile number
    (the same person submitting again and again)."""
    limits = (
        ("sanwei.checkin.public", "ip", settings.CHECKIN_RATE_LIMIT),
        ("sanwei.checkin.public.phone", _same_phone, settings.CHECKIN_RATE_LIMIT_PER_PHONE),
    )
    limited = False
    for group, key, rate in limits:
        limited |= is_ratelimited(
            request, group=group, key=key, rate=rate, method="POST", increment=True
        )
    return limited


@require_http_methods(["GET", "HEAD", "POST"])
def public_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The page a resident reaches by scanning the poster (no login)."""
    activity = services.activity_for_token(token)
    if activity is None:
        return _invalid_link(request)
    state = services.window_state(activity)
    if state is not services.Window.OPEN:
        return _closed(request, activity, state, 200 if request.method != "POST" else 403)
    context = {"activity": activity, "when": poster.when_text(activity)}
    if request.method != "POST":
        return _public(request, "public_form.html", {**context, "form": CheckinForm()})
    if _rate_limited(request):
        return _public(request, "public_rate_limited.html", context, status=429)
    form = CheckinForm(request.POST)
    if not form.is_valid():
        return _public(request, "public_form.html", {**context, "form": form}, status=400)
    try:
        result = services.check_in(
            activity, name=form.cleaned_data["name"], phone=form.cleaned_data["phone"]
        )
    except ServiceError as e:
        if e.code in ("checkin_not_open", "checkin_closed"):  # the window shut meanwhile
            return _closed(request, activity, services.window_state(activity), 403)
        form.add_error(e.field if e.field in form.fields else None, e.message)
        return _public(request, "public_form.html", {**context, "form": form}, status=400)
    # Matched or waiting for staff, the resident sees the same confirmation: the page does
    # not tell whether a name and number are on the roster.
    return _public(request, "public_done.html", {**context, "again": result.again})


# --------------------------------------------------------------------------- staff


def _activity_for_staff(request: HttpRequest, activity_pk: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("region", "activity_type", "campaign"), pk=activity_pk
    )
    require(request.user, RECORD_ATTENDANCE, activity.region)
    return activity


@login_required
@require_safe
def activity_checkin(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The activity's check-in link, its QR code, the posters and the check-ins waiting."""
    activity = _activity_for_staff(request, activity_pk)
    url = checkin_url(request, activity)
    pending = (
        UnverifiedCheckin.objects.filter(activity=activity, status=CheckinStatus.PENDING)
        .select_related("activity")
        .order_by("created_at", "id")
    )
    return render(
        request,
        "checkin/activity_checkin.html",
        {
            "activity": activity,
            "url": url,
            "qr": qr_svg(url, scale=5),
            "state": services.window_state(activity).value,
            "opens_at": services.checkin_opens_at(activity),
            "closes_at": services.checkin_closes_at(activity),
            "pending": pending,
        },
    )


@login_required
@require_safe
def poster_pdf(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_for_staff(request, activity_pk)
    content = poster.poster_pdf(activity, checkin_url(request, activity))
    return pdf_response(content, f"{activity.title}-签到海报.pdf")


@login_required
@require_safe
def poster_png(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_for_staff(request, activity_pk)
    response = HttpResponse(
        poster.poster_png(activity, checkin_url(request, activity)), content_type="image/png"
    )
    response["Content-Disposition"] = 'inline; filename="checkin-poster.png"'
    return response


class PendingList(ListPage):
    """待确认签到 across the user's regions (pending unless another status is asked)."""

    model = UnverifiedCheckin
    select_related = ("activity", "activity__region", "person")
    ordering = ("-created_at", "-id")
    filterset_class = UnverifiedFilter
    permission = RECORD_ATTENDANCE
    template_name = "checkin/pending_list.html"


pending_list = PendingList.as_view()


def _unverified_or_404(unverified_pk: int) -> UnverifiedCheckin:
    return get_object_or_404(
        UnverifiedCheckin.objects.select_related(
            "activity", "activity__region", "person", "resolved_by"
        ),
        pk=unverified_pk,
    )


def _checked(request: HttpRequest, unverified_pk: int) -> UnverifiedCheckin:
    checkin = _unverified_or_404(unverified_pk)
    require(request.user, RECORD_ATTENDANCE, checkin.activity.region)
    return checkin


@login_required
@require_safe
def unverified_detail(request: HttpRequest, unverified_pk: int) -> HttpResponse:
    checkin = _checked(request, unverified_pk)
    people = services.candidates(checkin, Person.objects.all())
    return render(
        request,
        "checkin/unverified_detail.html",
        {
            "checkin": checkin,
            "candidates": [(p, ShownPerson.of(p, request.user)) for p in people],
            "phone": mask_phone(checkin.phone),
            "pending": checkin.status == CheckinStatus.PENDING,
            "can_create_person": rules.may_confirm_as_new(request.user, checkin),
        },
    )


def _after(request: HttpRequest, checkin: UnverifiedCheckin, call, message) -> HttpResponse:
    try:
        call()
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("checkin:unverified", checkin.pk)
    messages.success(request, message)
    return redirect(reverse("checkin:activity", args=[checkin.activity_id]))


@login_required
@require_POST
def unverified_confirm(request: HttpRequest, unverified_pk: int) -> HttpResponse:
    checkin = _checked(request, unverified_pk)
    require(request.user, CHANGE_PEOPLE, checkin.activity.region)
    return _after(
        request,
        checkin,
        lambda: services.confirm_as_new(checkin, user=request.user),
        _("已登记新群众“%(name)s”并记入本活动") % {"name": checkin.name},
    )


@login_required
@require_POST
def unverified_merge(request: HttpRequest, unverified_pk: int) -> HttpResponse:
    checkin = _checked(request, unverified_pk)
    try:
        person = Person.objects.get(pk=int(request.POST.get("person", "")))
    except (ValueError, Person.DoesNotExist):
        messages.error(request, _("请选择要并入的群众"))
        return redirect("checkin:unverified", checkin.pk)
    return _after(
        request,
        checkin,
        lambda: services.merge_checkin(checkin, person, user=request.user),
        _("已并入“%(name)s”并记入本活动") % {"name": person.name},
    )


@login_required
@require_POST
def unverified_reject(request: HttpRequest, unverified_pk: int) -> HttpResponse:
    checkin = _checked(request, unverified_pk)
    return _after(
        request,
        checkin,
        lambda: services.reject_checkin(checkin, user=request.user),
        _("已驳回“%(name)s”的签到") % {"name": checkin.name},
    )
