"""The Excel workbook of the figures, read back with openpyxl: one sheet per table, Chinese
bold frozen headers, column widths, numbers stored as numbers, the town's figures."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from sanwei.reports.documents import workbook_bytes
from sanwei.reports.figures import figures

from .conftest import d


def workbook(town):
    f = figures(town["town"], town["campaign"], d(1, 1), d(3, 31))
    return load_workbook(io.BytesIO(workbook_bytes(f)))


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_one_sheet_per_table_with_frozen_bold_headers_and_widths(town):
    wb = workbook(town)
    assert wb.sheetnames == [
        "总览", "下级区划", "活动类型", "覆盖", "意见建议", "心得体会", "诉求", "志愿服务", "物资成果"
    ]  # fmt: skip
    for ws in wb.worksheets:
        assert ws.freeze_panes == "B2", ws.title
        assert all(cell.font.b for cell in ws[1]), ws.title
        assert ws.column_dimensions["A"].width >= 18, ws.title
        assert ws.column_dimensions["B"].width >= 10, ws.title


def test_numbers_are_numbers_and_the_figures_are_the_towns(town):
    wb = workbook(town)
    assert rows(wb["下级区划"]) == [
        ("区划", "活动场次", "受众人次", "宣讲场次", "送学上门", "屋场会", "收集意见建议",
         "心得体会", "志愿服务活动", "志愿服务时长（小时）", "登记诉求", "办结诉求"),
        ("东岳观村", 4, 29, 2, 1, 0, 2, 2, 1, 4, 2, 1),
        ("双岗村", 3, 46, 0, 0, 1, 1, 0, 0, 2, 1, 1),
        ("未分到下级区划", 1, 11, 0, 0, 0, 0, 1, 0, 0, 0, 0),
        ("东岳观镇（合计）", 6, 86, 2, 1, 1, 3, 3, 1, 6, 3, 2),
    ]  # fmt: skip
    for row in wb["下级区划"].iter_rows(min_row=2, min_col=2):
        assert all(cell.data_type == "n" for cell in row)
    assert rows(wb["覆盖"])[-1] == ("东岳观镇（合计）", 5, 6, 83.3, 2, 2, 100, 3, 4, 75)
    assert rows(wb["意见建议"])[-1] == ("东岳观镇（合计）", 1, 3, 2, 1, 1, 1, 66.7, 50, 50)
    assert rows(wb["诉求"])[-1] == ("东岳观镇（合计）", 3, 2, 2, 1, 50, 1, 5)
    assert rows(wb["志愿服务"])[-1] == ("东岳观镇（合计）", 1, 3, 2, 6, 1, 0, 2, 0, 0, 0)
    assert rows(wb["物资成果"]) == [
        ("区划", "项目", "单位", "数量"),
        ("东岳观村", "森林防火承诺书", "份", 2000),
        ("东岳观村", "饮用水", "吨", 4.5),
        ("双岗村", "饮用水", "吨", 6),
        ("未分到下级区划", "学习读本", "册", 30),
        ("东岳观镇（合计）", "学习读本", "册", 30),
        ("东岳观镇（合计）", "森林防火承诺书", "份", 2000),
        ("东岳观镇（合计）", "饮用水", "吨", 10.5),
    ]
    types = {r[1]: r[2:] for r in rows(wb["活动类型"])[1:]}
    assert types["offline_training"] == (1, 19, 3)
    assert types["mobile_lecture"] == (2, 53, 3)
    assert types["micro_party_lesson"] == (0, 0, 0)
