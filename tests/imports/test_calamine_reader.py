"""xlsx and ods are read with python-calamine: a table that starts right of column A and
below line 1 keeps its line numbers and columns, merged ranges fill as before, and
OpenDocument spreadsheets open like xlsx."""

import zipfile
from datetime import date

import openpyxl
import pytest

from sanwei.imports.readers import ReadError, open_table


def test_a_table_away_from_a1_keeps_its_lines_and_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C2"] = "东岳观村花名册"
    ws.merge_cells("C2:F2")
    ws["C4"], ws["D4"], ws["E4"], ws["F4"] = "姓名", "联系电话", "组", "出生日期"
    ws["C5"], ws["D5"], ws["E5"], ws["F5"] = "张三", 13800138000, "一组", date(1960, 1, 2)
    ws["C6"], ws["D6"] = "李四", 13900139000
    ws.merge_cells("E5:E6")
    path = tmp_path / "roster.xlsx"
    wb.save(path)

    with open_table(path) as table:
        rows = [(r.line_number, r.values) for r in table.rows()]

    assert table.format == "xlsx"
    assert (table.header_row_number, table.mapping) == (
        4, {2: "name", 3: "phone", 4: "group", 5: "birth_date"},
    )  # fmt: skip
    assert rows == [
        (
            5,
            {"name": "张三", "phone": 13800138000, "group": "一组", "birth_date": date(1960, 1, 2)},
        ),
        (6, {"name": "李四", "phone": 13900139000, "group": "一组"}),
    ]


def write_ods(path, rows):
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
            "</table:table-cell>"
            if isinstance(v, int)
            else f'<table:table-cell office:value-type="string"><text:p>{v}</text:p>'
            "</table:table-cell>"
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="花名册">'
        f"{cells}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def test_an_ods_roster_opens(tmp_path):
    path = tmp_path / "花名册.ods"
    write_ods(path, [["姓名", "联系电话", "组"], ["王五", 13700137000, "二组"]])

    with open_table(path) as table:
        rows = [(r.line_number, r.values) for r in table.rows()]

    assert table.format == "ods"
    assert rows == [(2, {"name": "王五", "phone": 13700137000, "group": "二组"})]


def test_a_zip_that_is_no_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("content.xml", "<x/>")
        z.writestr("mimetype", "application/zip")

    with pytest.raises(ReadError) as info:
        open_table(path)

    assert info.value.code == "not_spreadsheet"


def test_a_row_of_another_village_is_not_filled_from_the_village_above(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "村（社区）", "组", "户主姓名"])
    ws.append(["张三", "东岳观村", "三组", "张三"])
    ws.append(["李四", None, None, None])  # same as above: 东岳观村 三组, head 张三
    ws.append(["吴十", "双岗村", None, None])  # another village: nothing from above
    path = tmp_path / "roster.xlsx"
    wb.save(path)

    with open_table(path) as table:
        rows = [r.values for r in table.rows()]

    assert rows == [
        {"name": "张三", "village": "东岳观村", "group": "三组", "household_head_name": "张三"},
        {"name": "李四", "village": "东岳观村", "group": "三组", "household_head_name": "张三"},
        {"name": "吴十", "village": "双岗村"},
    ]
