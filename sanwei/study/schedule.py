"""The dates a monthly series meets on: pure functions of its rule."""

from __future__ import annotations

import calendar
from datetime import date

from .models import SeriesRule, WeekOfMonth


def date_in_month(year: int, month: int, *, rule: str, day_of_month=None, week=None, weekday=None):
    """The series' day in one month: the fixed day (the month's last day when it has no such
    day), or the n-th (or last) given weekday."""
    last_day = calendar.monthrange(year, month)[1]
    if rule == SeriesRule.DAY:
        return date(year, month, min(day_of_month, last_day))
    if week == WeekOfMonth.LAST:
        day = last_day
        while date(year, month, day).weekday() != weekday:
            day -= 1
        return date(year, month, day)
    first = date(year, month, 1).weekday()
    return date(year, month, 1 + (weekday - first) % 7 + 7 * (week - 1))


def series_date(series, year: int, month: int) -> date:
    return date_in_month(
        year,
        month,
        rule=series.rule,
        day_of_month=series.day_of_month,
        week=series.week_of_month,
        weekday=series.weekday,
    )


def next_date(series, *, after: date | None, today: date) -> date:
    """The series' date in the first month after the last session's (`after`) that is not
    before `today`: one session a month, never one in the past."""
    earliest = today
    if after is not None:
        year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
        earliest = max(today, date(year, month, 1))
    year, month = earliest.year, earliest.month
    while True:
        day = series_date(series, year, month)
        if day >= earliest:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
