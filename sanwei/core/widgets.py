"""Form widgets shared by every app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .viewkit import is_search_post

PICKER_LIMIT = 20


class AutocompleteSelect(forms.Widget):
    """A searchable picker for a ModelChoiceField, instead of a <select> of every choice.

    Renders a search box that asks `url` (htmx, `q` POSTed: a name or phone digits typed
    never go into a URL) for matching choices and a hidden
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


def picker_endpoint(view: Callable) -> Callable:
    """The methods of a picker's search endpoint: the widget POSTs what was typed with
    `search=1` (CSRF token from the page's hx-headers), so phone digits stay out of URLs
    and access logs; a GET is still answered; any other POST is a 405."""

    @wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST" and not is_search_post(request):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return view(request, *args, **kwargs)

    return require_http_methods(["GET", "HEAD", "POST"])(endpoint)


def picker_params(request: HttpRequest) -> QueryDict:
    """The values a picker's search sent: the POSTed body (the widget), else the query
    string."""
    return request.POST if request.method == "POST" else request.GET


def picker_results(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    search: Callable[[QuerySet, str], QuerySet],
    label: Callable[[Model], str],
) -> HttpResponse:
    """The answer of a picker's search endpoint: the first matches of `q` in `queryset`
    (the first ones in its order when `q` is empty) as choices to tap."""
    query = picker_params(request).get("q", "").strip()[:100]
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
