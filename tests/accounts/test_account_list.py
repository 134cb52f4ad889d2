"""The users page: a town admin lists the accounts with a role in their town, filtered by
role, region and state; a superuser lists every account; nobody else opens it."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanwei.accounts.models import Role

from ..factories import UserFactory, user_with_role


def usernames(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<a href="/accounts/users/\d+/">([^<]+)</a>', response.content.decode())


def accounts(tree):
    user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    user_with_role(Role.VOLUNTEER, tree["village_b"], username="volunteer_b", is_active=False)
    user_with_role(Role.VILLAGE_SECRETARY, tree["other_village"], username="secretary_far")


def test_a_town_admin_lists_the_accounts_of_their_town_only(login, town_admin, secretary_a, tree):
    accounts(tree)
    assert usernames(login(town_admin).get("/accounts/users/")) == [
        "leader_a",
        "secretary_a",
        "town_admin",
        "volunteer_b",
    ]


def test_the_list_filters_by_role_region_and_state(login, town_admin, secretary_a, tree):
    accounts(tree)
    client = login(town_admin)

    assert usernames(client.get("/accounts/users/?role=team_leader")) == ["leader_a"]
    village_b = tree["village_b"].pk
    assert usernames(client.get(f"/accounts/users/?region={village_b}")) == ["volunteer_b"]
    assert usernames(client.get("/accounts/users/?is_active=0")) == ["volunteer_b"]
    assert "volunteer_b" not in usernames(client.get("/accounts/users/?is_active=1"))
    assert usernames(client.get("/accounts/users/?q=secr")) == ["secretary_a"]


def test_a_region_of_another_town_is_no_filter_value(login, town_admin, tree):
    accounts(tree)
    response = login(town_admin).get(f"/accounts/users/?region={tree['other_village'].pk}")
    assert "筛选条件有误" in response.content.decode()
    assert "secretary_far" not in usernames(response)


def test_a_superuser_lists_every_account(login, town_admin, tree):
    accounts(tree)
    root = UserFactory(username="root", is_superuser=True)
    root.save()
    assert usernames(login(root).get("/accounts/users/")) == [
        "leader_a",
        "root",
        "secretary_far",
        "town_admin",
        "volunteer_b",
    ]


def test_the_menu_shows_the_users_page_to_town_admins_only(login, town_admin, secretary_a):
    assert 'href="/accounts/users/"' in login(town_admin).get("/accounts/me/").content.decode()
    client = login(secretary_a)
    assert 'href="/accounts/users/"' not in client.get("/accounts/me/").content.decode()
    assert client.get("/accounts/users/").status_code == 403


def test_the_list_asks_the_same_number_of_queries_for_three_accounts_as_for_thirty(
    login, town_admin, tree
):
    """Whether the town admin may manage each listed account reads its roles: prefetched
    with the list, not one query per account."""
    client = login(town_admin)
    for n in range(3):
        user_with_role(Role.VOLUNTEER, tree["village_a"], username=f"v{n:02d}")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/accounts/users/").status_code == 200
    for n in range(3, 30):
        user_with_role(Role.VOLUNTEER, tree["village_b"], username=f"v{n:02d}")

    with CaptureQueriesContext(connection) as many:
        page = client.get("/accounts/users/")

    assert len(usernames(page)) == 31  # the 30 volunteers and the admin, on one page
    assert len(many.captured_queries) == len(few.captured_queries)
