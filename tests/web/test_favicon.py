"""The site has an icon: linked from every page, and /favicon.ico answers (no 404 in the log)."""

from django.test import Client


def test_favicon_ico_answers_with_the_icon_without_login(db):
    response = Client().get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)


def test_pages_link_the_icon_and_the_link_resolves(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert client.get("/static/favicon.svg").status_code == 200
