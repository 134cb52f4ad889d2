"""The roster template to download: the headers the importer reads, one example row, and
importing the template untouched gives exactly that example person."""

import datetime as dt
from io import BytesIO

import openpyxl
from django.urls import reverse

from sanwei.imports.readers import HEADER_ALIASES
from sanwei.people.models import Household, Person

from .conftest import import_file

HEADERS = [
    "姓名", "性别", "公民身份号码", "联系电话", "固定电话", "出生日期", "民族", "户主姓名",
    "与户主关系", "村（社区）", "组", "现住址", "政治面貌", "入党时间", "所在党支部", "志愿者",
    "技能特长", "户号", "备注",
]  # fmt: skip


def download(client):
    response = client.get(reverse("imports:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_template_has_every_header_the_importer_reads_and_one_example_row(
    tree, groups, town_admin, login
):
    content = download(login(town_admin))

    wb = openpyxl.load_workbook(BytesIO(content))
    assert wb.sheetnames == ["花名册", "填写说明"]
    rows = list(wb["花名册"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert all(any(h in HEADER_ALIASES[key] for h in HEADERS) for key in HEADER_ALIASES)
    assert len(rows) == 2
    example = dict(zip(HEADERS, rows[1], strict=True))
    assert example["姓名"] == "张建国"
    assert example["公民身份号码"] == "43082119680308001X"
    assert example["出生日期"] == dt.datetime(1968, 3, 8)
    assert (example["村（社区）"], example["组"]) == ("东岳观村", "一组")
    assert (example["户主姓名"], example["与户主关系"]) == ("张建国", "户主")
    assert wb["花名册"]["C2"].number_format == "@"


def test_importing_the_template_itself_yields_exactly_the_example_person(
    tree, groups, town_admin, login, tmp_path
):
    path = tmp_path / "模板.xlsx"
    path.write_bytes(download(login(town_admin)))

    job = import_file(path, tree["town"])

    assert job.status == "committed", job.error_message
    assert (job.counts["rows"], job.counts["new"], job.counts["invalid"]) == (1, 1, 0)
    person = Person.unscoped.select_related("region", "household").get()
    assert (person.name, person.gender, person.birth_date) == ("张建国", "M", dt.date(1968, 3, 8))
    assert person.id_number == "43082119680308001X"
    assert (person.phone, person.landline) == ("13812345678", "0744-1234567")
    assert (person.region.name, person.relation_to_head) == ("一组", "head")
    assert person.household.head == person
    assert Household.unscoped.count() == 1


def test_a_village_secretary_gets_their_own_village_in_the_example(tree, secretary_b, login):
    wb = openpyxl.load_workbook(BytesIO(download(login(secretary_b))))
    example = list(wb["花名册"].iter_rows(values_only=True))[1]
    assert example[HEADERS.index("村（社区）")] == "双岗村"


def test_the_template_needs_the_right_to_import(tree, volunteer_a, login):
    response = login(volunteer_a).get(reverse("imports:import_template"))
    assert response.status_code == 403
