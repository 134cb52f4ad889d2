"""The public pages show the activity and nothing of anyone on the roster: not the
names, phones or count of the people there, not who else checked in."""

from __future__ import annotations

import re

from ..factories import AttendanceFactory, PersonFactory

ROSTER = [("张秀英", "13812345678"), ("李建国", "13987654321"), ("王桂兰", "13600001111")]


def _roster(tree, activity):
    people = [PersonFactory(region=tree["village_a"], name=n, phone=p) for n, p in ROSTER]
    AttendanceFactory(activity=activity, person=people[1])
    return people


def _leaks(body: str) -> list[str]:
    leaked = [n for n, _p in ROSTER if n in body]
    leaked += [p for _n, p in ROSTER if p in body or p[-4:] in re.sub(r"\s", "", body)]
    return leaked


def test_the_form_shows_no_roster_data(client, activity, link, tree):
    _roster(tree, activity)

    body = client.get(link).content.decode()

    assert _leaks(body) == []


def test_the_confirmation_shows_only_success_and_the_activity(client, activity, link, tree):
    _roster(tree, activity)

    body = client.post(link, {"name": "张秀英", "phone": "13812345678"}).content.decode()

    assert "签到成功" in body and activity.title in body
    assert _leaks(body) == []  # not even the name typed


def test_the_already_and_unverified_pages_show_no_roster_data(client, activity, link, tree):
    _roster(tree, activity)

    already = client.post(link, {"name": "李建国", "phone": "13987654321"}).content.decode()
    pending = client.post(link, {"name": "陌生人", "phone": "13500000000"}).content.decode()

    assert "您已签到" in already and "签到成功" in pending
    assert _leaks(already) == [] and _leaks(pending) == []
    assert "陌生人" not in pending and "13500000000" not in pending


def test_the_invalid_and_closed_pages_show_no_roster_data(client, activity, link, tree):
    _roster(tree, activity)

    assert _leaks(client.get(link + "x").content.decode()) == []
