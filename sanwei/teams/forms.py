"""Forms for teams and memberships. Choice querysets are built per request (scoped)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.permissions import CHANGE_TEAMS
from sanwei.core.forms import scoped_formfield
from sanwei.core.widgets import AutocompleteSelect
from sanwei.people.models import Person
from sanwei.regions.forms import RegionChoiceField
from sanwei.regions.models import RegionLevel
from sanwei.regions.services import regions_with_permission

from .models import Membership, Team, TeamKind


def team_choices(*, parents_only: bool = False) -> QuerySet[Team]:
    """Teams to pick from (scoped); `parents_only`: those a team may belong to."""
    teams = Team.objects.select_related("region")
    return teams.exclude(kind=TeamKind.SQUAD) if parents_only else teams


def team_label(team: Team) -> str:
    return f"{team.name}（{team.get_kind_display()} · {team.region.name}）"


class TeamChoiceField(forms.ModelChoiceField):
    """A team, picked by searching its name; `parents_only` offers brands and squadrons
    (the teams a squad or squadron may belong to)."""

    def __init__(self, *, parents_only: bool = False, **kwargs) -> None:
        url = reverse_lazy("teams:team_picker")
        if parents_only:
            url = format_lazy("{}?parents=1", url)
        kwargs["widget"] = AutocompleteSelect(url, placeholder=_("输入队伍名称查找"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Team) -> str:
        return team_label(obj)


class ParentChoiceField(TeamChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(parents_only=True, **kwargs)


class TeamForm(forms.ModelForm):
    """Region choices: the user's regions with CHANGE_TEAMS, down to villages."""

    class Meta:
        model = Team
        fields = ("name", "kind", "region", "parent", "description")
        field_classes = {"region": RegionChoiceField, "parent": ParentChoiceField}
        formfield_callback = scoped_formfield
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_with_permission(user, CHANGE_TEAMS).filter(
            level__lte=RegionLevel.VILLAGE
        )
        parents = team_choices(parents_only=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("小队的上级为中队，中队的上级为志愿服务品牌")
        # A parent the user cannot see (e.g. the town's squadron for a village secretary)
        # is kept as it is rather than offered or silently dropped.
        self.hidden_parent: Team | None = None
        if self.instance.parent_id and not parents.filter(pk=self.instance.parent_id).exists():
            self.hidden_parent = self.instance.parent
            del self.fields["parent"]


def member_label(person: Person) -> str:
    # The age, never the birth date or year (see people.privacy).
    age = _("%(age)s岁") % {"age": person.age} if person.age is not None else ""
    return f"{person.name}（{person.region.name}{' · ' + age if age else ''}）"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return member_label(obj)


class MembershipForm(forms.ModelForm):
    """The person is picked by searching (name, pinyin, initials or phone tail) among the
    people of the team's region subtree; that subtree is also what validation accepts."""

    class Meta:
        model = Membership
        fields = ("person", "role", "started_on")
        labels = {"person": _("群众")}
        field_classes = {"person": MemberChoiceField}
        formfield_callback = scoped_formfield
        widgets = {
            "person": AutocompleteSelect(placeholder=_("姓名、拼音、首字母或手机尾号")),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.url = reverse("teams:member_candidates", args=[team.pk])
        self.fields["person"].queryset = Person.objects.filter(
            region__path__startswith=team.region.path
        ).select_related("region")
        self.fields["person"].error_messages["invalid_choice"] = _("请选择本队所属区划内的群众")
        self.fields["person"].error_messages["required"] = _("请先查找并选择一位群众")
        self.fields["started_on"].initial = timezone.localdate()


class EndMembershipForm(forms.Form):
    ended_on = forms.DateField(
        label=_("退出日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
