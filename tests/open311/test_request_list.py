"""GET requests: the spec's filters (service_request_id, service_code, start_date,
end_date, status, jurisdiction_id), the default window of the most recent 90 days, the
limit of 1000, newest first; malformed filters are 400 in the error format."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from sanwei.needs.models import Need, NeedCategory

from ..factories import need_in_state
from .helpers import get, json_body, json_errors, records, xml_errors, xml_root

BEIJING = ZoneInfo("Asia/Shanghai")


def _at(need: Need, when: dt.datetime) -> Need:
    Need.unscoped.filter(pk=need.pk).update(created_at=when)
    return need


def _ids(response) -> list[str]:
    return [r["service_request_id"] for r in json_body(response)]


def test_by_default_the_most_recent_90_days_newest_first(client, tree):
    now = timezone.now()
    village = tree["village_a"]
    yesterday = _at(need_in_state("reported", region=village), now - dt.timedelta(days=1))
    older = _at(need_in_state("reported", region=village), now - dt.timedelta(days=89))
    _at(need_in_state("reported", region=village), now - dt.timedelta(days=91))
    response = get(client, "requests", "xml")
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_requests"
    assert [r["service_request_id"] for r in records(root, "request")] == [
        yesterday.code,
        older.code,
    ]
    assert _ids(get(client, "requests", "json")) == [yesterday.code, older.code]


def test_service_request_id_overrides_every_other_filter(client, tree):
    village = tree["village_a"]
    old = _at(need_in_state("closed", region=village), timezone.now() - dt.timedelta(days=400))
    other = need_in_state("reported", region=village)
    response = get(
        client, "requests", "json",
        service_request_id=f"{old.code}, {other.code},nosuchcode12",
        status="open", service_code="care", start_date="2026-01-01",
    )  # fmt: skip
    assert response.status_code == 200
    assert sorted(_ids(response)) == sorted([old.code, other.code])


def test_service_code_filters_one_or_several_categories(client, tree):
    village = tree["village_a"]
    care = NeedCategory.objects.get(code="care")
    health = NeedCategory.objects.get(code="health")
    repair = need_in_state("reported", region=village)
    old_age = need_in_state("reported", region=village, category=care)
    medicine = need_in_state("reported", region=village, category=health)
    assert _ids(get(client, "requests", "json", service_code="repair")) == [repair.code]
    both = get(client, "requests", "xml", service_code="care,health")
    assert sorted(r["service_request_id"] for r in records(xml_root(both), "request")) == sorted(
        [old_age.code, medicine.code]
    )


def test_status_open_and_closed_split_the_loop(client, tree):
    village = tree["village_a"]
    made = {
        state: need_in_state(state, region=village)
        for state in ("reported", "accepted", "dispatched", "in_progress", "resolved",
                      "rated", "closed", "rejected", "referred")
    }  # fmt: skip
    opened = get(client, "requests", "json", status="open")
    assert sorted(_ids(opened)) == sorted(
        made[s].code for s in ("reported", "accepted", "dispatched", "in_progress")
    )
    closed = get(client, "requests", "json", status="closed")
    assert sorted(_ids(closed)) == sorted(
        made[s].code for s in ("resolved", "rated", "closed", "rejected", "referred")
    )
    assert len(_ids(get(client, "requests", "json", status="open,closed"))) == 9
    for record in json_body(closed):
        assert record["status"] == "closed"


def test_start_and_end_date_in_w3c_format_with_or_without_an_offset(client, tree):
    village = tree["village_a"]
    # 2026-06-01 07:30 in Beijing is 2026-05-31 23:30 UTC.
    morning = _at(
        need_in_state("reported", region=village), dt.datetime(2026, 6, 1, 7, 30, tzinfo=BEIJING)
    )
    _at(need_in_state("reported", region=village), dt.datetime(2026, 7, 1, 9, 0, tzinfo=BEIJING))
    in_utc = get(client, "requests", "json",
                 start_date="2026-06-01T00:00:00Z", end_date="2026-06-02T00:00:00Z")  # fmt: skip
    assert _ids(in_utc) == []
    naive_is_beijing = get(client, "requests", "json",
                           start_date="2026-06-01T00:00:00", end_date="2026-06-02")  # fmt: skip
    assert _ids(naive_is_beijing) == [morning.code]
    # A '+' sent unencoded in the query string arrives as a space.
    unencoded = client.get(
        "/open311/v2/requests.json?start_date=2026-05-31T23:00:00+08:00"
        "&end_date=2026-06-01T08:00:00%2B08:00"
    )
    assert _ids(unencoded) == [morning.code]


def test_one_date_alone_opens_a_window_of_90_days(client, tree):
    village = tree["village_a"]
    start = dt.datetime(2026, 3, 1, tzinfo=BEIJING)
    after_89 = _at(need_in_state("reported", region=village), start + dt.timedelta(days=89))
    _at(need_in_state("reported", region=village), start + dt.timedelta(days=91))
    day_before = _at(need_in_state("reported", region=village), start - dt.timedelta(days=1))
    before_80 = _at(need_in_state("reported", region=village), start - dt.timedelta(days=80))
    _at(need_in_state("reported", region=village), start - dt.timedelta(days=91))
    assert _ids(get(client, "requests", "json", start_date="2026-03-01")) == [after_89.code]
    assert _ids(get(client, "requests", "json", end_date="2026-03-01T00:00:00+08:00")) == [
        day_before.code,
        before_80.code,
    ]


def test_malformed_filters_are_400_and_every_problem_is_listed(client, db):
    response = get(client, "requests", "xml",
                   status="pending", service_code="care,nosuch", start_date="yesterday")  # fmt: skip
    assert response.status_code == 400
    assert xml_errors(response) == [
        ("400", "service_code “nosuch” 不存在"),
        ("400", "status 只能是 open 或 closed：pending"),
        ("400", "start_date 应为 W3C 日期时间格式，如 2026-11-01T00:00:00+08:00：yesterday"),
    ]


def test_a_window_over_90_days_or_backwards_or_out_of_range_is_400(client, db):
    cases = {
        ("2026-01-01", "2026-04-02"): "start_date 与 end_date 之间不能超过90天",
        ("2026-04-02", "2026-01-01"): "start_date 不能晚于 end_date",
        ("1800-01-01", "1800-02-01"): (
            "start_date 应为 W3C 日期时间格式，如 2026-11-01T00:00:00+08:00：1800-01-01"
        ),
    }
    for (start, end), message in cases.items():
        response = get(client, "requests", "json", start_date=start, end_date=end)
        assert response.status_code == 400, (start, end)
        assert json_errors(response)[0] == (400, message)
    # Exactly 90 days is allowed.
    ok = get(client, "requests", "json", start_date="2026-01-01", end_date="2026-04-01")
    assert ok.status_code == 200


def test_jurisdiction_id_keeps_the_requests_of_that_region_and_below(client, tree):
    a = need_in_state("reported", region=tree["village_a"])
    b = need_in_state("reported", region=tree["village_b"])
    assert _ids(get(client, "requests", "json", jurisdiction_id="430821104201")) == [a.code]
    assert sorted(_ids(get(client, "requests", "json", jurisdiction_id="430821104000"))) == (
        sorted([a.code, b.code])
    )
    assert _ids(get(client, "requests", "json", jurisdiction_id="430821105000")) == []
    assert get(client, "requests", "json", jurisdiction_id="430821199000").status_code == 404


def test_at_most_the_first_1000_requests(client, tree):
    category = NeedCategory.objects.get(code="other")
    now = timezone.now()
    Need.unscoped.bulk_create(
        Need(region=tree["village_a"], description="x", category=category, source="staff")
        for _ in range(1001)
    )
    rows = list(Need.unscoped.order_by("pk"))
    for n, need in enumerate(rows):  # the first made is the oldest
        need.created_at = now - dt.timedelta(minutes=1001 - n)
    Need.unscoped.bulk_update(rows, ["created_at"])
    ids = _ids(get(client, "requests", "json"))
    assert len(ids) == 1000
    assert ids[0] == rows[-1].code and ids[-1] == rows[1].code
    assert rows[0].code not in ids
