"""Topics pages: the hot topics of a region and period, and the staff's corrections of an
opinion's category and group (the forms sit on the opinion's page through
`seminar/_topic_corrections.html`). Thin: rules in `topic_services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import require, require_that
from sanwei.core.errors import NotPermitted, ServiceError

from . import rules, topic_services
from .forms_topics import (
    CategoryCorrectionForm,
    HotTopicsForm,
    TopicCorrectionForm,
    default_period,
    hot_topic_regions,
)
from .models import Opinion
from .permissions import CHANGE_OPINIONS, VIEW_OPINIONS


@login_required
@require_safe
def hot_topics(request: HttpRequest) -> HttpResponse:
    """热点话题: the groups raised by the most distinct people in a region and period."""
    require(request.user, VIEW_OPINIONS)
    start, end = default_period()
    form = HotTopicsForm(request.GET or None, regions=hot_topic_regions())
    region, date_from, date_to = topic_services.default_region(request.user), start, end
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"] or region
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    if not form.is_bound:
        form = HotTopicsForm(
            initial={"region": region, "date_from": date_from, "date_to": date_to},
            regions=hot_topic_regions(),
        )
    rows = []
    if region is not None:
        require(request.user, VIEW_OPINIONS, region)
        rows = topic_services.hot_topics(
            Opinion.objects.all(), region=region, date_from=date_from, date_to=date_to
        )
    return render(
        request,
        "seminar/hot_topics.html",
        {
            "form": form,
            "region": region,
            "date_from": date_from,
            "date_to": date_to,
            "rows": rows,
        },
    )


def _opinion(opinion_pk: int) -> Opinion:
    return get_object_or_404(Opinion.objects.select_related("region", "topic"), pk=opinion_pk)


def _back(opinion: Opinion) -> HttpResponse:
    return redirect(reverse("seminar:opinion_detail", args=[opinion.pk]) + "#topic")


@login_required
@require_POST
def opinion_category(request: HttpRequest, opinion_pk: int) -> HttpResponse:
    """Staff set the opinion's category (kept over later suggestions)."""
    opinion = _opinion(opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    form = CategoryCorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(opinion)
    try:
        topic_services.correct_category(
            opinion, category=form.cleaned_data["category"], user=request.user
        )
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, _("已将类别改为“%(name)s”") % {"name": form.cleaned_data["category"].name}
        )
    return _back(opinion)


@login_required
@require_POST
def opinion_topic(request: HttpRequest, opinion_pk: int) -> HttpResponse:
    """Staff move the opinion into another group, a new group, or out of its group."""
    opinion = _opinion(opinion_pk)
    require_that(rules.may_change_opinion(request.user, opinion), CHANGE_OPINIONS)
    form = TopicCorrectionForm(request.POST, topics=topic_services.topic_choices(opinion))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(opinion)
    target = form.cleaned_data["target"]
    try:
        if target == form.MOVE:
            topic_services.move_to_topic(
                opinion, topic=form.cleaned_data["topic"], user=request.user
            )
        elif target == form.NEW:
            topic_services.move_to_topic(
                opinion, new_label=form.cleaned_data["label"], user=request.user
            )
        else:
            topic_services.move_to_topic(opinion, user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已调整相似意见分组"))
    return _back(opinion)
