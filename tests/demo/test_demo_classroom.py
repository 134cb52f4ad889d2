"""The demo town shows the 微课堂 extras: a materials library with views, materials used by
lectures and deliveries, and a performance whose 三句半 script has the form and four
performers."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from sanwei.activities.models import Activity
from sanwei.classroom.models import Material, MaterialKind, PerformanceScript
from sanwei.classroom.sanzhiban import check_script


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_the_library_holds_every_kind_of_material_with_views(demo):
    materials = list(Material.unscoped.all())

    assert 6 <= len(materials) <= 10
    assert {m.kind for m in materials} == set(MaterialKind.values)
    assert all(m.view_count > 0 for m in materials)
    document = Material.unscoped.get(kind=MaterialKind.DOCUMENT)
    assert document.file and document.original_name == "宣讲提纲.txt"
    assert demo.pillars["学习资料"] == len(materials)


def test_some_mobile_lectures_and_deliveries_name_their_materials(demo):
    used = Activity.unscoped.filter(materials__isnull=False).distinct()

    assert used.filter(activity_type__code="mobile_lecture").exists()
    assert used.filter(activity_type__code="delivery").exists()


def test_a_performance_has_a_valid_script_and_four_performers(demo):
    script = PerformanceScript.unscoped.select_related("activity__activity_type").get()

    assert script.activity.activity_type.code == "performance"
    assert script.performers.count() == 4
    errors = check_script(
        script.text,
        closing_max_chars=script.closing_max_chars,
        performer_count=script.performers.count(),
    )
    assert errors == []
    assert script.text.count("\n\n") == 4  # a title and four stanzas
