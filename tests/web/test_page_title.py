"""The browser tab shows the page's name, never markup."""

import re


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_my_account_tab_title_holds_no_markup(login, volunteer_a):
    response = login(volunteer_a).get("/accounts/me/")

    assert response.status_code == 200
    assert _title(response.content.decode()) == "我的账号 · 三微"
