"""The xlsx layout: bold frozen header with a filter, column widths, dates as dates."""

import io

from openpyxl import load_workbook

from .conftest import content_of


def test_xlsx_header_is_bold_frozen_and_filtered(secretary_a, roster, export):
    response = export(secretary_a, "persons", method="post", unmask="on")
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    assert sheet.title.endswith("群众名册")
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.auto_filter.ref == "A1:S1"
    assert sheet.column_dimensions["C"].width == 22  # 公民身份号码
    birth = sheet["F2"]
    assert birth.is_date and birth.number_format == "yyyy-mm-dd"
    assert sheet["C2"].data_type == "s"


def test_xlsx_is_marked_as_written_by_sanwei(secretary_a, roster, export):
    book = load_workbook(io.BytesIO(content_of(export(secretary_a, "persons"))), read_only=True)
    assert book.properties.creator == "sanwei"
