"""The study API: series, participants, planning the next session, presenters; essays
submitted, reviewed and recommended; the same rules and refusals as the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.study import services
from sanwei.study.models import Essay, Participant, Presentation, StudySeries

from ..factories import EssayFactory, PersonFactory, StudyParticipantFactory, StudySessionFactory


@pytest.fixture
def cadre(tree):
    return PersonFactory(region=tree["town"], name="王芳")


def test_a_series_is_created_listed_and_read(api_as, town_admin, tree, campaign):
    api = api_as(town_admin)

    created = api.post(
        "/api/v1/study/series",
        {
            "title": "青年理论学习小组",
            "campaign_id": campaign.pk,
            "region": tree["town"].code,
            "rule": "weekday",
            "week_of_month": 3,
            "weekday": 4,
            "start_time": "14:30",
        },
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["rule_display"], body["start_time"], body["day_of_month"]) == (
        "每月第三个星期五",
        "14:30:00",
        None,
    )
    listed = api.get("/api/v1/study/series").json()
    assert [s["title"] for s in listed["items"]] == ["青年理论学习小组"]
    detail = api.get(f"/api/v1/study/series/{body['id']}").json()
    assert (detail["sessions"], detail["participants"]) == ([], [])


def test_a_weekday_rule_without_its_weekday_is_refused(api_as, town_admin, tree, campaign):
    response = api_as(town_admin).post(
        "/api/v1/study/series",
        {
            "title": "小组",
            "campaign_id": campaign.pk,
            "region": tree["town"].code,
            "rule": "weekday",
            "week_of_month": 3,
        },
    )

    assert response.status_code == 400
    assert response.json() == {"code": "series_rule", "message": "请选择星期几", "field": "weekday"}
    assert StudySeries.unscoped.count() == 0


def test_participants_and_presenters(api_as, town_admin, series, cadre):
    api = api_as(town_admin)
    session = StudySessionFactory(series=series)

    joined = api.post(
        f"/api/v1/study/series/{series.pk}/participants",
        {"person_id": cadre.pk, "joined_on": "2022-11-01"},
    )
    again = api.post(f"/api/v1/study/series/{series.pk}/participants", {"person_id": cadre.pk})
    presented = api.post(
        f"/api/v1/study/sessions/{session.pk}/presentations",
        {"person_id": cadre.pk, "topic": "以学促干", "summary": "结合窗口工作谈体会"},
    )

    assert joined.status_code == 201
    assert [p["person_name"] for p in joined.json()["participants"]] == ["王芳"]
    assert again.status_code == 400 and again.json()["code"] == "participant_duplicate"
    assert presented.status_code == 201
    assert (presented.json()["person_name"], presented.json()["topic"]) == ("王芳", "以学促干")
    assert Participant.unscoped.get().joined_on == dt.date(2022, 11, 1)


def test_only_a_participant_presents(api_as, town_admin, series, cadre):
    session = StudySessionFactory(series=series)

    response = api_as(town_admin).post(
        f"/api/v1/study/sessions/{session.pk}/presentations",
        {"person_id": cadre.pk, "topic": "体会"},
    )

    assert response.status_code == 400
    assert response.json()["message"] == "王芳不是本系列的学习成员"
    assert Presentation.unscoped.count() == 0


def test_plan_next_creates_the_session(api_as, town_admin, series, monkeypatch):
    monkeypatch.setattr(services, "local_today", lambda: dt.date(2022, 12, 3))

    response = api_as(town_admin).post(f"/api/v1/study/series/{series.pk}/plan-next", {})

    assert response.status_code == 201
    assert response.json()["title"] == "青年干部学习座谈会（2022年12月）"
    assert response.json()["starts_at"] == "2022-12-20T15:00:00+08:00"


def test_an_essay_goes_from_submission_to_recommendation(api_as, town_admin, tree, campaign):
    api = api_as(town_admin)
    author = PersonFactory(region=tree["village_a"], name="刘洋")

    submitted = api.post(
        "/api/v1/study/essays",
        {
            "title": "不落一人不漏一户",
            "body": "送学上门。\n一户不落。",
            "campaign_id": campaign.pk,
            "region": tree["village_a"].code,
            "author_id": author.pk,
        },
    )
    essay_id = submitted.json()["id"]
    reviewed = api.post(
        f"/api/v1/study/essays/{essay_id}/review", {"score": 93, "comment": "好", "excellent": True}
    )
    recommended = api.post(
        f"/api/v1/study/essays/{essay_id}/recommend",
        {"department": "县委宣传部", "recommended_on": "2023-03-01"},
    )

    assert submitted.status_code == 201
    assert (submitted.json()["author_name"], submitted.json()["source"]) == ("刘洋", "text")
    assert reviewed.status_code == 200
    assert (reviewed.json()["score"], reviewed.json()["is_excellent"]) == (93, True)
    assert recommended.status_code == 201
    assert recommended.json()["recommended"] is True
    assert recommended.json()["recommendations"] == [
        {"id": recommended.json()["recommendations"][0]["id"], "department": "县委宣传部",
         "recommended_on": "2023-03-01", "note": ""}
    ]  # fmt: skip
    listed = api.get("/api/v1/study/essays", {"excellent": "true", "recommended": "true"}).json()
    assert [e["title"] for e in listed["items"]] == ["不落一人不漏一户"]


def test_a_score_outside_0_to_100_is_invalid(api_as, town_admin, tree):
    essay = EssayFactory(region=tree["village_a"])

    response = api_as(town_admin).post(f"/api/v1/study/essays/{essay.pk}/review", {"score": 101})

    assert response.status_code == 400 and response.json()["field"] == "score"
    essay.refresh_from_db()
    assert essay.score is None


def test_a_secretary_may_not_review_and_does_not_see_another_village(
    api_as, secretary_a, secretary_b, tree
):
    essay = EssayFactory(region=tree["village_a"])

    refused = api_as(secretary_a).post(f"/api/v1/study/essays/{essay.pk}/review", {"score": 90})
    hidden = api_as(secretary_b).get(f"/api/v1/study/essays/{essay.pk}")

    assert refused.status_code == 403
    assert hidden.status_code == 404
    assert Essay.unscoped.get().score is None


def test_a_participant_from_outside_the_series_region_is_refused(
    api_as, secretary_a, tree, campaign
):
    from ..factories import StudySeriesFactory

    series = StudySeriesFactory(region=tree["village_a"], campaign=campaign)
    outsider = PersonFactory(region=tree["village_a"])
    StudyParticipantFactory(series=series, person=outsider)
    other = PersonFactory(region=tree["village_b"])

    response = api_as(secretary_a).post(
        f"/api/v1/study/series/{series.pk}/participants", {"person_id": other.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "person_unknown"  # outside the secretary's scope


def test_an_activity_is_linked_and_a_participant_leaves(api_as, town_admin, tree, series, cadre):
    from ..factories import ActivityFactory, default_activity_type

    api = api_as(town_admin)
    activity = ActivityFactory(
        region=tree["town"], campaign=series.campaign, title="十一月座谈",
        activity_type=default_activity_type("youth_study"),
    )  # fmt: skip
    participant = StudyParticipantFactory(series=series, person=cadre)

    linked = api.post(f"/api/v1/study/series/{series.pk}/sessions", {"activity_id": activity.pk})
    twice = api.post(f"/api/v1/study/series/{series.pk}/sessions", {"activity_id": activity.pk})
    left = api.post(f"/api/v1/study/participants/{participant.pk}/leave", {"left_on": "2022-12-31"})

    assert (linked.status_code, linked.json()["title"]) == (201, "十一月座谈")
    assert twice.status_code == 400 and twice.json()["message"] == "该活动已是某个学习系列的座谈"
    assert left.status_code == 200
    assert left.json()["participants"][0]["left_on"] == "2022-12-31"


def test_an_overlong_essay_is_refused(api_as, town_admin, tree, campaign, monkeypatch):
    monkeypatch.setattr(services, "ESSAY_MAX_CHARS", 10)

    response = api_as(town_admin).post(
        "/api/v1/study/essays",
        {"title": "长文", "body": "字" * 11, "campaign_id": campaign.pk,
         "region": tree["village_a"].code, "author_name": "陈静"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json() == {
        "code": "essay_too_long",
        "message": "正文过长：最多10字",
        "field": "body",
    }
    assert Essay.unscoped.count() == 0
