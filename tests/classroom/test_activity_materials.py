"""Activities name the learning materials they used (the activity page, its own form)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanwei.accounts.permissions import SYSTEM
from sanwei.classroom import services
from sanwei.classroom.models import Material
from sanwei.core.errors import ServiceError

from ..factories import ActivityFactory, MaterialFactory, default_activity_type


@pytest.fixture
def delivery(tree, campaign):
    return ActivityFactory(
        campaign=campaign,
        region=tree["village_a"],
        activity_type=default_activity_type("delivery"),
        title="送学上门：张奶奶",
    )


def test_a_secretary_names_the_materials_a_delivery_used(login, secretary_a, tree, delivery):
    town_material = MaterialFactory(region=tree["town"], title="镇里的要点")
    village_material = MaterialFactory(region=tree["village_a"], title="村里的顺口溜")
    MaterialFactory(region=tree["village_a"], title="没用上的")
    client = login(secretary_a)

    response = client.post(
        reverse("classroom:activity_materials", args=[delivery.pk]),
        {"materials": [town_material.pk, village_material.pk]},
    )

    assert response.status_code == 302
    assert sorted(
        Material.unscoped.filter(activities=delivery).values_list("title", flat=True)
    ) == [
        "村里的顺口溜",
        "镇里的要点",
    ]
    page = client.get(reverse("activities:activity_detail", args=[delivery.pk])).content.decode()
    assert "使用的学习资料" in page and "镇里的要点" in page and "没用上的" not in page

    client.post(reverse("classroom:activity_materials", args=[delivery.pk]), {"materials": []})
    assert Material.unscoped.filter(activities=delivery).count() == 0


def test_a_material_of_another_village_does_not_fit(tree, delivery):
    elsewhere = MaterialFactory(region=tree["village_b"])

    with pytest.raises(ServiceError) as refused:
        services.set_activity_materials(delivery, [elsewhere], user=SYSTEM)
    assert refused.value.code == "material_out_of_region"
    assert Material.unscoped.filter(activities=delivery).count() == 0


def test_a_material_out_of_scope_is_not_offered(login, secretary_a, tree, delivery):
    elsewhere = MaterialFactory(region=tree["village_b"])
    response = login(secretary_a).post(
        reverse("classroom:activity_materials", args=[delivery.pk]), {"materials": [elsewhere.pk]}
    )

    assert response.status_code == 200
    assert Material.unscoped.filter(activities=delivery).count() == 0


def test_the_material_page_lists_the_activities_that_used_it(login, secretary_a, tree, delivery):
    material = MaterialFactory(region=tree["town"])
    services.set_activity_materials(delivery, [material], user=SYSTEM)

    html = (
        login(secretary_a)
        .get(reverse("classroom:material_detail", args=[material.pk]))
        .content.decode()
    )
    assert "送学上门：张奶奶" in html


def test_a_volunteer_may_not_change_an_activitys_materials(login, volunteer_a, tree, delivery):
    material = MaterialFactory(region=tree["village_a"])
    response = login(volunteer_a).post(
        reverse("classroom:activity_materials", args=[delivery.pk]), {"materials": [material.pk]}
    )

    assert response.status_code == 403
    assert Material.unscoped.filter(activities=delivery).count() == 0
