"""Registering a need (the first part of the needs loop): reported, with a random
tracking code; refused without the right or with bad input."""

from __future__ import annotations

import pytest

from sanwei.core.errors import NotPermitted, ServiceError
from sanwei.needs import services
from sanwei.needs.models import Need, NeedCategory

from ..factories import PersonFactory


@pytest.fixture
def care(db):
    return NeedCategory.objects.get(code="care")


def test_staff_register_a_need_for_a_resident(tree, secretary_a, care):
    person = PersonFactory(region=tree["village_a"])
    need = services.register_need(
        user=secretary_a, region=tree["village_a"], description=" 独居老人需要代买药 ",
        category=care, source="staff", person=person,
    )  # fmt: skip
    need = Need.unscoped.get(pk=need.pk)
    assert (need.state, need.description, need.person, need.created_by) == (
        "reported",
        "独居老人需要代买药",
        person,
        secretary_a,
    )
    assert len(need.code) == 12 and need.code != str(need.pk)


def test_the_default_categories_exist(db):
    assert list(NeedCategory.objects.values_list("code", flat=True)) == [
        "daily_help", "care", "health", "repair", "policy", "mediation", "jobs", "env", "other",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("description", "code"), [("  ", "description_required"), ("字" * 1001, "description_too_long")]
)
def test_bad_description_is_refused(tree, secretary_a, care, description, code):
    with pytest.raises(ServiceError) as refused:
        services.register_need(user=secretary_a, region=tree["village_a"],
                               description=description, category=care, source="staff")  # fmt: skip
    assert refused.value.code == code
    assert Need.unscoped.count() == 0


def test_a_person_of_another_village_is_refused(tree, secretary_a, care):
    with pytest.raises(ServiceError) as refused:
        services.register_need(
            user=secretary_a, region=tree["village_a"], description="帮忙", category=care,
            source="staff", person=PersonFactory(region=tree["village_b"]),
        )  # fmt: skip
    assert refused.value.code == "person_outside_region"


def test_another_village_a_county_viewer_or_nobody_may_not_register(
    tree, secretary_b, county_viewer, care
):
    for user in (secretary_b, county_viewer, None):
        with pytest.raises(NotPermitted):
            services.register_need(user=user, region=tree["village_a"], description="帮忙",
                                   category=care, source="staff")  # fmt: skip
    assert Need.unscoped.count() == 0
