"""Creating an activity through the page."""

import datetime as dt

from django.urls import reverse

from sanwei.activities.models import Activity
from sanwei.core.models import ActionLog

from ..factories import TeamFactory
from .conftest import SHANGHAI, activity_post_data


def test_town_admin_creates_activity_through_the_form(
    tree, town_admin, login, campaign, courtyard_type
):
    client = login(town_admin)
    page = client.get(reverse("activities:activity_create"))
    assert page.status_code == 200
    assert 'type="datetime-local"' in page.content.decode()

    team = TeamFactory(region=tree["village_a"], name="东岳观村宣讲队")
    data = activity_post_data(tree, campaign, courtyard_type, organising_team=team.pk)
    response = client.post(reverse("activities:activity_create"), data)

    assert response.status_code == 302
    activity = Activity.unscoped.get(title="屋场会：说说村里的路")
    assert response["Location"] == reverse("activities:activity_detail", args=[activity.pk])
    assert activity.region == tree["village_a"]
    assert activity.organising_team == team
    assert activity.created_by == town_admin
    # Entered as Beijing time.
    assert activity.starts_at == dt.datetime(2024, 3, 10, 19, 30, tzinfo=SHANGHAI)
    assert activity.ends_at == dt.datetime(2024, 3, 10, 21, 0, tzinfo=SHANGHAI)
    log = ActionLog.objects.get(action_type="sanwei.activity.created", object_id=activity.pk)
    assert log.user == town_admin
    assert log.region_path == tree["village_a"].path

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "已新建活动" in detail.content.decode()
    assert "2024-03-10 19:30" in detail.content.decode()


def test_village_secretary_creates_activity_under_the_town_campaign(
    tree, secretary_a, login, campaign, courtyard_type
):
    client = login(secretary_a)
    page = client.get(reverse("activities:activity_create"))
    assert page.status_code == 200
    body = page.content.decode()
    assert campaign.name in body  # the town's campaign is offered to its villages
    assert "双岗村" not in body  # another village is not offered as a region

    response = client.post(
        reverse("activities:activity_create"), activity_post_data(tree, campaign, courtyard_type)
    )

    assert response.status_code == 302
    assert Activity.unscoped.filter(region=tree["village_a"]).count() == 1


def test_sub_venue_is_created_under_a_main_session(
    tree, town_admin, login, campaign, lecture_type, activity_a
):
    client = login(town_admin)
    data = activity_post_data(
        tree,
        campaign,
        lecture_type,
        title="分会场：双岗村",
        region=tree["village_b"].pk,
        main_session=activity_a.pk,
    )
    response = client.post(reverse("activities:activity_create"), data)

    assert response.status_code == 302
    sub = Activity.unscoped.get(title="分会场：双岗村")
    assert sub.main_session == activity_a
    detail = client.get(reverse("activities:activity_detail", args=[activity_a.pk]))
    assert "分会场：双岗村" in detail.content.decode()
