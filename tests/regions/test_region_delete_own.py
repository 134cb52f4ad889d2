"""Nobody deletes the region they are assigned to (or one above it): no button, and the
service refuses whoever calls it."""

import pytest

from sanwei.accounts.models import Role
from sanwei.core.errors import ServiceError
from sanwei.regions.models import Region
from sanwei.regions.services import delete_region

from ..factories import RegionFactory, user_with_role


@pytest.fixture
def new_town(tree):
    """An empty town (nothing refers to it) with its own town admin."""
    town = RegionFactory(code="430821106000", name="新设镇", level=4, parent=tree["county"])
    return town, user_with_role(Role.TOWN_ADMIN, town, username="new_town_admin")


def test_a_town_admin_sees_no_delete_button_on_their_own_town(login, new_town):
    town, admin = new_town

    response = login(admin).get(f"/regions/{town.pk}/")

    assert response.status_code == 200
    assert "删除区划" not in response.content.decode()


def test_a_town_admin_sees_the_delete_button_on_a_village_below(login, new_town):
    town, admin = new_town
    village = RegionFactory(code="430821106201", name="新村", parent=town)

    response = login(admin).get(f"/regions/{village.pk}/")

    assert response.status_code == 200
    assert "删除区划" in response.content.decode()


def test_posting_the_delete_of_ones_own_town_is_refused(login, new_town):
    town, admin = new_town

    response = login(admin).post(f"/regions/{town.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert "是您负责的区划，不能由您删除" in response.content.decode()
    assert Region.unscoped.filter(pk=town.pk).exists()


def test_the_service_refuses_a_town_admin_their_own_town_whoever_calls(new_town):
    town, admin = new_town

    with pytest.raises(ServiceError) as refused:
        delete_region(town, user=admin)

    assert refused.value.code == "own_region"
    assert Region.unscoped.filter(pk=town.pk).exists()
