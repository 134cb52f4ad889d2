"""Bad input on the activity form: Chinese errors on the field, nothing saved."""

from django.urls import reverse

from sanwei.activities.models import Activity

from ..factories import ActivityFactory, CampaignFactory, TeamFactory
from .conftest import activity_post_data, at


def _post(client, data):
    return client.post(reverse("activities:activity_create"), data)


def test_end_before_start_is_refused(tree, town_admin, login, campaign, courtyard_type):
    data = activity_post_data(
        tree, campaign, courtyard_type, starts_at="2024-03-10T19:30", ends_at="2024-03-10T18:00"
    )
    response = _post(login(town_admin), data)

    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["结束时间必须晚于开始时间"]
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert not Activity.unscoped.exists()


def test_missing_title_and_bad_time_are_reported_in_chinese(
    tree, town_admin, login, campaign, courtyard_type
):
    data = activity_post_data(tree, campaign, courtyard_type, title="", starts_at="明天")
    response = _post(login(town_admin), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["这个字段是必填项。"]
    assert "日期" in errors["starts_at"][0] or "时间" in errors["starts_at"][0]
    assert not Activity.unscoped.exists()


def test_main_session_of_another_campaign_is_refused(
    tree, town_admin, login, campaign, lecture_type, courtyard_type
):
    other_campaign = CampaignFactory(region=tree["town"], name="乡村振兴宣讲")
    main = ActivityFactory(campaign=other_campaign, activity_type=lecture_type, region=tree["town"])
    data = activity_post_data(tree, campaign, courtyard_type, main_session=main.pk)
    response = _post(login(town_admin), data)

    assert response.status_code == 200
    assert response.context["form"].errors["main_session"] == ["分会场与主会场必须属于同一专题"]
    assert Activity.unscoped.count() == 1


def test_a_sub_venue_cannot_be_a_main_session(
    tree, town_admin, login, campaign, lecture_type, courtyard_type, activity_a
):
    sub = ActivityFactory(
        campaign=campaign,
        activity_type=lecture_type,
        region=tree["village_b"],
        main_session=activity_a,
    )
    data = activity_post_data(tree, campaign, courtyard_type, main_session=sub.pk)
    response = _post(login(town_admin), data)

    assert response.status_code == 200
    # Not even offered: a sub-venue is not in the main-session choices.
    assert "选择一个有效的选项" in response.context["form"].errors["main_session"][0]
    assert Activity.unscoped.count() == 2


def test_an_activity_with_sub_venues_cannot_become_a_sub_venue(
    tree, town_admin, login, campaign, lecture_type, activity_a, activity_b
):
    ActivityFactory(
        campaign=campaign,
        activity_type=lecture_type,
        region=tree["village_a"],
        main_session=activity_a,
    )
    client = login(town_admin)
    data = activity_post_data(
        tree,
        campaign,
        lecture_type,
        title=activity_a.title,
        main_session=activity_b.pk,
        starts_at="2024-03-05T09:00",
        ends_at="2024-03-05T11:00",
    )
    response = client.post(reverse("activities:activity_edit", args=[activity_a.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["main_session"] == [
        "本活动已有分会场，不能再作为其他活动的分会场"
    ]
    activity_a.refresh_from_db()
    assert activity_a.main_session is None


def test_region_outside_the_secretarys_scope_is_refused(
    tree, secretary_a, login, campaign, courtyard_type
):
    data = activity_post_data(tree, campaign, courtyard_type, region=tree["village_b"].pk)
    response = _post(login(secretary_a), data)

    assert response.status_code == 200
    assert "选择一个有效的选项" in response.context["form"].errors["region"][0]
    assert not Activity.unscoped.exists()


def test_region_outside_the_campaign_is_refused(tree, town_admin, login, courtyard_type):
    village_campaign = CampaignFactory(region=tree["village_b"], name="双岗村专题")
    data = activity_post_data(tree, village_campaign, courtyard_type, region=tree["village_a"].pk)
    response = _post(login(town_admin), data)

    assert response.status_code == 200
    assert "不在专题“双岗村专题”的范围" in response.context["form"].errors["region"][0]
    assert not Activity.unscoped.exists()


def test_team_of_another_town_is_not_offered(tree, town_admin, login, campaign, courtyard_type):
    team = TeamFactory(region=tree["other_village"], name="通津铺宣讲队")
    data = activity_post_data(tree, campaign, courtyard_type, organising_team=team.pk)
    response = _post(login(town_admin), data)

    assert response.status_code == 200
    assert "选择一个有效的选项" in response.context["form"].errors["organising_team"][0]
    assert not Activity.unscoped.exists()


def test_edit_keeps_the_activity_unchanged_on_error(
    tree, town_admin, login, campaign, lecture_type, activity_a
):
    data = activity_post_data(
        tree,
        campaign,
        lecture_type,
        title="改名",
        starts_at="2024-03-05T12:00",
        ends_at="2024-03-05T11:00",
    )
    response = login(town_admin).post(
        reverse("activities:activity_edit", args=[activity_a.pk]), data
    )

    assert response.status_code == 200
    activity_a.refresh_from_db()
    assert activity_a.title == "东岳观村流动宣讲"
    assert activity_a.ends_at == at(5, 11)
