"""The essay list filters like the API; a team leader submits; the person picker finds
roster people for the series and essay forms."""

from __future__ import annotations

from sanwei.accounts.models import Role
from sanwei.study.models import Essay

from ..factories import EssayFactory, PersonFactory, RecommendationFactory, user_with_role


def test_the_list_filters_excellent_and_recommended_essays(login, town_admin, tree, campaign):
    EssayFactory(region=tree["village_a"], campaign=campaign, title="优秀未推荐", is_excellent=True)
    RecommendationFactory(
        essay=EssayFactory(
            region=tree["village_b"], campaign=campaign, title="优秀已推荐", is_excellent=True
        )
    )
    EssayFactory(region=tree["village_a"], campaign=campaign, title="普通心得")
    client = login(town_admin)

    excellent = client.get("/study/essays/?excellent=true").content.decode()
    recommended = client.get("/study/essays/?recommended=true").content.decode()
    village_a = client.get(f"/study/essays/?region={tree['village_a'].code}").content.decode()

    assert "优秀未推荐" in excellent and "优秀已推荐" in excellent and "普通心得" not in excellent
    assert "优秀已推荐" in recommended and "优秀未推荐" not in recommended
    assert "普通心得" in village_a and "优秀已推荐" not in village_a
    assert f"/study/essays/anthology.docx?region={tree['village_a'].code}" in village_a


def test_a_team_leader_submits_an_essay_for_their_village(login, tree, campaign):
    leader = user_with_role(Role.TEAM_LEADER, tree["village_a"], username="leader_a")

    response = login(leader).post(
        "/study/essays/new/",
        {"title": "宣讲队员的心里话", "campaign": campaign.pk, "region": tree["village_a"].pk,
         "author_name": "黄勇", "body": "走村入户讲政策。"},
    )  # fmt: skip

    assert response.status_code == 302
    assert Essay.unscoped.get().author_name == "黄勇"


def test_a_volunteer_sees_no_essays(login, volunteer_a, tree):
    EssayFactory(region=tree["village_a"])

    assert login(volunteer_a).get("/study/essays/").status_code == 403


def test_the_picker_finds_people_of_the_users_scope(login, secretary_a, tree):
    PersonFactory(region=tree["village_a"], name="刘洋")
    PersonFactory(region=tree["village_b"], name="刘海")

    response = login(secretary_a).get("/study/pick/persons/", {"q": "刘"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "刘洋" in page and "刘海" not in page


def test_an_essay_collected_by_mistake_is_deleted_unless_recommended(login, secretary_a, tree):
    mistake = EssayFactory(region=tree["village_a"], title="重复提交的心得")
    kept = EssayFactory(region=tree["village_a"], title="已推荐的心得", is_excellent=True)
    RecommendationFactory(essay=kept)
    client = login(secretary_a)

    deleted = client.post(f"/study/essays/{mistake.pk}/delete/")
    refused = client.post(f"/study/essays/{kept.pk}/delete/", follow=True)

    assert deleted.status_code == 302
    assert "心得“已推荐的心得”已推荐上报，不能删除" in refused.content.decode()
    assert list(Essay.unscoped.values_list("title", flat=True)) == ["已推荐的心得"]
