"""reports.figures.figures on the hand-built town (tests/reports/conftest.py): every figure of
the town and of each of its villages, worked out by hand from the builder's records."""

from __future__ import annotations

import datetime as dt

from sanwei.reports.figures import figures, figures_data

MARCH_1 = dt.date(2023, 3, 1)
NO_OPINIONS = {
    "collected": 0, "answered": 0, "adopted": 0, "on_time": 0, "decided": 0,
    "due_answered": 0, "overdue": 0, "reply_rate": None, "on_time_rate": None,
    "adoption_rate": None,
}  # fmt: skip


def held(data: dict) -> dict:
    """The activity types with anything recorded, as (sessions, person-times, persons)."""
    return {
        code: (c["sessions"], c["person_times"], c["persons"])
        for code, c in data["activities"].items()
        if any(c.values())
    }


def coverage(data: dict) -> dict:
    return {k: (v["reached"], v["total"], v["percent"]) for k, v in data["coverage"].items()}


def stars(data: dict) -> list[int]:
    return [s["volunteers"] for s in data["service"]["stars"]]


def test_every_figure_of_the_town(town):
    data = figures_data(figures(town["town"], town["campaign"], today=MARCH_1))
    assert data["region"] == {"code": "430821104000", "name": "东岳观镇", "level": 4}
    assert data["campaign"] == {"id": town["campaign"].pk, "name": "学习宣传贯彻党的二十大精神"}
    # Offline training: 1 session (two sub-venues), 10+5+0 head count + 4 named = 19
    # person-times, persons p1, p2, p4. Mobile lectures: 21 + 32 + 7 (the April one).
    assert held(data) == {
        "offline_training": (1, 19, 3),
        "mobile_lecture": (3, 60, 3),
        "delivery": (1, 1, 1),
        "courtyard_meeting": (1, 13, 1),
        "volunteer_service": (1, 0, 0),
    }
    assert len(data["activities"]) == 19  # every type, zeros included: stable keys
    assert data["activities"]["micro_party_lesson"] == {
        "sessions": 0, "person_times": 0, "persons": 0
    }  # fmt: skip
    assert data["classroom"] == {
        "lectures": {"teams": 2, "lectures": 2, "person_times": 53},
        "deliveries": 1,
    }
    assert coverage(data) == {
        "persons": (5, 6, 83.3),
        "party_members": (2, 2, 100.0),
        "households": (3, 4, 75.0),
    }
    assert data["coverage"]["persons"]["target"] == 100
    assert data["seminar"] == {
        "meetings": 1,
        "opinions": {
            "collected": 3, "answered": 2, "adopted": 1, "on_time": 1, "decided": 2,
            "due_answered": 2, "overdue": 1, "reply_rate": 66.7, "on_time_rate": 50.0,
            "adoption_rate": 50.0,
        },
        "essays": {"collected": 3, "excellent": 2, "recommended": 1},
    }  # fmt: skip
    # Hours: p1's 3 confirmed in A, p4's 2 (n1, B) and 1 (n3, A); p3's 2 unconfirmed are not.
    # Stars at 2/3 h: p3 none, p1 3 h two stars, p4 3 h two stars; p5 has left.
    assert data["service"] == {
        "activities": 1,
        "volunteers": {"registered": 3, "active": 2},
        "hours": 6.0,
        "stars": [{"level": level, "volunteers": n} for level, n in enumerate([1, 0, 2, 0, 0, 0])],
        "needs": {
            "reported": 3, "resolved": 2, "due_resolved": 2, "on_time": 1,
            "on_time_rate": 50.0, "rated": 1, "average_rating": 5.0,
        },
        "quantities": [
            {"item": "学习读本", "unit": "册", "total": 30.0},
            {"item": "森林防火承诺书", "unit": "份", "total": 2000.0},
            {"item": "饮用水", "unit": "吨", "total": 10.5},
        ],
    }  # fmt: skip


def test_every_figure_of_each_village(town):
    data = figures_data(figures(town["town"], town["campaign"], today=MARCH_1))
    names = [c["region"]["name"] for c in data["children"]]
    assert names == ["东岳观村", "双岗村", "未分到下级区划"]
    a, b, direct = data["children"]

    assert a["region"] == {"code": "430821104201", "name": "东岳观村", "level": 5}
    assert held(a) == {
        "offline_training": (1, 7, 2),
        "mobile_lecture": (2, 28, 1),
        "delivery": (1, 1, 1),
        "volunteer_service": (1, 0, 0),
    }
    # A's lecture team gave both lectures (one of them in B): they count where the team is.
    assert a["classroom"] == {
        "lectures": {"teams": 1, "lectures": 2, "person_times": 53},
        "deliveries": 1,
    }
    assert coverage(a) == {
        "persons": (3, 3, 100.0),
        "party_members": (1, 1, 100.0),
        "households": (2, 2, 100.0),
    }
    assert a["seminar"] == {
        "meetings": 0,
        "opinions": {
            "collected": 2, "answered": 1, "adopted": 1, "on_time": 1, "decided": 1,
            "due_answered": 1, "overdue": 1, "reply_rate": 50.0, "on_time_rate": 100.0,
            "adoption_rate": 100.0,
        },
        "essays": {"collected": 2, "excellent": 1, "recommended": 1},
    }  # fmt: skip
    assert a["service"]["activities"] == 1
    assert a["service"]["volunteers"] == {"registered": 2, "active": 1}
    assert (a["service"]["hours"], stars(a)) == (4.0, [1, 0, 1, 0, 0, 0])
    assert a["service"]["needs"] == {
        "reported": 2, "resolved": 1, "due_resolved": 1, "on_time": 0,
        "on_time_rate": 0.0, "rated": 0, "average_rating": None,
    }  # fmt: skip
    assert a["service"]["quantities"] == [
        {"item": "森林防火承诺书", "unit": "份", "total": 2000.0},
        {"item": "饮用水", "unit": "吨", "total": 4.5},
    ]

    assert b["region"]["code"] == "430821104202"
    assert held(b) == {
        "offline_training": (1, 1, 1),
        "mobile_lecture": (1, 32, 2),
        "courtyard_meeting": (1, 13, 1),
    }
    assert b["classroom"] == {
        "lectures": {"teams": 1, "lectures": 0, "person_times": 0},
        "deliveries": 0,
    }
    assert coverage(b) == {
        "persons": (2, 3, 66.7),
        "party_members": (1, 1, 100.0),
        "households": (1, 2, 50.0),
    }
    assert b["seminar"] == {
        "meetings": 1,
        "opinions": {
            "collected": 1, "answered": 1, "adopted": 0, "on_time": 0, "decided": 1,
            "due_answered": 1, "overdue": 0, "reply_rate": 100.0, "on_time_rate": 0.0,
            "adoption_rate": 0.0,
        },
        "essays": {"collected": 0, "excellent": 0, "recommended": 0},
    }  # fmt: skip
    assert b["service"]["activities"] == 0
    assert b["service"]["volunteers"] == {"registered": 1, "active": 1}
    assert (b["service"]["hours"], stars(b)) == (2.0, [0, 0, 1, 0, 0, 0])
    assert b["service"]["needs"] == {
        "reported": 1, "resolved": 1, "due_resolved": 1, "on_time": 1,
        "on_time_rate": 100.0, "rated": 1, "average_rating": 5.0,
    }  # fmt: skip
    assert b["service"]["quantities"] == [{"item": "饮用水", "unit": "吨", "total": 6.0}]

    # Held at the town itself: the main session (head count 10 + p1) and essay e3.
    assert direct["region"] == {"code": None, "name": "未分到下级区划", "level": None}
    assert held(direct) == {"offline_training": (1, 11, 1)}
    assert direct["seminar"]["essays"] == {"collected": 1, "excellent": 1, "recommended": 0}
    assert direct["seminar"]["opinions"] == NO_OPINIONS
    assert coverage(direct) == {
        "persons": (0, 0, None),
        "party_members": (0, 0, None),
        "households": (0, 0, None),
    }
    assert (direct["service"]["hours"], stars(direct)) == (0.0, [0, 0, 0, 0, 0, 0])
    assert direct["service"]["quantities"] == [{"item": "学习读本", "unit": "册", "total": 30.0}]


def test_without_a_campaign_there_is_no_coverage_and_nothing_is_narrowed(town):
    """Without a campaign, activities of any campaign count; reach belongs to a campaign."""
    f = figures(town["town"], today=MARCH_1)
    assert f.coverage is None
    assert all(child.coverage is None for child in f.children)
    data = figures_data(f)
    assert (data["campaign"], data["from"], data["to"]) == (None, None, None)
    assert held(data)["mobile_lecture"] == (3, 60, 3)
    assert data["seminar"]["opinions"]["collected"] == 3
    assert data["service"]["hours"] == 6.0
    assert data["service"]["needs"]["reported"] == 3
