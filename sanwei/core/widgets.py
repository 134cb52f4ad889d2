"""Form widgets shared by every app."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PICKER_LIMIT = 20


class AutocompleteSelect(forms.Widget):
    """A searchable picker for a ModelChoiceField, instead of a <select> of every choice.

    Renders a search box that asks `url` (htmx, `?q=`) for matching choices and a hidden
    input that holds the chosen pk (static/js/picker.js puts it there when a match is
    tapped). Only the current choice's label is rendered, never the queryset: the field's
    queryset stays the scope that validation checks a posted pk against. `include` is an
    htmx selector of other inputs sent along (e.g. the campaign, to narrow main venues).
    """

    template_name = "core/widgets/autocomplete.html"  # in sanwei/core/templates: forms render there

    def __init__(self, url: str = "", *, placeholder: str = "", include: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url
        self.placeholder = placeholder
        self.include = include
        self.choices: Iterable = ()  # set by ModelChoiceField; read only for the label

    def use_required_attribute(self, initial) -> bool:
        return False  # a typed name is not a choice: the form reports a missing one

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            url=str(self.url),
            placeholder=str(self.placeholder),
            include=self.include,
            label=self.label_of(value),
        )
        return context

    def label_of(self, value) -> str:
        """The label of the chosen object, looked up in the field's (scoped) queryset."""
        field = getattr(self.choices, "field", None)
        if field is None or field.queryset is None or value in (None, ""):
            return ""
        try:
            chosen = field.queryset.filter(pk=value).first()
        except (TypeError, ValueError, ValidationError):
            return ""
        return field.label_from_instance(chosen) if chosen is not None else ""


def picker_results(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    search: Callable[[QuerySet, str], QuerySet],
    label: Callable[[Model], str],
) -> HttpResponse:
    """The answer of a picker's search endpoint: the first matches of `q` in `queryset`
    (the first ones in its order when `q` is empty) as choices to tap."""
    query = request.GET.get("q", "").strip()[:100]
    found = search(queryset, query) if query else queryset
    matches = list(found[: PICKER_LIMIT + 1])
    return render(
        request,
        "core/widgets/_picker_results.html",
        {
            "choices": [(obj.pk, label(obj)) for obj in matches[:PICKER_LIMIT]],
            "more": len(matches) > PICKER_LIMIT,
            "limit": PICKER_LIMIT,
        },
    )
