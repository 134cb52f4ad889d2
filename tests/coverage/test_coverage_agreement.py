"""The coverage API, the campaign page and the gap export agree on the hand-built village
(tests/coverage/conftest.py): who is not reached in the export is exactly total − reached."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from sanwei.accounts.tokens import create_token

from ..people.conftest import ApiClient


def export_rows(client, campaign, which: str) -> list[list]:
    path = reverse("coverage:gap_export", args=[campaign.pk])
    response = client.get(path, {"format": "xlsx", "list": which})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(r) for r in book.active.iter_rows(values_only=True)][1:]


def test_the_api_the_campaign_page_and_the_gap_export_agree(client, town_admin, village):
    api = ApiClient(client, create_token(town_admin, "t"))
    body = api.get("/api/v1/coverage", {"campaign": village.campaign.pk}).json()
    client.force_login(town_admin)
    page = client.get(f"/activities/campaigns/{village.campaign.pk}/").content.decode()
    persons = export_rows(client, village.campaign, "persons")
    households = export_rows(client, village.campaign, "households")

    on_page = dict(
        (key, (int(r), int(t)))
        for key, r, t in re.findall(
            r'data-figure="(\w+)" data-reached="(\d+)" data-total="(\d+)"', page
        )
    )
    assert (body["persons"]["reached"], body["persons"]["total"]) == on_page["persons"] == (3, 9)
    assert (
        (body["households"]["reached"], body["households"]["total"])
        == (on_page["households"])
        == (3, 5)
    )
    # not reached: 李四, 王五, 周八, 吴九, 郑十, 钱一; households H2 and H5
    assert len(persons) == 9 - 3
    assert sorted(r[0] for r in persons) == sorted(["李四", "王五", "周八", "吴九", "郑十", "钱一"])
    assert len(households) == 5 - 3
    assert sorted(r[1] for r in households) == ["王五", "钱一"]
