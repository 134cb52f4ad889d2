"""API tokens: created by the operator's command, shown once, stored hashed, usable."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sanwei.accounts.models import ApiToken

from ..factories import PersonFactory


def test_command_prints_a_token_that_authenticates_as_the_user(client, secretary_a, tree):
    PersonFactory(region=tree["village_a"], name="王五")
    PersonFactory(region=tree["village_b"], name="赵六")
    out = StringIO()
    call_command("createapitoken", "secretary_a", "--name", "对接", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()

    response = client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    names = [p["name"] for p in response.json()["items"]]
    assert names == ["王五"]
    stored = ApiToken.objects.get(user=secretary_a)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.name, stored.prefix, stored.token_hash}


def test_a_wrong_token_answers_401(client, secretary_a):
    response = client.get("/api/v1/people/", HTTP_AUTHORIZATION="Bearer sw_wrong")
    assert response.status_code == 401


def test_unknown_user_is_refused(db):
    with pytest.raises(CommandError):
        call_command("createapitoken", "nobody", stdout=StringIO())


def test_account_page_lists_tokens_without_the_secret(login, secretary_a):
    out = StringIO()
    call_command("createapitoken", "secretary_a", "--name", "对接", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    response = login(secretary_a).get("/accounts/me/")
    assert response.status_code == 200
    assert "对接" in response.content.decode()
    assert token not in response.content.decode()
