"""The resident's public page `/n/<code>`: state and history without personal data (no
name, phone, ID number, address, volunteer or notes), the rating form only while the need
is resolved and unrated, and the refusals."""

from __future__ import annotations

from sanwei.needs.models import Need
from sanwei.people.models import Person

from ..factories import HouseholdFactory, PersonFactory, need_in_state, squad_volunteer


def test_the_public_page_shows_state_and_history_without_personal_data(client, tree):
    household = HouseholdFactory(region=tree["village_a"], address="东岳观村三组18号")
    resident = PersonFactory(region=tree["village_a"], household=household, name="张秀英",
                             phone="13912345678", id_number="430821195001010027")  # fmt: skip
    volunteer = squad_volunteer(tree["village_a"], name="王志愿")
    need = need_in_state("in_progress", region=tree["village_a"], volunteer=volunteer)
    Need.unscoped.filter(pk=need.pk).update(person=resident, household=household)
    response = client.get(f"/n/{need.code}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "办理中" in page and "已登记" in page and "已受理" in page and "已派单" in page
    for private in ("张秀英", "13912345678", "430821195001010027", "5678", "三组18号",
                    "王志愿", "水管漏水"):  # fmt: skip
        assert private not in page, private
    assert 'id="rating-form"' not in page
    assert Person.unscoped.get(pk=resident.pk).phone == "13912345678"


def test_rating_through_the_link_once(client, tree):
    need = need_in_state("resolved", region=tree["village_a"])
    page = client.get(f"/n/{need.code}").content.decode()
    assert 'id="rating-form"' in page
    bad = client.post(f"/n/{need.code}", {"rating": "9"})
    assert bad.status_code == 400
    assert "请选择1到5星的评价" in bad.content.decode()
    assert Need.unscoped.get(pk=need.pk).state == "resolved"
    done = client.post(f"/n/{need.code}", {"rating": "4", "comment": "<b>好</b>"})
    assert (done.status_code, done["Location"]) == (302, f"/n/{need.code}")
    need.refresh_from_db()
    assert (need.state, need.rating, need.rating_comment) == ("rated", 4, "<b>好</b>")
    page = client.get(f"/n/{need.code}").content.decode()
    assert 'id="rating-form"' not in page and "4 星" in page
    again = client.post(f"/n/{need.code}", {"rating": "5"})
    assert again.status_code == 400
    assert "该需求已经评价过，不能重复评价" in again.content.decode()
    assert Need.unscoped.get(pk=need.pk).rating == 4


def test_a_wrong_code_is_404(client, db):
    assert client.get("/n/nosuchcode12").status_code == 404
    assert client.post("/n/nosuchcode12", {"rating": "5"}).status_code == 404
