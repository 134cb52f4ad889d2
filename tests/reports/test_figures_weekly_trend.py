"""The figures carry the subtree's sessions week by week per pillar (the dashboard's trend):
a session counts once, in the week of its main session, under its main session's pillar;
every week of the period is listed, zeros included."""

from __future__ import annotations

import datetime as dt

from sanwei.reports.figures import figures

from .conftest import d


def nonzero(weeks) -> dict[dt.date, dict[str, int]]:
    return {
        w.monday: {p: n for p, n in w.sessions.items() if n}
        for w in weeks
        if any(w.sessions.values())
    }


def test_the_campaigns_weeks_from_its_start_to_its_last_session(town):
    f = figures(town["town"], town["campaign"])
    # 1 Jan 2023 is a Sunday: the first week starts on 26 Dec 2022. The campaign ends on
    # 31 Mar, its late lecture (5 Apr) widens the range to the week of 3 Apr: 15 weeks.
    assert [w.monday for w in f.weeks][:2] == [dt.date(2022, 12, 26), dt.date(2023, 1, 2)]
    assert f.weeks[-1].monday == dt.date(2023, 4, 3)
    assert len(f.weeks) == 15
    assert nonzero(f.weeks) == {
        dt.date(2023, 1, 2): {"seminar": 1},  # the courtyard meeting (Thu 5 Jan)
        # the training with its two sub-venues (Tue 10 Jan) is one session; the lecture
        # in A on Sun 15 Jan is the same week
        dt.date(2023, 1, 9): {"classroom": 2},
        dt.date(2023, 1, 16): {"classroom": 1},  # the delivery (20 Jan)
        dt.date(2023, 1, 30): {"classroom": 1},  # the lecture in B (1 Feb)
        dt.date(2023, 2, 6): {"service": 1},  # the volunteer service (10 Feb)
        dt.date(2023, 4, 3): {"classroom": 1},  # the late lecture (5 Apr)
    }
    # The weeks add up to the pillars' sessions.
    assert {p: sum(w.sessions[p] for w in f.weeks) for p in f.pillars} == {
        p: c.sessions for p, c in f.pillars.items()
    }
    assert {p: c.sessions for p, c in f.pillars.items()} == {
        "classroom": 5,
        "seminar": 1,
        "service": 1,
    }


def test_a_village_and_a_period(town):
    f = figures(town["village_b"], None, d(1, 9), d(1, 22))
    # B in those two weeks: the training's sub-venue (counted in the main session's week).
    assert [(w.monday, w.sessions) for w in f.weeks] == [
        (dt.date(2023, 1, 9), {"classroom": 1, "seminar": 0, "service": 0}),
        (dt.date(2023, 1, 16), {"classroom": 0, "seminar": 0, "service": 0}),
    ]


def test_no_period_and_no_session_no_weeks(tree):
    assert figures(tree["village_a"]).weeks == []


def test_the_api_carries_the_weeks_and_the_pillars(client, login, town, town_admin):
    login(town_admin)
    response = client.get(
        "/api/v1/figures",
        {"region": town["village_b"].code, "from": "2023-01-09", "to": "2023-01-22"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["weeks"] == [
        {"week": "2023-01-09", "classroom": 1, "seminar": 0, "service": 0},
        {"week": "2023-01-16", "classroom": 0, "seminar": 0, "service": 0},
    ]
    # B on 9–22 Jan: the sub-venue (audience p4) and nothing else.
    assert body["pillars"] == {
        "classroom": {"sessions": 1, "person_times": 1},
        "seminar": {"sessions": 0, "person_times": 0},
        "service": {"sessions": 0, "person_times": 0},
    }
