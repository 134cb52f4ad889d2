"""`{% quantities_section owner %}`: the quantities delivered on an activity or a need,
with the add form for those who may change them (the activities and needs templates load
it; neither app imports this one)."""

from django import template

from sanwei.accounts.permissions import can

from ..forms import ITEMS_DATALIST, QuantityForm
from ..permissions import CHANGE_QUANTITIES, VIEW_QUANTITIES
from ..services import item_suggestions

register = template.Library()


@register.inclusion_tag("quantities/_section.html", takes_context=True)
def quantities_section(context, owner) -> dict:
    user = context["request"].user
    if not can(user, VIEW_QUANTITIES, owner.region):
        return {"shown": False}
    may_change = can(user, CHANGE_QUANTITIES, owner.region)
    kind = owner._meta.model_name  # "activity" or "need"
    return {
        "shown": True,
        "owner": owner,
        "kind": kind,
        "quantities": list(owner.quantities.order_by("id")),
        "can_change": may_change,
        "form": QuantityForm() if may_change else None,
        "items": item_suggestions(owner.region) if may_change else [],
        "datalist_id": ITEMS_DATALIST,
        "csrf_token": context.get("csrf_token"),
    }
