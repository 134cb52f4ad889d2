"""Deleting a region: only with CHANGE_REGIONS, only when nothing depends on it."""

from sanwei.core.models import ActionLog
from sanwei.regions.models import Region

from ..factories import PersonFactory, RegionFactory, TeamFactory


def test_an_empty_region_is_deleted(login, town_admin, tree):
    empty = RegionFactory(code="430821104299", name="撤并村", parent=tree["town"])
    response = login(town_admin).post(f"/regions/{empty.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/regions/{tree['town'].pk}/"
    assert "已删除区划“撤并村”" in response.content.decode()
    assert not Region.unscoped.filter(pk=empty.pk).exists()
    assert ActionLog.objects.filter(
        action_type="sanwei.region.deleted", object_id=empty.pk
    ).exists()


def test_a_region_with_residents_or_teams_is_not_deleted(login, town_admin, tree):
    PersonFactory(region=tree["village_b"])
    TeamFactory(region=tree["village_b"])
    response = login(town_admin).post(f"/regions/{tree['village_b'].pk}/delete/", follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "不能删除" in text and "群众" in text and "队伍" in text
    assert Region.unscoped.filter(pk=tree["village_b"].pk).exists()


def test_a_region_with_children_is_not_deleted(login, town_admin, tree):
    RegionFactory(code="430821104201001", name="一组", level=6, parent=tree["village_a"])
    response = login(town_admin).post(f"/regions/{tree['village_a'].pk}/delete/", follow=True)
    assert "不能删除" in response.content.decode()
    assert Region.unscoped.filter(pk=tree["village_a"].pk).exists()


def test_a_secretary_may_not_delete_regions(login, secretary_a, tree):
    empty = RegionFactory(code="430821104201001", name="一组", level=6, parent=tree["village_a"])
    assert login(secretary_a).post(f"/regions/{empty.pk}/delete/").status_code == 403
    assert Region.unscoped.filter(pk=empty.pk).exists()


def test_another_towns_region_answers_404(login, town_admin, tree):
    empty = RegionFactory(code="430821105299", name="别镇空村", parent=tree["other_town"])
    assert login(town_admin).post(f"/regions/{empty.pk}/delete/").status_code == 404
    assert Region.unscoped.filter(pk=empty.pk).exists()


def test_get_asks_for_confirmation_and_deletes_nothing(login, town_admin, tree):
    response = login(town_admin).get(f"/regions/{tree['village_a'].pk}/delete/")
    assert response.status_code == 200
    assert "确定删除“东岳观村”吗？此操作不能撤销。" in response.content.decode()
    assert Region.unscoped.filter(pk=tree["village_a"].pk).exists()
