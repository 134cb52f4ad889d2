"""The region page shows the figures module's numbers for the region and each child region
(all campaigns, all time), to those who may see figures."""

from __future__ import annotations

import re

from django.urls import reverse

from sanwei.reports.figures import figures


def rows(html: str) -> list[list[str]]:
    table = html.split('id="region-figures"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_town_page_shows_each_village_and_the_total(client, login, town, town_admin):
    login(town_admin)
    response = client.get(reverse("regions:region_detail", args=[town["town"].pk]))
    assert response.status_code == 200
    # Sessions: A 1 training + 2 lectures + 1 delivery + 1 service; B 1 + 1 + 1 meeting;
    # the town itself the main session; the town 1 + 3 + 1 + 1 + 1 = 7.
    assert rows(response.content.decode()) == [
        ["东岳观村", "5", "36", "0", "2", "1", "2", "4", "2", "1"],
        ["双岗村", "3", "46", "1", "1", "1", "0", "2", "1", "1"],
        ["未分到下级区划", "1", "11", "0", "0", "0", "1", "0", "0", "0"],
        ["合计", "7", "93", "1", "3", "2", "3", "6", "3", "2"],
    ]
    total = figures(town["town"])
    assert (total.sessions, total.person_times) == (7, 93)


def test_volunteers_see_no_figures_on_the_region_page(client, login, town, volunteer_a):
    login(volunteer_a)
    response = client.get(reverse("regions:region_detail", args=[town["village_a"].pk]))
    assert response.status_code == 200
    assert 'id="region-figures"' not in response.content.decode()
