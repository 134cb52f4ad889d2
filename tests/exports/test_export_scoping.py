"""Another village's data never appears in an export."""

import pytest

from sanwei.exports.models import ExportRecord

from .conftest import xlsx_rows

FOREIGN = {"赵六", "孙七", "双岗村", "通津铺村", "B001", "双岗村志愿小队", "通津铺村志愿小队"}


@pytest.mark.parametrize("identifier", ["persons", "households", "party_members", "volunteers"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_village_secretary_exports_only_their_village(
    secretary_a, roster, export, identifier, method
):
    rows = xlsx_rows(export(secretary_a, identifier, method=method, unmask="on"))
    cells = {str(v) for row in rows[1:] for v in row if v is not None}
    assert not (cells & FOREIGN)
    assert len(rows) > 1


def test_a_region_outside_the_scope_is_refused(secretary_a, roster, export, tree):
    response = export(secretary_a, "persons", region=tree["village_b"].pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "选择一个有效的选项" in response.content.decode()
    assert not ExportRecord.unscoped.exists()


def test_another_villages_activity_answers_404(secretary_b, roster, login):
    client = login(secretary_b)
    url = f"/exports/activity/{roster['activity'].pk}/attendance/"
    assert client.get(url).status_code == 404
    assert client.get(url, {"format": "xlsx"}).status_code == 404
    assert client.post(url, {"format": "xlsx", "unmask": "on"}).status_code == 404


def test_export_records_of_other_villages_are_not_listed(secretary_a, secretary_b, roster, login):
    login(secretary_b).get("/exports/run/", {"identifier": "persons", "format": "xlsx"})
    assert ExportRecord.unscoped.count() == 1
    page = login(secretary_a).get("/exports/")
    assert list(page.context["records"]) == []
