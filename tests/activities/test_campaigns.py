"""Campaigns: list, detail figures, create/edit by town admins, delete refused in use."""

from django.urls import reverse

from sanwei.activities.models import Campaign

from ..factories import ActivityFactory, AttendanceFactory, CampaignFactory, PersonFactory


def _campaign_data(tree, **overrides):
    data = {
        "name": "乡村振兴政策宣讲",
        "theme": "送政策进万家",
        "region": tree["town"].pk,
        "starts_on": "2024-04-01",
        "ends_on": "2024-06-30",
        "target_person_coverage": 90,
        "target_household_coverage": 100,
        "description": "",
    }
    data.update(overrides)
    return data


def test_town_admin_creates_a_campaign(tree, login, town_admin):
    client = login(town_admin)
    assert client.get(reverse("activities:campaign_create")).status_code == 200

    response = client.post(reverse("activities:campaign_create"), _campaign_data(tree))

    assert response.status_code == 302
    campaign = Campaign.unscoped.get(name="乡村振兴政策宣讲")
    assert campaign.region == tree["town"]
    assert campaign.target_person_coverage == 90
    assert response["Location"] == reverse("activities:campaign_detail", args=[campaign.pk])


def test_campaign_dates_and_targets_are_checked(tree, login, town_admin):
    response = login(town_admin).post(
        reverse("activities:campaign_create"),
        _campaign_data(tree, ends_on="2024-03-01", target_person_coverage=120),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["结束日期不能早于开始日期"]
    assert "小于或等于100" in errors["target_person_coverage"][0]
    assert not Campaign.unscoped.filter(name="乡村振兴政策宣讲").exists()


def test_secretary_may_not_create_a_campaign(tree, login, secretary_a):
    response = login(secretary_a).post(
        reverse("activities:campaign_create"), _campaign_data(tree, region=tree["village_a"].pk)
    )

    assert response.status_code == 403
    assert not Campaign.unscoped.exists()


def test_secretary_sees_the_town_campaign_but_may_not_edit_it(login, secretary_a, campaign):
    client = login(secretary_a)
    listing = client.get(reverse("activities:campaign_list"))
    edit = client.get(reverse("activities:campaign_edit", args=[campaign.pk]))

    assert listing.status_code == 200
    assert campaign in list(listing.context["page_obj"])
    assert edit.status_code == 403


def test_another_villages_campaign_is_404(tree, login, secretary_a):
    other = CampaignFactory(region=tree["village_b"], name="双岗村专题")

    response = login(secretary_a).get(reverse("activities:campaign_detail", args=[other.pk]))

    assert response.status_code == 404


def test_campaign_detail_counts_activities_and_attendance(
    tree, login, town_admin, campaign, courtyard_type, activity_a, activity_b
):
    ActivityFactory(
        campaign=campaign,
        activity_type=courtyard_type,
        region=tree["village_a"],
        audience_headcount=30,
    )
    for _ in range(3):
        AttendanceFactory(activity=activity_a, person=PersonFactory(region=tree["village_a"]))
    AttendanceFactory(
        activity=activity_b, person=PersonFactory(region=tree["village_b"]), role="lecturer"
    )

    response = login(town_admin).get(reverse("activities:campaign_detail", args=[campaign.pk]))

    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.activity_count == 3
    assert {v: n for v, _label, n in summary.by_pillar} == {
        "classroom": 2,
        "seminar": 1,
        "service": 0,
    }
    assert {row["activity_type__name"]: row["n"] for row in summary.by_type} == {
        "流动宣讲": 2,
        "屋场会": 1,
    }
    assert summary.attendance_count == 4
    assert summary.audience_person_times == 33
    assert summary.person_times == 34
    assert 'id="campaign-person-times">34<' in response.content.decode()


def test_campaign_with_activities_is_not_deleted(login, town_admin, campaign, activity_a):
    client = login(town_admin)
    response = client.post(reverse("activities:campaign_delete", args=[campaign.pk]))

    assert response.status_code == 302
    assert Campaign.unscoped.filter(pk=campaign.pk).exists()
    assert "已有1场活动，不能删除" in client.get(response["Location"]).content.decode()


def test_empty_campaign_is_deleted(login, town_admin, campaign):
    response = login(town_admin).post(reverse("activities:campaign_delete", args=[campaign.pk]))

    assert response.status_code == 302
    assert not Campaign.unscoped.exists()
