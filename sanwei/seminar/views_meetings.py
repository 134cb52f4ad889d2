"""Pages of the courtyard meetings (屋场会): list, new meeting, the meeting's page (hosts,
attendance links, closing record, its opinions), opinions entered on a phone one after
another (htmx: the form clears, the list grows, the page stays), and the roster search
of the meeting's village.

Thin: fetch through the scoped managers (another region's meeting is a 404), check the
permission (a 403), call `meetings` (which calls the opinion loop's `create_opinion`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sanwei.accounts.permissions import can, require
from sanwei.activities.models import Activity
from sanwei.activities.permissions import CHANGE_ACTIVITIES, RECORD_ATTENDANCE, VIEW_ACTIVITIES
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.uploads import format_size, too_large, upload_limit
from sanwei.core.viewkit import ListPage
from sanwei.core.widgets import picker_endpoint, picker_results
from sanwei.people.models import Person
from sanwei.people.services import search_people

from . import meetings
from .filters_meetings import MeetingFilter
from .forms_meetings import CloseForm, HostForm, MeetingForm, OpinionEntryForm
from .models import CourtyardMeeting, MeetingHost
from .permissions import CHANGE_OPINIONS, VIEW_OPINIONS


def _meeting(request: HttpRequest, meeting_pk: int, permission: str = VIEW_ACTIVITIES):
    meeting = get_object_or_404(
        CourtyardMeeting.objects.select_related(
            "activity", "activity__region", "activity__campaign", "activity__activity_type"
        ),
        pk=meeting_pk,
    )
    require(request.user, permission, meeting.activity.region)
    return meeting


class MeetingList(ListPage):
    model = CourtyardMeeting
    select_related = ("activity", "activity__region", "activity__campaign")
    filterset_class = MeetingFilter
    permission = VIEW_ACTIVITIES
    create_permission = CHANGE_ACTIVITIES
    template_name = "seminar/meeting_list.html"
    ordering = ("-activity__starts_at", "-id")
    results_id = "meeting-results"
    partial_template_name = "seminar/_meeting_results.html"

    def get_queryset(self):
        from django.db.models import Count

        return super().get_queryset().annotate(n_opinions=Count("opinions"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.may(CHANGE_OPINIONS)
        return context


meeting_list = MeetingList.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require(request.user, CHANGE_ACTIVITIES)
    initial = {k: request.GET[k] for k in ("campaign",) if request.GET.get(k, "").isdigit()}
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        try:
            meeting = meetings.create_meeting(activity, user=request.user)
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已新建屋场会“%(name)s”") % {"name": activity.title})
            return redirect("seminar:meeting_detail", meeting.pk)
    return render(
        request,
        "seminar/meeting_form.html",
        {"form": form, "cancel_url": reverse("seminar:meeting_list")},
    )


@login_required
@require_POST
def meeting_from_activity(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The meeting record of a 屋场会 activity made on the activity form."""
    activity = get_object_or_404(
        Activity.objects.select_related("region", "activity_type"), pk=activity_pk
    )
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    try:
        meeting = meetings.meeting_for_activity(activity, user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("activities:activity_detail", activity.pk)
    return redirect("seminar:meeting_detail", meeting.pk)


def _detail_context(request: HttpRequest, meeting: CourtyardMeeting, **extra) -> dict:
    region = meeting.activity.region
    can_change = can(request.user, CHANGE_ACTIVITIES, region)
    figures = meetings.meeting_figures(meeting)
    context = {
        "meeting": meeting,
        "activity": meeting.activity,
        "hosts": list(MeetingHost.objects.filter(meeting=meeting).select_related("person")),
        "figures": figures,
        "can_change": can_change,
        "can_record": can(request.user, RECORD_ATTENDANCE, region),
        "can_enter": can(request.user, CHANGE_OPINIONS, region),
        "can_view_opinions": can(request.user, VIEW_OPINIONS, region),
        "opinions": meetings.meeting_opinions(meeting).select_related("raised_by"),
        "village": meetings.meeting_village(meeting),
    }
    if can_change:
        context.setdefault("host_form", HostForm(meeting=meeting))
        context.setdefault(
            "close_form",
            CloseForm(
                initial={
                    "minutes": meeting.minutes,
                    "attendee_count": meeting.attendee_count
                    if meeting.attendee_count is not None
                    else figures.default_count,
                }
            ),
        )
    context.update(extra)
    return context


@login_required
@require_safe
def meeting_detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, meeting_pk)
    return render(request, "seminar/meeting_detail.html", _detail_context(request, meeting))


@login_required
@require_POST
def meeting_host_add(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, meeting_pk, CHANGE_ACTIVITIES)
    form = HostForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            host = meetings.add_host(
                meeting,
                standing=data["standing"],
                person=data.get("person"),
                name=data.get("name", ""),
                user=request.user,
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已添加主持人%(host)s") % {"host": host})
            return redirect(reverse("seminar:meeting_detail", args=[meeting.pk]) + "#hosts")
    context = _detail_context(request, meeting, host_form=form)
    return render(request, "seminar/meeting_detail.html", context, status=400)


@login_required
@require_POST
def meeting_host_remove(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, meeting_pk, CHANGE_ACTIVITIES)
    host_pk = request.POST.get("host", "")
    host = get_object_or_404(
        MeetingHost.objects.filter(meeting=meeting), pk=host_pk if host_pk.isdigit() else 0
    )
    meetings.remove_host(host, user=request.user)
    messages.success(request, _("已移除主持人%(host)s") % {"host": host})
    return redirect(reverse("seminar:meeting_detail", args=[meeting.pk]) + "#hosts")


@login_required
@require_POST
def meeting_close(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, meeting_pk, CHANGE_ACTIVITIES)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            meetings.close_meeting(
                meeting,
                minutes=form.cleaned_data["minutes"],
                attendee_count=form.cleaned_data["attendee_count"],
                user=request.user,
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已保存会议纪要"))
            return redirect(reverse("seminar:meeting_detail", args=[meeting.pk]) + "#closing")
    context = _detail_context(request, meeting, close_form=form)
    return render(request, "seminar/meeting_detail.html", context, status=400)


@login_required
@picker_endpoint
def meeting_people(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """The picker's search: residents of the meeting's village, for those who add hosts
    or record opinions there."""
    meeting = _meeting(request, meeting_pk)
    region = meeting.activity.region
    if not (
        can(request.user, CHANGE_ACTIVITIES, region) or can(request.user, CHANGE_OPINIONS, region)
    ):
        raise NotPermitted("permission_denied", _("没有权限执行此操作"))
    village = meetings.meeting_village(meeting)
    people = (
        Person.objects.select_related("region")
        .filter(region__path__startswith=village.path)
        .order_by("region__path", "name", "id")
    )
    return picker_results(
        request,
        people,
        search=lambda qs, q: search_people(qs, q, user=request.user),
        label=lambda p: f"{p.name}（{p.region.name}）",
    )


# --------------------------------------------------------------------------- phone entry

ENTRY_TITLE = gettext_lazy("现场录入意见")


def _entry_context(request, meeting: CourtyardMeeting, form: OpinionEntryForm, **extra) -> dict:
    return {
        "meeting": meeting,
        "activity": meeting.activity,
        "form": form,
        "opinions": list(
            meetings.meeting_opinions(meeting).select_related("raised_by").order_by("-id")
        ),
        "max_photo": format_size(_photo_limit()),
        **extra,
    }


def _photo_limit() -> int:
    from django.conf import settings

    return settings.OPINION_PHOTO_MAX_BYTES


@login_required
@require_http_methods(["GET", "POST"])
@upload_limit("OPINION_PHOTO_MAX_BYTES")
def opinion_entry(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """GET: the form with the meeting's opinions below. POST (htmx): save one opinion and
    answer with a cleared form and the longer list, so the next one can be typed at once;
    without htmx: back to this page."""
    meeting = _meeting(request, meeting_pk, CHANGE_OPINIONS)
    if request.method == "GET":
        form = OpinionEntryForm(meeting=meeting)
        return render(request, "seminar/opinion_entry.html", _entry_context(request, meeting, form))

    form = OpinionEntryForm(request.POST, request.FILES, meeting=meeting)
    if too_large(request):
        form.is_valid()
        form.add_error("photo", meetings.photo_too_large().message)
    if not form.errors and form.is_valid():
        data = form.cleaned_data
        try:
            opinion = meetings.record_opinion(
                meeting,
                text=data["text"],
                raised_by=data.get("raised_by"),
                raised_by_name=data.get("raised_by_name", ""),
                photo=data.get("photo"),
                user=request.user,
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            notice = _("已记录第%(n)s条意见") % {"n": meetings.meeting_opinions(meeting).count()}
            if not request.htmx:
                messages.success(request, notice)
                return redirect("seminar:opinion_entry", meeting.pk)
            form = OpinionEntryForm(meeting=meeting)
            form.fields["text"].widget.attrs["autofocus"] = True  # ready for the next one
            context = _entry_context(request, meeting, form, notice=notice, saved=opinion)
            return render(request, "seminar/_opinion_entry.html", context)
    context = _entry_context(request, meeting, form)
    if request.htmx:  # htmx swaps only 2xx answers: the errors come back as a 200 partial
        return render(request, "seminar/_opinion_entry.html", context)
    return render(request, "seminar/opinion_entry.html", context, status=400)


# --------------------------------------------------------------------------- import


def _import_root(request: HttpRequest):
    """The town or village a general import looks for its villages in: the topmost where
    the user records opinions."""
    from sanwei.regions.models import Region, RegionLevel
    from sanwei.regions.services import regions_with_permission

    return (
        regions_with_permission(request.user, CHANGE_OPINIONS)
        .filter(level__in=(RegionLevel.TOWN, RegionLevel.VILLAGE))
        .order_by("level", "path")
        .first()
        if not request.user.is_superuser
        else Region.objects.filter(level=RegionLevel.TOWN).order_by("path").first()
    )


@login_required
@require_http_methods(["GET", "POST"])
@upload_limit("IMPORT_MAX_BYTES")
def opinion_import(request: HttpRequest, meeting_pk: int | None = None) -> HttpResponse:
    """GET: the upload form (one meeting's opinions, or a month's across villages).
    POST: the preview, nothing written yet."""
    from django.conf import settings

    from . import opinion_import as importer

    if meeting_pk is not None:
        meeting = _meeting(request, meeting_pk, CHANGE_OPINIONS)
        root = meetings.meeting_village(meeting)
    else:
        require(request.user, CHANGE_OPINIONS)
        meeting, root = None, _import_root(request)
        if root is None:
            raise NotPermitted("permission_denied", _("没有权限执行此操作"))
    context = {
        "meeting": meeting,
        "root": root,
        "max_upload": format_size(settings.IMPORT_MAX_BYTES),
        "columns": importer.ALIASES,
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if too_large(request):
            context["error"] = _("文件过大，不能超过 %(size)s") % {"size": context["max_upload"]}
        elif upload is None:
            context["error"] = _("请选择要导入的意见表文件")
        else:
            try:
                preview = importer.preview_opinions(
                    upload, upload.name, root=root, meeting=meeting, user=request.user
                )
            except NotPermitted:
                raise
            except ServiceError as e:
                context["error"] = e.message
            else:
                context.update(preview=preview, filename=upload.name)
                return render(request, "seminar/opinion_import_preview.html", context)
        return render(request, "seminar/opinion_import.html", context, status=400)
    return render(request, "seminar/opinion_import.html", context)


@login_required
@require_POST
def opinion_import_commit(request: HttpRequest) -> HttpResponse:
    from . import opinion_import as importer

    require(request.user, CHANGE_OPINIONS)
    meeting_pk = request.POST.get("meeting", "")
    back = (
        reverse("seminar:meeting_import", args=[int(meeting_pk)])
        if meeting_pk.isdigit()
        else reverse("seminar:opinion_import")
    )
    try:
        result = importer.commit_opinions(request.POST.get("token", ""), user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect(back)
    notice = _("已导入 %(n)s 条意见") % {"n": result.created}
    if result.skipped:
        notice += _("，%(n)s 条此前已登记，未重复导入") % {"n": result.skipped}
    messages.success(request, notice)
    if meeting_pk.isdigit():
        return redirect(reverse("seminar:meeting_detail", args=[int(meeting_pk)]) + "#opinions")
    return redirect("seminar:meeting_list")
