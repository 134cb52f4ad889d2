"""The API tokens page: everyone creates and revokes their own tokens (name, expiry: 90
days by default, at most a year; the value shown once), town admins those of the accounts
they manage; creation and revocation are in the action log."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.utils import timezone

from sanwei.accounts.models import ApiToken, Role
from sanwei.accounts.tokens import create_token
from sanwei.core.models import ActionLog

from ..factories import user_with_role


def shown_token(response) -> str:
    return re.search(r'id="token-value"[^>]*>([^<]+)<', response.content.decode()).group(1)


def test_the_form_proposes_an_expiry_90_days_ahead(login, volunteer_a):
    page = login(volunteer_a).get("/accounts/tokens/new/").content.decode()
    expected = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    assert f'name="expires_on" value="{expected}"' in page


def test_a_volunteer_creates_a_token_shown_once_that_works_until_its_day_ends(
    client, login, volunteer_a
):
    expires_on = timezone.localdate() + dt.timedelta(days=30)
    client = login(volunteer_a)

    response = client.post("/accounts/tokens/new/", {"name": "手机助手", "expires_on": expires_on})

    assert response.status_code == 200
    raw = shown_token(response)
    token = ApiToken.objects.get(user=volunteer_a)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert (token.name, token.prefix) == ("手机助手", raw[:8])
    assert timezone.localtime(token.expires_at) == timezone.make_aware(
        dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time())
    )
    record = ActionLog.objects.get(action_type="token.issued")
    assert (record.user, record.object_id, record.data["prefix"]) == (
        volunteer_a,
        token.pk,
        raw[:8],
    )
    assert raw not in str(record.data)
    listing = client.get("/accounts/tokens/").content.decode()
    assert "手机助手" in listing and f"{raw[:8]}…" in listing and raw not in listing
    client.logout()
    api = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200


def test_an_expiry_beyond_a_year_or_in_the_past_is_a_form_error(login, volunteer_a):
    client = login(volunteer_a)
    today = timezone.localdate()

    too_far = client.post(
        "/accounts/tokens/new/", {"name": "x", "expires_on": today + dt.timedelta(days=366)}
    )
    past = client.post("/accounts/tokens/new/", {"name": "x", "expires_on": today})

    assert "有效期最长 365 天" in too_far.content.decode()
    assert "到期日期须晚于今天" in past.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token(client, login, volunteer_a):
    raw = create_token(volunteer_a, "旧脚本")
    token = ApiToken.objects.get(user=volunteer_a)

    response = login(volunteer_a).post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == volunteer_a
    record = ActionLog.objects.get(action_type="token.revoked")
    assert (record.user, record.object_id) == (volunteer_a, token.pk)
    assert "已吊销" in client.get("/accounts/tokens/").content.decode()
    client.logout()
    api = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401


def test_a_town_admin_creates_and_revokes_tokens_of_an_account_of_their_town(
    login, town_admin, tree
):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    client = login(town_admin)
    expires_on = timezone.localdate() + dt.timedelta(days=10)

    form = client.get(f"/accounts/tokens/new/?user={leader.pk}")
    assert "为账号 leader_a 新建令牌" in form.content.decode()
    created = client.post(
        f"/accounts/tokens/new/?user={leader.pk}",
        {"name": "村级对接", "expires_on": expires_on, "owner": leader.pk},
    )
    assert created.status_code == 200
    token = ApiToken.objects.get(user=leader)
    assert "leader_a" in client.get("/accounts/tokens/").content.decode()
    assert "村级对接" in client.get(f"/accounts/users/{leader.pk}/").content.decode()

    client.post(f"/accounts/tokens/{token.pk}/revoke/", {"back": "account"})

    token.refresh_from_db()
    assert token.revoked_by == town_admin
    assert [r.user for r in ActionLog.objects.filter(action_type__startswith="token.")] == [
        town_admin,
        town_admin,
    ]


def test_a_crafted_post_for_another_accounts_token_is_refused(login, secretary_a, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    expires_on = timezone.localdate() + dt.timedelta(days=10)

    response = login(secretary_a).post(
        "/accounts/tokens/new/", {"name": "偷用", "expires_on": expires_on, "owner": leader.pk}
    )

    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_secretary_sees_and_revokes_only_their_own_tokens(login, secretary_a, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    create_token(leader, "队长的")
    create_token(secretary_a, "书记的")
    client = login(secretary_a)

    listing = client.get("/accounts/tokens/").content.decode()
    assert "书记的" in listing and "队长的" not in listing
    leaders = ApiToken.objects.get(user=leader)
    assert client.post(f"/accounts/tokens/{leaders.pk}/revoke/").status_code == 403
    leaders.refresh_from_db()
    assert leaders.revoked_at is None


def test_another_villages_token_is_not_found(login, secretary_b, tree):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")
    create_token(leader, "队长的")
    token = ApiToken.objects.get(user=leader)
    client = login(secretary_b)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/new/?user={leader.pk}").status_code == 404
