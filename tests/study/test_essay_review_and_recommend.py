"""Staff review an essay (score, comment, excellent) and record its recommendations upward;
the counts of collected, excellent and recommended essays per region."""

from __future__ import annotations

import datetime as dt

import pytest

from sanwei.study.figures import essay_figures
from sanwei.study.models import Essay, Recommendation

from ..factories import CampaignFactory, EssayFactory, RecommendationFactory


@pytest.fixture
def essay(tree, campaign):
    return EssayFactory(region=tree["village_a"], campaign=campaign, title="把党的声音传到屋场")


def test_a_town_admin_scores_comments_and_marks_excellent(login, town_admin, essay):
    response = login(town_admin).post(
        f"/study/essays/{essay.pk}/review/",
        {"score": "92", "comment": "结合实际，语言朴实。", "excellent": "on"},
    )

    assert response.status_code == 302
    essay.refresh_from_db()
    assert (essay.score, essay.review_comment, essay.is_excellent) == (
        92,
        "结合实际，语言朴实。",
        True,
    )
    assert essay.reviewed_by == town_admin and essay.reviewed_at is not None


def test_a_score_over_100_is_a_form_error(login, town_admin, essay):
    response = login(town_admin).post(f"/study/essays/{essay.pk}/review/", {"score": "101"})

    assert response.status_code == 200
    assert "确保该值小于或等于100" in response.content.decode()
    essay.refresh_from_db()
    assert essay.score is None and essay.reviewed_at is None


def test_a_village_secretary_submits_but_does_not_review(login, secretary_a, essay):
    client = login(secretary_a)

    page = client.get(f"/study/essays/{essay.pk}/")
    response = client.post(f"/study/essays/{essay.pk}/review/", {"score": "90", "excellent": "on"})

    assert page.status_code == 200 and "保存评阅" not in page.content.decode()
    assert response.status_code == 403
    essay.refresh_from_db()
    assert essay.score is None and not essay.is_excellent


def test_an_excellent_essay_is_recommended_to_several_departments(login, town_admin, essay):
    Essay.unscoped.filter(pk=essay.pk).update(is_excellent=True)
    client = login(town_admin)

    first = client.post(
        f"/study/essays/{essay.pk}/recommend/",
        {"department": "县委宣传部", "recommended_on": "2023-03-01"},
    )
    second = client.post(
        f"/study/essays/{essay.pk}/recommend/",
        {"department": "市委组织部", "recommended_on": "2023-03-15", "note": "青年干部专栏"},
    )

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(
        Recommendation.unscoped.filter(essay=essay).values_list(
            "department", "recommended_on", "note"
        )
    ) == [
        ("县委宣传部", dt.date(2023, 3, 1), ""),
        ("市委组织部", dt.date(2023, 3, 15), "青年干部专栏"),
    ]
    page = client.get(f"/study/essays/{essay.pk}/").content.decode()
    assert "2023-03-01 推荐至县委宣传部" in page


def test_an_essay_not_marked_excellent_is_not_recommended(login, town_admin, essay):
    response = login(town_admin).post(
        f"/study/essays/{essay.pk}/recommend/", {"department": "县委宣传部"}
    )

    assert response.status_code == 200
    assert "只有评为优秀的心得才能推荐上报" in response.content.decode()
    assert Recommendation.unscoped.count() == 0


def test_a_recommended_essay_stays_excellent(login, town_admin, essay):
    Essay.unscoped.filter(pk=essay.pk).update(is_excellent=True)
    RecommendationFactory(essay=essay)

    response = login(town_admin).post(f"/study/essays/{essay.pk}/review/", {"score": "80"})

    assert "该心得已推荐上报，不能取消优秀" in response.content.decode()
    essay.refresh_from_db()
    assert essay.is_excellent and essay.score is None


@pytest.fixture
def collected(tree, campaign):
    """Village A: 3 essays, 2 excellent, 1 recommended (twice). Village B: 2, 1, 1.
    The town itself: 1 essay. Another campaign: 1 excellent essay in village A."""
    a, b = tree["village_a"], tree["village_b"]
    a1 = EssayFactory(region=a, campaign=campaign, is_excellent=True)
    EssayFactory(region=a, campaign=campaign, is_excellent=True)
    EssayFactory(region=a, campaign=campaign)
    RecommendationFactory(essay=a1, department="县委宣传部")
    RecommendationFactory(essay=a1, department="市委组织部")
    b1 = EssayFactory(region=b, campaign=campaign, is_excellent=True)
    EssayFactory(region=b, campaign=campaign)
    RecommendationFactory(essay=b1)
    EssayFactory(region=tree["town"], campaign=campaign)
    EssayFactory(region=a, campaign=CampaignFactory(region=tree["town"]), is_excellent=True)


def test_counts_per_region_with_children(tree, campaign, collected):
    figures = essay_figures(tree["town"], campaign=campaign)

    assert (figures.total.collected, figures.total.excellent, figures.total.recommended) == (
        6,
        3,
        2,
    )
    rows = {c.region.name: (c.collected, c.excellent, c.recommended) for c in figures.children}
    assert rows[tree["village_a"].name] == (3, 2, 1)
    assert rows[tree["village_b"].name] == (2, 1, 1)
    assert all(
        v == (0, 0, 0)
        for k, v in rows.items()
        if k not in {tree["village_a"].name, tree["village_b"].name}
    )

    every_campaign = essay_figures(tree["town"])
    assert (every_campaign.total.collected, every_campaign.total.excellent) == (7, 4)


def test_the_figures_page_and_api_show_the_same_counts(
    login, api_as, town_admin, tree, campaign, collected
):
    page = login(town_admin).get(f"/study/essays/figures/?campaign={campaign.pk}")
    api = api_as(town_admin).get("/api/v1/study/essays/counts", {"campaign": campaign.pk})

    assert page.status_code == 200
    assert (
        '<td data-label="征集">3</td><td data-label="优秀">2</td><td data-label="推荐上报">1</td>'
        in page.content.decode()
    )
    assert api.status_code == 200
    body = api.json()
    assert (
        body["total"]["region"],
        body["total"]["collected"],
        body["total"]["excellent"],
        body["total"]["recommended"],
    ) == (tree["town"].code, 6, 3, 2)
    village_a = next(c for c in body["children"] if c["region"] == tree["village_a"].code)
    assert (village_a["collected"], village_a["excellent"], village_a["recommended"]) == (3, 2, 1)


def test_a_village_secretarys_counts_are_their_village(
    api_as, secretary_b, tree, campaign, collected
):
    body = api_as(secretary_b).get("/api/v1/study/essays/counts").json()

    assert body["total"]["region"] == tree["village_b"].code
    assert (
        body["total"]["collected"],
        body["total"]["excellent"],
        body["total"]["recommended"],
    ) == (2, 1, 1)
