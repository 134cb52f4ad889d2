"""An edit in the Django admin is written to the action log too: who, which record,
which fields (their labels, and each value before and after, personal ones masked), from
which address."""

import pytest

from sanwei.core.models import ActionLog

from ..factories import HouseholdFactory


@pytest.fixture(autouse=True)
def _logged_in(client, root):
    client.force_login(root)


def test_changing_a_household_in_the_admin_is_logged(client, root, tree):
    household = HouseholdFactory(region=tree["village_a"], number="A001", address="一组8号")

    response = client.post(
        f"/admin/people/household/{household.pk}/change/",
        {"region": tree["village_a"].pk, "number": "A001", "address": "一组9号"},
        REMOTE_ADDR="198.51.100.4",
    )

    assert response.status_code == 302
    entry = ActionLog.objects.get(action_type="admin.changed")
    assert (entry.user, entry.object_id, entry.ip_address, entry.via) == (
        root,
        household.pk,
        "198.51.100.4",
        "session",
    )
    assert entry.region_path == tree["village_a"].path
    assert entry.data == {
        "model": "people.household",
        "fields": ["住址"],
        "changes": {"address": {"before": "一组8号", "after": "一组9号"}},
    }


def test_adding_and_deleting_in_the_admin_are_logged(client, root, tree):
    client.post(
        "/admin/people/household/add/",
        {"region": tree["village_b"].pk, "number": "B009", "address": "双岗村9号"},
    )
    added = ActionLog.objects.get(action_type="admin.added")
    assert added.data == {"model": "people.household"}

    response = client.post(f"/admin/people/household/{added.object_id}/delete/", {"post": "yes"})

    assert response.status_code == 302
    deleted = ActionLog.objects.get(action_type="admin.deleted")
    assert (deleted.object_id, deleted.user, deleted.data["model"]) == (
        added.object_id,
        root,
        "people.household",
    )
