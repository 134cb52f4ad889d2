"""The action log in the API: GET /api/v1/audit/log, the records the caller may read
(VIEW_AUDIT in their regions), with the page's filters."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from ninja.pagination import paginate

from sanwei.accounts.permissions import require
from sanwei.core.api import ApiRouter, Paginator
from sanwei.core.filters import filtered
from sanwei.core.models import ActionLog
from sanwei.core.viewkit import PAGE_SIZE

from .filters import ActionLogFilter
from .labels import action_label
from .permissions import VIEW_AUDIT
from .services import visible_log

router = ApiRouter(tags=["audit"])


class ActionLogOut(Schema):
    id: int
    created_at: datetime
    user: str = Field(description="操作人的用户名；系统操作和匿名请求为空")
    action_type: str
    action_label: str = Field(description="操作的中文名称")
    object_type: str = Field(description="对象类型，如 people.person；无对象为空")
    object_id: int | None
    region_path: str
    ip_address: str | None
    via: str = Field(description="session、token，或空（命令、后台任务）")
    token_id: int | None = Field(description="所用 API 令牌的编号（via 为 token 时）")
    token_name: str | None = Field(description="所用 API 令牌的名称（via 为 token 时）")
    data: dict[str, Any] = Field(description="详情；个人信息（身份证号、电话）已脱敏")

    @staticmethod
    def resolve_user(obj: ActionLog) -> str:
        return obj.user.username if obj.user else ""

    @staticmethod
    def resolve_action_label(obj: ActionLog) -> str:
        return action_label(obj.action_type)

    @staticmethod
    def resolve_object_type(obj: ActionLog) -> str:
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else ""


@router.get("/log", response=list[ActionLogOut])
@paginate(Paginator, page_size=PAGE_SIZE)
def list_log(
    request,
    user: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    object_type: str = "",
    object_id: int | None = None,
):
    """The action log of your regions, newest first. `user` a username, `action` an
    action type (or a prefix ending in "." such as `sanwei.person.`), `since`/`until`
    Beijing dates, `object_type` (`people.person`) and `object_id` one record."""
    require(request.user, VIEW_AUDIT)
    return filtered(ActionLogFilter, request, visible_log(request.user))
