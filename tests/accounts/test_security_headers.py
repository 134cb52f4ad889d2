"""Every page carries a Content-Security-Policy that allows no inline script and no eval,
and no page has an inline script (a <script> with content, an on* attribute, hx-on, a
javascript: link); pages and API answers for a logged-in user are `Cache-Control: no-store`."""

import re

import pytest

from sanwei.accounts.tokens import create_token

from .test_permission_matrix import fill, objects, page_routes  # noqa: F401  (fixture)

# A JSON data block (Django's json_script: `<script type="application/json">`, its <, > and &
# escaped) is data the browser never runs, and the policy does not apply to it.
DATA = r"(?![^>]*\btype=\"application/json\")"
INLINE = [
    (re.compile(rf"<script\b(?![^>]*\bsrc=){DATA}[^>]*>", re.I), "a <script> without src"),
    (re.compile(rf"<script\b{DATA}[^>]*>[^<]+</script>", re.I), "a <script> with content"),
    (re.compile(r"<[^>]+\son[a-z]+\s*=", re.I), "an on* attribute"),
    (re.compile(r"\bhx-on", re.I), "an hx-on attribute (htmx evaluates it)"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\bhx-vals\s*=\s*['\"]\s*js:", re.I), "hx-vals evaluated as script"),
]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def inline_scripts(html: str) -> list[str]:
    return [what for pattern, what in INLINE if pattern.search(html)]


def test_the_policy_allows_scripts_only_from_the_site(client, db):
    policy = directives(client.get("/accounts/login/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_the_scan_finds_what_it_looks_for():
    assert inline_scripts('<script src="/static/a.js"></script><p>x</p>') == []
    assert inline_scripts("<script>alert(1)</script>") != []
    assert inline_scripts('<script type="text/javascript">alert(1)</script>') != []
    assert inline_scripts('<script id="d" type="application/json">{"a": [1]}</script>') == []
    assert inline_scripts('<form onsubmit="return confirm(1)">') == ["an on* attribute"]
    assert inline_scripts('<button hx-on:click="x()">') == [
        "an hx-on attribute (htmx evaluates it)"
    ]
    assert inline_scripts('<a href="javascript:void(0)">') == ["a javascript: URL"]


def test_no_page_has_an_inline_script_and_every_page_has_the_policy(
    login,
    town_admin,
    objects,  # noqa: F811
):
    client = login(town_admin)
    scanned = []
    for name, pattern, kwargs in page_routes():
        response = client.get(fill(pattern, kwargs, objects))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert inline_scripts(html) == [], name
        assert "script-src 'self'" in response["Content-Security-Policy"], name
        assert "no-store" in response["Cache-Control"], name
        scanned.append(name)
    assert len(scanned) >= 60
    assert {"home", "people:person_list", "activities:activity_detail"} <= set(scanned)


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
def test_public_pages_have_the_policy_but_no_personal_data_to_protect(client, db, path):
    response = client.get(path)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_api_answers_with_a_token_or_a_session_are_no_store(client, town_admin, objects):  # noqa: F811
    token = create_token(town_admin, "tool")
    by_token = client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert by_token.status_code == 200
    assert "no-store" in by_token["Cache-Control"]
    client.force_login(town_admin)
    by_session = client.get("/api/v1/people/")
    assert by_session.status_code == 200
    assert "no-store" in by_session["Cache-Control"]
    person = client.get(f"/people/{objects['person_pk']}/")
    assert person.status_code == 200
    assert "no-store" in person["Cache-Control"]


def test_production_security_headers_on_a_page(login, secretary_a):
    response = login(secretary_a).get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
