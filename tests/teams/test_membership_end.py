"""Ending and removing a membership."""

import datetime as dt

from sanwei.core.models import ActionLog
from sanwei.teams.models import Membership

from ..factories import MembershipFactory


def test_ending_a_membership_sets_the_end_date(login, secretary_a, lecture_team, resident_a):
    membership = MembershipFactory(team=lecture_team, person=resident_a)
    response = login(secretary_a).post(
        f"/teams/members/{membership.pk}/end/", {"ended_on": "2023-02-28"}, follow=True
    )
    assert response.status_code == 200
    assert "已退出本队" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on == dt.date(2023, 2, 28)
    assert ActionLog.objects.filter(action_type="sanwei.membership.ended").count() == 1


def test_a_membership_cannot_end_before_it_started(login, secretary_a, lecture_team, resident_a):
    membership = MembershipFactory(team=lecture_team, person=resident_a)  # started 2022-11-01
    response = login(secretary_a).post(
        f"/teams/members/{membership.pk}/end/", {"ended_on": "2022-10-31"}, follow=True
    )
    assert response.status_code == 200
    assert "退出日期不能早于加入日期" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_an_ended_membership_cannot_end_again(login, secretary_a, lecture_team, resident_a):
    membership = MembershipFactory(
        team=lecture_team, person=resident_a, ended_on=dt.date(2023, 1, 1)
    )
    response = login(secretary_a).post(
        f"/teams/members/{membership.pk}/end/", {"ended_on": "2023-05-01"}, follow=True
    )
    assert "已于2023-01-01退出" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on == dt.date(2023, 1, 1)


def test_removing_a_membership_deletes_it(login, secretary_a, lecture_team, resident_a):
    membership = MembershipFactory(team=lecture_team, person=resident_a)
    response = login(secretary_a).post(f"/teams/members/{membership.pk}/delete/")
    assert response.status_code == 302
    assert not Membership.unscoped.exists()
    assert ActionLog.objects.filter(
        action_type="sanwei.membership.deleted", object_id=membership.pk
    ).exists()


def test_another_villages_membership_answers_404(login, secretary_b, lecture_team, resident_a):
    membership = MembershipFactory(team=lecture_team, person=resident_a)
    client = login(secretary_b)
    assert (
        client.post(f"/teams/members/{membership.pk}/end/", {"ended_on": "2023-01-01"}).status_code
        == 404
    )
    assert client.post(f"/teams/members/{membership.pk}/delete/").status_code == 404
    assert Membership.unscoped.get().ended_on is None
