"""The activity list: scope, filters and pagination."""

from django.urls import reverse

from ..factories import ActivityFactory
from .conftest import at


def test_list_shows_only_the_secretarys_village(login, secretary_a, activity_a, activity_b):
    response = login(secretary_a).get(reverse("activities:activity_list"))

    assert response.status_code == 200
    titles = [a.title for a in response.context["page_obj"]]
    assert titles == ["东岳观村流动宣讲"]


def test_list_filters_by_pillar_type_village_date_and_text(
    tree, town_admin, login, campaign, courtyard_type, activity_a, activity_b
):
    meeting = ActivityFactory(
        campaign=campaign,
        activity_type=courtyard_type,
        region=tree["village_b"],
        title="屋场会：修路",
        place="李家院子",
        starts_at=at(20, 19),
        ends_at=at(20, 21),
    )
    client = login(town_admin)
    url = reverse("activities:activity_list")

    def titles(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {a.title for a in response.context["page_obj"]}

    assert titles(pillar="seminar") == {meeting.title}
    assert titles(pillar="classroom") == {activity_a.title, activity_b.title}
    assert titles(activity_type=courtyard_type.pk) == {meeting.title}
    assert titles(region=tree["village_b"].code) == {activity_b.title, meeting.title}
    assert titles(date_from="2024-03-06", date_to="2024-03-06") == {activity_b.title}
    assert titles(q="李家") == {meeting.title}
    assert titles(campaign=campaign.pk) == {activity_a.title, activity_b.title, meeting.title}
    assert titles() == {activity_a.title, activity_b.title, meeting.title}


def test_list_is_paginated_by_fifty(tree, town_admin, login, campaign, lecture_type):
    ActivityFactory.create_batch(
        51, campaign=campaign, activity_type=lecture_type, region=tree["village_a"]
    )
    client = login(town_admin)

    first = client.get(reverse("activities:activity_list"))
    second = client.get(reverse("activities:activity_list"), {"page": 2})

    assert first.status_code == 200
    assert len(first.context["page_obj"]) == 50
    assert "下一页" in first.content.decode()
    assert len(second.context["page_obj"]) == 1
