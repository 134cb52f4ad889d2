"""Pages of volunteer (service) activities: the service categories, an activity's service
details, its sign-up list and waiting list, and the sign-up and cancel actions (a
volunteer for themself from their phone page or the activity page; staff for anyone).

Thin: fetch through the scoped managers (another region's object is a 404), check the
right before reading a form, call `services`, show a message and redirect."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sanwei.accounts.permissions import can, require, require_that
from sanwei.activities.models import Activity, Attendance, AttendanceRole, Pillar
from sanwei.activities.permissions import CHANGE_ACTIVITIES, RECORD_ATTENDANCE, VIEW_ACTIVITIES
from sanwei.activities.rules import may_change_activity, may_record_attendance
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.forms import add_service_error
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage
from sanwei.core.widgets import picker_endpoint, picker_results
from sanwei.needs.rules import acting_person
from sanwei.people.services import search_people
from sanwei.teams.forms import member_label

from . import rules, services
from .forms import CategoryForm, ServiceActivityForm, SignUpForm, volunteers_in_scope
from .models import ServiceActivity, ServiceCategory, SignUp, SignUpStatus
from .permissions import CHANGE_SERVICE_CATEGORIES, MANAGE_SIGNUPS, SIGN_UP, VIEW_SIGNUPS

# --------------------------------------------------------------------------- categories


@login_required
@require_safe
def category_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_ACTIVITIES)
    used = {}
    for category_id in ServiceActivity.objects.values_list("category_id", flat=True):
        used[category_id] = used.get(category_id, 0) + 1
    categories = list(ServiceCategory.objects.order_by("sort_order", "name"))
    for category in categories:
        category.activity_count = used.get(category.pk, 0)
    return render(
        request,
        "volunteering/category_list.html",
        {
            "categories": categories,
            "can_change": can(request.user, CHANGE_SERVICE_CATEGORIES),
        },
    )


class CategoryPages:
    """What the create, edit and delete pages of a category share (they come back to the
    list)."""

    model = ServiceCategory
    context_object_name = "category"
    permission = CHANGE_SERVICE_CATEGORIES
    list_url = "volunteering:category_list"


class CategoryFormPage(CategoryPages):
    form_class = CategoryForm
    service = services.save_category
    template_name = "volunteering/category_form.html"


class CategoryCreate(CategoryFormPage, CreatePage):
    success_message = _("已新建服务类别“%(name)s”")


class CategoryEdit(CategoryFormPage, EditPage):
    success_message = _("已保存服务类别“%(name)s”")


class CategoryDelete(CategoryPages, DeletePage):
    service = services.delete_category
    kind = _("服务类别")
    success_message = _("已删除服务类别“%(name)s”")


category_create = CategoryCreate.as_view()
category_edit = CategoryEdit.as_view()
category_delete = CategoryDelete.as_view()


# --------------------------------------------------------------------------- service details


def _activity(activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("activity_type", "region", "organising_team"),
        pk=activity_pk,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """Category, sign-up limit, place and squad of a 微服务 activity."""
    activity = _activity(activity_pk)
    require_that(may_change_activity(request.user, activity), CHANGE_ACTIVITIES)
    current = ServiceActivity.objects.filter(activity=activity).select_related("category").first()
    initial = {"place": activity.place, "squad": activity.organising_team_id}
    if current is not None:
        initial.update(category=current.category_id, signup_limit=current.signup_limit)
    form = ServiceActivityForm(
        request.POST or None,
        activity=activity,
        current=current.category if current else None,
        initial=initial,
    )
    is_service = activity.activity_type.pillar == Pillar.SERVICE
    if request.method == "POST" and form.is_valid():
        try:
            services.save_service_activity(
                activity,
                category=form.cleaned_data["category"],
                signup_limit=form.cleaned_data["signup_limit"],
                place=form.cleaned_data["place"],
                squad=form.cleaned_data["squad"],
                user=request.user,
            )
        except NotPermitted:
            raise
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("已保存服务类别与报名设置"))
            return redirect("activities:activity_detail", activity.pk)
    return render(
        request,
        "volunteering/service_form.html",
        {"activity": activity, "form": form, "is_service": is_service, "current": current},
    )


# --------------------------------------------------------------------------- sign-ups


@login_required
@require_safe
def signup_list(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The staff's view of an activity's sign-ups and waiting list."""
    activity = _activity(activity_pk)
    require(request.user, VIEW_SIGNUPS, activity.region)
    lists = services.signup_lists(activity)
    recorded = set(
        Attendance.objects.filter(activity=activity, role=AttendanceRole.VOLUNTEER).values_list(
            "person_id", flat=True
        )
    )
    cancelled = (
        SignUp.objects.filter(activity=activity, status=SignUpStatus.CANCELLED)
        .select_related("person", "person__region")
        .order_by("-cancelled_at", "-id")[:50]
    )
    may_manage = rules.may_manage(request.user, activity)
    return render(
        request,
        "volunteering/signup_list.html",
        {
            "activity": activity,
            "lists": lists,
            "recorded": recorded,
            "cancelled": cancelled,
            "can_manage": may_manage,
            "can_record": may_record_attendance(request.user, activity),
            "form": SignUpForm() if may_manage else None,
            "to_record": sum(1 for s in lists.signed_up if s.person_id not in recorded),
        },
    )


@login_required
@picker_endpoint
def volunteer_picker(request: HttpRequest) -> HttpResponse:
    """The sign-up form's search: registered volunteers in the caller's scope (htmx)."""
    require(request.user, MANAGE_SIGNUPS)
    return picker_results(
        request,
        volunteers_in_scope(),
        search=partial(search_people, user=request.user),
        label=member_label,
    )


def _back(request: HttpRequest, activity: Activity):
    """Back to where the form was (a local `next`), else the activity's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("activities:activity_detail", activity.pk)


def _signed_message(signup: SignUp) -> str:
    if signup.status == SignUpStatus.WAITING:
        return _("名额已满，%(name)s已进入候补名单，排第%(position)s位") % {
            "name": signup.person.name,
            "position": signup.position,
        }
    return _("%(name)s报名成功") % {"name": signup.person.name}


@login_required
@require_POST
def signup_add(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """Staff sign a volunteer up (a place, or the waiting list when full)."""
    activity = _activity(activity_pk)
    require_that(rules.may_manage(request.user, activity), MANAGE_SIGNUPS)
    form = SignUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors.get("person", [])))
        return redirect("volunteering:signup_list", activity.pk)
    try:
        signup = services.sign_up(activity, form.cleaned_data["person"], user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _signed_message(signup))
    return redirect("volunteering:signup_list", activity.pk)


@login_required
@require_POST
def signup_self(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """A volunteer signs themself up (the person their login acts as)."""
    activity = _activity(activity_pk)
    require_that(rules.may_sign_up_self(request.user, activity), SIGN_UP)
    try:
        signup = services.sign_up(activity, acting_person(request.user), user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _signed_message(signup))
    return _back(request, activity)


@login_required
@require_POST
def signup_cancel(request: HttpRequest, signup_pk: int) -> HttpResponse:
    """Cancel a place or a waiting entry: the volunteer their own, staff anyone's."""
    signup = get_object_or_404(
        SignUp.objects.select_related("activity", "activity__region", "person", "person__region"),
        pk=signup_pk,
    )
    require_that(rules.may_sign_up(request.user, signup.activity, signup.person), SIGN_UP)
    try:
        moved = services.cancel_signup(signup, user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已取消%(name)s的报名") % {"name": signup.person.name})
        for promoted in moved:
            messages.info(
                request,
                _("候补的%(name)s已递补为正式报名") % {"name": promoted.person.name},
            )
    return _back(request, signup.activity)


@login_required
@require_POST
def record_signed_up(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The organiser records the signed-up volunteers as the activity's volunteers."""
    activity = _activity(activity_pk)
    require_that(may_record_attendance(request.user, activity), RECORD_ATTENDANCE)
    try:
        new, already = services.record_signed_up(activity, user=request.user)
    except NotPermitted:
        raise
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("volunteering:signup_list", activity.pk)
    messages.success(
        request,
        _("已将%(new)s名报名志愿者登记为参与（%(already)s名此前已登记），请确认服务时长")
        % {"new": new, "already": already},
    )
    return redirect("volunteers:activity_hours", activity.pk)
