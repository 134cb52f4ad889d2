"""Small pieces every app's pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from .errors import ServiceError


def delete_then_redirect(
    request: HttpRequest,
    delete: Callable[[], None],
    *,
    success_message: str,
    success_url: str,
    failure_url: str,
) -> HttpResponseRedirect:
    """The POST half of every delete page: the service deletes or refuses with its
    Chinese message, and the user is told which and sent on."""
    try:
        delete()
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect(failure_url)
    messages.success(request, success_message)
    return redirect(success_url)
