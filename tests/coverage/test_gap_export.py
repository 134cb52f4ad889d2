"""The gap list's xlsx exports (未覆盖群众, 未覆盖户), read back: gap order, masked by
default, unmasked only when asked by a user who may, recorded; and they agree with the
coverage engine's figures."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sanwei.coverage.engine import coverage
from sanwei.exports.models import ExportRecord

TODAY = dt.date(2022, 12, 31)


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


def rows(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def export(client, village, method="get", **params):
    path = reverse("coverage:gap_export", args=[village.campaign.pk])
    return getattr(client, method)(path, {"format": "xlsx", **params})


def test_persons_export_in_gap_order_with_reasons_and_masked_phones(
    login, town_admin, flagged, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)

    sheet = rows(export(login(town_admin), flagged, list="persons"))

    assert sheet[0] == [
        "姓名", "性别", "出生日期", "联系电话", "村(社区)", "组", "户号", "户主姓名",
        "与户主关系", "政治面貌", "优先级", "未覆盖重点情形",
    ]  # fmt: skip
    p, h = flagged.people, flagged.households
    assert [r[0] for r in sheet[1:]] == ["吴九", "王五", "钱一", "郑十", "李四", "周八"]
    assert sheet[1][2:4] + sheet[1][10:] == ["82岁", None, 9, "70岁以上、外出流动：广东深圳"]
    assert sheet[2] == [
        "王五", "男", "52岁", "138****1234", "东岳观村", "1组", h.h2.number, "王五", "户主",
        "群众", 4, "体弱多病",
    ]  # fmt: skip
    assert sheet[4][4:8] == ["东岳观村", None, None, None]  # 郑十: at the village, no household
    assert p.wang5.phone not in str(sheet)
    record = ExportRecord.unscoped.get()
    assert (record.exporter, record.row_count, record.unmasked) == ("gap_persons", 6, False)
    assert record.params == {"campaign": flagged.campaign.pk}


def test_households_export(login, town_admin, flagged):
    sheet = rows(export(login(town_admin), flagged, list="households"))

    h = flagged.households
    assert sheet[0] == [
        "户号", "户主姓名", "联系电话", "村(社区)", "组", "现住址", "家庭人数", "家庭成员",
        "优先级", "未覆盖重点情形",
    ]  # fmt: skip
    assert sheet[1] == [
        h.h2.number, "王五", "138****1234", "东岳观村", "1组", h.h2.address, 1, "王五", 4,
        "体弱多病",
    ]  # fmt: skip
    assert sheet[2][:2] == [h.h5.number, "钱一"]
    assert len(sheet) == 3


def test_region_narrows_the_export(login, town_admin, flagged):
    sheet = rows(export(login(town_admin), flagged, list="persons", region=flagged.g2.code))

    assert [r[0] for r in sheet[1:]] == ["吴九", "周八"]
    assert ExportRecord.unscoped.get().params == {
        "campaign": flagged.campaign.pk,
        "region": flagged.g2.code,
    }


def test_unmasked_only_when_asked_by_a_user_who_may(login, town_admin, flagged):
    client = login(town_admin)

    asked = rows(export(client, flagged, method="post", list="persons", unmask="1"))
    assert asked[2][3] == "13800001234"
    assert asked[2][2] == dt.datetime(1970, 1, 1)  # the birth date instead of the age
    assert ExportRecord.unscoped.latest("pk").unmasked is True
    in_a_get = rows(export(client, flagged, list="persons", unmask="1"))
    assert in_a_get[2][3] == "138****1234"


def test_county_viewer_may_not_unmask(login, county_viewer, flagged):
    response = export(login(county_viewer), flagged, method="post", list="persons", unmask="1")

    assert response.status_code == 403
    assert not ExportRecord.unscoped.exists()


def test_another_villages_secretary_exports_only_their_own(login, secretary_b, flagged):
    sheet = rows(export(login(secretary_b), flagged, list="persons"))

    assert [r[0] for r in sheet[1:]] == ["钱一"]


def test_the_gap_exporters_are_not_offered_without_a_campaign(login, town_admin, flagged):
    html = login(town_admin).get(reverse("exports:index")).content.decode()

    assert "未覆盖群众" not in html and "gap_persons" not in html


def test_the_export_agrees_with_the_engine(login, town_admin, flagged):
    town = coverage(flagged.campaign, flagged.town)
    client = login(town_admin)

    persons = rows(export(client, flagged, list="persons"))[1:]
    households = rows(export(client, flagged, list="households"))[1:]

    assert (len(persons), len(households)) == (town.persons.missing, town.households.missing)
    assert (len(persons), len(households)) == (6, 2)
