"""Each cadre's attendance rate over the series: sessions attended / sessions held while
a participant (joined … left), over the sessions held by then."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanwei.study.services import attendance_rates

from ..factories import (
    AttendanceFactory,
    PersonFactory,
    StudyParticipantFactory,
    StudySessionFactory,
)
from .conftest import bj


@pytest.fixture
def held(tree, series):
    """Sessions on 20 Nov, 20 Dec, 20 Jan (held) and 20 Mar (still to come on 15 Feb);
    four cadres of the town with different spans and attendance."""
    sessions = {}
    for month, day in (("nov", bj(2022, 11, 20)), ("dec", bj(2022, 12, 20)),
                       ("jan", bj(2023, 1, 20)), ("mar", bj(2023, 3, 20))):  # fmt: skip
        session = StudySessionFactory(series=series)
        session.activity.starts_at = day
        session.activity.ends_at = day + dt.timedelta(hours=2)
        session.activity.save()
        sessions[month] = session.activity
    people = {}
    spans = {
        "王芳": (dt.date(2022, 11, 1), None, ["nov", "jan", "mar"]),
        "李强": (dt.date(2022, 12, 1), None, ["dec", "jan"]),
        "张伟": (dt.date(2022, 11, 1), dt.date(2022, 12, 31), ["nov", "jan"]),
        "赵敏": (dt.date(2023, 2, 1), None, []),
    }
    for name, (joined, left, attended) in spans.items():
        person = PersonFactory(region=tree["town"], name=name)
        StudyParticipantFactory(series=series, person=person, joined_on=joined, left_on=left)
        for month in attended:
            AttendanceFactory(activity=sessions[month], person=person)
        people[name] = person
    return people


def test_rates_count_only_sessions_held_while_a_participant(series, held):
    rows = attendance_rates(series, now=bj(2023, 2, 15, 12))

    figures = {r.participant.person.name: (r.attended, r.held, r.rate) for r in rows}
    assert figures == {
        # Nov, Dec, Jan held while a participant; attended Nov and Jan (Mar not held yet).
        "王芳": (2, 3, Decimal("66.7")),
        # Joined 1 Dec: Dec and Jan held; both attended.
        "李强": (2, 2, Decimal("100.0")),
        # Left 31 Dec: Nov and Dec held while a participant; Jan (after leaving) not counted.
        "张伟": (1, 2, Decimal("50.0")),
        # Joined 1 Feb: nothing held since, no rate.
        "赵敏": (0, 0, None),
    }


def test_once_the_march_session_is_held_it_counts(series, held):
    rows = {r.participant.person.name: r for r in attendance_rates(series, now=bj(2023, 3, 21))}

    assert (rows["王芳"].attended, rows["王芳"].held, rows["王芳"].rate) == (3, 4, Decimal("75.0"))
    assert (rows["赵敏"].attended, rows["赵敏"].held, rows["赵敏"].rate) == (0, 1, Decimal("0.0"))


def test_the_series_page_shows_each_cadres_rate(login, town_admin, series, held):
    response = login(town_admin).get(f"/study/series/{series.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    # Every session has been held by now (the real date is after the campaign).
    assert "75.0%" in page  # 王芳: 3 of Nov, Dec, Jan, Mar
    assert "66.7%" in page  # 李强: Dec and Jan of Dec, Jan, Mar
    assert "50.0%" in page  # 张伟: Nov of Nov, Dec (left before Jan)
    assert "0.0%" in page  # 赵敏: none of Mar


def test_the_api_gives_the_same_rates(api_as, town_admin, series, held):
    response = api_as(town_admin).get(f"/api/v1/study/series/{series.pk}")

    assert response.status_code == 200
    participants = response.json()["participants"]
    rates = {p["person_name"]: (p["attended"], p["held"], p["rate"]) for p in participants}
    assert rates == {
        "王芳": (3, 4, "75.0"),
        "李强": (2, 3, "66.7"),
        "张伟": (1, 2, "50.0"),
        "赵敏": (0, 1, "0.0"),
    }
    assert [s["held"] for s in response.json()["sessions"]] == [True, True, True, True]
