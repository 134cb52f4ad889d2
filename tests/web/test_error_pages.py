"""403, 404 and 500 answer in Chinese, inside the site's layout, never Django's English pages."""

import pytest
from django.template import loader
from django.test import Client


def test_a_forbidden_page_says_so_in_chinese_inside_the_layout(login, volunteer_a):
    response = login(volunteer_a).get("/people/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html
    assert 'class="mainnav"' in html  # the site's menu, as on every page
    assert "Forbidden" not in html


def test_an_unknown_address_says_so_in_chinese_inside_the_layout(login, volunteer_a):
    response = login(volunteer_a).get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到页面" in html
    assert 'class="mainnav"' in html
    assert "Not Found" not in html


@pytest.mark.urls("tests.web.boom_urls")
def test_a_failing_page_answers_the_chinese_500_page(login, volunteer_a):
    client = login(volunteer_a)
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错了" in html
    assert 'class="topbar"' in html
    assert "Server Error" not in html


def test_a_post_without_the_csrf_token_is_refused_in_chinese(db):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html
    assert "CSRF verification failed" not in html


def test_the_api_keeps_answering_errors_in_json(login, volunteer_a):
    response = login(volunteer_a).get("/api/v1/people/")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")


def test_the_500_page_renders_without_a_request_or_the_database():
    # No `db` fixture: any database query here would fail the test.
    html = loader.get_template("500.html").render({})

    assert "系统出错了" in html
    assert "<title>系统出错了 · 三微</title>" in html
