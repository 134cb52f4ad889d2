"""The API convention, in one place (see docs/ARCHITECTURE.md, "API conventions").

- `ApiRouter`: every app's router; each operation declares `ErrorOut` for 400/401/403/404.
- `JsonErrorsAPI`: the NinjaAPI whose every error answers `{code, message, field}`.
- `Paginator`: the one page-number paginator, bounded so a page never overflows the database.
- `DbId`, `DbCount`, `DbSmallCount`: integers the database can hold (ids are 64-bit);
  `SiteDateTime`: a datetime (Beijing time if naive) the database can hold; `LocalTime`:
  a time of day without a zone; no NUL character anywhere in a request (`NulFreeParser`).
- The OpenAPI schema names each schema once (`UniqueNamesOpenAPISchema`).
- `patch_schema(InSchema, name)`: the PATCH schema of a create schema.
- `referenced(queryset, pk, field=, message=)`: an object a body refers to by id.
- `RegionFields`: output of a record's region as its division code and name.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from pydantic import AfterValidator, WithJsonSchema, create_model

from .errors import ServiceError

logger = logging.getLogger("sanwei.api")

DB_INT_MAX = 2**31 - 1
DB_SMALLINT_MAX = 2**15 - 1
DB_BIGINT_MAX = 2**63 - 1

DbId = Annotated[int, Field(ge=1, le=DB_BIGINT_MAX)]
"""A primary key, in a path, a query or a body."""
DbCount = Annotated[int, Field(ge=0, le=DB_INT_MAX)]
"""A PositiveIntegerField value."""
DbSmallCount = Annotated[int, Field(ge=0, le=DB_SMALLINT_MAX)]
"""A PositiveSmallIntegerField value."""

REGION_CODE_PATTERN = r"^\d{12}(\d{3})?$"
RegionCode = Annotated[str, Field(pattern=REGION_CODE_PATTERN, description="区划代码")]
"""A division code where it names the resource (a path); inputs and filters take any
text and answer an unknown one with `region_unknown`."""

YEARS = (1900, 2999)


def _site_datetime(value: dt.datetime) -> dt.datetime:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(_("年份应在 %(min)s 至 %(max)s 之间") % {"min": YEARS[0], "max": YEARS[1]})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


SiteDateTime = Annotated[
    dt.datetime,
    AfterValidator(_site_datetime),
    Field(description="无时区时按北京时间（Asia/Shanghai）理解"),
]
"""A datetime in a body: without a zone it is Beijing time; years 1900…2999."""


def _local_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError(_("应为不带时区的钟点（北京时间），如 15:00"))
    return value


LocalTime = Annotated[
    dt.time,
    AfterValidator(_local_time),
    # JSON Schema's "time" format is RFC 3339's full-time, which requires a zone offset;
    # a time of day here has none.
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "钟点（北京时间，不带时区），如 15:00",
        }
    ),
]
"""A time of day (a series' start time): Beijing time, without a zone."""

MAX_PAGE = 100_000


# --------------------------------------------------------------------------- errors


class ErrorOut(Schema):
    """Every error: an English machine code, a Chinese message, the field at fault if any."""

    code: str = Field(..., description="英文错误代码，如 invalid、region_unknown、not_found")
    message: str = Field(..., description="中文说明")
    field: str | None = Field(None, description="出错的字段（若是某个字段的问题）")


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def with_errors(response: Any) -> Any:
    """`response=` of an operation with the error responses added."""
    if response is NOT_SET:
        return response
    declared = response if isinstance(response, dict) else {200: response}
    return {**ERRORS, **declared}


class ApiRouter(Router):
    """A ninja Router whose every operation declares the error responses."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable, **kwargs):
        kwargs["response"] = with_errors(kwargs.get("response", NOT_SET))
        return super().add_api_operation(path, methods, view_func, **kwargs)


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "field": field}


def _problem(error: dict[str, Any]) -> str:
    """A Chinese phrase for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("必填")
    if error.get("null"):
        return _("不能为 null")
    if kind == "greater_than_equal":
        return _("不能小于 %s") % ctx["ge"]
    if kind == "greater_than":
        return _("应大于 %s") % ctx["gt"]
    if kind == "less_than_equal":
        return _("不能大于 %s") % ctx["le"]
    if kind == "less_than":
        return _("应小于 %s") % ctx["lt"]
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("应为整数")
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("不能为空")
        return _("至少 %s 个字符") % ctx.get("min_length")
    if kind == "string_too_long":
        return _("不能超过 %s 个字符") % ctx.get("max_length")
    if kind == "enum":
        return _("取值无效，可选：%s") % ctx.get("expected", "")
    if kind.startswith("bool"):
        return _("应为 true 或 false")
    if kind == "value_error":  # our own validators' messages are Chinese already
        return str(ctx.get("error", _("格式不正确")))
    if kind.startswith("datetime"):
        return _("应为日期时间，如 2024-03-12T09:00:00")
    if kind.startswith("date"):
        return _("应为日期，如 2024-03-12")
    return _("格式不正确")


def _field(error: dict[str, Any]) -> str | None:
    """The input field an error is about: the last name in its location, not the body."""
    names = [part for part in error.get("loc", ())[1:] if isinstance(part, str)]
    names = [name for name in names if name != "payload"]
    return names[-1] if names else None


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error answer of `api` is `{code, message, field}`."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return respond(request, exc.status, error_body(exc.code, exc.message, exc.field))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        error = exc.errors[0] if exc.errors else {}
        field = _field(error)
        problem = _problem(error)
        message = f"{field}：{problem}" if field else _("请求内容：%s") % problem
        return respond(request, 400, error_body("invalid", message, field))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, 403, error_body("permission_denied", _("没有权限执行此操作")))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body("not_found", _("对象不存在")))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _("请先登录，或在 Authorization 头中提供有效的 API 令牌")
        return respond(request, 401, error_body("unauthenticated", message))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # ninja raises two: 400 for a body that is not JSON, 403 for a failed CSRF check.
        if isinstance(exc.__cause__, ServiceError):  # refused by NulFreeParser.parse_body
            return service_error(request, exc.__cause__)
        if exc.status_code == 400:
            return respond(request, 400, error_body("bad_json", _("请求内容不是有效的 JSON")))
        if exc.status_code == 403:
            message = _("CSRF 校验失败：请刷新页面后重试，或改用 API 令牌")
            return respond(request, 403, error_body("csrf_failed", message))
        return respond(request, exc.status_code, error_body("error", _("请求无法处理")))

    @api.exception_handler(Exception)
    def server_error(request, exc: Exception):
        logger.error("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body("server_error", _("服务器内部错误，请稍后再试")))


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _refuse_nul() -> ServiceError:
    return ServiceError("invalid", _("请求内容不能包含空字符（U+0000）"))


class NulFreeParser(Parser):
    """ninja's JSON and query parser, refusing the NUL character (PostgreSQL cannot store
    it in text, so it would be a 500 later) and a JSON body that is not an object."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            # Every body is an object; ninja's schemas read attributes, so a list would
            # pass as an object with none of its fields set.
            raise ServiceError("invalid", _('请求内容应为 JSON 对象，如 {"name": "…"}'))
        if _holds_nul(data):
            raise _refuse_nul()
        return data

    def parse_querydict(self, data, list_fields: list[str], request: HttpRequest) -> Any:
        parsed = super().parse_querydict(data, list_fields, request)
        if _holds_nul(parsed):
            raise _refuse_nul()
        return parsed


class UniqueNamesOpenAPISchema(OpenAPISchema):
    """ninja's OpenAPI schema, refusing two different schemas of one name.

    Components are keyed by class name, so a second `CountsOut` would silently replace
    the first, and the operations answering the first would be documented with the
    second's fields."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if self.schemas.get(name, definition) != definition:
                raise ImproperlyConfigured(
                    f"Two different API schemas are named {name!r}; rename one of them."
                )
        super().add_schema_definitions(definitions)


class JsonErrorsAPI(NinjaAPI):
    """NinjaAPI whose every error answer is `{code, message, field}`: its exception
    handlers, and the 405 for a method a path does not have (which ninja answers in plain
    text, outside its exception handlers)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(parser=NulFreeParser(), **kwargs)
        install_error_handlers(self)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return UniqueNamesOpenAPISchema(self, path_prefix)

    def validation_error_from_error_contexts(self, error_contexts: list) -> ValidationError:
        """ninja drops each error's input; keep whether it was null, for the message."""
        nulls = [
            error["input"] is None
            for context in error_contexts
            for error in context.pydantic_validation_error.errors(include_url=False)
        ]
        exc = super().validation_error_from_error_contexts(error_contexts)
        for error, null in zip(exc.errors, nulls, strict=True):
            error["null"] = null
        return exc

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if hasattr(pattern, "callback"):
                pattern.callback = self._json_405(pattern.callback)
        return urls

    def _json_405(self, view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code != 405:
                return response
            body = error_body("method_not_allowed", _("该地址不支持此请求方法"))
            answer = self.create_response(request, body, status=405)
            answer["Allow"] = response["Allow"]
            return answer

        return wrapped


# --------------------------------------------------------------------------- paging


class Paginator(PageNumberPagination):
    """Page-number paging for every list. `page` is 1…100000 (a larger one is a 400, not
    an offset the database cannot hold); `page_size` is at most the list's maximum."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=DB_INT_MAX)


# --------------------------------------------------------------------------- patch


def patch_schema(schema: type[Schema], name: str, doc: str | None = None) -> type[Schema]:
    """The PATCH schema of a create schema: every field optional, with the same checks.

    Only the fields sent are changed (`payload.dict(exclude_unset=True)`). `null` is
    accepted only by a field that is nullable in `schema` (an optional reference or
    date: null empties it); for any other field null is a 400 `invalid`. Clear text with "".
    """
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        fields[field_name] = (info.annotation, optional)
    model = create_model(name, __base__=Schema, **fields)
    model.__doc__ = doc or f"PATCH of {schema.__name__}: only the fields sent are changed."
    return model


# --------------------------------------------------------------------------- references


def referenced(queryset: QuerySet, pk: int | None, *, field: str, message: str) -> Model | None:
    """The object a body refers to by id (`field`, e.g. "person_id"), looked up in
    `queryset` (a scoped manager's: the caller's scope). None stays None; an unknown or
    out-of-scope id is a 400 `<name>_unknown` on that field ("person_unknown")."""
    if pk is None:
        return None
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ServiceError(f"{field.removesuffix('_id')}_unknown", message, field=field)
    return obj


# --------------------------------------------------------------------------- regions


class RegionFields(Schema):
    """A record's region in output: its division code and its name."""

    region: str = Field(..., description="区划代码（12位，村民小组15位）")
    region_name: str

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name
