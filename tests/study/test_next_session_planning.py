"""The next session is planned from the series' rule and created in one click."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.activities.models import Activity
from sanwei.study import services
from sanwei.study.models import StudySession
from sanwei.study.schedule import date_in_month, next_date

from ..factories import StudySeriesFactory, StudySessionFactory
from .conftest import bj


@pytest.mark.parametrize(
    ("rule", "year", "month", "expected"),
    [
        ({"rule": "day", "day_of_month": 20}, 2023, 1, dt.date(2023, 1, 20)),
        # February has no 31st: the month's last day.
        ({"rule": "day", "day_of_month": 31}, 2023, 2, dt.date(2023, 2, 28)),
        # 1 Jan 2023 is a Sunday: the Fridays are the 6th, 13th, 20th, 27th.
        ({"rule": "weekday", "week": 3, "weekday": 4}, 2023, 1, dt.date(2023, 1, 20)),
        ({"rule": "weekday", "week": 1, "weekday": 6}, 2023, 1, dt.date(2023, 1, 1)),
        ({"rule": "weekday", "week": 5, "weekday": 4}, 2023, 3, dt.date(2023, 3, 31)),
        ({"rule": "weekday", "week": 5, "weekday": 0}, 2023, 2, dt.date(2023, 2, 27)),
    ],
)
def test_the_day_of_a_month_follows_the_rule(rule, year, month, expected):
    assert date_in_month(year, month, **rule) == expected


def test_the_next_date_is_in_the_month_after_the_last_session_and_not_in_the_past(series):
    # Last session 18 Dec (moved off the rule): January's 20th, not 20 Dec.
    assert next_date(series, after=dt.date(2022, 12, 18), today=dt.date(2022, 12, 19)) == (
        dt.date(2023, 1, 20)
    )
    # A month skipped: not January's date, already past on 25 Jan, but February's.
    assert next_date(series, after=dt.date(2022, 12, 20), today=dt.date(2023, 1, 25)) == (
        dt.date(2023, 2, 20)
    )
    # No session yet, planned on 5 Nov: 20 Nov.
    assert next_date(series, after=None, today=dt.date(2022, 11, 5)) == dt.date(2022, 11, 20)


@pytest.fixture
def two_held(series):
    for day in (bj(2022, 11, 20), bj(2022, 12, 20)):
        session = StudySessionFactory(series=series)
        session.activity.starts_at, session.activity.ends_at = day, day + dt.timedelta(hours=2)
        session.activity.save()


@pytest.fixture
def on(monkeypatch):
    def _on(day: dt.date) -> None:
        monkeypatch.setattr(services, "local_today", lambda: day)

    return _on


def test_one_click_creates_the_next_session_on_the_rule(login, town_admin, series, two_held, on):
    on(dt.date(2023, 1, 5))
    client = login(town_admin)

    page = client.get(f"/study/series/{series.pk}/")
    assert "安排下一次座谈（2023-01-20）" in page.content.decode()
    response = client.post(f"/study/series/{series.pk}/sessions/plan/")

    assert response.status_code == 302
    session = StudySession.unscoped.select_related("activity__activity_type").latest("pk")
    activity = session.activity
    assert session.series == series
    assert activity.title == "青年干部学习座谈会（2023年1月）"
    assert activity.activity_type.code == "youth_study"
    assert activity.starts_at == bj(2023, 1, 20, 15)
    assert activity.ends_at == bj(2023, 1, 20, 17)
    assert (activity.region, activity.campaign, activity.place) == (
        series.region,
        series.campaign,
        "镇政府会议室",
    )
    assert activity.created_by == town_admin


def test_a_second_click_adds_nothing_while_the_next_session_is_to_come(
    login, town_admin, series, two_held, on
):
    on(dt.date(2023, 1, 5))
    client = login(town_admin)
    client.post(f"/study/series/{series.pk}/sessions/plan/")

    response = client.post(f"/study/series/{series.pk}/sessions/plan/", follow=True)

    assert response.status_code == 200
    assert "下一次座谈已安排在2023-01-20，举行后再安排下一次" in response.content.decode()
    assert StudySession.unscoped.filter(series=series).count() == 3


def test_after_the_campaign_ends_nothing_is_planned(login, town_admin, series, on):
    on(dt.date(2023, 3, 25))
    last = StudySessionFactory(series=series).activity
    last.starts_at, last.ends_at = bj(2023, 3, 20), bj(2023, 3, 20, 17)
    last.save()
    before = Activity.unscoped.count()

    response = login(town_admin).post(f"/study/series/{series.pk}/sessions/plan/", follow=True)

    assert "已在专题“学习宣传贯彻党的二十大精神”结束（2023-03-31）之后" in response.content.decode()
    assert Activity.unscoped.count() == before


def test_a_weekday_series_plans_the_third_friday(tree, campaign, town_admin, on):
    series = StudySeriesFactory(
        region=tree["town"], campaign=campaign, title="青年理论学习小组",
        rule="weekday", day_of_month=None, week_of_month=3, weekday=4,
    )  # fmt: skip
    on(dt.date(2023, 2, 1))

    session = services.plan_next_session(series, user=town_admin)

    assert session.activity.starts_at == bj(2023, 2, 17, 15)
    assert session.activity.title == "青年理论学习小组（2023年2月）"


def test_a_secretary_cannot_plan_the_towns_series(login, secretary_a, series, on):
    on(dt.date(2023, 1, 5))

    response = login(secretary_a).post(f"/study/series/{series.pk}/sessions/plan/")

    assert response.status_code == 404  # the town's series is outside a village's scope
    assert StudySession.unscoped.count() == 0
