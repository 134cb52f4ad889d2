"""A team's page: members with roles and dates, subteams, parent, activities organised."""

import datetime as dt

from sanwei.teams.models import MemberRole

from ..factories import ActivityFactory, CampaignFactory, MembershipFactory, TeamFactory


def test_the_page_lists_members_subteams_and_activities(
    login, town_admin, tree, squadron, squad_a, resident_a
):
    MembershipFactory(team=squadron, person=resident_a, role=MemberRole.LEADER)
    campaign = CampaignFactory(region=tree["town"])
    ActivityFactory(
        title="森林防火宣传", region=tree["town"], campaign=campaign, organising_team=squadron
    )
    response = login(town_admin).get(f"/teams/{squadron.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "王秀英" in text and "队长" in text and "2022-11-01" in text
    assert squad_a.name in text
    assert "星火志愿服务队" in text  # the parent
    assert "森林防火宣传" in text
    assert response.context["activity_count"] == 1


def test_ended_members_are_listed_after_open_ones(
    login, secretary_a, lecture_team, resident_a, tree
):
    from ..factories import PersonFactory

    MembershipFactory(team=lecture_team, person=resident_a, ended_on=dt.date(2023, 1, 1))
    active = MembershipFactory(team=lecture_team, person=PersonFactory(region=tree["village_a"]))
    response = login(secretary_a).get(f"/teams/{lecture_team.pk}/")
    members = list(response.context["memberships"])
    assert members[0] == active
    assert "2023-01-01" in response.content.decode()


def test_activities_of_other_villages_are_not_shown(login, secretary_a, tree, squadron, squad_a):
    campaign = CampaignFactory(region=tree["town"])
    ActivityFactory(
        title="双岗村护校", region=tree["village_b"], campaign=campaign, organising_team=squad_a
    )
    ActivityFactory(
        title="东岳观村护校", region=tree["village_a"], campaign=campaign, organising_team=squad_a
    )
    response = login(secretary_a).get(f"/teams/{squad_a.pk}/")
    text = response.content.decode()
    assert "东岳观村护校" in text and "双岗村护校" not in text


def test_another_villages_team_answers_404(login, secretary_b, lecture_team):
    assert login(secretary_b).get(f"/teams/{lecture_team.pk}/").status_code == 404


def test_a_county_viewer_reads_but_sees_no_change_buttons(login, county_viewer, lecture_team):
    response = login(county_viewer).get(f"/teams/{lecture_team.pk}/")
    assert response.status_code == 200
    assert "删除队伍" not in response.content.decode()
    assert response.context["can_change"] is False


def test_another_towns_team_is_invisible_to_the_town_admin(login, town_admin, tree):
    other = TeamFactory(region=tree["other_village"])
    assert login(town_admin).get(f"/teams/{other.pk}/").status_code == 404
