"""The demo town is not empty where a new user looks for API tokens and ID-number
conflicts: the town admin holds one named token (listed on the tokens page and, by name
and prefix only, in `sanwei demo`'s account table), and the first village's secretary has
registered a woman with the ID number the second village still lists for her (one open
conflict on the town office's page)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from sanwei.accounts.models import ApiToken
from sanwei.cli import _logins_table
from sanwei.people.models import IdConflict


def test_the_town_admin_finds_the_demo_token_on_the_tokens_page(demo, client):
    assert demo.pillars["API 令牌"] == 1
    token = ApiToken.objects.get()
    assert (token.user.username, token.name) == ("town", "县里专题数据报送")
    client.force_login(token.user)

    response = client.get("/accounts/tokens/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "县里专题数据报送" in page and f"{token.prefix}…" in page
    assert "暂无令牌" not in page


def test_the_account_table_names_the_token_and_prints_no_value(demo):
    token = ApiToken.objects.get()

    table = _logins_table()

    town_line = next(line for line in table.splitlines() if " town " in line)
    assert f"县里专题数据报送（{token.prefix}…）" in town_line
    assert "令牌的值只在创建时显示一次，演示里没有" in table
    # nothing longer than the 8-character prefix the tokens page shows
    assert [len(m) for m in re.findall(r"sw_[\w-]+", table)] == [8]


def test_the_town_admin_finds_one_open_id_conflict(demo, client):
    assert demo.pillars["身份证号冲突"] == 1
    with scopes_disabled():
        conflict = IdConflict.unscoped.select_related(
            "person__region__parent", "holder__region__parent", "created_by"
        ).get()
        person, holder = conflict.person, conflict.holder
        assert conflict.status == "open"
        assert (person.region.parent.code, holder.region.parent.code) == (
            "430821104201",
            "430821104202",
        )
        assert (person.name, person.id_number) == (holder.name, holder.id_number)
        assert person.id_number_hash is None  # stored without the unique hash: no oracle
        assert conflict.created_by.username == "secretary"
    client.force_login(get_user_model().objects.get(username="town"))

    response = client.get("/audit/id-conflicts/")

    page = response.content.decode()
    assert response.status_code == 200
    assert person.name in page
    assert person.id_number not in page  # masked
