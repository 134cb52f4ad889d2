"""The gap list page /coverage/<campaign>/gaps/ (persons and households tabs) on the
hand-built village: order, reasons, masked phones, filters, pages and who may see what."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sanwei.accounts.models import Role

from ..factories import PersonFactory, user_with_role


@pytest.fixture
def flagged(village):
    p = village.people
    p.wu9.birth_date, p.wu9.is_migrant = dt.date(1940, 5, 1), True
    p.wu9.migrant_destination = "广东深圳"
    p.wang5.is_frail, p.wang5.phone = True, "13800001234"
    p.qian1.is_migrant = True
    for person in (p.wu9, p.wang5, p.qian1):
        person.save()
    return village


def names(response) -> list[str]:
    """The persons' names (linked cells) in page order."""
    html = response.content.decode()
    return re.findall(r'<td data-label="姓名"><a href="/people/\d+/">([^<]+)</a>', html)


def url(village, name="coverage:gaps", **query) -> str:
    path = reverse(name, args=[village.campaign.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_persons_tab_lists_the_unreached_hardest_first_with_reasons(login, town_admin, flagged):
    response = login(town_admin).get(url(flagged))

    assert response.status_code == 200
    assert names(response) == ["吴九", "王五", "钱一", "郑十", "李四", "周八"]
    html = response.content.decode()
    assert "70岁以上" in html and "外出流动：广东深圳" in html and "体弱多病" in html
    assert "共 6 人未覆盖" in html


def test_phones_are_masked(login, town_admin, flagged):
    html = login(town_admin).get(url(flagged)).content.decode()

    assert "138****1234" in html
    assert "13800001234" not in html


def test_households_tab_lists_the_households_with_no_member_reached(login, town_admin, flagged):
    response = login(town_admin).get(url(flagged, "coverage:gap_households"))

    assert response.status_code == 200
    html = response.content.decode()
    heads = re.findall(r'<td data-label="户主"><a href="/people/households/(\d+)/">', html)
    assert heads == [str(flagged.households.h2.pk), str(flagged.households.h5.pk)]
    assert "共 2 户未覆盖" in html


def test_filters_narrow_the_list(login, town_admin, flagged):
    client = login(town_admin)

    assert names(client.get(url(flagged, region=flagged.g1.code))) == ["王五", "李四"]
    assert names(client.get(url(flagged, flag="migrant"))) == ["吴九", "钱一"]
    assert names(client.get(url(flagged, party="1"))) == ["钱一"]


def test_the_list_is_paginated(login, town_admin, flagged):
    for i in range(50):
        PersonFactory(name=f"新{i:02d}", region=flagged.g2)
    client = login(town_admin)

    first, second = client.get(url(flagged)), client.get(url(flagged, page=2))

    assert len(names(first)) == 50
    assert names(second) == [f"新{i:02d}" for i in range(44, 50)]  # 56 in all


def test_a_village_secretary_sees_only_their_village(login, secretary_b, flagged):
    client = login(secretary_b)

    assert names(client.get(url(flagged))) == ["钱一"]
    # Another village's code is not theirs to ask for: ignored, still only their own.
    assert names(client.get(url(flagged, region=flagged.a.code))) == ["钱一"]
    households = client.get(url(flagged, "coverage:gap_households")).content.decode()
    assert str(flagged.households.h2.pk) not in re.findall(r"households/(\d+)/", households)


def test_another_towns_secretary_gets_404(login, tree, flagged):
    other = user_with_role(Role.VILLAGE_SECRETARY, tree["other_village"], username="other")

    assert login(other).get(url(flagged)).status_code == 404


def test_volunteers_may_not_see_the_list(login, volunteer_a, flagged):
    assert login(volunteer_a).get(url(flagged)).status_code == 403


def test_the_page_links_its_export(login, town_admin, flagged):
    html = login(town_admin).get(url(flagged, region=flagged.g1.code)).content.decode()

    assert f'action="{reverse("coverage:gap_export", args=[flagged.campaign.pk])}"' in html
    assert f'name="region" value="{flagged.g1.code}"' in html


@pytest.mark.parametrize("name", ["coverage:gaps", "coverage:gap_households"])
def test_the_lists_are_read_only(login, town_admin, flagged, name):
    assert login(town_admin).post(url(flagged, name)).status_code == 405


def test_ticked_rows_are_assigned_as_delivery_tasks(login, town_admin, flagged):
    """The page's 分配送学任务 form posts to outreach:assign; back to the list after."""
    from sanwei.outreach.models import DeliveryTask

    client = login(town_admin)
    page = client.get(url(flagged))
    html = page.content.decode()
    assign = reverse("outreach:assign")
    assert f'action="{assign}"' in html
    assert f'name="person" value="{flagged.people.wang5.pk}"' in html
    assert 'name="assignee"' in html and 'name="due_on"' in html

    response = client.post(
        assign,
        {
            "campaign": flagged.campaign.pk,
            "person": [flagged.people.wang5.pk],
            "household": [flagged.households.h5.pk],
            "assignee": town_admin.pk,
            "due_on": "2030-01-31",
            "next": url(flagged),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url(flagged)
    tasks = DeliveryTask.unscoped.order_by("person__name")
    assert sorted(t.person.name for t in tasks) == ["王五", "钱一"]
