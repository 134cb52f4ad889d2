"""The series pages: create a series, add and remove participants, link an existing
youth study activity as a session, record who presented what."""

from __future__ import annotations

import datetime as dt

from sanwei.study.models import Participant, Presentation, StudySeries, StudySession

from ..factories import (
    ActivityFactory,
    PersonFactory,
    StudyParticipantFactory,
    default_activity_type,
)


def test_a_town_admin_creates_a_monthly_series(login, town_admin, tree, campaign):
    response = login(town_admin).post(
        "/study/series/new/",
        {
            "title": "青年干部学习座谈会",
            "campaign": campaign.pk,
            "region": tree["town"].pk,
            "rule": "day",
            "day_of_month": "20",
            "start_time": "15:00",
            "duration_minutes": "120",
            "place": "镇政府三楼会议室",
        },
    )

    assert response.status_code == 302
    series = StudySeries.unscoped.get()
    assert (series.rule_display(), series.start_time, series.created_by) == (
        "每月20日",
        dt.time(15, 0),
        town_admin,
    )


def test_a_day_rule_without_its_day_is_a_form_error(login, town_admin, tree, campaign):
    response = login(town_admin).post(
        "/study/series/new/",
        {"title": "座谈", "campaign": campaign.pk, "region": tree["town"].pk, "rule": "day",
         "start_time": "15:00", "duration_minutes": "120"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "请填写每月几号" in response.content.decode()
    assert StudySeries.unscoped.count() == 0


def test_participants_join_and_leave(login, town_admin, tree, series):
    cadre = PersonFactory(region=tree["village_a"], name="李强")
    client = login(town_admin)

    client.post(
        f"/study/series/{series.pk}/participants/add/",
        {"person": cadre.pk, "joined_on": "2022-12-01"},
    )
    participant = Participant.unscoped.get()
    client.post(f"/study/participants/{participant.pk}/leave/")

    participant.refresh_from_db()
    assert (participant.person, participant.joined_on) == (cadre, dt.date(2022, 12, 1))
    assert participant.left_on is not None
    page = client.get(f"/study/series/{series.pk}/").content.decode()
    assert "李强" in page and "退出" in page


def test_an_existing_youth_study_activity_is_linked_as_a_session(login, town_admin, tree, series):
    activity = ActivityFactory(
        region=tree["town"], campaign=series.campaign, title="青年干部学习座谈会（十二月）",
        activity_type=default_activity_type("youth_study"),
    )  # fmt: skip
    lecture = ActivityFactory(region=tree["town"], campaign=series.campaign)
    client = login(town_admin)

    linked = client.post(f"/study/series/{series.pk}/sessions/link/", {"activity": activity.pk})
    refused = client.post(
        f"/study/series/{series.pk}/sessions/link/", {"activity": lecture.pk}, follow=True
    )

    assert linked.status_code == 302
    assert list(StudySession.unscoped.values_list("activity", flat=True)) == [activity.pk]
    assert "请选择一场本专题的青年干部学习座谈活动" in refused.content.decode()


def test_a_presenter_and_what_they_shared_are_recorded(login, town_admin, tree, series):
    activity = ActivityFactory(
        region=tree["town"], campaign=series.campaign,
        activity_type=default_activity_type("youth_study"),
    )  # fmt: skip
    session = StudySession.unscoped.create(series=series, activity=activity)
    cadre = PersonFactory(region=tree["town"], name="王芳")
    StudyParticipantFactory(series=series, person=cadre)
    client = login(town_admin)

    response = client.post(
        f"/study/sessions/{session.pk}/",
        {"person": cadre.pk, "topic": "以学促干 建功新时代", "summary": "<b>三点体会</b>"},
    )

    assert response.status_code == 302
    presentation = Presentation.unscoped.get()
    assert (presentation.person, presentation.topic) == (cadre, "以学促干 建功新时代")
    page = client.get(f"/study/sessions/{session.pk}/").content.decode()
    assert "以学促干 建功新时代" in page and "&lt;b&gt;三点体会&lt;/b&gt;" in page
    series_page = client.get(f"/study/series/{series.pk}/").content.decode()
    assert "王芳：以学促干 建功新时代" in series_page


def test_the_county_viewer_reads_but_sees_no_buttons(login, county_viewer, series):
    page = login(county_viewer).get(f"/study/series/{series.pk}/")

    assert page.status_code == 200
    assert "安排下一次座谈" not in page.content.decode()
    assert "添加学习成员" not in page.content.decode()


def test_a_presenter_not_yet_recorded_is_recorded_as_the_lecturer(login, town_admin, tree, series):
    from sanwei.activities.models import Attendance

    activity = ActivityFactory(
        region=tree["town"], campaign=series.campaign,
        activity_type=default_activity_type("youth_study"),
    )  # fmt: skip
    session = StudySession.unscoped.create(series=series, activity=activity)
    cadre = PersonFactory(region=tree["town"], name="王芳")
    StudyParticipantFactory(series=series, person=cadre)

    login(town_admin).post(
        f"/study/sessions/{session.pk}/", {"person": cadre.pk, "topic": "以学促干"}
    )

    assert list(Attendance.unscoped.filter(activity=activity).values_list("person", "role")) == [
        (cadre.pk, "lecturer")
    ]


def test_a_teams_members_join_at_once(login, town_admin, tree, series):
    from ..factories import MembershipFactory, TeamFactory

    team = TeamFactory(region=tree["town"], name="镇青年理论宣讲队")
    for name in ("王芳", "李强", "张伟"):
        MembershipFactory(team=team, person=PersonFactory(region=tree["town"], name=name))
    StudyParticipantFactory(series=series, person=team.memberships.first().person)

    response = login(town_admin).post(
        f"/study/series/{series.pk}/participants/add-team/",
        {"team": team.pk, "joined_on": "2022-11-01"},
        follow=True,
    )

    assert "已从“镇青年理论宣讲队”添加2名学习成员（1名已在系列中）" in response.content.decode()
    assert sorted(Participant.unscoped.values_list("person__name", flat=True)) == [
        "张伟", "李强", "王芳",
    ]  # fmt: skip
