"""Forms of 送学: assigning tasks (the contract the gap list posts to) and completing one."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.models import RoleAssignment
from sanwei.accounts.permissions import ROLE_PERMISSIONS, permission_scope
from sanwei.activities.forms import DateInput
from sanwei.activities.models import Campaign
from sanwei.classroom.models import Material
from sanwei.people.models import Household, Person

from .models import DeliveryMethod
from .permissions import ASSIGN_TASKS, DO_TASKS


def user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def assignee_candidates(user):
    """Active accounts with a role that does 送学 in a region related to where `user`
    assigns (inside it, or above it: a town admin may take a village's task). The
    service checks each person's region exactly."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if DO_TASKS in perms]
    assignments = RoleAssignment.objects.filter(role__in=roles)
    where = permission_scope(user, ASSIGN_TASKS)
    if where is not None:
        assignments = assignments.filter(region__path__under_or_above=where)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=assignments.values("user_id"))
        .order_by("first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class AssignForm(forms.Form):
    """POSTed by the task pages and by the gap list: `person` and `household` (ids, any
    number), `assignee`, `due_on`, `campaign`, `next` (where to go back to)."""

    campaign = forms.ModelChoiceField(label=_("专题"), queryset=Campaign.objects.none())
    person = forms.ModelMultipleChoiceField(
        label=_("群众"), queryset=Person.objects.none(), required=False,
        widget=forms.MultipleHiddenInput,
    )  # fmt: skip
    household = forms.ModelMultipleChoiceField(
        label=_("户"), queryset=Household.objects.none(), required=False,
        widget=forms.MultipleHiddenInput,
    )  # fmt: skip
    assignee = UserChoiceField(label=_("负责人"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(label=_("完成期限"), widget=DateInput())
    note = forms.CharField(label=_("备注"), required=False, max_length=500)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on", "name")
        self.fields["person"].queryset = Person.objects.select_related("region", "household")
        self.fields["household"].queryset = Household.objects.select_related("region")
        self.fields["assignee"].queryset = assignee_candidates(user)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("person") and not data.get("household"):
            raise forms.ValidationError(_("请选择要送学的群众或户"), code="no_persons")
        return data


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MaterialChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class CompleteForm(forms.Form):
    """Mark a task done: how, when (default now), the materials used, a note."""

    method = forms.ChoiceField(
        label=_("送学方式"), choices=DeliveryMethod.choices, widget=forms.RadioSelect,
        initial=DeliveryMethod.IN_PERSON,
    )  # fmt: skip
    delivered_at = forms.DateTimeField(
        label=_("送学时间"), widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    materials = MaterialChoices(
        label=_("使用的学习资料"), queryset=Material.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = forms.CharField(
        label=_("备注"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, task, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "delivered_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        kwargs.setdefault("prefix", f"t{task.pk}")
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = materials_for(task.person.region)


def materials_for(region):
    """The library items usable for a person of `region`: its own and its ancestors'."""
    paths = [region.path[:n] for n in (2, 4, 6, 9, 12, 15) if n <= len(region.path)]
    return Material.objects.filter(region__path__in=paths).order_by("-created_at", "pk")
