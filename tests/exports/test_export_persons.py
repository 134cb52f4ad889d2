"""The persons roster: the importer's headers, one row per person, masked by default."""

import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from sanwei.imports.readers import HEADER_ALIASES, match_header, open_table
from sanwei.people.models import Person

from .conftest import ID_WANG, ID_ZHANG, by_name, content_of, csv_rows, xlsx_rows

HEADERS = [
    "姓名",
    "性别",
    "公民身份号码",
    "联系电话",
    "固定电话",
    "出生日期",
    "民族",
    "户号",
    "户主姓名",
    "与户主关系",
    "村(社区)",
    "组",
    "现住址",
    "政治面貌",
    "入党时间",
    "所在党支部",
    "备注",
    "志愿者",
    "技能特长",
]


def test_headers_are_the_importers(secretary_a, roster, export):
    rows = xlsx_rows(export(secretary_a, "persons"))
    assert rows[0] == HEADERS
    assert all(match_header(h) in HEADER_ALIASES for h in rows[0])


def test_one_row_per_person_with_household_region_and_party_fields(secretary_a, roster, export):
    rows = xlsx_rows(export(secretary_a, "persons", method="post", unmask="on"))
    people = by_name(rows)
    assert list(people) == ["王五", "张三", "李四"]  # village level first, then group; head first
    zhang = people["张三"]
    assert zhang["性别"] == "男"
    assert zhang["出生日期"] == dt.datetime(1962, 3, 4)
    assert zhang["户号"] == "A001"
    assert zhang["户主姓名"] == "张三"
    assert zhang["与户主关系"] == "户主"
    assert (zhang["村(社区)"], zhang["组"]) == ("东岳观村", "一组")
    assert zhang["现住址"] == "东岳观村一组8号"
    assert zhang["政治面貌"] == "中共党员"
    assert zhang["入党时间"] == dt.datetime(1985, 7, 1)
    assert zhang["所在党支部"] == "东岳观村党支部"
    li = people["李四"]
    assert (li["户主姓名"], li["与户主关系"], li["民族"]) == ("张三", "配偶", "土家族")
    assert li["政治面貌"] == "群众"
    wang = people["王五"]
    assert (wang["村(社区)"], wang["组"], wang["户主姓名"]) == ("东岳观村", None, None)


def test_volunteers_and_skills_are_exported(secretary_a, roster, export):
    Person.unscoped.filter(pk=roster["wang"].pk).update(skills="电工 驾驶")
    people = by_name(xlsx_rows(export(secretary_a, "persons")))
    # 王五 leads the village squad; 李四 left it; 张三 is in a lecture team only.
    assert {name: row["志愿者"] for name, row in people.items()} == {
        "王五": "是",
        "李四": "否",
        "张三": "否",
    }
    assert people["王五"]["技能特长"] == "电工 驾驶"
    assert people["张三"]["技能特长"] is None


def test_personal_fields_are_masked_by_default(secretary_a, roster, export, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2024, 3, 1))
    zhang = by_name(xlsx_rows(export(secretary_a, "persons")))["张三"]
    assert zhang["公民身份号码"] == "430***************"
    assert zhang["联系电话"] == "138****1234"
    assert zhang["出生日期"] == "61岁"  # born 1962-03-04: the age, not the date


def test_text_that_looks_like_a_formula_stays_text(secretary_a, roster, export):
    response = export(secretary_a, "persons")
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    notes = [c for c in sheet["Q"] if c.value == "=SUM(A1:A9)"]
    assert notes and notes[0].data_type == "s"


def test_csv_has_a_bom_and_keeps_id_numbers_as_text(town_admin, roster, export):
    response = export(town_admin, "persons", fmt="csv", method="post", unmask="on")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    wang = by_name(rows)["王五"]
    assert wang["公民身份号码"] == f'="{ID_WANG}"'
    assert wang["出生日期"] == "1990-01-02"
    assert wang["备注"] == '="=SUM(A1:A9)"'


def test_exported_xlsx_is_read_back_by_the_importer_with_every_column_mapped(
    secretary_a, roster, export, tmp_path
):
    Person.unscoped.filter(pk=roster["wang"].pk).update(skills="电工")
    response = export(secretary_a, "persons")
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "export.xlsx"
    path.write_bytes(content_of(response))
    with open_table(path) as table:
        assert table.format == "xlsx"
        assert table.header_row_number == 1
        assert len(table.mapping) == len(HEADERS)
        assert [table.mapping[i] for i in range(len(HEADERS))] == [match_header(h) for h in HEADERS]
        rows = {r.values["name"]: r.values for r in table.rows()}
    assert set(rows) == {"张三", "李四", "王五"}
    assert rows["张三"]["household_head_name"] == "张三"
    assert rows["张三"]["village"] == "东岳观村"
    assert rows["张三"]["group"] == "一组"
    assert rows["李四"]["relation_to_head"] == "配偶"
    assert (rows["王五"]["volunteer"], rows["王五"]["skills"]) == ("是", "电工")
    assert rows["张三"]["volunteer"] == "否"


def test_exported_csv_is_read_back_by_the_importer(town_admin, roster, export, tmp_path):
    response = export(town_admin, "persons", fmt="csv", method="post", unmask="on")
    path = tmp_path / "export.csv"
    path.write_bytes(content_of(response))
    with open_table(path) as table:
        assert table.format == "csv"
        assert len(table.mapping) == len(HEADERS)
        rows = {r.values["name"]: r.values for r in table.rows()}
    assert rows["张三"]["id_number"] == ID_ZHANG
    assert rows["张三"]["phone"] == "13800001234"


def test_blank_cells_stay_blank_when_read_back(town_admin, roster, export, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(content_of(export(town_admin, "persons")))
    with open_table(path) as table:
        rows = {r.values["name"]: r.values for r in table.rows()}
    # 赵六 (双岗村, no group, no household) comes right after 李四 of 东岳观村一组.
    assert rows["赵六"].get("group") is None
    assert rows["赵六"].get("household_head_name") is None
