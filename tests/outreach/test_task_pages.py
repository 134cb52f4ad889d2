"""Staff pages: the task list with its filters and 逾期任务, the assign endpoint the gap
list posts to (person, household, assignee, due_on, campaign, next), cancelling, and the
recorded deliveries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanwei.classroom.models import Material
from sanwei.outreach import services
from sanwei.outreach.models import DeliveryTask

from ..factories import DeliveryTaskFactory, PersonFactory

TODAY = timezone.localdate()
NEXT_WEEK = TODAY + dt.timedelta(days=7)


@pytest.fixture
def tasks(tree, campaign, volunteer_a, leader_a):
    village = tree["village_a"]
    return {
        "late": DeliveryTaskFactory(
            campaign=campaign, assignee=volunteer_a, due_on=TODAY - dt.timedelta(days=1),
            person=PersonFactory(region=village, name="甲逾期"),
        ),
        "open": DeliveryTaskFactory(
            campaign=campaign, assignee=leader_a,
            person=PersonFactory(region=village, name="乙未到期"),
        ),
        "b": DeliveryTaskFactory(
            campaign=campaign, assignee=leader_a,
            person=PersonFactory(region=tree["village_b"], name="丙双岗"),
        ),
    }  # fmt: skip


def test_the_task_list_of_a_secretary_shows_their_village(login, secretary_a, tasks):
    html = login(secretary_a).get("/outreach/tasks/").content.decode()
    assert "甲逾期" in html and "乙未到期" in html
    assert "丙双岗" not in html


def test_overdue_tasks(login, town_admin, tasks):
    html = login(town_admin).get("/outreach/tasks/?overdue=true").content.decode()
    assert "逾期任务" in html
    assert "甲逾期" in html
    assert "乙未到期" not in html and "丙双岗" not in html


def test_filter_by_assignee_and_village(login, town_admin, tasks, leader_a, tree):
    client = login(town_admin)
    html = client.get(f"/outreach/tasks/?assignee={leader_a.pk}").content.decode()
    assert "乙未到期" in html and "丙双岗" in html and "甲逾期" not in html
    html = client.get(f"/outreach/tasks/?region={tree['village_b'].code}").content.decode()
    assert "丙双岗" in html and "乙未到期" not in html


def test_a_volunteer_sees_no_staff_list(login, volunteer_a, tasks):
    assert login(volunteer_a).get("/outreach/tasks/").status_code == 403


def test_the_gap_list_posts_ticked_rows_and_goes_back(
    login, secretary_a, volunteer_a, campaign, household_a, tree
):
    person = PersonFactory(region=tree["village_a"], name="赵独居")
    back = f"/coverage/gaps/?campaign={campaign.pk}"

    response = login(secretary_a).post(
        "/outreach/assign/",
        {
            "person": [person.pk],
            "household": [household_a.pk],
            "assignee": volunteer_a.pk,
            "due_on": NEXT_WEEK.isoformat(),
            "campaign": campaign.pk,
            "next": back,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == back
    assert sorted(DeliveryTask.unscoped.values_list("person__name", flat=True)) == [
        "李秀英",
        "王大山",
        "王小军",
        "赵独居",
    ]


def test_assign_refuses_an_assignee_outside_the_village_on_the_form(
    login, secretary_a, volunteer_b, campaign, tree
):
    person = PersonFactory(region=tree["village_a"])
    response = login(secretary_a).post(
        "/outreach/assign/",
        {"person": [person.pk], "assignee": volunteer_b.pk, "due_on": NEXT_WEEK.isoformat(),
         "campaign": campaign.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert DeliveryTask.unscoped.count() == 0


def test_assign_refuses_a_past_due_date_on_the_form(
    login, secretary_a, volunteer_a, campaign, tree
):
    person = PersonFactory(region=tree["village_a"])
    response = login(secretary_a).post(
        "/outreach/assign/",
        {"person": [person.pk], "assignee": volunteer_a.pk,
         "due_on": (TODAY - dt.timedelta(days=1)).isoformat(), "campaign": campaign.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "完成期限不能早于今天" in response.content.decode()
    assert DeliveryTask.unscoped.count() == 0


def test_a_person_of_another_village_cannot_be_posted(
    login, secretary_a, volunteer_a, campaign, tree
):
    person = PersonFactory(region=tree["village_b"])
    response = login(secretary_a).post(
        "/outreach/assign/",
        {"person": [person.pk], "assignee": volunteer_a.pk, "due_on": NEXT_WEEK.isoformat(),
         "campaign": campaign.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert DeliveryTask.unscoped.count() == 0


def test_the_assign_form_names_the_chosen_persons(login, secretary_a, campaign, tree):
    person = PersonFactory(region=tree["village_a"], name="赵独居")
    response = login(secretary_a).get(
        f"/outreach/assign/?person={person.pk}&campaign={campaign.pk}"
    )
    assert response.status_code == 200
    assert "赵独居" in response.content.decode()


def test_an_outside_next_is_not_followed(login, secretary_a, volunteer_a, campaign, tree):
    person = PersonFactory(region=tree["village_a"])
    response = login(secretary_a).post(
        "/outreach/assign/",
        {"person": [person.pk], "assignee": volunteer_a.pk, "due_on": NEXT_WEEK.isoformat(),
         "campaign": campaign.pk, "next": "https://evil.example/"},
    )  # fmt: skip
    assert response["Location"] == "/outreach/tasks/"


def test_cancel_from_the_list(login, secretary_a, tasks):
    task = tasks["open"]
    response = login(secretary_a).post(f"/outreach/tasks/{task.pk}/cancel/")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_the_delivery_page_lists_method_by_whom_when_and_materials(
    login, secretary_a, tasks, volunteer_a, tree
):
    leaflet = Material.unscoped.create(region=tree["town"], title="学习要点", kind="text")
    services.complete_task(
        tasks["late"],
        method="wechat",
        delivered_at=dt.datetime(2023, 1, 8, 7, 30, tzinfo=dt.UTC),
        materials=[leaflet],
        user=volunteer_a,
    )
    html = login(secretary_a).get("/outreach/deliveries/").content.decode()
    assert "甲逾期" in html
    assert "微信发送资料" in html
    assert "2023-01-08 15:30" in html
    assert "学习要点" in html
    assert (volunteer_a.get_full_name() or volunteer_a.username) in html
