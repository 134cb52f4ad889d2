"""Study pages: the youth cadre study series (participants and their attendance rate,
sessions and presenters, planning the next session) and the essays (submission with a
.docx, review, recommending upward, figures, the anthology). Thin: rules in services."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import can, require
from sanwei.activities.permissions import CHANGE_ACTIVITIES, RECORD_ATTENDANCE
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.uploads import too_large, upload_limit
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage, ListPage
from sanwei.core.widgets import picker_endpoint, picker_results
from sanwei.people.models import Person
from sanwei.people.services import search_people
from sanwei.regions.models import Region
from sanwei.teams.forms import member_label

from . import figures, rules, services, wordfiles
from .filters import EssayFilter, SeriesFilter
from .forms import (
    EssayForm,
    LinkSessionForm,
    ParticipantForm,
    PresentationForm,
    RecommendForm,
    ReviewForm,
    SeriesForm,
    TeamJoinForm,
)
from .models import Essay, Participant, Presentation, Recommendation, StudySeries, StudySession
from .permissions import CHANGE_STUDY, REVIEW_ESSAYS, SUBMIT_ESSAYS, VIEW_STUDY

# --------------------------------------------------------------------------- series


class SeriesList(ListPage):
    model = StudySeries
    select_related = ("region", "campaign")
    ordering = ("region__path", "title", "pk")
    filterset_class = SeriesFilter
    permission = VIEW_STUDY
    create_permission = CHANGE_STUDY
    template_name = "study/series_list.html"

    def get_queryset(self):
        return super().get_queryset().annotate(session_count=Count("sessions"))


def _series(series_pk: int) -> StudySeries:
    return get_object_or_404(
        StudySeries.objects.select_related("region", "campaign__region"), pk=series_pk
    )


@login_required
@require_safe
def series_detail(request: HttpRequest, series_pk: int) -> HttpResponse:
    """A series: its rule and the proposed next date, its sessions with their presenters,
    and each participant's attendance rate."""
    series = _series(series_pk)
    require(request.user, VIEW_STUDY, series.region)
    sessions = list(
        StudySession.objects.filter(series=series)
        .select_related("activity")
        .prefetch_related("presentations__person")
        .order_by("activity__starts_at", "pk")
    )
    can_change = rules.may_change_series(request.user, series)
    return render(
        request,
        "study/series_detail.html",
        {
            "series": series,
            "sessions": sessions,
            "rates": services.attendance_rates(series),
            "now": timezone.now(),
            "proposed": services.proposed_date(series),
            "can_change": can_change,
            "can_plan": can_change and can(request.user, CHANGE_ACTIVITIES, series.region),
            "participant_form": ParticipantForm(series=series) if can_change else None,
            "team_form": TeamJoinForm(series=series) if can_change else None,
            "link_form": LinkSessionForm(series=series) if can_change else None,
        },
    )


class SeriesPages:
    model = StudySeries
    select_related = ("region", "campaign")
    permission = CHANGE_STUDY
    detail_url, list_url = "study:series_detail", "study:series_list"


class SeriesCreate(SeriesPages, CreatePage):
    form_class = SeriesForm
    template_name = "study/series_form.html"
    service = services.save_series
    success_message = gettext_lazy("已新建学习系列“%(name)s”")


class SeriesEdit(SeriesPages, EditPage):
    form_class = SeriesForm
    template_name = "study/series_form.html"
    service = services.save_series
    success_message = gettext_lazy("已保存学习系列“%(name)s”")


class SeriesDelete(SeriesPages, DeletePage):
    service = services.delete_series
    kind = gettext_lazy("学习系列")
    success_message = gettext_lazy("已删除学习系列“%(name)s”")

    def refusal(self, obj: StudySeries) -> str:
        if StudySession.unscoped.filter(series=obj).exists():
            return _("该系列已有座谈，不能删除")
        return ""


series_list = SeriesList.as_view()
series_create = SeriesCreate.as_view()
series_edit = SeriesEdit.as_view()
series_delete = SeriesDelete.as_view()


def _back_to(series: StudySeries, anchor: str = "") -> HttpResponse:
    return redirect(reverse("study:series_detail", args=[series.pk]) + anchor)


def _refused(request: HttpRequest, error: ServiceError) -> None:
    if isinstance(error, NotPermitted):
        raise error
    messages.error(request, error.message)


@login_required
@require_POST
def participant_add(request: HttpRequest, series_pk: int) -> HttpResponse:
    series = _series(series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    form = ParticipantForm(request.POST, series=series)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return _back_to(series, "#participants")
    person = form.cleaned_data["person"]
    try:
        services.add_participant(
            series, person, joined_on=form.cleaned_data["joined_on"], user=request.user
        )
    except ServiceError as e:
        _refused(request, e)
    else:
        messages.success(request, _("已添加学习成员%(name)s") % {"name": person.name})
    return _back_to(series, "#participants")


@login_required
@require_POST
def participant_add_team(request: HttpRequest, series_pk: int) -> HttpResponse:
    """Every current member of a team joins the series at once."""
    series = _series(series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    form = TeamJoinForm(request.POST, series=series)
    if not form.is_valid():
        messages.error(request, _("请选择本系列区划内的队伍"))
        return _back_to(series, "#participants")
    team = form.cleaned_data["team"]
    try:
        added, already = services.add_team_members(
            series, team, joined_on=form.cleaned_data["joined_on"], user=request.user
        )
    except ServiceError as e:
        _refused(request, e)
    else:
        messages.success(
            request,
            _("已从“%(team)s”添加%(added)s名学习成员（%(already)s名已在系列中）")
            % {"team": team.name, "added": added, "already": already},
        )
    return _back_to(series, "#participants")


@login_required
@require_POST
def participant_leave(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = get_object_or_404(
        Participant.objects.select_related("series__region", "person"), pk=participant_pk
    )
    require(request.user, CHANGE_STUDY, participant.series.region)
    try:
        services.remove_participant(participant, user=request.user)
    except ServiceError as e:
        _refused(request, e)
    else:
        messages.success(request, _("%(name)s已退出本系列") % {"name": participant.person.name})
    return _back_to(participant.series, "#participants")


@login_required
@require_POST
def session_link(request: HttpRequest, series_pk: int) -> HttpResponse:
    series = _series(series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    form = LinkSessionForm(request.POST, series=series)
    if not form.is_valid():
        messages.error(request, _("请选择一场本专题的青年干部学习座谈活动"))
        return _back_to(series, "#sessions")
    try:
        session = services.link_session(series, form.cleaned_data["activity"], user=request.user)
    except ServiceError as e:
        _refused(request, e)
    else:
        messages.success(
            request, _("已将“%(title)s”列入本系列") % {"title": session.activity.title}
        )
    return _back_to(series, "#sessions")


@login_required
@require_POST
def session_plan(request: HttpRequest, series_pk: int) -> HttpResponse:
    """“安排下一次”: one click creates the next session on the series' rule."""
    series = _series(series_pk)
    require(request.user, CHANGE_STUDY, series.region)
    try:
        session = services.plan_next_session(series, user=request.user)
    except ServiceError as e:
        _refused(request, e)
        return _back_to(series, "#sessions")
    messages.success(
        request,
        _("已安排下一次座谈：%(title)s，%(day)s")
        % {
            "title": session.activity.title,
            "day": f"{timezone.localtime(session.activity.starts_at):%Y-%m-%d %H:%M}",
        },
    )
    return _back_to(series, "#sessions")


def _session(session_pk: int) -> StudySession:
    return get_object_or_404(
        StudySession.objects.select_related(
            "activity__region", "activity__activity_type", "series__region", "series__campaign"
        ),
        pk=session_pk,
    )


@login_required
def session_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    """One session: who presented what (add a presenter here), its attendance (recorded on
    the activity's page)."""
    session = _session(session_pk)
    series = session.series
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method == "POST":
        require(request.user, CHANGE_STUDY, series.region)
    else:
        require(request.user, VIEW_STUDY, series.region)
    can_change = rules.may_change_series(request.user, series)
    form = PresentationForm(request.POST or None, series=series) if can_change else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_presentation(
                session, data["person"], topic=data["topic"], summary=data["summary"],
                user=request.user,
            )  # fmt: skip
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已记录%(name)s的交流发言") % {"name": data["person"].name})
            return redirect("study:session_detail", session_pk=session.pk)
    attendees = (
        Person.objects.filter(attendances__activity=session.activity)
        .select_related("region")
        .distinct()
        .order_by("name", "pk")
    )
    return render(
        request,
        "study/session_detail.html",
        {
            "session": session,
            "series": series,
            "activity": session.activity,
            "presentations": Presentation.objects.filter(session=session).select_related("person"),
            "attendees": attendees,
            "form": form,
            "can_change": can_change,
            "can_record": can(request.user, RECORD_ATTENDANCE, session.activity.region),
        },
    )


@login_required
@require_POST
def presentation_delete(request: HttpRequest, presentation_pk: int) -> HttpResponse:
    presentation = get_object_or_404(
        Presentation.objects.select_related("session__series__region"), pk=presentation_pk
    )
    require(request.user, CHANGE_STUDY, presentation.session.series.region)
    try:
        services.delete_presentation(presentation, user=request.user)
    except ServiceError as e:
        _refused(request, e)
    else:
        messages.success(request, _("已删除交流发言“%(topic)s”") % {"topic": presentation.topic})
    return redirect("study:session_detail", session_pk=presentation.session_id)


@login_required
@picker_endpoint
def person_picker(request: HttpRequest) -> HttpResponse:
    """Residents to pick as a participant or an essay's author (AutocompleteSelect)."""
    if not can(request.user, SUBMIT_ESSAYS):
        require(request.user, CHANGE_STUDY)
    people = Person.objects.select_related("region").filter(~Q(name=""))
    return picker_results(
        request,
        people.order_by("name", "pk"),
        search=partial(search_people, user=request.user),
        label=member_label,
    )


# --------------------------------------------------------------------------- essays


def _essays():
    recommended = Exists(Recommendation.unscoped.filter(essay=OuterRef("pk")))
    return Essay.objects.select_related("region", "campaign").annotate(recommended=recommended)


class EssayList(ListPage):
    model = Essay
    filterset_class = EssayFilter
    permission = VIEW_STUDY
    create_permission = SUBMIT_ESSAYS
    template_name = "study/essay_list.html"

    def get_queryset(self):
        queryset = super().get_queryset()
        return (
            queryset.select_related("region", "campaign")
            .annotate(recommended=Exists(Recommendation.unscoped.filter(essay=OuterRef("pk"))))
            .order_by("-submitted_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["anthology_query"] = query.urlencode()
        context["can_review"] = self.may(REVIEW_ESSAYS)
        return context


essay_list = EssayList.as_view()


class EssayCreate(CreatePage):
    model = Essay
    form_class = EssayForm
    permission = SUBMIT_ESSAYS
    template_name = "study/essay_form.html"
    detail_url, list_url = "study:essay_detail", "study:essay_list"
    success_message = gettext_lazy("已提交心得“%(name)s”")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        _files = request.FILES  # parse the body: an oversized file is refused as it arrives
        if too_large(request):
            self.object = None
            form = self.get_form()
            form.is_valid()
            form.add_error("file", wordfiles.upload_too_large().message)
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def save(self, form, obj: Essay) -> Essay:
        upload = form.cleaned_data.get("file")
        return services.submit_essay(obj, upload=upload, user=self.request.user)


essay_create = upload_limit("ATTACHMENT_MAX_BYTES")(EssayCreate.as_view())


class EssayDelete(DeletePage):
    model = Essay
    select_related = ("region",)
    permission = SUBMIT_ESSAYS
    service = services.delete_essay
    kind = gettext_lazy("心得体会")
    detail_url, list_url = "study:essay_detail", "study:essay_list"
    success_message = gettext_lazy("已删除心得“%(name)s”")

    def refusal(self, obj: Essay) -> str:
        if Recommendation.unscoped.filter(essay=obj).exists():
            return _("该心得已推荐上报，不能删除")
        return ""


essay_delete = EssayDelete.as_view()


def _essay(essay_pk: int) -> Essay:
    return get_object_or_404(_essays(), pk=essay_pk)


def _essay_page(request: HttpRequest, essay: Essay, review_form=None, recommend_form=None):
    can_review = rules.may_review_essay(request.user, essay)
    if can_review:
        review_form = review_form or ReviewForm(
            initial={
                "score": essay.score,
                "comment": essay.review_comment,
                "excellent": essay.is_excellent,
            }
        )
        recommend_form = recommend_form or RecommendForm(
            initial={"recommended_on": services.local_today()}
        )
    return render(
        request,
        "study/essay_detail.html",
        {
            "essay": essay,
            "recommendations": Recommendation.objects.filter(essay=essay),
            "can_review": can_review,
            "can_delete": rules.may_submit_essay(request.user, essay),
            "review_form": review_form,
            "recommend_form": recommend_form,
        },
    )


@login_required
@require_safe
def essay_detail(request: HttpRequest, essay_pk: int) -> HttpResponse:
    essay = _essay(essay_pk)
    require(request.user, VIEW_STUDY, essay.region)
    return _essay_page(request, essay)


@login_required
@require_POST
def essay_review(request: HttpRequest, essay_pk: int) -> HttpResponse:
    essay = _essay(essay_pk)
    require(request.user, REVIEW_ESSAYS, essay.region)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_essay(
                essay, score=data["score"], comment=data["comment"], excellent=data["excellent"],
                user=request.user,
            )  # fmt: skip
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已保存评阅"))
            return redirect("study:essay_detail", essay_pk=essay.pk)
    return _essay_page(request, essay, review_form=form)


@login_required
@require_POST
def essay_recommend(request: HttpRequest, essay_pk: int) -> HttpResponse:
    essay = _essay(essay_pk)
    require(request.user, REVIEW_ESSAYS, essay.region)
    form = RecommendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recommend_essay(
                essay, department=data["department"], recommended_on=data["recommended_on"],
                note=data["note"], user=request.user,
            )  # fmt: skip
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(
                request, _("已记录推荐至%(department)s") % {"department": data["department"]}
            )
            return redirect("study:essay_detail", essay_pk=essay.pk)
    return _essay_page(request, essay, recommend_form=form)


def _filtered_essays(request: HttpRequest) -> tuple[EssayFilter, object]:
    filterset = EssayFilter(request.GET or None, queryset=Essay.objects.all(), request=request)
    return filterset, filterset.qs


def _region_of(request: HttpRequest, filterset: EssayFilter) -> Region | None:
    """The filtered region, else the user's topmost region (SYSTEM/superusers: the topmost)."""
    chosen = filterset.form.cleaned_data.get("region") if filterset.is_bound else None
    if chosen is not None:
        return chosen
    return Region.objects.order_by("level", "path").first()


@login_required
@require_safe
def essay_anthology(request: HttpRequest) -> HttpResponse:
    """The excellent essays of the filtered region and campaign as one .docx."""
    require(request.user, VIEW_STUDY)
    filterset, essays = _filtered_essays(request)
    region = _region_of(request, filterset)
    content = services.anthology(essays, region_name=region.name if region else "")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"anthology-{services.local_today():%Y%m%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def essay_figures(request: HttpRequest) -> HttpResponse:
    """Collected, excellent and recommended essays of a region and each of its children."""
    require(request.user, VIEW_STUDY)
    filterset, _essays_qs = _filtered_essays(request)
    region = _region_of(request, filterset)
    campaign = filterset.form.cleaned_data.get("campaign") if filterset.is_bound else None
    result = figures.essay_figures(region, campaign=campaign) if region else None
    return render(
        request,
        "study/essay_figures.html",
        {"figures": result, "filter": filterset, "form": filterset.form,
         "filter_fields": [filterset.form["campaign"], filterset.form["region"]]},
    )  # fmt: skip
