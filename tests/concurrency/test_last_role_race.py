"""Real concurrent requests taking away the roles of one account: a town admin's two
sessions each remove one of the account's two roles at the same moment.

`revoke_role` locks the account's row before its "is this the last role?" check, so the
second request counts again after the first has committed and is refused: the account
keeps one role (a town admin may not leave an account with none, out of everyone's sight
but the superusers'). The control removes the lock and shows both requests past the check
together, leaving the account with no role. PostgreSQL only, for the reason given in
test_attendance_race.py (SQLite's single write lock serialises them).
"""

from __future__ import annotations

import pytest

from sanwei.accounts import services
from sanwei.accounts.models import Role, RoleAssignment
from sanwei.core.models import ActionLog

from ..factories import user_with_role
from .conftest import CheckProbe, logged_in_clients, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def account(tree):
    account = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    RoleAssignment.objects.create(user=account, role=Role.VOLUNTEER, region=tree["village_a"])
    return account


@pytest.fixture
def clients(tree):
    admin = user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin")
    return logged_in_clients(admin, n=2)


@pytest.fixture
def probe(monkeypatch) -> CheckProbe:
    """A removal past the last-role check goes on to `delete_logged`: count those."""
    probe = CheckProbe()
    monkeypatch.setattr(RoleAssignment, "delete_logged", probe.wrap(RoleAssignment.delete_logged))
    return probe


@pytest.fixture
def without_lock(monkeypatch) -> None:
    """The control: the service's `select_for_update()` of the account becomes nothing."""
    monkeypatch.setattr(services, "_locked_account", lambda account: account)


def _both_roles_removed_at_once(clients, account):
    urls = [
        f"/accounts/users/{account.pk}/roles/{assignment.pk}/remove/"
        for assignment in account.role_assignments.order_by("pk")
    ]
    outcomes = run_together(
        [lambda c=c, u=u: c.post(u) for c, u in zip(clients, urls, strict=True)]
    )
    assert [o.response.status_code for o in outcomes] == [302, 302]


def test_two_removals_at_once_leave_the_account_one_role(clients, account, probe):
    _both_roles_removed_at_once(clients, account)

    assert RoleAssignment.objects.filter(user=account).count() == 1
    assert ActionLog.objects.filter(action_type="role.revoked").count() == 1
    assert (probe.passed, probe.most_at_once) == (1, 1)


def test_control_without_the_lock_both_pass_the_check_and_no_role_is_left(
    clients, account, probe, without_lock
):
    _both_roles_removed_at_once(clients, account)

    assert (probe.passed, probe.most_at_once) == (2, 2)
    assert RoleAssignment.objects.filter(user=account).count() == 0
