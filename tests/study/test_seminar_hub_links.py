"""The 微研讨 hub links to the youth cadre study and the essays, for those who may read them."""

from __future__ import annotations


def test_the_hub_links_to_the_study_series_and_the_essays(login, town_admin):
    page = login(town_admin).get("/seminar/").content.decode()

    assert 'href="/study/series/"' in page and "青年干部学习" in page
    assert 'href="/study/essays/"' in page and "心得文章" in page


def test_a_volunteer_is_not_shown_links_that_would_refuse_them(login, volunteer_a):
    response = login(volunteer_a).get("/seminar/")

    assert response.status_code == 200
    assert "/study/" not in response.content.decode()
    assert login(volunteer_a).get("/study/series/").status_code == 403
