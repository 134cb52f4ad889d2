"""Review pages: the list (filters shared with the API), create and edit, one review with
its agenda (each item links to its need) and its follow-ups (add, done, turn into a need),
and the printable agenda (.docx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import can, require
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.viewkit import CreatePage, EditPage, ListPage
from sanwei.needs.permissions import REGISTER_NEEDS

from . import services
from .agenda import agenda
from .documents import agenda_docx
from .filters import ReviewFilter
from .forms import ConvertForm, FollowUpForm, ReviewForm
from .models import FollowUp, Review
from .permissions import MANAGE_REVIEWS, VIEW_REVIEWS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReviewList(ListPage):
    model = Review
    select_related = ("region",)
    filterset_class = ReviewFilter
    permission = VIEW_REVIEWS
    create_permission = MANAGE_REVIEWS
    template_name = "reviews/review_list.html"


review_list = ReviewList.as_view()


class ReviewPages:
    model = Review
    select_related = ("region",)
    form_class = ReviewForm
    permission = MANAGE_REVIEWS
    template_name = "reviews/review_form.html"
    detail_url = "reviews:review_detail"
    list_url = "reviews:review_list"
    success_message = gettext_lazy("已保存复盘“%(name)s”")


class ReviewCreate(ReviewPages, CreatePage):
    def get_initial(self) -> dict:
        today = timezone.localdate()
        return {"held_on": today, "period_end": today, "period_start": today.replace(day=1)}

    def save(self, form, obj: Review) -> Review:
        data = form.cleaned_data
        return services.create_review(
            user=self.request.user,
            **{name: data[name] for name in ("region", *services.REVIEW_FIELDS)},
        )


class ReviewEdit(ReviewPages, EditPage):
    def save(self, form, obj: Review) -> Review:
        data = form.cleaned_data
        return services.update_review(
            obj, user=self.request.user, **{name: data[name] for name in services.REVIEW_FIELDS}
        )


review_create = ReviewCreate.as_view()
review_edit = ReviewEdit.as_view()


def _review(request: HttpRequest, review_pk: int) -> Review:
    review = get_object_or_404(Review.objects.select_related("region"), pk=review_pk)
    require(request.user, VIEW_REVIEWS, review.region)
    return review


def _follow_ups(review: Review) -> list[FollowUp]:
    return list(FollowUp.objects.filter(review=review).select_related("need", "review__region"))


def _detail(request, review: Review, *, status: int = 200, **forms_in) -> HttpResponse:
    user = request.user
    manage = can(user, MANAGE_REVIEWS, review.region)
    follow_ups = _follow_ups(review)
    context = {
        "review": review,
        "agenda": agenda(review),
        "follow_ups": follow_ups,
        "can_manage": manage,
        "can_convert": manage and can(user, REGISTER_NEEDS, review.region),
        "error": forms_in.get("error", ""),
        "error_follow_up": forms_in.get("error_follow_up"),
    }
    if manage:
        context["follow_up_form"] = forms_in.get("follow_up_form") or FollowUpForm()
        context["convert_forms"] = {
            f.pk: (
                forms_in["convert_form"]
                if forms_in.get("error_follow_up") == f.pk and "convert_form" in forms_in
                else ConvertForm(user=user, review=review, prefix=f"c{f.pk}")
            )
            for f in follow_ups
            if f.need_id is None
        }
    return render(request, "reviews/review_detail.html", context, status=status)


@login_required
@require_safe
def review_detail(request: HttpRequest, review_pk: int) -> HttpResponse:
    return _detail(request, _review(request, review_pk))


@login_required
@require_safe
def review_agenda_docx(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = _review(request, review_pk)
    content = agenda_docx(agenda(review), _follow_ups(review))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(
        True, _("%(title)s议程.docx") % {"title": review.title}
    )
    return response


@login_required
@require_POST
def follow_up_add(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = _review(request, review_pk)
    require(request.user, MANAGE_REVIEWS, review.region)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.add_follow_up(review, user=request.user, **form.cleaned_data)
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已添加整改事项"))
            return redirect("reviews:review_detail", review_pk=review.pk)
    return _detail(request, review, status=400, follow_up_form=form)


def _follow_up(request: HttpRequest, review_pk: int, follow_up_pk: int):
    review = _review(request, review_pk)
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("review__region"), pk=follow_up_pk, review=review
    )
    require(request.user, MANAGE_REVIEWS, review.region)
    return review, follow_up


@login_required
@require_POST
def follow_up_done(request: HttpRequest, review_pk: int, follow_up_pk: int) -> HttpResponse:
    review, follow_up = _follow_up(request, review_pk, follow_up_pk)
    done = request.POST.get("done", "1") != "0"
    services.set_follow_up_done(follow_up, user=request.user, done=done)
    messages.success(request, _("已标记为完成") if done else _("已改为未完成"))
    return redirect("reviews:review_detail", review_pk=review.pk)


@login_required
@require_POST
def follow_up_convert(request: HttpRequest, review_pk: int, follow_up_pk: int) -> HttpResponse:
    review, follow_up = _follow_up(request, review_pk, follow_up_pk)
    require(request.user, REGISTER_NEEDS, review.region)
    form = ConvertForm(request.POST, user=request.user, review=review, prefix=f"c{follow_up.pk}")
    bad = {"error_follow_up": follow_up.pk, "convert_form": form}
    if not form.is_valid():
        return _detail(request, review, status=400, **bad)
    data = form.cleaned_data
    try:
        need = services.convert_follow_up(
            follow_up, user=request.user, region=data["region"], category=data["category"],
            urgency=data["urgency"], description=data["description"],
        )  # fmt: skip
    except NotPermitted:
        raise
    except ServiceError as e:
        return _detail(request, review, status=400, error=e.message, **bad)
    messages.success(request, _("已转为群众需求，查询码 %(code)s") % {"code": need.code})
    return redirect("reviews:review_detail", review_pk=review.pk)
