"""Opinion pages: the 微研讨 hub, the opinion list (filters, overdue, bulk answer), "my
opinions to answer", one opinion with its timeline and the action forms its state allows,
recording an opinion outside a meeting, the rates per region and the answer templates.
Thin: the rules are in services and rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import can, require, require_that
from sanwei.activities.models import Campaign
from sanwei.activities.permissions import VIEW_ACTIVITIES
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.uploads import file_response
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage, ListPage
from sanwei.needs.permissions import REGISTER_NEEDS, VIEW_NEEDS
from sanwei.regions.services import region_by_code
from sanwei.study.permissions import VIEW_STUDY

from . import figures, rules, services
from .filters import OpinionFilter
from .forms_opinions import (
    AnswerForm,
    AnswerTemplateForm,
    AssignForm,
    BulkAnswerForm,
    CloseForm,
    ConvertForm,
    DecideForm,
    OpinionForm,
    ReopenForm,
    TemplatePickForm,
)
from .models import AnswerTemplate, Opinion, OpinionState
from .permissions import ANSWER_OPINIONS, CHANGE_OPINIONS, VIEW_OPINIONS

# ------------------------------------------------------------------------------ the hub


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """微研讨 home: links to its parts, each shown to those who may open it."""
    user = request.user
    links = [
        (
            _("屋场会"),
            _("院落里谈：屋场会的主持人、签到、会议纪要和群众意见"),
            "seminar:meeting_list",
            VIEW_ACTIVITIES,
        ),
        (
            _("意见办理"),
            _("群众意见的交办、答复、采纳和办结"),
            "seminar:opinion_list",
            VIEW_OPINIONS,
        ),
        (
            _("我承办的意见"),
            _("交办给我、等待答复的意见"),
            "seminar:my_opinions",
            ANSWER_OPINIONS,
        ),
        (
            _("办理情况"),
            _("各村意见答复率、按时答复率、采纳率"),
            "seminar:opinion_rates",
            VIEW_OPINIONS,
        ),
        (_("答复模板"), _("常用答复内容"), "seminar:template_list", VIEW_OPINIONS),
        (_("热点话题"), _("群众反映最多的问题"), "seminar:hot_topics", VIEW_OPINIONS),
        (
            _("意见公开栏"),
            _("各村公开的意见办理情况：链接、二维码和海报，不显示个人信息"),
            "seminar:board_list",
            VIEW_OPINIONS,
        ),
        (
            _("青年干部学习"),
            _("会议室里议：青年干部学习座谈"),
            "study:series_list",
            VIEW_STUDY,
        ),
        (
            _("心得文章"),
            _("笔头里悟：心得体会的提交、评审和推荐"),
            "study:essay_list",
            VIEW_STUDY,
        ),
    ]
    shown = []
    for title, description, url_name, permission in links:
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a part another lane adds later
            continue
        if can(user, permission):
            shown.append({"title": title, "description": description, "url": url})
    return render(request, "seminar/index.html", {"links": shown})


# ------------------------------------------------------------------------------ lists


def _opinions():
    return Opinion.objects.select_related("region", "category", "assignee", "meeting__activity")


class OpinionList(ListPage):
    model = Opinion
    filterset_class = OpinionFilter
    permission = VIEW_OPINIONS
    create_permission = CHANGE_OPINIONS
    template_name = "seminar/opinion_list.html"
    heading = gettext_lazy("意见办理")

    def get_queryset(self):
        self.queryset = _opinions()
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = services.local_today()
        rows = [
            {
                "opinion": o,
                "overdue": o.state in (OpinionState.RECEIVED, OpinionState.ASSIGNED)
                and o.due_on is not None
                and o.due_on < today,
                "may_answer": o.state in (OpinionState.RECEIVED, OpinionState.ASSIGNED)
                and rules.may_answer(user, o),
            }
            for o in context["object_list"]
        ]
        overdue_only = self.request.GET.get("overdue") == "true"
        context.update(
            rows=rows,
            heading=_("逾期未答复的意见") if overdue_only else self.heading,
            bulk=any(r["may_answer"] for r in rows),
            pick=TemplatePickForm(),
            next_url=self.request.get_full_path(),
        )
        return context


class MyOpinions(OpinionList):
    """Opinions assigned to me and not answered yet, the earliest due first."""

    permission = ANSWER_OPINIONS
    create_permission = ""
    heading = gettext_lazy("我承办的意见")
    ordering = ("due_on", "pk")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(assignee_id=self.request.user.pk, state=OpinionState.ASSIGNED)
            .order_by("due_on", "pk")
        )


opinion_list = OpinionList.as_view()
my_opinions = MyOpinions.as_view()


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def opinion_answer_many(request: HttpRequest) -> HttpResponse:
    """Answer the ticked opinions with one reply: all of them, or none (the reason is
    shown and nothing changes)."""
    require(request.user, ANSWER_OPINIONS)
    back = _next_url(request, reverse("seminar:opinion_list"))
    form = BulkAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    try:
        answered = services.answer_many(
            request.user, form.cleaned_data["opinions"], form.cleaned_data["reply"]
        )
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, _("未答复任何意见：%(reason)s") % {"reason": e.message})
        return redirect(back)
    messages.success(request, _("已答复%(n)d条意见") % {"n": len(answered)})
    return redirect(back)


# ------------------------------------------------------------------------------ one opinion


def _opinion(request: HttpRequest, opinion_pk: int) -> Opinion:
    opinion = get_object_or_404(_opinions(), pk=opinion_pk)
    require(request.user, VIEW_OPINIONS, opinion.region)
    return opinion


def _need(opinion: Opinion):
    try:
        return opinion.need
    except Opinion.need.RelatedObjectDoesNotExist:
        return None


def _forms(request: HttpRequest, opinion: Opinion, bound: dict | None = None) -> dict:
    """The action forms the opinion's state allows and the user may use."""
    user = request.user
    state = opinion.state
    allowed = services.allowed_actions(state)
    change = rules.may_change_opinion(user, opinion)
    forms = {}
    if change and "assign" in allowed:
        forms["assign"] = AssignForm(opinion=opinion)
    if change and "reassign" in allowed:
        forms["reassign"] = AssignForm(opinion=opinion, initial={"due_on": opinion.due_on})
    if "answer" in allowed and rules.may_answer(user, opinion):
        initial = {}
        pick = TemplatePickForm(request.GET or None, opinion=opinion)
        if pick.is_bound and pick.is_valid() and pick.cleaned_data["template"]:
            initial["reply"] = pick.cleaned_data["template"].body
        forms["answer"] = AnswerForm(initial=initial)
        forms["pick"] = pick if pick.is_bound else TemplatePickForm(opinion=opinion)
    if change and "decide" in allowed:
        forms["decide"] = DecideForm()
    if change and "close" in allowed:
        forms["close"] = CloseForm()
    if change and "reopen" in allowed:
        forms["reopen"] = ReopenForm()
    if change and _need(opinion) is None and can(user, REGISTER_NEEDS, opinion.region):
        forms["convert"] = ConvertForm()
    forms.update(bound or {})
    for action, form in forms.items():  # one page, several forms: ids unique per form
        form.auto_id = f"id_{action}_%s"
    return forms


def _render_detail(request, opinion, bound=None, status=200) -> HttpResponse:
    need = _need(opinion)
    events = list(opinion.events.select_related("user").order_by("at", "pk"))
    for event in events:
        event.action_label = services.ACTION_LABELS.get(event.action, event.action)
    return render(
        request,
        "seminar/opinion_detail.html",
        {
            "opinion": opinion,
            "events": events,
            "forms": _forms(request, opinion, bound),
            "need": need,
            "can_view_need": need is not None and can(request.user, VIEW_NEEDS, opinion.region),
            "overdue": opinion.state in (OpinionState.RECEIVED, OpinionState.ASSIGNED)
            and opinion.due_on is not None
            and opinion.due_on < services.local_today(),
        },
        status=status,
    )


@login_required
@require_safe
def opinion_detail(request: HttpRequest, opinion_pk: int) -> HttpResponse:
    return _render_detail(request, _opinion(request, opinion_pk))


@login_required
@require_safe
def opinion_photo(request: HttpRequest, opinion_pk: int) -> FileResponse:
    """The opinion's photo, shown as the image it was checked to be
    (`core.uploads.file_response`), to whoever may see the opinion in its region; never
    from /media/ and never on the public board."""
    opinion = _opinion(request, opinion_pk)
    if not opinion.photo:
        raise Http404
    ext = opinion.photo.name.rsplit(".", 1)[-1]
    return file_response(opinion.photo, f"opinion-{opinion.pk}.{ext}", inline_image=True)


def _act(request: HttpRequest, opinion_pk: int, action: str, form_class, call, done: str):
    """POST of one action form: the service moves the opinion, or the form comes back
    with the reason on it (a 403 for a refused permission)."""
    opinion = _opinion(request, opinion_pk)
    user = request.user
    if action == "answer":
        require_that(rules.may_answer(user, opinion), ANSWER_OPINIONS)
    else:
        require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    if action == "convert":
        require(user, REGISTER_NEEDS, opinion.region)
    kwargs = {"opinion": opinion} if form_class is AssignForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(opinion, form.cleaned_data)
        except ServiceError as e:
            add_service_error(form, e)  # re-raises NotPermitted
        else:
            messages.success(request, done)
            return redirect("seminar:opinion_detail", opinion_pk=opinion.pk)
    return _render_detail(request, opinion, {action: form})


@login_required
@require_POST
def opinion_assign(request, opinion_pk):
    return _act(
        request, opinion_pk, "assign", AssignForm,
        lambda o, d: services.assign_opinion(o, **d, user=request.user), _("已交办"),
    )  # fmt: skip


@login_required
@require_POST
def opinion_reassign(request, opinion_pk):
    return _act(
        request, opinion_pk, "reassign", AssignForm,
        lambda o, d: services.reassign_opinion(o, **d, user=request.user), _("已改派"),
    )  # fmt: skip


@login_required
@require_POST
def opinion_answer(request, opinion_pk):
    return _act(
        request, opinion_pk, "answer", AnswerForm,
        lambda o, d: services.answer_opinion(o, reply=d["reply"], user=request.user),
        _("已答复"),
    )  # fmt: skip


@login_required
@require_POST
def opinion_decide(request, opinion_pk):
    return _act(
        request, opinion_pk, "decide", DecideForm,
        lambda o, d: services.decide_opinion(
            o, decision=d["decision"], reason=d["reason"], user=request.user
        ),
        _("已记录采纳情况"),
    )  # fmt: skip


@login_required
@require_POST
def opinion_close(request, opinion_pk):
    return _act(
        request, opinion_pk, "close", CloseForm,
        lambda o, d: services.close_opinion(o, note=d["note"], user=request.user), _("已办结"),
    )  # fmt: skip


@login_required
@require_POST
def opinion_reopen(request, opinion_pk):
    return _act(
        request, opinion_pk, "reopen", ReopenForm,
        lambda o, d: services.reopen_opinion(
            o, reason=d["reason"], due_on=d["due_on"], user=request.user
        ),
        _("已重新交办"),
    )  # fmt: skip


@login_required
@require_POST
def opinion_convert(request, opinion_pk):
    return _act(
        request, opinion_pk, "convert", ConvertForm,
        lambda o, d: services.convert_to_need(
            request.user, o, category=d["category"], urgency=d["urgency"],
            description=d["description"],
        ),
        _("已转为群众需求"),
    )  # fmt: skip


# ------------------------------------------------------------------------------ record


@login_required
def opinion_create(request: HttpRequest) -> HttpResponse:
    """Record an opinion raised outside a meeting (a call, a visit to the office)."""
    require(request.user, CHANGE_OPINIONS)
    if request.method == "POST":
        form = OpinionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                opinion = services.create_opinion(user=request.user, **form.cleaned_data)
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, _("已记录意见"))
                return redirect("seminar:opinion_detail", opinion_pk=opinion.pk)
    else:
        form = OpinionForm(user=request.user, initial={"raised_on": services.local_today()})
    return render(
        request,
        "seminar/opinion_form.html",
        {"form": form, "cancel_url": reverse("seminar:opinion_list")},
    )


# ------------------------------------------------------------------------------ rates


@login_required
@require_safe
def opinion_rates(request: HttpRequest) -> HttpResponse:
    """Collected, answered, on time and adopted per region: the asked region (`?region=`
    code, default the caller's topmost) and its children; `?campaign=`, `?start=`, `?end=`."""
    require(request.user, VIEW_OPINIONS)
    region = figures.top_region(request.user)
    code = request.GET.get("region", "")
    if code:
        try:
            region = region_by_code(code)
        except ServiceError:
            messages.error(request, _("区划不存在或不在您的管辖范围内"))
    campaign = None
    if request.GET.get("campaign", "").isdigit():
        campaign = Campaign.objects.filter(pk=int(request.GET["campaign"])).first()
    period = figures.Period(_date(request.GET.get("start")), _date(request.GET.get("end")))
    rates = figures.opinion_rates(region, campaign=campaign, period=period) if region else None
    return render(
        request,
        "seminar/opinion_rates.html",
        {
            "rates": rates,
            "region": region,
            "campaign": campaign,
            "campaigns": Campaign.objects.order_by("-starts_on"),
            "period": period,
        },
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ------------------------------------------------------------------------------ templates


class TemplateList(ListPage):
    model = AnswerTemplate
    select_related = ("region", "category")
    permission = VIEW_OPINIONS
    create_permission = CHANGE_OPINIONS
    template_name = "seminar/template_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["editable"] = {
            t.pk for t in context["object_list"] if rules.may_change_template(user, t)
        }
        return context


class TemplatePages:
    model = AnswerTemplate
    select_related = ("region", "category")
    permission = CHANGE_OPINIONS
    detail_url, list_url = "seminar:template_list", "seminar:template_list"

    def object_url(self, obj) -> str:
        return reverse(self.list_url)


class TemplateCreate(TemplatePages, CreatePage):
    form_class = AnswerTemplateForm
    service = services.save_template
    template_name = "seminar/template_form.html"
    success_message = gettext_lazy("已新建答复模板“%(name)s”")


class TemplateEdit(TemplatePages, EditPage):
    form_class = AnswerTemplateForm
    service = services.save_template
    template_name = "seminar/template_form.html"
    success_message = gettext_lazy("已保存答复模板“%(name)s”")


class TemplateDelete(TemplatePages, DeletePage):
    service = services.delete_template
    kind = gettext_lazy("答复模板")
    success_message = gettext_lazy("已删除答复模板“%(name)s”")


template_list = TemplateList.as_view()
template_create = TemplateCreate.as_view()
template_edit = TemplateEdit.as_view()
template_delete = TemplateDelete.as_view()
