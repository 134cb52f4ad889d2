"""The activity form picks its main venue by searching titles, narrowed to its campaign."""

import re

from sanwei.activities.models import Activity

from ..factories import ActivityFactory, CampaignFactory
from .conftest import activity_post_data, at

URL = "/activities/pick/main-sessions/"


def _picked(response) -> list[str]:
    return re.findall(r'data-picker-value="(\d+)"', response.content.decode())


def test_the_picker_finds_main_venues_by_title_within_scope(
    login, secretary_a, activity_a, activity_b
):
    response = login(secretary_a).get(URL, {"q": "流动宣讲"})

    assert response.status_code == 200
    assert _picked(response) == [str(activity_a.pk)]  # 双岗村's is out of scope
    assert (
        "东岳观村流动宣讲（学习宣传贯彻党的二十大精神 · 2024-03-05）" in response.content.decode()
    )


def test_the_picker_offers_only_main_venues_of_the_chosen_campaign(
    login, town_admin, tree, activity_a, lecture_type
):
    other = CampaignFactory(region=tree["town"], name="乡村振兴")
    elsewhere = ActivityFactory(
        campaign=other, activity_type=lecture_type, region=tree["village_a"],
        title="乡村振兴宣讲", starts_at=at(7, 9), ends_at=at(7, 11),
    )  # fmt: skip
    client = login(town_admin)

    assert _picked(client.get(URL, {"q": "宣讲", "campaign": other.pk})) == [str(elsewhere.pk)]
    assert _picked(client.get(URL, {"q": "宣讲"})) == [str(elsewhere.pk), str(activity_a.pk)]


def test_the_picker_does_not_offer_sub_venues(login, town_admin, tree, activity_a, activity_b):
    activity_b.main_session = activity_a
    activity_b.save()

    assert _picked(login(town_admin).get(URL, {"q": "宣讲"})) == [str(activity_a.pk)]


def test_the_form_renders_a_picker_for_the_main_venue_not_a_select(login, town_admin, activity_a):
    response = login(town_admin).get("/activities/new/", {"main_session": activity_a.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<select name="main_session"' not in html
    assert f'name="main_session" value="{activity_a.pk}"' in html


def test_a_picked_main_venue_is_saved(login, secretary_a, tree, campaign, activity_a, lecture_type):
    data = activity_post_data(tree, campaign, lecture_type, main_session=activity_a.pk)

    response = login(secretary_a).post("/activities/new/", data)

    assert response.status_code == 302
    assert Activity.unscoped.get(title="屋场会：说说村里的路").main_session == activity_a


def test_a_main_venue_of_another_village_is_refused(
    login, secretary_a, tree, campaign, activity_b, lecture_type
):
    data = activity_post_data(tree, campaign, lecture_type, main_session=activity_b.pk)

    response = login(secretary_a).post("/activities/new/", data)

    assert response.status_code == 200
    assert "main_session" in response.context["form"].errors
    assert not Activity.unscoped.filter(title="屋场会：说说村里的路").exists()
