"""The dashboard's period filter: this week, this month, the campaign, all time, or custom
dates; a custom period that ends before it starts is refused with a Chinese message."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sanwei.reports.dashboard import period_dates

from .dashboard_html import table, tiles


def test_this_week_runs_monday_to_sunday():
    # 2023-01-11 is a Wednesday.
    assert period_dates("week", dt.date(2023, 1, 11)) == (dt.date(2023, 1, 9), dt.date(2023, 1, 15))
    assert period_dates("week", dt.date(2023, 1, 9)) == (dt.date(2023, 1, 9), dt.date(2023, 1, 15))
    assert period_dates("week", dt.date(2023, 1, 15)) == (dt.date(2023, 1, 9), dt.date(2023, 1, 15))


def test_this_month_runs_to_its_last_day():
    assert period_dates("month", dt.date(2023, 2, 14)) == (
        dt.date(2023, 2, 1),
        dt.date(2023, 2, 28),
    )
    assert period_dates("month", dt.date(2024, 2, 29)) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
    )
    assert period_dates("month", dt.date(2022, 12, 31)) == (
        dt.date(2022, 12, 1), dt.date(2022, 12, 31)
    )  # fmt: skip


def test_the_campaign_and_all_time_leave_the_dates_to_the_figures():
    today = dt.date(2023, 1, 11)
    assert period_dates("campaign", today) == (None, None)
    assert period_dates("all", today) == (None, None)
    assert period_dates("custom", today, dt.date(2023, 1, 1), None) == (dt.date(2023, 1, 1), None)


def test_the_page_narrows_to_the_period(client, login, town, town_admin):
    login(town_admin)
    url = reverse("dashboard")
    campaign = town["campaign"].pk
    whole = client.get(url, {"campaign": campaign, "period": "campaign"}).content.decode()
    # The campaign: 7 sessions (its April lecture included); 10–16 Jan: the training and
    # the lecture of 15 Jan.
    assert tiles(whole)["sessions"] == "7"
    week = client.get(url, {"campaign": campaign, "period": "custom",
                            "start": "2023-01-09", "end": "2023-01-15"}).content.decode()  # fmt: skip
    assert tiles(week)["sessions"] == "2"
    assert table(week, "table-trend") == [["2023-01-09", "2", "0", "0"]]
    # This week (today's): nothing of 2023 happened in it.
    now = client.get(url, {"campaign": campaign, "period": "week"}).content.decode()
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    assert f"本周（{monday.isoformat()} — " in now
    assert tiles(now)["sessions"] == "0"


def test_a_period_ending_before_it_starts_is_refused(client, login, town, town_admin):
    login(town_admin)
    response = client.get(reverse("dashboard"), {"period": "custom", "start": "2023-02-01",
                                                 "end": "2023-01-01"})  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "截止日期不能早于起始日期" in html
