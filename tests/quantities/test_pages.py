"""The pages: the section on an activity's and a need's page, adding, changing and
removing a quantity there, and the totals page with each village's line."""

import re
from decimal import Decimal

from sanwei.quantities.models import Quantity

from ..factories import ActivityFactory, QuantityFactory, need_in_state, user_with_role
from .conftest import bj


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_secretary_adds_leaflets_on_the_activity_page(login, secretary_a, tree):
    activity = ActivityFactory(region=tree["village_a"], title="森林防火宣传")
    client = login(secretary_a)

    page = client.get(f"/activities/{activity.pk}/")
    assert 'id="quantity-add"' in page.content.decode()
    response = client.post(
        f"/quantities/activities/{activity.pk}/add/",
        {"item": "森林防火承诺书", "quantity": "2000", "unit": "份", "note": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/activities/{activity.pk}/"
    q = Quantity.unscoped.get()
    assert (q.activity, q.item, q.quantity, q.unit) == (activity, "森林防火承诺书", 2000, "份")
    assert "森林防火承诺书 2000 份" in _text(client.get(f"/activities/{activity.pk}/"))


def test_water_added_on_the_need_page(login, secretary_a, tree):
    need = need_in_state("resolved", region=tree["village_a"])
    client = login(secretary_a)

    response = client.post(
        f"/quantities/needs/{need.pk}/add/", {"item": "饮用水", "quantity": "12.5", "unit": "吨"}
    )

    assert response.status_code == 302
    assert "饮用水 12.5 吨" in _text(client.get(f"/needs/{need.pk}/"))


def test_zero_and_negative_are_refused_on_the_form_in_chinese(login, secretary_a, tree):
    activity = ActivityFactory(region=tree["village_a"])
    client = login(secretary_a)

    for value in ("0", "-3"):
        response = client.post(
            f"/quantities/activities/{activity.pk}/add/",
            {"item": "饮用水", "quantity": value, "unit": "吨"},
        )
        assert response.status_code == 400
        assert "数量应大于 0" in response.content.decode()
    assert Quantity.unscoped.count() == 0


def test_a_volunteer_sees_the_quantities_but_no_form(login, volunteer_a, tree):
    activity = ActivityFactory(region=tree["village_a"])
    QuantityFactory(activity=activity, item="宣传单", quantity=300, unit="份")
    client = login(volunteer_a)

    page = client.get(f"/activities/{activity.pk}/")

    assert "宣传单 300 份" in _text(page)
    assert 'id="quantity-add"' not in page.content.decode()
    add = client.post(
        f"/quantities/activities/{activity.pk}/add/",
        {"item": "宣传单", "quantity": "1", "unit": "份"},
    )
    assert add.status_code == 403


def test_another_villages_secretary_cannot_reach_the_activity(login, secretary_b, tree):
    activity = ActivityFactory(region=tree["village_a"])
    q = QuantityFactory(activity=activity)
    client = login(secretary_b)

    add = client.post(
        f"/quantities/activities/{activity.pk}/add/",
        {"item": "宣传单", "quantity": "1", "unit": "份"},
    )
    edit = client.post(f"/quantities/{q.pk}/edit/", {"item": "x", "quantity": "1", "unit": "份"})

    assert (add.status_code, edit.status_code) == (404, 404)
    assert Quantity.unscoped.get().item == "宣传单"


def test_edit_then_delete_go_back_to_the_activity(login, town_admin, tree):
    activity = ActivityFactory(region=tree["village_a"])
    q = QuantityFactory(activity=activity, item="宣传单", quantity=300, unit="份")
    client = login(town_admin)

    edited = client.post(
        f"/quantities/{q.pk}/edit/", {"item": "宣传单", "quantity": "350", "unit": "份"}
    )
    q.refresh_from_db()
    assert (edited.status_code, edited["Location"], q.quantity) == (
        302, f"/activities/{activity.pk}/", Decimal("350.00")
    )  # fmt: skip
    deleted = client.post(f"/quantities/{q.pk}/delete/")
    assert (deleted.status_code, deleted["Location"]) == (302, f"/activities/{activity.pk}/")
    assert not Quantity.unscoped.exists()


def test_the_totals_page_shows_the_town_and_each_village(login, town_admin, tree):
    a = ActivityFactory(region=tree["village_a"], starts_at=bj(2023, 2, 1), ends_at=bj(2023, 2, 1))
    b = ActivityFactory(region=tree["village_b"], starts_at=bj(2023, 3, 1), ends_at=bj(2023, 3, 1))
    QuantityFactory(activity=a, item="饮用水", quantity=6000, unit="吨")
    QuantityFactory(activity=b, item="饮用水", quantity=48, unit="吨")
    QuantityFactory(activity=b, item="承诺书", quantity=2000, unit="份")
    client = login(town_admin)

    whole = _text(client.get("/quantities/"))
    february = _text(client.get("/quantities/", {"start": "2023-02-01", "end": "2023-02-28"}))

    assert "物资与成果统计：东岳观镇" in whole
    assert "承诺书 2000 份 饮用水 6048 吨" in whole
    assert "东岳观村 饮用水 6000 吨 双岗村 承诺书 2000 份；饮用水 48 吨" in whole
    assert "饮用水 6000 吨 按下级区划" in february
    assert "东岳观村 饮用水 6000 吨 双岗村 —" in february


def test_a_secretary_lands_on_their_village(login, secretary_a, tree):
    QuantityFactory(activity=ActivityFactory(region=tree["village_a"]), quantity=10)
    QuantityFactory(
        activity=ActivityFactory(region=tree["village_b"], title="双岗村宣讲"), quantity=99
    )

    page = _text(login(secretary_a).get("/quantities/"))

    assert "物资与成果统计：东岳观村" in page
    assert "宣传单 10 份" in page
    # village B's row is not there (its figure, its activity, its village)
    assert "99 份" not in page and "双岗村宣讲" not in page and "宣传单 109 份" not in page


def test_the_menu_leads_to_the_totals_for_the_county_viewer(login, tree):
    viewer = user_with_role("county_viewer", tree["county"], username="viewer")

    page = login(viewer).get("/quantities/")

    assert page.status_code == 200
    assert 'href="/quantities/"' in page.content.decode()
