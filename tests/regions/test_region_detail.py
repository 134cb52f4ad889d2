"""One region's page: facts, children with counts, teams."""

from ..factories import PersonFactory, TeamFactory


def test_the_page_shows_children_counts_and_teams(login, town_admin, tree):
    PersonFactory(region=tree["village_a"])
    TeamFactory(name="星火志愿服务中队", kind="squadron", region=tree["town"])
    response = login(town_admin).get(f"/regions/{tree['town'].pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "430821104000" in text and "星火志愿服务中队" in text
    children = {r.name: r.person_count for r in response.context["children"]}
    assert children == {"东岳观村": 1, "双岗村": 0}
    assert response.context["can_delete"] is False  # their own town


def test_another_villages_region_answers_404(login, secretary_b, tree):
    assert login(secretary_b).get(f"/regions/{tree['village_a'].pk}/").status_code == 404


def test_a_county_viewer_reads_without_delete_button(login, county_viewer, tree):
    response = login(county_viewer).get(f"/regions/{tree['village_a'].pk}/")
    assert response.status_code == 200
    assert "删除区划" not in response.content.decode()
