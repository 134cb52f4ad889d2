"""The view toolkit: list, create, edit and delete pages are declared, not written.

A page names its model (fetched through the scoped `objects` manager, so another region's
object is a 404), its form or FilterSet, the permission it needs, the service function
that does the work, its templates and where to go after. For example::

    class TeamEdit(EditPage):
        model = Team
        form_class = TeamForm
        permission = CHANGE_TEAMS
        service = services.save_team          # called as service(team, user=user)
        detail_url = "teams:team_detail"
        success_message = _("已保存队伍“%(name)s”")

Permissions are asked through `user.has_perm(permission, obj)` (answered by the role
backend in `sanwei.accounts`) before any form is shown: up front on list and create
pages, on the fetched object on edit and delete pages (so another region's object is a
404, not a 403), and again on the object as the form left it before the service runs.
A `ServiceError` lands on the form (`add_service_error`); `NotPermitted` is a 403.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views import generic

from .errors import NotPermitted, ServiceError
from .forms import add_service_error

PAGE_SIZE = 50

# The field that marks a POST as a search (a read), not a write: the search forms whose box
# takes phone digits POST what was typed with it, so that it stays out of URLs, browser
# history and access logs. A POST without it is what it always was (a write, or a 405).
SEARCH_FIELD = "search"


def is_search_post(request: HttpRequest) -> bool:
    """Is `request` a search sent in a POST body (`SEARCH_FIELD`)?"""
    return request.method == "POST" and request.POST.get(SEARCH_FIELD) == "1"


class PermissionMixin(LoginRequiredMixin):
    """Login, then the declared permission: anywhere before a list or create page runs,
    on the object (its region) once a page about one object has fetched it."""

    permission: ClassVar[str] = ""

    def may(self, permission: str, obj: Any = None) -> bool:
        return self.request.user.has_perm(permission, obj)

    def check_permission(self, obj: Any = None) -> None:
        if self.permission and not self.may(self.permission, obj):
            raise PermissionDenied(self.permission)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not kwargs:  # a page about one object checks on it: another region's is a 404
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    """`model.objects` (the region-scoped manager) with the declared joins."""

    model: ClassVar[type[models.Model]]
    select_related: ClassVar[tuple[str, ...]] = ()
    prefetch_related: ClassVar[tuple[str, ...]] = ()

    def get_queryset(self) -> models.QuerySet:
        queryset = self.model.objects.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


class ObjectMixin(ScopedQuerysetMixin):
    """One object from the URL's only keyword argument (`team_pk`, `person_pk` …); the
    object-level permission is checked on it (its region)."""

    detail_url: ClassVar[str] = ""  # URL name taking the object's pk
    list_url: ClassVar[str] = ""  # URL name without arguments

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        if len(self.kwargs) != 1:
            raise Http404
        (pk,) = self.kwargs.values()
        obj = get_object_or_404(queryset if queryset is not None else self.get_queryset(), pk=pk)
        self.check_permission(obj)
        self.object_label = str(obj)  # before a form changes it
        return obj

    def object_url(self, obj: models.Model) -> str:
        if self.detail_url:
            return reverse(self.detail_url, args=[obj.pk])
        return reverse(self.list_url)

    def message_values(self, obj: models.Model) -> dict[str, Any]:
        return {"name": str(obj)}


# ------------------------------------------------------------------------------- lists


class ListPage(PermissionMixin, ScopedQuerysetMixin, generic.ListView):
    """A filtered, paginated list (template by default `<app>/<model>_list.html`). With
    `results_id`, an htmx request whose HX-Target is that element gets only
    `partial_template_name` (the results table: live search).

    With `search_in_body` (lists whose search box takes phone digits: people,
    households), the filter form is POSTed with `SEARCH_FIELD` (CSRF-checked) and the page
    is rendered from the body, so what was typed never reaches a URL, the browser history
    or an access log; the page links POST the same fields again (`core/_pagination.html`).
    A GET still filters by its query string (links, bookmarks without a search); any
    other POST is a 405."""

    filterset_class: ClassVar[type | None] = None
    paginate_by = PAGE_SIZE
    create_permission: ClassVar[str] = ""
    results_id: ClassVar[str] = ""
    partial_template_name: ClassVar[str] = ""
    search_in_body: ClassVar[bool] = False

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (self.search_in_body and is_search_post(request)):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.get(request, *args, **kwargs)

    def body_fields(self) -> list[tuple[str, str]]:
        """The filter fields POSTed to this page (sent again by its page links)."""
        if not (self.search_in_body and is_search_post(self.request)):
            return []
        return [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in {"csrfmiddlewaretoken", self.page_kwarg, SEARCH_FIELD}
            for value in values
        ]

    def filter_data(self):
        """The filter values: the query string, and with `search_in_body` the POSTed
        fields over it."""
        data = self.request.GET.copy()
        body = self.body_fields()
        for name in dict(body):
            data.setlist(name, [value for key, value in body if key == name])
        return data or None

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.filter_data(), queryset=queryset, request=self.request
            )
            queryset = self.filterset.qs  # invalid values are ignored on pages
        return queryset

    def paginate_queryset(self, queryset, page_size: int):
        """Django's ListView 404s past the end; a list page shows the last page instead."""
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.filterset is not None:
            form = self.filterset.form
            shown = getattr(self.filterset, "PAGE_FIELDS", None) or list(form.fields)
            context.update(
                filter=self.filterset,
                form=form,
                filter_fields=[form[name] for name in shown],  # for core/_filters.html
                results_id=self.results_id,
            )
        if self.create_permission:
            context["can_create"] = self.may(self.create_permission)
        context["search_in_body"] = self.search_in_body
        context["body_fields"] = self.body_fields()
        return context

    def is_partial(self) -> bool:
        htmx = getattr(self.request, "htmx", None)
        return bool(self.results_id and htmx and htmx.target == self.results_id)

    def get_template_names(self) -> list[str]:
        if self.is_partial():
            return [self.partial_template_name]
        return super().get_template_names()

    def render_to_response(self, context: dict, **kwargs) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if self.results_id:
            patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response


# ------------------------------------------------------------------------ create / edit


class ServiceFormMixin(ObjectMixin):
    """Form → service → message → redirect; a refusal goes back on the form. The template
    (by default `<app>/<model>_form.html`) extends `core/form_page.html`."""

    service: ClassVar[Any]  # service(obj, *, user) -> obj
    success_message: ClassVar[str] = ""
    success_url: ClassVar[str | None] = None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form: BaseForm, obj: models.Model) -> models.Model:
        """Run the service; override when it takes more than the object."""
        return type(self).service(obj, user=self.request.user) or obj

    def form_valid(self, form: BaseForm) -> HttpResponse:
        obj = form.save(commit=False)
        try:
            # The service judges the user on the region chosen on the form.
            self.object = self.save(form, obj)
        except NotPermitted:
            raise  # a PermissionDenied too: the 403 page, not a form error
        except ServiceError as e:
            add_service_error(form, e)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % self.message_values(self.object))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return str(self.success_url) if self.success_url else self.object_url(self.object)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object_label"] = getattr(self, "object_label", "")
        context["cancel_url"] = (
            self.object_url(self.object) if self.object is not None else reverse(self.list_url)
        )
        return context


class CreatePage(PermissionMixin, ServiceFormMixin, generic.CreateView):
    """A create page: `initial` may be filled from the query string by `get_initial`."""


class EditPage(PermissionMixin, ServiceFormMixin, generic.UpdateView):
    """An edit page for one scoped object."""


# ------------------------------------------------------------------------------ delete


class DeletePage(
    PermissionMixin,
    ObjectMixin,
    generic.detail.SingleObjectTemplateResponseMixin,
    generic.detail.BaseDetailView,
):
    """GET: the confirm page (`core/confirm_delete.html`). POST: the service deletes
    (through `delete_logged`) or refuses; either way the user is told and sent on."""

    service: ClassVar[Any]  # service(obj, *, user) -> None
    template_name = "core/confirm_delete.html"
    kind: ClassVar[str] = ""  # what is deleted, e.g. "群众"
    warning: ClassVar[str] = ""
    success_message: ClassVar[str] = ""

    def refusal(self, obj: models.Model) -> str:
        """A reason the delete will be refused, shown on the confirm page instead of the
        button (e.g. a household that still has members); empty when none is known."""
        return ""

    def get_success_url(self) -> str:
        return reverse(self.list_url)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            kind=self.kind,
            warning=self.warning,
            label=self.object_label,
            refusal=self.refusal(self.object),
            cancel_url=self.object_url(self.object),
        )
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = obj = self.get_object()
        values = self.message_values(obj)
        return delete_then_redirect(
            request,
            lambda: type(self).service(obj, user=request.user),
            success_message=self.success_message % values,
            success_url=self.get_success_url(),
            failure_url=self.object_url(obj),
        )


def delete_then_redirect(
    request: HttpRequest,
    delete,
    *,
    success_message: str,
    success_url: str,
    failure_url: str,
) -> HttpResponseRedirect:
    """The POST half of a delete: the service deletes or refuses with its Chinese
    message, and the user is told which and sent on."""
    try:
        delete()
    except NotPermitted:
        raise  # a PermissionDenied too: the 403 page, not a message
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect(failure_url)
    messages.success(request, success_message)
    return redirect(success_url)
