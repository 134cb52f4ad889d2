"""Pages for people (群众) and households (户). Thin: declared on the view toolkit
(`sanwei.core.viewkit`); every rule runs in `services`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sanwei.accounts.permissions import CHANGE_PEOPLE, VIEW_PEOPLE, can, require
from sanwei.core.viewkit import CreatePage, DeletePage, EditPage, ListPage

from . import services
from .filters import HouseholdFilter, PersonFilter
from .forms import HouseholdForm, PersonForm
from .models import Household, Person, RelationToHead
from .permissions import REVEAL_PERSONAL
from .privacy import ShownPerson

# --------------------------------------------------------------------------- persons


class PersonList(ListPage):
    model = Person
    select_related = ("region", "household")
    prefetch_related = ("household__members",)
    filterset_class = PersonFilter
    permission = VIEW_PEOPLE
    create_permission = CHANGE_PEOPLE
    partial_template_name = "people/_person_table.html"
    results_id = "person-results"
    search_in_body = True  # the search takes phone digits: never in a URL

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        for person in context["page_obj"]:
            person.phone_masked = services.masked_phone(person)
        return context


def _person_detail_context(request: HttpRequest, person: Person) -> dict:
    household = person.household
    members = (
        sorted(
            household.members.select_related("region"),
            key=lambda m: (m.relation_to_head != RelationToHead.HEAD, m.name),
        )
        if household
        else []
    )
    return {
        "person": person,
        "shown": ShownPerson.of(person, request.user),
        "household": household,
        "members": members,
        "memberships": person.memberships.select_related("team", "team__region"),
        "attendances": person.attendances.select_related(
            "activity", "activity__activity_type", "activity__region"
        ).order_by("-activity__starts_at", "-id"),
        "can_change": can(request.user, CHANGE_PEOPLE, person.region),
        "can_reveal": can(request.user, REVEAL_PERSONAL, person.region),
    }


@login_required
@require_safe
def person_detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    person = get_object_or_404(Person.objects.select_related("region", "household"), pk=person_pk)
    services.log_person_viewed(person, user=request.user)
    return render(request, "people/person_detail.html", _person_detail_context(request, person))


@never_cache
@login_required
@require_POST
def person_sensitive(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Show one unmasked field (POST `field`: id_number, phone or landline) once, logged;
    the value is never in the page's URL."""
    person = get_object_or_404(Person.objects.select_related("region", "household"), pk=person_pk)
    require(request.user, REVEAL_PERSONAL, person.region)
    field = request.POST.get("field", "")
    if field not in services.REVEALABLE_FIELDS:
        return HttpResponseBadRequest(str(_("只能查看身份证号码、手机号码或固定电话")))
    context = _person_detail_context(request, person)
    context["revealed"] = {field: services.reveal_field(person, field, user=request.user)}
    return render(request, "people/person_detail.html", context)


class PersonPages:
    """What the create, edit and delete pages of a person share."""

    model = Person
    select_related = ("region",)
    permission = CHANGE_PEOPLE
    detail_url, list_url = "people:person_detail", "people:person_list"


class PersonFormPage(PersonPages):
    form_class = PersonForm

    def save(self, form: PersonForm, person: Person) -> Person:
        return services.save_person(
            person, id_number=form.id_number_value(), user=self.request.user
        )


class PersonCreate(PersonFormPage, CreatePage):
    success_message = _("已登记群众“%(name)s”")

    def get_initial(self) -> dict:
        """?household=<pk> (the household page's 添加成员) fills the household and region."""
        household_pk = self.request.GET.get("household", "")
        if household_pk.isdigit():
            household = Household.objects.filter(pk=int(household_pk)).first()
            if household is not None:
                return {"household": household.pk, "region": household.region_id}
        return {}


class PersonEdit(PersonFormPage, EditPage):
    success_message = _("已保存群众“%(name)s”")


class PersonDelete(PersonPages, DeletePage):
    service = services.delete_person
    kind = _("群众")
    warning = _("已有参与记录或队伍成员身份的群众不能删除。")
    success_message = _("已删除群众“%(name)s”")


# ------------------------------------------------------------------------ households


class HouseholdList(ListPage):
    model = Household
    select_related = ("region",)
    prefetch_related = ("members",)
    filterset_class = HouseholdFilter
    permission = VIEW_PEOPLE
    create_permission = CHANGE_PEOPLE
    partial_template_name = "people/_household_table.html"
    results_id = "household-results"
    search_in_body = True  # the head's search takes phone digits too

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(member_count=Count("members"))
            .order_by("region__path", "id")
        )


@login_required
@require_safe
def household_detail(request: HttpRequest, household_pk: int) -> HttpResponse:
    require(request.user, VIEW_PEOPLE)
    household = get_object_or_404(Household.objects.select_related("region"), pk=household_pk)
    members = sorted(
        household.members.select_related("region"),
        key=lambda m: (m.relation_to_head != RelationToHead.HEAD, m.name),
    )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "can_change": can(request.user, CHANGE_PEOPLE, household.region),
        },
    )


class HouseholdPages:
    """What the create, edit and delete pages of a household share."""

    model = Household
    select_related = ("region",)
    permission = CHANGE_PEOPLE
    detail_url, list_url = "people:household_detail", "people:household_list"


class HouseholdFormPage(HouseholdPages):
    form_class = HouseholdForm
    service = services.save_household


class HouseholdCreate(HouseholdFormPage, CreatePage):
    success_message = _("已登记新户")


class HouseholdEdit(HouseholdFormPage, EditPage):
    success_message = _("已保存“%(name)s”")

    def message_values(self, household: Household) -> dict:
        return {"name": self.object_label}


class HouseholdDelete(HouseholdPages, DeletePage):
    service = services.delete_household
    kind = _("户")
    success_message = _("已删除“%(name)s”")

    def refusal(self, household: Household) -> str:
        members = household.members.count()
        if not members:
            return ""
        return _("该户还有 %(members)s 名成员，不能删除。请先将成员移到其他户或删除成员。") % {
            "members": members
        }


person_list = PersonList.as_view()
person_create = PersonCreate.as_view()
person_edit = PersonEdit.as_view()
person_delete = PersonDelete.as_view()
household_list = HouseholdList.as_view()
household_create = HouseholdCreate.as_view()
household_edit = HouseholdEdit.as_view()
household_delete = HouseholdDelete.as_view()
