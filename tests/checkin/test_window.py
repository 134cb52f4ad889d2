"""Check-in is open from `checkin_opens_before` minutes before the start to
`checkin_closes_after` minutes after the end (defaults 60 and 120), both ends included.
Outside it: a clear Chinese page and no record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.activities.models import Attendance
from sanwei.checkin.models import UnverifiedCheckin
from sanwei.checkin.services import Window, check_in, checkin_token, window_state
from sanwei.core.errors import ServiceError

from ..factories import ActivityFactory, PersonFactory

START = dt.datetime(2023, 1, 10, 14, 0, tzinfo=dt.UTC)
END = dt.datetime(2023, 1, 10, 16, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def lecture(tree):
    return ActivityFactory(region=tree["village_a"], starts_at=START, ends_at=END)


def test_the_default_window_is_an_hour_before_to_two_hours_after(lecture):
    assert (lecture.checkin_opens_before, lecture.checkin_closes_after) == (60, 120)
    assert window_state(lecture, dt.datetime(2023, 1, 10, 13, 0, tzinfo=dt.UTC)) is Window.OPEN
    assert window_state(lecture, dt.datetime(2023, 1, 10, 18, 0, tzinfo=dt.UTC)) is Window.OPEN


@pytest.mark.parametrize(
    ("at", "state"),
    [
        (dt.datetime(2023, 1, 10, 12, 59, tzinfo=dt.UTC), Window.NOT_YET),  # a minute early
        (dt.datetime(2023, 1, 10, 12, 59, 59, tzinfo=dt.UTC), Window.NOT_YET),
        (dt.datetime(2023, 1, 10, 13, 0, tzinfo=dt.UTC), Window.OPEN),  # the exact minute
        (dt.datetime(2023, 1, 10, 18, 0, tzinfo=dt.UTC), Window.OPEN),  # the exact minute
        (dt.datetime(2023, 1, 10, 18, 0, 1, tzinfo=dt.UTC), Window.CLOSED),
        (dt.datetime(2023, 1, 10, 18, 1, tzinfo=dt.UTC), Window.CLOSED),  # a minute late
    ],
)
def test_window_edges(lecture, at, state):
    assert window_state(lecture, at) is state


def test_the_window_is_set_per_activity(lecture):
    lecture.checkin_opens_before, lecture.checkin_closes_after = 15, 0

    assert window_state(lecture, START - 16 * MINUTE) is Window.NOT_YET
    assert window_state(lecture, START - 15 * MINUTE) is Window.OPEN
    assert window_state(lecture, END) is Window.OPEN
    assert window_state(lecture, END + MINUTE) is Window.CLOSED


def test_checking_in_a_minute_early_records_nothing(lecture, tree):
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    with pytest.raises(ServiceError) as refused:
        check_in(lecture, name="张秀英", phone="13812345678", now=START - 61 * MINUTE)

    assert refused.value.code == "checkin_not_open"
    assert Attendance.unscoped.count() == 0


def test_checking_in_at_the_last_minute_records(lecture, tree):
    person = PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    check_in(lecture, name="张秀英", phone="13812345678", now=END + 120 * MINUTE)

    assert list(Attendance.unscoped.values_list("person", flat=True)) == [person.pk]


def test_a_page_before_the_window_says_when_it_opens(client, tree):
    starts = timezone.now() + dt.timedelta(days=2)
    later = ActivityFactory(region=tree["village_a"], starts_at=starts, title="冬季宣讲")

    response = client.get(f"/c/{checkin_token(later)}")

    assert response.status_code == 200
    body = response.content.decode()
    assert "签到尚未开始" in body
    assert 'name="phone"' not in body


def test_an_expired_link_is_a_clear_page_and_records_nothing(client, tree):
    ends = timezone.now() - dt.timedelta(hours=2, minutes=1)
    past = ActivityFactory(
        region=tree["village_a"], starts_at=ends - dt.timedelta(hours=2), ends_at=ends
    )
    PersonFactory(region=tree["village_a"], name="张秀英", phone="13812345678")

    response = client.post(f"/c/{checkin_token(past)}", {"name": "张秀英", "phone": "13812345678"})

    assert response.status_code == 403
    assert "签到已结束" in response.content.decode()
    assert Attendance.unscoped.count() == 0
    assert UnverifiedCheckin.unscoped.count() == 0
