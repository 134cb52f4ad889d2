"""Rules of needs (the first part): registering one. Every write takes `user=` and checks
it first; None and anonymous users are refused, the system passes `SYSTEM`."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require
from sanwei.core.errors import ServiceError

from .models import NEED_MAX_CHARS, Need, NeedCategory, NeedSource, Urgency
from .permissions import REGISTER_NEEDS


def _inside(region, inner) -> bool:
    return inner.path.startswith(region.path) or region.path.startswith(inner.path)


@transaction.atomic
def register_need(
    *,
    user,
    region,
    description: str,
    category: NeedCategory | None,
    source: str,
    urgency: str = Urgency.NORMAL,
    household=None,
    person=None,
    source_opinion=None,
) -> Need:
    """Register a reported need in `region`. Refused: a caller without REGISTER_NEEDS on
    the region (403); an empty or overlong description; no or an inactive category; a
    household or person outside the region; an opinion already converted."""
    require(user, REGISTER_NEEDS, region)
    description = (description or "").strip()
    if not description:
        raise ServiceError("description_required", _("请填写需求内容"), field="description")
    if len(description) > NEED_MAX_CHARS:
        raise ServiceError(
            "description_too_long",
            _("需求内容不能超过%(n)d个字") % {"n": NEED_MAX_CHARS},
            field="description",
        )
    if category is None or not category.is_active:
        raise ServiceError("category_required", _("请选择需求类别"), field="category")
    if urgency not in Urgency.values:
        raise ServiceError("urgency_invalid", _("请选择紧急程度"), field="urgency")
    if source not in NeedSource.values:
        raise ServiceError("source_invalid", _("请选择需求来源"), field="source")
    for name, obj in (("household", household), ("person", person)):
        if obj is not None and not _inside(region, obj.region):
            raise ServiceError(
                f"{name}_outside_region",
                _("所选%(what)s不在%(region)s")
                % {"what": _("户") if name == "household" else _("群众"), "region": region.name},
                field=name,
            )
    if household is None and person is not None:
        household = person.household
    need = Need(
        region=region,
        household=household,
        person=person,
        description=description,
        category=category,
        urgency=urgency,
        source=source,
        source_opinion=source_opinion,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if source_opinion is not None and Need.unscoped.filter(source_opinion=source_opinion).exists():
        # The caller (seminar.services.convert_to_need) holds the opinion's row lock; the
        # one-to-one's unique index is the last guard.
        raise ServiceError("opinion_already_converted", _("该意见已转为需求，不能重复转换"))
    need.save()
    need.log_action(
        "sanwei.need.registered",
        user=user,
        data={
            "source": source,
            "category": category.code,
            "urgency": urgency,
            "opinion": getattr(source_opinion, "pk", None),
        },
    )
    return need
