"""Pages for campaigns, activity types, activities, attendance and attachments.

Thin: fetch through the scoped managers (another region's object is a 404), check the
permission, call `services`, show a message and redirect (Post/Redirect/Get). htmx
requests for person search and attendance get partial templates; every page also works
as a plain form post.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sanwei.accounts.permissions import (
    CHANGE_ACTIVITIES,
    CHANGE_ACTIVITY_TYPES,
    CHANGE_CAMPAIGNS,
    RECORD_ATTENDANCE,
    VIEW_ACTIVITIES,
    can,
    require,
)
from sanwei.core.errors import ServiceError
from sanwei.core.uploads import file_response, too_large, upload_limit
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage, ListPage, is_search_post
from sanwei.people.models import Person
from sanwei.people.services import masked_phone, search_people

from . import services
from .filters import ActivityFilter, CampaignFilter
from .forms import (
    ActivityForm,
    ActivityTypeForm,
    AttachmentForm,
    AttendanceForm,
    CampaignForm,
    HeadcountForm,
    PersonSearchForm,
)
from .models import (
    Activity,
    ActivityAttachment,
    ActivityType,
    Attendance,
    AttendanceRole,
    Campaign,
    Pillar,
    RecordedVia,
)

SEARCH_LIMIT = 20


# --------------------------------------------------------------------------- activities


class ActivityList(ListPage):
    model = Activity
    select_related = ("activity_type", "campaign", "region", "main_session")
    ordering = ("-starts_at", "-id")
    filterset_class = ActivityFilter
    permission = VIEW_ACTIVITIES
    create_permission = CHANGE_ACTIVITIES

    def get_queryset(self):
        return super().get_queryset().annotate(attendance_count=Count("attendances"))

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        pillar = getattr(self.filterset.form, "cleaned_data", {}).get("pillar") or ""
        context["pillar_label"] = dict(Pillar.choices).get(pillar, "")
        return context


def _activity_or_404(activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related(
            "activity_type", "campaign", "region", "organising_team", "main_session", "created_by"
        ),
        pk=activity_pk,
    )


def _attendance_context(request: HttpRequest, activity: Activity, **extra) -> dict:
    attendances = Attendance.objects.filter(activity=activity).select_related(
        "person", "person__region", "recorded_by"
    )
    return {
        "activity": activity,
        "counts": services.counts_for(activity),
        "attendances": attendances,
        "can_record": can(request.user, RECORD_ATTENDANCE, activity.region),
        "headcount_form": HeadcountForm(
            initial={"audience_headcount": activity.audience_headcount}
        ),
        **extra,
    }


@login_required
@require_safe
def activity_detail(request: HttpRequest, activity_pk: int) -> HttpResponse:
    require(request.user, VIEW_ACTIVITIES)
    activity = _activity_or_404(activity_pk)
    sub_venues = list(
        Activity.objects.filter(main_session=activity).select_related("region", "activity_type")
    )
    total_counts = None
    if sub_venues:
        headcount = activity.audience_headcount + sum(s.audience_headcount for s in sub_venues)
        total_counts = services.activity_counts(
            [activity.pk, *(s.pk for s in sub_venues)], headcount
        )
    main_visible = (
        activity.main_session_id is not None
        and Activity.objects.filter(pk=activity.main_session_id).exists()
    )
    can_change = can(request.user, CHANGE_ACTIVITIES, activity.region)
    context = _attendance_context(
        request,
        activity,
        sub_venues=sub_venues,
        total_counts=total_counts,
        main_visible=main_visible,
        can_change=can_change,
        attachments=ActivityAttachment.objects.filter(activity=activity).order_by("-uploaded_at"),
        attachment_form=AttachmentForm(),
        max_upload=settings.ATTACHMENT_MAX_BYTES,
        search_form=PersonSearchForm(),
        attendance_form=AttendanceForm(),
    )
    return render(request, "activities/activity_detail.html", context)


class ActivityPages:
    """What the create, edit and delete pages of an activity share."""

    model = Activity
    select_related = (
        "activity_type",
        "campaign",
        "region",
        "organising_team",
        "main_session",
        "created_by",
    )
    permission = CHANGE_ACTIVITIES
    detail_url, list_url = "activities:activity_detail", "activities:activity_list"


class ActivityFormPage(ActivityPages):
    form_class = ActivityForm
    service = services.save_activity


class ActivityCreate(ActivityFormPage, CreatePage):
    success_message = _("已新建活动“%(name)s”")

    def get_initial(self) -> dict:
        """?campaign=, ?activity_type=, ?main_session= (pks) preselect those fields."""
        names = ("campaign", "activity_type", "main_session")
        return {n: self.request.GET[n] for n in names if self.request.GET.get(n, "").isdigit()}


class ActivityEdit(ActivityFormPage, EditPage):
    success_message = _("已保存活动“%(name)s”")


class ActivityDelete(ActivityPages, DeletePage):
    service = services.delete_activity
    kind = _("活动")
    warning = _("该活动的参与记录和附件将一并删除。")
    success_message = _("已删除活动“%(name)s”")


# --------------------------------------------------------------------------- attendance


def _person_results(query: str, user):
    if not query.strip():
        return []
    people = search_people(Person.objects.select_related("region"), query, user=user)
    people = people[:SEARCH_LIMIT]
    return [{"person": p, "phone": masked_phone(p)} for p in people]


def _render_attendance_section(request: HttpRequest, activity: Activity, **extra) -> HttpResponse:
    activity.refresh_from_db(fields=["audience_headcount"])
    return render(
        request,
        "activities/_attendance_section.html",
        _attendance_context(request, activity, **extra),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_add(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """Search people (htmx: the results only): a POST with `search` (the page's form: the
    name or phone digits typed stay out of the URL), or a GET. Any other POST records one
    person's attendance."""
    activity = _activity_or_404(activity_pk)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    searching = request.method == "GET" or is_search_post(request)
    search_form = PersonSearchForm(
        (request.POST if request.method == "POST" else request.GET) or None
    )
    query = search_form.data.get("q", "") if search_form.is_bound else ""
    if searching:
        context = {
            "activity": activity,
            "search_form": search_form,
            "query": query,
            "results": _person_results(query, request.user),
            "roles": AttendanceRole.choices,
        }
        if request.htmx:
            return render(request, "activities/_person_results.html", context)
        return render(request, "activities/attendance_form.html", context)

    form = AttendanceForm(request.POST)
    error = None
    if form.is_valid():
        try:
            attendance = services.record_attendance(
                activity,
                form.cleaned_data["person"],
                form.cleaned_data["role"],
                form.cleaned_data.get("hours") or 0,
                RecordedVia.MANUAL,
                request.user,
            )
        except ServiceError as e:
            error = e.message
        else:
            notice = _("已登记：%(name)s（%(role)s）") % {
                "name": attendance.person.name,
                "role": attendance.get_role_display(),
            }
            if request.htmx:
                return _render_attendance_section(request, activity, notice=notice)
            messages.success(request, notice)
            return redirect(
                reverse("activities:activity_detail", args=[activity.pk]) + "#attendance"
            )
    else:
        error = "；".join(str(m) for errors in form.errors.values() for m in errors)
    if request.htmx:
        return _render_attendance_section(request, activity, error=error)
    messages.error(request, error)
    return redirect(reverse("activities:activity_detail", args=[activity.pk]) + "#attendance")


@login_required
@require_POST
def attendance_delete(request: HttpRequest, attendance_pk: int) -> HttpResponse:
    attendance = get_object_or_404(
        Attendance.objects.select_related("activity", "activity__region", "person"),
        pk=attendance_pk,
    )
    activity = attendance.activity
    require(request.user, RECORD_ATTENDANCE, activity.region)
    services.remove_attendance(attendance, user=request.user)
    notice = _("已移除：%(name)s（%(role)s）") % {
        "name": attendance.person.name,
        "role": attendance.get_role_display(),
    }
    if request.htmx:
        return _render_attendance_section(request, activity, notice=notice)
    messages.success(request, notice)
    return redirect(reverse("activities:activity_detail", args=[activity.pk]) + "#attendance")


@login_required
@require_POST
def headcount_update(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_or_404(activity_pk)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    form = HeadcountForm(request.POST)
    error = notice = None
    if form.is_valid():
        try:
            services.set_audience_headcount(
                activity, form.cleaned_data["audience_headcount"], user=request.user
            )
        except ServiceError as e:
            error = e.message
        else:
            notice = _("已更新未登记姓名的受众人数")
    else:
        error = "；".join(str(m) for m in form.errors.get("audience_headcount", []))
    if request.htmx:
        return _render_attendance_section(request, activity, notice=notice, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(reverse("activities:activity_detail", args=[activity.pk]) + "#attendance")


# --------------------------------------------------------------------------- attachments


@login_required
@require_POST
@upload_limit("ATTACHMENT_MAX_BYTES")
def attachment_add(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_or_404(activity_pk)
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    form = AttachmentForm(request.POST, request.FILES)
    if too_large(request):
        messages.error(request, services.attachment_too_large().message)
    elif form.is_valid():
        try:
            attachment = services.add_attachment(
                activity, form.cleaned_data["file"], user=request.user
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(
                request, _("已上传附件“%(name)s”") % {"name": attachment.original_name}
            )
    else:
        messages.error(
            request, "；".join(str(m) for errors in form.errors.values() for m in errors)
        )
    return redirect(reverse("activities:activity_detail", args=[activity.pk]) + "#attachments")


@login_required
@require_safe
def attachment_download(request: HttpRequest, attachment_pk: int) -> FileResponse:
    require(request.user, VIEW_ACTIVITIES)
    attachment = get_object_or_404(
        ActivityAttachment.objects.select_related("activity"), pk=attachment_pk
    )
    # A download, typed by the format its content was checked to be (never text/html).
    return file_response(attachment.file, attachment.original_name)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        ActivityAttachment.objects.select_related("activity", "activity__region"),
        pk=attachment_pk,
    )
    activity = attachment.activity
    require(request.user, CHANGE_ACTIVITIES, activity.region)
    services.delete_attachment(attachment, user=request.user)
    messages.success(request, _("已删除附件“%(name)s”") % {"name": attachment.original_name})
    return redirect(reverse("activities:activity_detail", args=[activity.pk]) + "#attachments")


# --------------------------------------------------------------------------- campaigns


class CampaignList(ListPage):
    model = Campaign
    select_related = ("region",)
    filterset_class = CampaignFilter
    permission = VIEW_ACTIVITIES
    create_permission = CHANGE_CAMPAIGNS

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        page_obj = context["page_obj"]
        counts = dict(
            Activity.objects.filter(campaign__in=[c.pk for c in page_obj])
            .values_list("campaign")
            .annotate(n=Count("id"))
            .order_by()
        )
        for campaign in page_obj:
            campaign.activity_count = counts.get(campaign.pk, 0)
        return context


def _campaign_or_404(campaign_pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("region"), pk=campaign_pk)


@login_required
@require_safe
def campaign_detail(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    require(request.user, VIEW_ACTIVITIES)
    campaign = _campaign_or_404(campaign_pk)
    summary = services.campaign_summary(campaign, Activity.objects.all())
    recent = (
        Activity.objects.filter(campaign=campaign)
        .select_related("activity_type", "region")
        .annotate(attendance_count=Count("attendances"))
        .order_by("-starts_at", "-id")[:10]
    )
    return render(
        request,
        "activities/campaign_detail.html",
        {
            "campaign": campaign,
            "summary": summary,
            "recent": recent,
            "can_change": can(request.user, CHANGE_CAMPAIGNS, campaign.region),
            "can_add_activity": can(request.user, CHANGE_ACTIVITIES),
        },
    )


class CampaignPages:
    """What the create, edit and delete pages of a campaign share."""

    model = Campaign
    select_related = ("region",)
    permission = CHANGE_CAMPAIGNS
    detail_url, list_url = "activities:campaign_detail", "activities:campaign_list"


class CampaignFormPage(CampaignPages):
    form_class = CampaignForm
    service = services.save_campaign


class CampaignCreate(CampaignFormPage, CreatePage):
    success_message = _("已新建专题“%(name)s”")


class CampaignEdit(CampaignFormPage, EditPage):
    success_message = _("已保存专题“%(name)s”")


class CampaignDelete(CampaignPages, DeletePage):
    service = services.delete_campaign
    kind = _("专题")
    success_message = _("已删除专题“%(name)s”")


# --------------------------------------------------------------------------- activity types


@login_required
@require_safe
def activity_type_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_ACTIVITIES)
    usage = dict(Activity.objects.values_list("activity_type").annotate(n=Count("id")).order_by())
    types = list(ActivityType.objects.order_by("pillar", "sort_order", "name"))
    groups = []
    for value, label in Pillar.choices:
        members = [t for t in types if t.pillar == value]
        for t in members:
            t.activity_count = usage.get(t.pk, 0)
        groups.append({"value": value, "label": label, "types": members})
    return render(
        request,
        "activities/activity_type_list.html",
        {"groups": groups, "can_change": can(request.user, CHANGE_ACTIVITY_TYPES)},
    )


class ActivityTypePages:
    """What the create, edit and delete pages of an activity type share (no detail page:
    they come back to the list)."""

    model = ActivityType
    context_object_name = "activity_type"
    permission = CHANGE_ACTIVITY_TYPES
    list_url = "activities:activity_type_list"


class ActivityTypeFormPage(ActivityTypePages):
    form_class = ActivityTypeForm
    service = services.save_activity_type
    template_name = "activities/activity_type_form.html"


class ActivityTypeCreate(ActivityTypeFormPage, CreatePage):
    success_message = _("已新建活动类型“%(name)s”")

    def get_initial(self) -> dict:
        pillar = self.request.GET.get("pillar")
        return {"pillar": pillar} if pillar in Pillar.values else {}


class ActivityTypeEdit(ActivityTypeFormPage, EditPage):
    success_message = _("已保存活动类型“%(name)s”")


class ActivityTypeDelete(ActivityTypePages, DeletePage):
    service = services.delete_activity_type
    kind = _("活动类型")
    success_message = _("已删除活动类型“%(name)s”")


activity_list = ActivityList.as_view()
activity_create = ActivityCreate.as_view()
activity_edit = ActivityEdit.as_view()
activity_delete = ActivityDelete.as_view()
campaign_list = CampaignList.as_view()
campaign_create = CampaignCreate.as_view()
campaign_edit = CampaignEdit.as_view()
campaign_delete = CampaignDelete.as_view()
activity_type_create = ActivityTypeCreate.as_view()
activity_type_edit = ActivityTypeEdit.as_view()
activity_type_delete = ActivityTypeDelete.as_view()
