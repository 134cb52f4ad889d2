"""FilterSets shared by a list page and the API list endpoint of the same model.

Pages ignore an invalid value (`FilterSet.qs` applies only the valid ones); the API
refuses it with a 400 in the one error shape (`filtered`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from .errors import ServiceError


def filtered(
    filterset_class: type, request: HttpRequest, queryset: QuerySet, data: QueryDict | None = None
) -> QuerySet:
    """The API list endpoints' filtering: `filterset_class` over `request.GET` (or `data`,
    the same parameters taken from a body), or a ServiceError (400) naming the first
    invalid parameter."""
    filterset = filterset_class(
        request.GET if data is None else data, queryset=queryset, request=request
    )
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        code = getattr(filterset.filters.get(field), "error_code", "invalid")
        raise ServiceError(code, str(errors[0]), field=field)
    return filterset.qs
