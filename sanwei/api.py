"""API v1, assembled from each app's router. Same scoping and permissions as the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from sanwei.core.errors import ServiceError


class TokenAuth(HttpBearer):
    """Bearer tokens are resolved by ApiTokenMiddleware before the scope is set."""

    def authenticate(self, request, token):
        return request.user if getattr(request, "token_authenticated", False) else None


class SessionAuth(APIKeyCookie):
    """The browser session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated else None


api = NinjaAPI(
    title="三微 API",
    version="1.0.0",
    description="sanwei API v1: regions, people, households, teams, campaigns, activities, attendance.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api-1.0.0",
)


@api.exception_handler(ServiceError)
def service_error(request, exc: ServiceError):
    return api.create_response(
        request, {"code": exc.code, "message": exc.message, "field": exc.field}, status=exc.status
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request, {"code": "permission_denied", "message": _("没有权限执行此操作")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": _("对象不存在")}, status=404
    )


def _register() -> None:
    from sanwei.activities.api import router as activities_router
    from sanwei.people.api import router as people_router
    from sanwei.regions.api import router as regions_router
    from sanwei.teams.api import router as teams_router

    api.add_router("/regions", regions_router)
    api.add_router("/people", people_router)
    api.add_router("/teams", teams_router)
    api.add_router("/activities", activities_router)


_register()
