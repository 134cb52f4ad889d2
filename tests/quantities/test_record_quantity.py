"""Recording, changing and removing a quantity through the services: logged, refused with
a Chinese message when the number is not positive, and refused to callers outside the
owner's region."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.core.models import ActionLog
from sanwei.quantities.models import Quantity
from sanwei.quantities.services import add_quantity, delete_quantity, save_quantity

from ..factories import ActivityFactory, QuantityFactory, need_in_state


def test_a_secretary_records_leaflets_on_an_activity_of_their_village(tree, secretary_a):
    activity = ActivityFactory(region=tree["village_a"])

    q = add_quantity(
        activity,
        user=secretary_a,
        item="森林防火承诺书",
        quantity="2000",
        unit="份",
        note="入户发放",
    )

    q.refresh_from_db()
    assert (q.activity, q.need, q.item, q.quantity, q.unit, q.note, q.created_by) == (
        activity, None, "森林防火承诺书", Decimal("2000.00"), "份", "入户发放", secretary_a
    )  # fmt: skip
    log = ActionLog.objects.get(action_type="sanwei.quantity.added")
    assert (log.user, log.region_path, log.data) == (
        secretary_a,
        tree["village_a"].path,
        {"item": "森林防火承诺书", "quantity": "2000", "unit": "份", "activity": activity.pk,
         "need": None},
    )  # fmt: skip


def test_water_recorded_on_a_need(tree, secretary_a):
    need = need_in_state("resolved", region=tree["village_a"])

    q = add_quantity(need, user=secretary_a, item="饮用水", quantity="12.5", unit="吨")

    assert (q.need, q.activity, str(q)) == (need, None, "饮用水 12.5 吨")


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("0", "quantity_not_positive", "数量应大于 0"),
        ("-5", "quantity_not_positive", "数量应大于 0"),
        ("abc", "quantity_invalid", "请填写数量（数字）"),
        ("", "quantity_invalid", "请填写数量（数字）"),
        ("NaN", "quantity_invalid", "请填写数量（数字）"),
        ("1.005", "quantity_too_precise", "数量最多保留两位小数"),
        ("10000000000", "quantity_too_large", "数量不能超过 9999999999.99"),
    ],
)
def test_a_quantity_that_is_not_a_positive_number_is_refused(tree, value, code, message):
    activity = ActivityFactory(region=tree["village_a"])

    with pytest.raises(ServiceError) as refused:
        add_quantity(activity, user=SYSTEM, item="饮用水", quantity=value, unit="吨")

    assert (refused.value.code, refused.value.message, refused.value.field) == (
        code, message, "quantity"
    )  # fmt: skip
    assert Quantity.unscoped.count() == 0


def test_an_empty_item_and_an_unknown_unit_are_refused(tree):
    activity = ActivityFactory(region=tree["village_a"])

    with pytest.raises(ServiceError) as no_item:
        add_quantity(activity, user=SYSTEM, item="  ", quantity="1", unit="吨")
    with pytest.raises(ServiceError) as bad_unit:
        add_quantity(activity, user=SYSTEM, item="饮用水", quantity="1", unit="t")

    assert (no_item.value.code, no_item.value.message) == (
        "item_required",
        "请填写物资或成果的名称",
    )
    assert (bad_unit.value.code, bad_unit.value.message) == ("unit_invalid", "请选择单位")


def test_another_villages_secretary_may_not_record_on_this_village(tree, secretary_b):
    activity = ActivityFactory(region=tree["village_a"])
    need = need_in_state("resolved", region=tree["village_a"])

    for owner in (activity, need):
        with pytest.raises(NotPermitted):
            add_quantity(owner, user=secretary_b, item="饮用水", quantity="1", unit="吨")

    assert Quantity.unscoped.count() == 0


def test_changing_and_removing_are_logged(tree, town_admin):
    q = QuantityFactory(activity=ActivityFactory(region=tree["village_a"]), quantity=100)
    q.quantity, q.unit = Decimal("150"), "张"

    save_quantity(q, user=town_admin)
    q.refresh_from_db()
    assert (q.quantity, q.unit) == (Decimal("150.00"), "张")
    changed = ActionLog.objects.get(action_type="sanwei.quantity.changed")
    assert (changed.data["before"]["quantity"], changed.data["after"]["quantity"]) == ("100", "150")

    delete_quantity(q, user=town_admin)
    assert not Quantity.unscoped.filter(pk=q.pk).exists()
    assert ActionLog.objects.filter(action_type="sanwei.quantity.removed").count() == 1


def test_a_change_to_zero_is_refused_and_the_stored_value_stays(tree, town_admin):
    q = QuantityFactory(activity=ActivityFactory(region=tree["village_a"]), quantity=100)
    q.quantity = Decimal("0")

    with pytest.raises(ServiceError, match="数量应大于 0"):
        save_quantity(q, user=town_admin)

    assert Quantity.unscoped.get(pk=q.pk).quantity == Decimal("100.00")


def test_the_database_refuses_a_quantity_on_both_or_neither_owner(tree):
    activity = ActivityFactory(region=tree["village_a"])
    need = need_in_state("reported", region=tree["village_a"])
    for owners in ({"activity": activity, "need": need}, {"activity": None, "need": None}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Quantity.unscoped.create(item="饮用水", quantity=1, unit="吨", **owners)


def test_the_database_refuses_a_quantity_that_is_not_positive(tree):
    activity = ActivityFactory(region=tree["village_a"])
    for value in (0, -1):
        with pytest.raises(IntegrityError), transaction.atomic():
            Quantity.unscoped.create(activity=activity, item="饮用水", quantity=value, unit="吨")


def test_a_quantity_is_seen_where_its_activity_or_need_is_seen(tree):
    from sanwei.core.scoping import RegionScope, region_scope

    on_activity = QuantityFactory(activity=ActivityFactory(region=tree["village_a"]))
    need = need_in_state("reported", region=tree["village_b"])
    on_need = QuantityFactory(activity=None, need=need)

    with region_scope(RegionScope((tree["village_a"].path,))):
        assert list(Quantity.objects.all()) == [on_activity]
    with region_scope(RegionScope((tree["village_b"].path,))):
        assert list(Quantity.objects.all()) == [on_need]
    with region_scope(RegionScope((tree["town"].path,))):
        assert list(Quantity.objects.order_by("pk")) == [on_activity, on_need]
    with region_scope(RegionScope((tree["other_town"].path,))):
        assert list(Quantity.objects.all()) == []
