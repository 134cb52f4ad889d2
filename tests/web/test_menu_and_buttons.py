"""Every link in the menu and every action button on the main pages opens for the user who
sees it: a user is shown only what they may do (no link that ends in a 403)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from sanwei.accounts.menu import MENU
from sanwei.accounts.permissions import ROLE_PERMISSIONS

from .conftest import demo_town_for_module
from .html import Link, links

ROLES = ["county", "town", "secretary", "leader", "volunteer"]
# Object pages of each kind, reached from the lists the menu leads to.
DETAIL = re.compile(
    r"^/(people|people/households|teams|activities|activities/campaigns|regions|imports)/\d+/$"
)
DETAILS_PER_KIND = 2

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker):
    with demo_town_for_module(django_db_blocker, scale=0.02) as summary:
        yield summary


def _is_action(link: Link) -> bool:
    return bool(link.classes & {"button", "actions", "toolbar", "mainnav"})


def _internal(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


def _main_pages(client) -> list[str]:
    """Home, every menu entry, and a few object pages of each kind found on those lists."""
    home = client.get("/")
    assert home.status_code == 200
    menu = [link.href for link in links(home.content.decode()) if "mainnav" in link.classes]
    pages, per_kind = ["/", *menu], {}
    for url in menu:
        for link in links(client.get(url).content.decode()):
            path = link.href.split("?")[0]
            kind = re.sub(r"\d+", "N", path)
            if DETAIL.match(path) and per_kind.get(kind, 0) < DETAILS_PER_KIND:
                per_kind[kind] = per_kind.get(kind, 0) + 1
                pages.append(link.href)
    return pages


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_link_and_action_button_opens(demo_town, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    followed: dict[str, tuple[str, str]] = {}
    for page in _main_pages(client):
        response = client.get(page)
        assert response.status_code == 200, (username, page, response.status_code)
        for link in links(response.content.decode()):
            if _is_action(link) and _internal(link.href):
                followed.setdefault(link.href, (page, link.text))

    for href, (page, text) in followed.items():
        status = client.get(href).status_code
        assert status == 200, (username, f"{text!r} on {page} -> {href}", status)
    assert len(followed) >= 8, (username, sorted(followed))


def _menu(client) -> list[str]:
    page = client.get("/").content.decode()
    return [x.text for x in links(page) if "mainnav" in x.classes and "me" not in x.classes]


def test_county_viewer_and_team_leader_see_no_import_in_the_menu(demo_town, client):
    # Team leaders record attendance, so they also resolve unverified QR check-ins; they
    # also do 送学 (delivery tasks). The county viewer only reads.
    expected = {
        "county": ["数据看板", "微课堂", "微研讨", "微服务", "群众需求", "定期复盘", "专题", "群众", "户", "导出", "队伍",
                   "志愿者", "物资与成果", "学习资料", "区划"],
        "leader": [
            "数据看板", "微课堂", "微研讨", "微服务", "群众需求", "专题", "待确认签到", "群众", "户", "导出", "队伍",
            "志愿者", "物资与成果", "学习资料", "送学任务", "区划",
        ],
    }  # fmt: skip
    for username, menu in expected.items():
        client.force_login(get_user_model().objects.get(username=username))
        assert _menu(client) == menu, username


def test_a_secretary_sees_import_in_the_menu(demo_town, client):
    client.force_login(get_user_model().objects.get(username="secretary"))
    assert "导入" in _menu(client)


def test_a_volunteer_sees_no_people_pages_in_the_menu(demo_town, client):
    client.force_login(get_user_model().objects.get(username="volunteer"))
    assert _menu(client) == [
        "微课堂", "微研讨", "微服务", "群众需求", "专题", "队伍", "物资与成果", "学习资料",
        "送学任务", "我的志愿服务", "区划",
    ]  # fmt: skip


def test_every_menu_entry_names_a_permission_some_role_is_granted():
    granted = set().union(*ROLE_PERMISSIONS.values())

    assert {entry.permission for entry in MENU if entry.permission} <= granted
