"""The dashboard's tables (each chart's table view) and tiles carry the same numbers as
`figures()` and `GET /api/v1/figures` for the same region, campaign and period (the
dashboard + API half of the issue's consistency test), and hand-worked literals for the
test town in January 2023."""

from __future__ import annotations

from django.urls import reverse

from sanwei.reports.figures import figures

from .conftest import d
from .dashboard_html import table, tiles

PILLARS = ("classroom", "seminar", "service")


def number(value) -> str:
    """A number as the page writes it (no thousands separator in tables, -1 float format)."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def page_and_api(client, login, user, params):
    login(user)
    html = client.get(reverse("dashboard"), params).content.decode()
    api_params = {k: v for k, v in params.items() if k in ("region", "campaign")}
    if params.get("period") == "custom":
        api_params.update({"from": params["start"], "to": params["end"]})
    api = client.get("/api/v1/figures", api_params)
    assert api.status_code == 200
    return html, api.json()


def child_row(c: dict) -> list[str]:
    return [
        c["region"]["name"],
        *(number(c["pillars"][p]["sessions"]) for p in PILLARS),
        number(sum(c["pillars"][p]["person_times"] for p in PILLARS)),
        number(c["seminar"]["opinions"]["collected"]),
        number(c["seminar"]["opinions"]["answered"]),
        number(c["service"]["needs"]["reported"]),
        number(c["service"]["needs"]["resolved"]),
        number(c["service"]["hours"]),
    ]


def coverage_row(c: dict) -> list[str]:
    cov = c["coverage"]
    return [
        c["region"]["name"],
        *(
            str(cov[k][f]) if cov[k][f] is not None else "—"  # a percent with its decimal
            for k in ("persons", "households")
            for f in ("reached", "total", "percent")
        ),
    ]


def test_january_at_the_town(client, login, town, town_admin):
    params = {"region": town["town"].code, "campaign": town["campaign"].pk,
              "period": "custom", "start": "2023-01-01", "end": "2023-01-31"}  # fmt: skip
    html, api = page_and_api(client, login, town_admin, params)

    # Hand-worked (see conftest): A: the sub-venue, lecture 15 Jan, delivery; 5 + 2 + 20 +
    # 1 + 1 person-times; o1, o2 (o1 answered); n2, n3 reported, n3 resolved (1 h of p4).
    # B: the sub-venue, the meeting; 1 + 12 + 1; o3 answered; n1 (2 h). The town itself:
    # the main session (10 + 1).
    assert table(html, "table-children") == [
        ["东岳观村", "3", "0", "0", "29", "2", "1", "2", "1", "1"],
        ["双岗村", "1", "1", "0", "14", "1", "1", "1", "1", "2"],
        ["未分到下级区划", "1", "0", "0", "11", "0", "0", "0", "0", "0"],
    ]
    assert table(html, "table-trend") == [
        ["2022-12-26", "0", "0", "0"],
        ["2023-01-02", "0", "1", "0"],  # the courtyard meeting
        ["2023-01-09", "2", "0", "0"],  # the training (3 venues) and the lecture of 15 Jan
        ["2023-01-16", "1", "0", "0"],  # the delivery
        ["2023-01-23", "0", "0", "0"],
        ["2023-01-30", "0", "0", "0"],
    ]
    assert table(html, "table-opinions") == [
        ["收集", "3"], ["已答复", "2"], ["按期答复", "1"], ["采纳", "1"], ["逾期未答复", "1"],
    ]  # fmt: skip
    assert table(html, "table-needs") == [["登记", "3"], ["已解决", "2"], ["按期解决", "1"],
                                          ["已评价", "1"]]  # fmt: skip

    # The same as the API …
    assert table(html, "table-children") == [child_row(c) for c in api["children"]]
    assert table(html, "table-coverage") == [coverage_row(c) for c in api["children"]]
    assert table(html, "table-trend") == [
        [w["week"], *(number(w[p]) for p in PILLARS)] for w in api["weeks"]
    ]
    o, n = api["seminar"]["opinions"], api["service"]["needs"]
    assert [int(v) for _l, v in table(html, "table-opinions")] == [
        o["collected"], o["answered"], o["on_time"], o["adopted"], o["overdue"]
    ]  # fmt: skip
    assert [int(v) for _l, v in table(html, "table-needs")] == [
        n["reported"], n["resolved"], n["on_time"], n["rated"]
    ]  # fmt: skip
    shown = tiles(html)
    assert shown["sessions"] == number(sum(api["pillars"][p]["sessions"] for p in PILLARS))
    assert shown["seminar.meetings"] == number(api["seminar"]["meetings"])
    assert shown["seminar.opinions.collected"] == number(o["collected"])
    assert shown["service.needs.resolved"] == number(n["resolved"])
    assert shown["coverage.persons"] == str(api["coverage"]["persons"]["percent"]) + "%"

    # … and as the figures module.
    f = figures(town["town"], town["campaign"], d(1, 1), d(1, 31))
    assert shown["sessions"] == str(f.sessions)
    assert shown["person_times"] == str(f.person_times)
    assert [row[4] for row in table(html, "table-children")] == [
        str(c.person_times) for c in f.children
    ]


def test_the_campaigns_own_period_at_the_county(client, login, town, county_viewer):
    params = {"region": town["county"].code, "campaign": town["campaign"].pk,
              "period": "campaign"}  # fmt: skip
    html, api = page_and_api(client, login, county_viewer, params)
    assert table(html, "table-children") == [child_row(c) for c in api["children"]]
    assert table(html, "table-trend") == [
        [w["week"], *(number(w[p]) for p in PILLARS)] for w in api["weeks"]
    ]
    # The whole campaign: the town's 7 sessions (5 微课堂, 1 微研讨, 1 微服务), the other
    # town's training 1.
    assert [row[:4] for row in table(html, "table-children")] == [
        ["东岳观镇", "5", "1", "1"],
        ["通津铺镇", "1", "0", "0"],
    ]
