"""Form helpers shared by every app's pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.db import models

from .errors import NotPermitted, ServiceError


def add_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """Show a rule the service refused on its field when the form has it, else on the form.
    A refused permission is not a form error: it is re-raised (Django's 403 page)."""
    if isinstance(error, NotPermitted):
        raise error
    form.add_error(error.field if error.field in form.fields else None, error.message)


@contextmanager
def service_errors_on(form: forms.BaseForm) -> Iterator[None]:
    """A `ServiceError` raised inside the block (a rule checked in `clean`) lands on `form`
    through `add_service_error`."""
    try:
        yield
    except ServiceError as e:
        add_service_error(form, e)


def scoped_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """`Meta.formfield_callback` for ModelForms: foreign keys get no queryset at import
    time (the scoped managers refuse to answer outside a request); each form sets it in
    __init__, inside the request's scope."""
    if isinstance(db_field, models.ForeignKey):
        kwargs["queryset"] = None
    return db_field.formfield(**kwargs)
