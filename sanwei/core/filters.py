"""FilterSets shared by a list page and the API list endpoint of the same model.

Pages ignore an invalid value (`FilterSet.qs` applies only the valid ones); the API
refuses it with a 400 in the one error shape (`filtered`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from .errors import ServiceError


def filtered(filterset_class: type, request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """The API list endpoints' filtering: `filterset_class` over `request.GET`, or a
    ServiceError (400) naming the first invalid parameter."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        code = getattr(filterset.filters.get(field), "error_code", "invalid")
        raise ServiceError(code, str(errors[0]), field=field)
    return filterset.qs
