"""Hot topics: per region and period, the groups raised by the most distinct people, with
their category; on the page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.accounts.tokens import create_token
from sanwei.seminar import topic_services
from sanwei.seminar.models import Opinion

from ..factories import PersonFactory
from ..people.conftest import ApiClient
from .topics_helpers import raise_opinion


@pytest.fixture
def raised(tree, town_admin):
    """Two groups in the town and one opinion alone:

    - the lamp: one resident from the roster twice, 李大爷 (typed) twice in village A and a
      李大爷 of village B once: 3 people, 5 opinions;
    - the water: four different typed names: 4 people, 4 opinions, the last 40 days ago;
    - an old lamp opinion 100 days ago (outside a 60-day period)."""
    a, b = tree["village_a"], tree["village_b"]
    resident = PersonFactory(region=a, name="王大山")
    lamp = [
        raise_opinion(town_admin, a, "村口路灯坏了", person=resident, days_ago=10),
        raise_opinion(town_admin, a, "村口的路灯晚上不亮", person=resident, days_ago=9),
        raise_opinion(town_admin, a, "村口路灯坏了好久了", name="李大爷", days_ago=8),
        raise_opinion(town_admin, a, "村口的路灯一直不亮", name=" 李大爷", days_ago=7),
        raise_opinion(town_admin, b, "村口路灯不亮，晚上黑漆漆的", name="李大爷", days_ago=6),
    ]
    water = [
        raise_opinion(town_admin, b, "六组的自来水经常停水", name=name, days_ago=days)
        for name, days in (("张三", 43), ("李四", 42), ("王五", 41), ("赵六", 40))
    ]
    alone = raise_opinion(town_admin, a, "希望多放几场电影", days_ago=5)
    return {"lamp": lamp, "water": water, "alone": alone}


def topic_of(opinion):
    return Opinion.unscoped.get(pk=opinion.pk).topic


def test_the_groups_are_ranked_by_distinct_people(tree, raised):
    today = timezone.localdate()
    rows = topic_services.hot_topics(
        Opinion.unscoped.all(),
        region=tree["town"],
        date_from=today - dt.timedelta(days=60),
        date_to=today,
    )
    lamp, water = topic_of(raised["lamp"][0]), topic_of(raised["water"][0])
    assert {topic_of(o) for o in raised["lamp"]} == {lamp}
    assert [(r.topic, r.people, r.opinions, r.category.code, r.villages) for r in rows] == [
        (water, 4, 4, "water", ["双岗村"]),
        (lamp, 3, 5, "roads", ["东岳观村", "双岗村"]),
    ]
    assert (rows[1].first_raised, rows[1].last_raised) == (
        today - dt.timedelta(days=10),
        today - dt.timedelta(days=6),
    )


def test_only_the_period_and_the_region_asked_count(tree, raised):
    today = timezone.localdate()
    village_a_last_month = topic_services.hot_topics(
        Opinion.unscoped.all(),
        region=tree["village_a"],
        date_from=today - dt.timedelta(days=30),
        date_to=today,
    )
    lamp = topic_of(raised["lamp"][0])
    assert [(r.topic, r.people, r.opinions, r.villages) for r in village_a_last_month] == [
        (lamp, 2, 4, ["东岳观村"])
    ]


def test_a_corrected_category_is_the_groups_category(tree, raised, town_admin):
    from sanwei.seminar.models import OpinionCategory

    gov = OpinionCategory.objects.get(code="gov")
    for opinion in raised["water"][:3]:
        topic_services.correct_category(opinion, category=gov, user=town_admin)
    rows = topic_services.hot_topics(Opinion.unscoped.all(), region=tree["town"])
    assert [(r.people, r.category.code) for r in rows] == [(4, "gov"), (3, "roads")]


def test_the_api_lists_hot_topics_of_a_region_and_period(client, tree, raised, town_admin):
    api = ApiClient(client, create_token(town_admin, "t"))
    today = timezone.localdate()
    start = today - dt.timedelta(days=60)
    response = api.get(
        "/api/v1/seminar/hot-topics",
        {"region": tree["town"].code, "from": start.isoformat(), "to": today.isoformat()},
    )
    assert response.status_code == 200
    water, lamp = topic_of(raised["water"][0]), topic_of(raised["lamp"][0])
    assert response.json() == {
        "region": "430821104000",
        "region_name": "东岳观镇",
        "from": start.isoformat(),
        "to": today.isoformat(),
        "items": [
            {
                "topic": {"id": water.pk, "label": "六组的自来水经常停水"},
                "category": {"code": "water", "name": "饮水灌溉"},
                "people": 4,
                "opinions": 4,
                "villages": ["双岗村"],
                "first_raised": (today - dt.timedelta(days=43)).isoformat(),
                "last_raised": (today - dt.timedelta(days=40)).isoformat(),
            },
            {
                "topic": {"id": lamp.pk, "label": "村口路灯坏了"},
                "category": {"code": "roads", "name": "道路交通"},
                "people": 3,
                "opinions": 5,
                "villages": ["东岳观村", "双岗村"],
                "first_raised": (today - dt.timedelta(days=10)).isoformat(),
                "last_raised": (today - dt.timedelta(days=6)).isoformat(),
            },
        ],
    }


def test_the_api_defaults_to_the_callers_region_and_the_last_90_days(
    client, tree, raised, secretary_b
):
    response = ApiClient(client, create_token(secretary_b, "t")).get("/api/v1/seminar/hot-topics")
    today = timezone.localdate()
    body = response.json()
    assert (body["region"], body["from"], body["to"]) == (
        "430821104202",
        (today - dt.timedelta(days=90)).isoformat(),
        today.isoformat(),
    )
    assert [(i["topic"]["label"], i["people"], i["opinions"]) for i in body["items"]] == [
        ("六组的自来水经常停水", 4, 4),
        ("村口路灯坏了", 1, 1),
    ]


def test_the_api_refuses_a_region_out_of_reach_and_a_reversed_period(
    client, tree, raised, secretary_b, volunteer_a
):
    api = ApiClient(client, create_token(secretary_b, "t"))
    response = api.get("/api/v1/seminar/hot-topics", {"region": tree["village_a"].code})
    assert (response.status_code, response.json()["code"]) == (400, "region_unknown")
    response = api.get("/api/v1/seminar/hot-topics", {"from": "2023-03-01", "to": "2023-02-01"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "period_invalid",
        "message": "截止日期不能早于起始日期",
        "field": "to",
    }
    volunteer = ApiClient(client, create_token(volunteer_a, "t"))
    assert volunteer.get("/api/v1/seminar/hot-topics").status_code == 403


def test_the_page_shows_the_ranking_with_people_counts(login, tree, raised, town_admin):
    today = timezone.localdate()
    response = login(town_admin).get(
        "/seminar/hot-topics/",
        {
            "region": tree["town"].code,
            "date_from": (today - dt.timedelta(days=60)).isoformat(),
            "date_to": today.isoformat(),
        },
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.topic.label, r.people, r.opinions) for r in rows] == [
        ("六组的自来水经常停水", 4, 4),
        ("村口路灯坏了", 3, 5),
    ]
    html = response.content.decode()
    assert html.index("六组的自来水经常停水") < html.index("村口路灯坏了")
    assert '<td data-label="提出人数" class="people">4</td>' in html


def test_the_page_escapes_html_in_a_topic_and_ignores_a_reversed_period(login, tree, town_admin):
    raise_opinion(town_admin, tree["village_a"], "<script>alert(1)</script>村口路灯坏了")
    raise_opinion(town_admin, tree["village_a"], "村口的路灯晚上不亮")
    response = login(town_admin).get(
        "/seminar/hot-topics/", {"date_from": "2023-03-01", "date_to": "2023-02-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;村口路灯坏了" in html
    assert "<script>alert(1)" not in html
    assert [r.people for r in response.context["rows"]] == [1]


def test_the_page_is_forbidden_to_volunteers(login, volunteer_a):
    assert login(volunteer_a).get("/seminar/hot-topics/").status_code == 403
