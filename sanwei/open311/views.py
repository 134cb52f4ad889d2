"""The Open311 GeoReport v2 endpoint (`/open311/v2/`, public: `sanwei.urls.PUBLIC_URL_NAMES`).
Thin: read the arguments, ask `services`, render the answer in the format the path ends
with (`.xml` or `.json`). Every refusal is the spec's error answer (`<errors><error>
<code>…</code><description>…</description></error></errors>` or `[{"code", "description"}]`)
with the HTTP status as the code: 400 malformed, 403 a missing or wrong api_key (or a key
whose account may not register there), 404 unknown, 405 a wrong method.

Creating a request (POST requests) is authenticated by its `api_key` argument alone (an
API token), not by a session, so it is exempt from CSRF."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sanwei.accounts.permissions import user_scope
from sanwei.accounts.tokens import token_for_key
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.scoping import region_scope

from . import services
from .formats import errors, render

READ = ("GET", "HEAD")


def _refusal(e: ServiceError, fmt: str) -> HttpResponse:
    problems = getattr(e, "problems", None) or [e.message]
    return errors([(e.status, p) for p in problems], fmt, status=e.status)


def _answer(request: HttpRequest, fmt: str, methods: tuple[str, ...], build: Callable):
    if request.method not in methods:
        response = errors(
            [(405, _("不支持 %(method)s 请求") % {"method": request.method})], fmt, status=405
        )
        response["Allow"] = ", ".join(methods)
        return response
    try:
        return build()
    except ServiceError as e:
        return _refusal(e, fmt)


def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("open311_discovery", kwargs={"fmt": fmt}))
    endpoint = url.rsplit("/", 1)[0]
    return _answer(
        request, fmt, READ, lambda: render(services.discovery(endpoint), "discovery", fmt)
    )


def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return _answer(
        request, fmt, READ, lambda: render(services.service_list(request.GET), "services", fmt)
    )


def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    return _answer(
        request,
        fmt,
        READ,
        lambda: render(
            services.service_definition(service_code, request.GET), "service_definition", fmt
        ),
    )


@csrf_exempt
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _answer(request, fmt, ("POST",), lambda: _create(request, fmt))
    return _answer(
        request,
        fmt,
        (*READ, "POST"),
        lambda: render(services.find_requests(request.GET), "service_requests", fmt),
    )


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        raise NotPermitted("api_key_missing", _("缺少 api_key，不能提交需求"))
    token = token_for_key(key) if "\x00" not in key else None
    if token is None:
        raise NotPermitted("api_key_invalid", _("api_key 无效，不能提交需求"))
    with region_scope(user_scope(token.user)):
        created = services.create_request(request.POST, user=token.user, token=token)
    response = render(created, "service_requests", fmt, status=201)
    response["Location"] = request.build_absolute_uri(
        reverse(
            "open311_request",
            kwargs={"request_id": created[0]["service_request_id"], "fmt": fmt},
        )
    )
    return response


def one_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    return _answer(
        request,
        fmt,
        READ,
        lambda: render(services.request_by_id(request_id, request.GET), "service_requests", fmt),
    )


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything else under /open311/: a 404 in the spec's format (XML unless the path
    ends in .json)."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    return errors(
        [(404, _("没有这个 Open311 资源；接口说明见 /open311/v2/discovery.xml"))], fmt, status=404
    )
