"""Deleting a team: refused while activities or subteams depend on it."""

from sanwei.teams.models import Membership, Team

from ..factories import ActivityFactory, CampaignFactory, MembershipFactory


def test_an_unused_team_is_deleted_with_its_memberships(
    login, secretary_a, lecture_team, resident_a
):
    MembershipFactory(team=lecture_team, person=resident_a)
    response = login(secretary_a).post(f"/teams/{lecture_team.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/teams/"
    assert not Team.unscoped.filter(pk=lecture_team.pk).exists()
    assert not Membership.unscoped.exists()


def test_a_team_that_organised_activities_is_not_deleted(login, secretary_a, tree, lecture_team):
    campaign = CampaignFactory(region=tree["town"])
    ActivityFactory(region=tree["village_a"], campaign=campaign, organising_team=lecture_team)
    response = login(secretary_a).post(f"/teams/{lecture_team.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/teams/{lecture_team.pk}/"
    text = response.content.decode()
    assert "不能删除" in text and "活动" in text
    assert Team.unscoped.filter(pk=lecture_team.pk).exists()


def test_a_team_with_subteams_is_not_deleted(login, town_admin, squadron, squad_a):
    response = login(town_admin).post(f"/teams/{squadron.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "下级队伍" in response.content.decode()
    assert Team.unscoped.filter(pk=squadron.pk).exists()


def test_get_asks_for_confirmation_and_deletes_nothing(login, secretary_a, lecture_team):
    response = login(secretary_a).get(f"/teams/{lecture_team.pk}/delete/")
    assert response.status_code == 200
    assert f"确定删除“{lecture_team.name}”（东岳观村）吗？" in response.content.decode()
    assert Team.unscoped.filter(pk=lecture_team.pk).exists()


def test_delete_needs_the_change_right(login, volunteer_a, county_viewer, lecture_team):
    assert login(volunteer_a).get(f"/teams/{lecture_team.pk}/delete/").status_code == 403
    assert login(volunteer_a).post(f"/teams/{lecture_team.pk}/delete/").status_code == 403
    assert login(county_viewer).post(f"/teams/{lecture_team.pk}/delete/").status_code == 403
    assert Team.unscoped.filter(pk=lecture_team.pk).exists()
