"""Volunteer pages: the registry (list, register, detail, edit, card PDF), the organiser's
confirmation of an activity's volunteer hours, rankings, certificates, and the public
verification pages of cards and certificates. Thin: rules in services and `hours`."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_ratelimit.decorators import ratelimit

from sanwei.accounts.permissions import can, require, require_that
from sanwei.activities.models import Activity, Attendance, AttendanceRole
from sanwei.activities.permissions import RECORD_ATTENDANCE
from sanwei.activities.rules import may_record_attendance
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.pdf import pdf_response
from sanwei.core.viewkit import CreatePage, EditPage, ListPage
from sanwei.core.widgets import picker_endpoint, picker_results
from sanwei.needs.rules import acting_person
from sanwei.people.models import Person
from sanwei.people.services import search_people
from sanwei.regions.models import Region
from sanwei.teams.forms import member_label
from sanwei.teams.models import Team, TeamKind

from . import hours, services
from .documents import card_pdf, certificate_pdf, hours_text, level_name
from .filters import VolunteerFilter
from .forms import PROFILE_FIELDS, IssueForm, RegisterForm, VolunteerForm
from .models import Certificate, VolunteerProfile
from .permissions import CHANGE_VOLUNTEERS, ISSUE_CERTIFICATES, OWN_HOURS, VIEW_VOLUNTEERS


def absolute(request: HttpRequest, path: str) -> str:
    base = getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


class VolunteerPages:
    model = VolunteerProfile
    select_related = ("person", "person__region")
    detail_url = "volunteers:volunteer_detail"
    list_url = "volunteers:volunteer_list"


class VolunteerList(VolunteerPages, ListPage):
    filterset_class = VolunteerFilter
    permission = VIEW_VOLUNTEERS
    create_permission = CHANGE_VOLUNTEERS
    template_name = "volunteers/volunteer_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = sorted(
            hours.standings(context["page_obj"].object_list),
            key=lambda r: r.profile.number,
        )
        return context


class VolunteerRegister(VolunteerPages, CreatePage):
    form_class = RegisterForm
    permission = CHANGE_VOLUNTEERS
    template_name = "volunteers/volunteer_form.html"
    success_message = _("已登记志愿者%(name)s")

    def save(self, form, obj):
        fields = {f: form.cleaned_data[f] for f in PROFILE_FIELDS[:-1] if f != "joined_on"}
        return services.register_volunteer(
            form.cleaned_data["person"],
            user=self.request.user,
            joined_on=form.cleaned_data["joined_on"],
            **fields,
        )

    def message_values(self, obj):
        return {"name": obj.person.name}


class VolunteerEdit(VolunteerPages, EditPage):
    form_class = VolunteerForm
    permission = CHANGE_VOLUNTEERS
    service = services.save_profile
    template_name = "volunteers/volunteer_form.html"
    success_message = _("已保存志愿者%(name)s的信息")

    def message_values(self, obj):
        return {"name": obj.person.name}


volunteer_list = VolunteerList.as_view()
volunteer_create = VolunteerRegister.as_view()
volunteer_edit = VolunteerEdit.as_view()


@login_required
@picker_endpoint
def person_candidates(request: HttpRequest) -> HttpResponse:
    """The register form's person search: people in scope not registered yet (htmx)."""
    require(request.user, CHANGE_VOLUNTEERS)
    people = Person.objects.filter(volunteer_profile__isnull=True).select_related("region")
    return picker_results(
        request, people, search=partial(search_people, user=request.user), label=member_label
    )


def _profile(request: HttpRequest, pk: int) -> VolunteerProfile:
    return get_object_or_404(
        VolunteerProfile.objects.select_related("person", "person__region"), pk=pk
    )


@login_required
@require_safe
def volunteer_detail(request: HttpRequest, volunteer_pk: int) -> HttpResponse:
    """One volunteer: registry facts, hours and stars, service history, certificates."""
    profile = _profile(request, volunteer_pk)
    require(request.user, VIEW_VOLUNTEERS, profile.person.region)
    summary = hours.summary(profile)
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "profile": profile,
            "squad": profile.squad,
            "summary": summary,
            "level": level_name(summary.stars),
            "history": hours.history(profile)[:100],
            "certificates": profile.certificates.all()[:20],
            "can_change": can(request.user, CHANGE_VOLUNTEERS, profile.person.region),
            "can_issue": can(request.user, ISSUE_CERTIFICATES, profile.person.region),
            "issue_form": IssueForm(),
        },
    )


@login_required
@require_safe
def volunteer_card(request: HttpRequest, volunteer_pk: int) -> HttpResponse:
    """The printable volunteer card (PDF) with the QR of its public verification page."""
    profile = _profile(request, volunteer_pk)
    require(request.user, CHANGE_VOLUNTEERS, profile.person.region)
    url = absolute(request, reverse("volunteer_card_verify", args=[profile.card_code]))
    return pdf_response(card_pdf(profile, url), f"志愿者证-{profile.number}.pdf")


@login_required
@require_POST
def certificate_issue(request: HttpRequest, volunteer_pk: int) -> HttpResponse:
    profile = _profile(request, volunteer_pk)
    require(request.user, ISSUE_CERTIFICATES, profile.person.region)
    form = IssueForm(request.POST)
    issuer = form.cleaned_data["issuer"] if form.is_valid() else ""
    try:
        certificate, _code = services.issue_certificate(profile, user=request.user, issuer=issuer)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("volunteers:volunteer_detail", profile.pk)
    messages.success(request, _("已出具志愿服务记录证明"))
    return redirect("volunteers:certificate_pdf", certificate.pk)


@login_required
@require_safe
def certificate_pdf_view(request: HttpRequest, certificate_pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("profile__person__region"), pk=certificate_pk
    )
    require(request.user, VIEW_VOLUNTEERS, certificate.profile.person.region)
    code = services.verification_code(certificate)
    url = absolute(request, reverse("certificate_verify", args=[code]))
    return pdf_response(
        certificate_pdf(certificate, code, url), f"志愿服务记录证明-{certificate.name}.pdf"
    )


@login_required
@require_safe
def ranking(request: HttpRequest) -> HttpResponse:
    """The hours ranking of a squad, a village or a town, and this month's new levels."""
    require(request.user, VIEW_VOLUNTEERS)
    region = None
    code = request.GET.get("region", "").strip()
    if code:
        region = Region.objects.filter(code=code).first()
    squad = None
    squad_id = request.GET.get("squad", "").strip()
    if squad_id.isdigit():
        squad = Team.objects.filter(kind=TeamKind.SQUAD, pk=int(squad_id)).first()
    page = hours.ranking_page(region, squad, within=VolunteerProfile.objects.values("pk"))
    return render(
        request,
        "volunteers/ranking.html",
        {
            "rows": page.rows,
            "region": region,
            "squad": squad,
            "new_levels": page.new_levels,
            "regions": Region.objects.filter(level__in=(3, 4)).order_by("path"),
            "squads": Team.objects.filter(kind=TeamKind.SQUAD).order_by("region__path", "name"),
        },
    )


@login_required
@require_safe
def my_service(request: HttpRequest) -> HttpResponse:
    """A volunteer's own phone page: hours, stars, what is left to the next level, the
    confirmed service history, the card. The login acts as the person its
    `needs.VolunteerAccount` names; without one the page says so."""
    require(request.user, OWN_HOURS)
    person = acting_person(request.user)
    profile = (
        VolunteerProfile.unscoped.filter(person=person).select_related("person__region").first()
        if person is not None
        else None
    )
    context: dict = {"profile": profile}
    if profile is not None:
        summary = hours.summary(profile)
        context.update(
            summary=summary,
            level=level_name(summary.stars),
            to_next=(summary.next_threshold - summary.hours) if summary.next_threshold else None,
            history=hours.history(profile)[:50],
            squad=profile.squad,
            unconfirmed=Attendance.unscoped.filter(
                person=profile.person, role=AttendanceRole.VOLUNTEER, confirmed_at__isnull=True
            ).count(),
        )
    return render(request, "volunteers/my_service.html", context)


# --------------------------------------------------------------------------- confirmation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_hours(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The organiser's confirmation of an activity's volunteer hours: set hours, confirm
    one, or confirm every unconfirmed one at once (谁组织谁记录，谁记录谁证明)."""
    activity = get_object_or_404(Activity.objects.select_related("region"), pk=activity_pk)
    allowed = may_record_attendance(request.user, activity)
    if request.method == "POST":
        require_that(allowed, RECORD_ATTENDANCE)
        action = request.POST.get("action", "")
        try:
            if action == "hours":
                attendance = get_object_or_404(
                    Attendance.objects.filter(activity=activity), pk=request.POST.get("attendance")
                )
                services.set_volunteer_hours(
                    attendance, request.POST.get("hours"), user=request.user
                )
                messages.success(request, _("已修改服务时长"))
            elif action == "confirm":
                attendance_id = request.POST.get("attendance", "")
                if not attendance_id.isdigit():
                    raise Http404
                services.confirm_attendances(activity, [int(attendance_id)], user=request.user)
                messages.success(request, _("已确认服务时长"))
            else:
                count = services.confirm_attendances(activity, user=request.user)
                messages.success(request, _("已确认%(count)s人的服务时长") % {"count": count})
        except NotPermitted:
            raise
        except ServiceError as e:
            messages.error(request, e.message)
        return redirect("volunteers:activity_hours", activity.pk)
    require(request.user, VIEW_VOLUNTEERS, activity.region)
    attendances = (
        Attendance.objects.filter(activity=activity, role=AttendanceRole.VOLUNTEER)
        .select_related("person", "person__region", "confirmed_by")
        .order_by("person__name", "pk")
    )
    return render(
        request,
        "volunteers/activity_hours.html",
        {
            "activity": activity,
            "attendances": attendances,
            "can_confirm": allowed,
            "unconfirmed": sum(1 for a in attendances if a.confirmed_at is None),
        },
    )


# --------------------------------------------------------------------------- public


def _public(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, "volunteers/verify.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@ratelimit(key="ip", rate=settings.CHECKIN_RATE_LIMIT, block=False)
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether a certificate is genuine; only name, hours, level and issue date."""
    if getattr(request, "limited", False):
        return _public(request, {"limited": True}, status=429)
    certificate = services.verify(code[:64])
    if certificate is None:
        return _public(request, {"kind": "certificate", "genuine": False}, status=404)
    return _public(
        request,
        {
            "kind": "certificate",
            "genuine": True,
            "name": certificate.name,
            "hours": hours_text(certificate.total_hours),
            "level": level_name(certificate.star_level),
            "issued_on": certificate.issued_on,
        },
    )


@require_safe
@ratelimit(key="ip", rate=settings.CHECKIN_RATE_LIMIT, block=False)
def volunteer_card_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether a volunteer card is real and still valid: name, number, squad."""
    if getattr(request, "limited", False):
        return _public(request, {"limited": True}, status=429)
    profile = VolunteerProfile.unscoped.filter(card_code=code[:12]).select_related("person").first()
    if profile is None:
        return _public(request, {"kind": "card", "genuine": False}, status=404)
    squad = profile.squad
    return _public(
        request,
        {
            "kind": "card",
            "genuine": True,
            "name": profile.person.name,
            "number": profile.number,
            "squad": squad.name if squad else "",
            "active": profile.is_active,
        },
    )
