"""Corrections on the opinion's page: the box of `seminar/_topic_corrections.html` and the
two form endpoints it posts to."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from sanwei.seminar.models import Opinion, TopicGroup

from .topics_helpers import raise_opinion


@pytest.fixture
def pair(tree, town_admin):
    first = raise_opinion(town_admin, tree["village_a"], "村口路灯坏了", days_ago=1)
    second = raise_opinion(town_admin, tree["village_a"], "村口的路灯晚上不亮")
    return first, second


def fresh(opinion):
    return Opinion.unscoped.select_related("category", "topic").get(pk=opinion.pk)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_opinion_page_shows_category_group_and_the_correction_forms(login, pair, town_admin):
    _, second = pair
    response = login(town_admin).get(f"/seminar/opinions/{second.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="opinion-category">道路交通 <span class="muted">（系统建议）</span></dd>' in html
    assert "村口路灯坏了" in html  # the other opinion of its group
    assert f'action="/seminar/opinions/{second.pk}/category/"' in html
    assert f'action="/seminar/opinions/{second.pk}/topic/"' in html


def test_the_county_viewer_sees_the_box_without_forms(login, pair, county_viewer):
    _, second = pair
    html = login(county_viewer).get(f"/seminar/opinions/{second.pk}/").content.decode()
    assert 'id="opinion-category"' in html
    assert "/category/" not in html


def test_staff_change_the_category_on_the_page(login, pair, town_admin):
    first, _ = pair
    response = login(town_admin).post(
        f"/seminar/opinions/{first.pk}/category/", {"category": "gov"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/seminar/opinions/{first.pk}/#topic"
    assert texts(response) == ["已将类别改为“村务治理”"]
    opinion = fresh(first)
    assert (opinion.category.code, opinion.category_corrected_by) == ("gov", town_admin)
    page = login(town_admin).get(f"/seminar/opinions/{first.pk}/").content.decode()
    assert '<dd id="opinion-category">村务治理 <span class="muted">（人工调整）</span></dd>' in page


def test_an_unknown_category_is_an_error_message_and_nothing_changes(login, pair, town_admin):
    first, _ = pair
    response = login(town_admin).post(
        f"/seminar/opinions/{first.pk}/category/", {"category": "nope"}
    )
    assert response.status_code == 302
    assert texts(response) == ["请选择一个启用的类别"]
    assert (fresh(first).category.code, fresh(first).category_corrected_by) == ("roads", None)


def test_staff_move_an_opinion_out_into_a_new_group_and_back(login, pair, town_admin):
    first, second = pair
    group = fresh(first).topic
    client = login(town_admin)
    response = client.post(f"/seminar/opinions/{second.pk}/topic/", {"target": "none"})
    assert texts(response) == ["已调整相似意见分组"]
    assert (fresh(second).topic, fresh(second).topic_corrected_by) == (None, town_admin)
    client.post(f"/seminar/opinions/{first.pk}/topic/", {"target": "new", "label": "村口照明"})
    new = TopicGroup.unscoped.get(label="村口照明")
    response = client.post(
        f"/seminar/opinions/{second.pk}/topic/", {"target": "move", "topic": new.pk}
    )
    assert response["Location"] == f"/seminar/opinions/{second.pk}/#topic"
    assert (fresh(first).topic, fresh(second).topic) == (new, new)
    assert not TopicGroup.unscoped.filter(pk=group.pk).exists()


def test_moving_without_naming_the_group_is_an_error_message(login, pair, town_admin):
    first, _ = pair
    group = fresh(first).topic
    response = login(town_admin).post(f"/seminar/opinions/{first.pk}/topic/", {"target": "move"})
    assert texts(response) == ["请选择要并入的相似意见组"]
    assert (fresh(first).topic, fresh(first).topic_corrected_by) == (group, None)


def test_html_in_a_new_group_label_is_shown_as_text(login, pair, town_admin):
    first, _ = pair
    client = login(town_admin)
    client.post(f"/seminar/opinions/{first.pk}/topic/", {"target": "new", "label": "<b>路灯</b>"})
    html = client.get(f"/seminar/opinions/{first.pk}/").content.decode()
    assert "&lt;b&gt;路灯&lt;/b&gt;" in html
    assert "<b>路灯</b>" not in html


def test_the_volunteer_may_not_post_corrections(login, pair, volunteer_a):
    first, _ = pair
    client = login(volunteer_a)
    assert (
        client.post(f"/seminar/opinions/{first.pk}/category/", {"category": "gov"}).status_code
        == 403
    )
    assert (
        client.post(f"/seminar/opinions/{first.pk}/topic/", {"target": "none"}).status_code == 403
    )
