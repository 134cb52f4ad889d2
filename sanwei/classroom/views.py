"""Classroom pages: lecture teams and their lectures, recording a mobile lecture on a phone,
the materials library (staff side; the public share pages are in `share.py`), the
materials an activity used, and the 三句半 script editor. Thin: rules in services."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from sanwei.accounts.permissions import can, require
from sanwei.activities.models import Activity
from sanwei.activities.permissions import (
    CHANGE_ACTIVITIES,
    RECORD_ATTENDANCE,
    VIEW_ACTIVITIES,
)
from sanwei.activities.services import attachment_too_large
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.qr import qr_svg
from sanwei.core.uploads import too_large, upload_limit
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage, ListPage
from sanwei.core.widgets import picker_endpoint, picker_params, picker_results
from sanwei.people.models import Person
from sanwei.people.services import search_people
from sanwei.regions.models import Region, RegionLevel
from sanwei.teams.forms import member_label
from sanwei.teams.models import Membership, Team, TeamKind
from sanwei.teams.permissions import VIEW_TEAMS
from sanwei.teams.services import ordered_memberships

from . import rules, services
from .filters import MaterialFilter
from .forms import ActivityMaterialsForm, MaterialForm, MobileLectureForm, ScriptForm
from .models import Material, PerformanceScript
from .permissions import CHANGE_MATERIALS, VIEW_MATERIALS
from .sanzhiban import PERFORMERS

RESIDENTS_LIMIT = 80


# --------------------------------------------------------------------------- lecture teams


def _require_lecture_views(user) -> None:
    require(user, VIEW_TEAMS)
    require(user, VIEW_ACTIVITIES)


@login_required
@require_safe
def lecture_team_list(request: HttpRequest) -> HttpResponse:
    """Every lecture team in the user's region with its members, lectures and audience."""
    _require_lecture_views(request.user)
    overview = services.lecture_overview(Team.objects.all())
    return render(
        request,
        "classroom/lecture_team_list.html",
        {
            "overview": overview,
            "can_record": can(request.user, CHANGE_ACTIVITIES)
            and can(request.user, RECORD_ATTENDANCE),
        },
    )


@login_required
@require_safe
def lecture_team_detail(request: HttpRequest, team_pk: int) -> HttpResponse:
    """One lecture team: its members with their lecturer category, its lectures by month."""
    _require_lecture_views(request.user)
    team = get_object_or_404(
        Team.objects.filter(kind=TeamKind.LECTURE).select_related("region"), pk=team_pk
    )
    memberships = ordered_memberships(
        Membership.objects.filter(team=team, ended_on__isnull=True).select_related("person__region")
    )
    lectures = (
        services.lectures_of([team.pk])
        .select_related("activity_type", "region")
        .order_by("-starts_at", "-pk")
    )
    return render(
        request,
        "classroom/lecture_team_detail.html",
        {
            "team": team,
            "memberships": memberships,
            "figures": services.team_lectures(team),
            "lectures": lectures[:30],
            "lecture_count": lectures.count(),
            "can_record": rules.may_record_lecture(request.user, team.region),
        },
    )


# --------------------------------------------------------------------------- mobile lectures


def _residents(request: HttpRequest, team: Team | None, params=None) -> dict:
    """The residents to tick for a lecture of `team`: those already ticked first, then
    the chosen 组 (or the whole village), narrowed by a name search."""
    params = request.GET if params is None else params
    if team is None:
        return {"ticked": [], "residents": [], "groups": [], "more": False}
    people = Person.objects.filter(region__path__startswith=team.region.path).select_related(
        "region"
    )
    groups = list(
        Region.objects.filter(path__startswith=team.region.path, level=RegionLevel.GROUP).order_by(
            "path"
        )
    )
    ticked_ids = [v for v in params.getlist("attendees") if v.isdigit()][:500]
    ticked = list(people.filter(pk__in=ticked_ids).order_by("name", "pk"))
    group = next((g for g in groups if str(g.pk) == params.get("group", "")), None)
    if group is not None:
        people = people.filter(region__path__startswith=group.path)
    query = params.get("q", "").strip()[:50]
    if query:
        people = search_people(people, query, user=request.user)
    found = list(
        people.exclude(pk__in=[p.pk for p in ticked]).order_by(
            "household_id", "relation_to_head", "name", "pk"
        )[: RESIDENTS_LIMIT + 1]
    )
    return {
        "ticked": [(p, member_label(p)) for p in ticked],
        "residents": [(p, member_label(p)) for p in found[:RESIDENTS_LIMIT]],
        "more": len(found) > RESIDENTS_LIMIT,
        "groups": groups,
        "group": group,
        "query": query,
        "limit": RESIDENTS_LIMIT,
    }


@login_required
@picker_endpoint
def lecture_residents(request: HttpRequest) -> HttpResponse:
    """The attendee checkboxes of the mobile lecture form (htmx), for `team` by 组: the
    form POSTs (the name search stays out of the URL); a GET is answered too."""
    require(request.user, RECORD_ATTENDANCE)
    params = picker_params(request)
    team_pk = params.get("team", "")
    team = None
    if team_pk.isdigit():
        team = Team.objects.filter(kind=TeamKind.LECTURE, pk=team_pk).select_related("region")
        team = team.first()
    if team is not None:
        require(request.user, RECORD_ATTENDANCE, team.region)
    return render(request, "classroom/_residents.html", _residents(request, team, params))


@login_required
@require_http_methods(["GET", "POST"])
def lecture_create(request: HttpRequest) -> HttpResponse:
    """Record a mobile lecture (流动学) on a phone: one short form."""
    require(request.user, CHANGE_ACTIVITIES)
    require(request.user, RECORD_ATTENDANCE)
    initial = {"team": request.GET["team"]} if request.GET.get("team", "").isdigit() else {}
    form = MobileLectureForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lecture = services.MobileLecture(
            team=data["team"],
            topic=data["topic"],
            place=data["place"],
            starts_at=data["starts_at"],
            audience_headcount=data["audience_headcount"],
            campaign=data["campaign"],
            materials=list(data["materials"]),
            attendees=list(data["attendees"]),
        )
        try:
            activity = services.record_mobile_lecture(lecture, user=request.user)
        except ServiceError as e:
            add_service_error(form, e)
        else:
            named = len(lecture.attendees)
            messages.success(
                request,
                _("已登记“%(title)s”：现场%(headcount)s人，登记姓名%(named)s人")
                % {"title": activity.title, "headcount": activity.audience_headcount,
                   "named": named},
            )  # fmt: skip
            return redirect("activities:activity_detail", activity_pk=activity.pk)
    chosen = str(form["team"].value() or "")
    teams = form.fields["team"].queryset
    team = teams.filter(pk=chosen).first() if chosen.isdigit() else None
    team = team or teams.first()
    return render(
        request,
        "classroom/lecture_form.html",
        {"form": form, "team": team, **_residents(request, team, request.POST)},
    )


# --------------------------------------------------------------------------- materials


class MaterialList(ListPage):
    model = Material
    select_related = ("region",)
    ordering = ("-created_at", "-id")
    filterset_class = MaterialFilter
    permission = VIEW_MATERIALS
    create_permission = CHANGE_MATERIALS


def share_url(request: HttpRequest, material: Material) -> str:
    return request.build_absolute_uri(reverse("material_share", args=[material.code]))


@login_required
@require_safe
def material_detail(request: HttpRequest, material_pk: int) -> HttpResponse:
    material = get_object_or_404(Material.objects.select_related("region"), pk=material_pk)
    require(request.user, VIEW_MATERIALS)
    link = share_url(request, material)
    activities = None
    if can(request.user, VIEW_ACTIVITIES):
        activities = (
            Activity.objects.filter(materials=material)
            .select_related("activity_type", "region")
            .order_by("-starts_at")
        )
    return render(
        request,
        "classroom/material_detail.html",
        {
            "material": material,
            "share_link": link,
            "qr": qr_svg(link),
            "activities": activities,
            "can_change": rules.may_change_material(request.user, material),
        },
    )


class MaterialPages:
    model = Material
    select_related = ("region",)
    permission = CHANGE_MATERIALS
    detail_url, list_url = "classroom:material_detail", "classroom:material_list"


class MaterialFormPage(MaterialPages):
    form_class = MaterialForm
    template_name = "classroom/material_form.html"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        _files = request.FILES  # parse the body: an oversized file is refused as it arrives
        if too_large(request):
            self.object = self.get_object() if kwargs else None
            form = self.get_form()
            form.is_valid()
            form.add_error("upload", attachment_too_large().message)
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def save(self, form, obj: Material) -> Material:
        upload = form.cleaned_data.get("upload")
        return services.save_material(obj, upload=upload, user=self.request.user)


class MaterialCreate(MaterialFormPage, CreatePage):
    success_message = _("已新建学习资料“%(name)s”")


class MaterialEdit(MaterialFormPage, EditPage):
    success_message = _("已保存学习资料“%(name)s”")


class MaterialDelete(MaterialPages, DeletePage):
    service = services.delete_material
    kind = _("学习资料")
    warning = _("分享链接将失效，活动中的引用将一并移除。")
    success_message = _("已删除学习资料“%(name)s”")


material_list = MaterialList.as_view()
material_create = upload_limit("ATTACHMENT_MAX_BYTES")(MaterialCreate.as_view())
material_edit = upload_limit("ATTACHMENT_MAX_BYTES")(MaterialEdit.as_view())
material_delete = MaterialDelete.as_view()


# --------------------------------------------------------------------------- activities


def _activity(activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("activity_type", "region", "campaign"), pk=activity_pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_materials(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """Name the learning materials an activity used."""
    activity = _activity(activity_pk)
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    current = list(Material.objects.filter(activities=activity).values_list("pk", flat=True))
    data = request.POST if request.method == "POST" else None  # none ticked: still a POST
    form = ActivityMaterialsForm(data, initial={"materials": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_activity_materials(
                activity, list(form.cleaned_data["materials"]), user=request.user
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已保存使用的学习资料"))
            return redirect(
                reverse("activities:activity_detail", args=[activity.pk]) + "#materials"
            )
    return render(
        request, "classroom/activity_materials.html", {"activity": activity, "form": form}
    )


@login_required
@require_safe
def script_detail(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """A performance's 三句半 script and its performers."""
    activity = _activity(activity_pk)
    require(request.user, VIEW_ACTIVITIES)
    script = PerformanceScript.objects.filter(activity=activity).first()
    performers = []
    if script is not None:
        performers = list(
            Person.objects.filter(performance_scripts=script).select_related("region")
        )
    return render(
        request,
        "classroom/script_detail.html",
        {
            "activity": activity,
            "script": script,
            "performers": performers,
            "is_performance": services.is_performance(activity),
            "can_change": services.is_performance(activity)
            and rules.may_change_script(request.user, activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def script_edit(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """Write or change the script: "检查" shows the errors line by line without saving;
    "保存" saves only a script without errors (a refused save shows them the same way)."""
    activity = _activity(activity_pk)
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    if not services.is_performance(activity):
        messages.error(request, _("只有唱演学（三句半）活动才有剧本"))
        return redirect("activities:activity_detail", activity_pk=activity.pk)
    script = PerformanceScript.objects.filter(activity=activity).first()
    initial = {}
    if script is not None:
        performers = Person.objects.filter(performance_scripts=script).order_by("pk")
        initial = {"text": script.text, "closing_max_chars": script.closing_max_chars}
        for n, person in enumerate(performers[:PERFORMERS], start=1):
            initial[f"performer_{n}"] = person.pk
    form = ScriptForm(request.POST or None, initial=initial)
    errors = None
    lines: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        performers = form.performers()
        if "check" in request.POST:
            errors = services.script_errors(data["text"], data["closing_max_chars"], performers)
        else:
            try:
                services.save_script(
                    activity,
                    text=data["text"],
                    closing_max_chars=data["closing_max_chars"],
                    performers=performers,
                    user=request.user,
                )
            except services.ScriptInvalid as e:
                errors = e.errors
            except NotPermitted:
                raise
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, _("已保存三句半剧本"))
                return redirect("classroom:script_detail", activity_pk=activity.pk)
        lines = data["text"].replace("\r\n", "\n").split("\n")
    by_line: dict[int, list[str]] = {}
    for error in errors or []:
        if error.line:
            by_line.setdefault(error.line, []).append(error.message)
    return render(
        request,
        "classroom/script_form.html",
        {
            "activity": activity,
            "form": form,
            "errors": errors,
            "checked_lines": [(n, line, by_line.get(n, [])) for n, line in enumerate(lines, 1)],
            "performer_fields": [form[f"performer_{n}"] for n in range(1, PERFORMERS + 1)],
        },
    )


@login_required
@picker_endpoint
def performer_picker(request: HttpRequest) -> HttpResponse:
    """Residents to pick as performers (AutocompleteSelect search)."""
    require(request.user, CHANGE_ACTIVITIES)
    people = Person.objects.select_related("region").filter(~Q(name=""))
    return picker_results(
        request,
        people.order_by("name", "pk"),
        search=partial(search_people, user=request.user),
        label=member_label,
    )
