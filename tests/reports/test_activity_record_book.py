"""The activity record book (活动台账) of the hand-built town for January–March: as a PDF read
back with pypdf (Chinese text, a photo's thumbnail) and as xlsx through the exporter
registry."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from sanwei.activities.models import ActivityAttachment
from sanwei.exports.services import run_export, user_region_scope
from sanwei.reports.recordbook import RecordBookExporter, record_book_pdf

from .conftest import activity, d

# date, type, place, organiser, head count, named count (titles are the factory's).
EXPECTED = [
    (dt.datetime(2023, 1, 5), "屋场会", "双岗村", "双岗村", 12, 1),
    (dt.datetime(2023, 1, 10), "线下培训", "东岳观镇", "东岳观镇", 10, 1),
    (dt.datetime(2023, 1, 10), "线下培训", "东岳观村", "东岳观村", 5, 2),
    (dt.datetime(2023, 1, 10), "线下培训", "双岗村", "双岗村", 0, 1),
    (dt.datetime(2023, 1, 15), "流动宣讲", "东岳观村", "东岳观村宣讲队", 20, 1),
    (dt.datetime(2023, 1, 20), "送学上门（一对一）", "东岳观村", "东岳观村", 0, 1),
    (dt.datetime(2023, 2, 1), "流动宣讲", "双岗村", "东岳观村宣讲队", 30, 2),
    (dt.datetime(2023, 2, 10), "志愿服务", "东岳观村", "东岳观村", 0, 2),
]


def photo(activity, name="现场.png") -> ActivityAttachment:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 30, 30)).save(buffer, "PNG")
    attachment = ActivityAttachment(activity=activity, original_name=name, size=buffer.tell())
    attachment.file.save(name, ContentFile(buffer.getvalue()), save=False)
    attachment.save()
    return attachment


def test_the_record_book_as_xlsx_lists_the_periods_activities(town, town_admin):
    photo(town["main"])
    with user_region_scope(town_admin):
        result = run_export(
            RecordBookExporter, user=town_admin, region=town["town"], start=d(1, 1), end=d(3, 31)
        )
    ws = load_workbook(result.file).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "日期",
        "活动类型",
        "活动名称",
        "地点",
        "组织者",
        "不记名人数",
        "登记人数",
        "照片",
    )
    # The April lecture and the other town's training are not in it.
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in rows[1:]] == EXPECTED
    assert [r[7] for r in rows[1:]] == [None, "现场.png", None, None, None, None, None, None]
    assert result.record.params == {
        "region": "430821104000",
        "from": "2023-01-01",
        "to": "2023-03-31",
    }


def test_the_record_book_as_pdf_reads_back_in_chinese_with_a_thumbnail(town):
    photo(town["main"])
    photo(town["main"], name="说明.txt")  # not a photo: no thumbnail
    reader = PdfReader(io.BytesIO(record_book_pdf(town["town"], d(1, 1), d(3, 31))))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "东岳观镇活动台账" in text
    assert "2023-01-01 — 2023-03-31" in text
    for date, type_name, place, organiser, *_counts in EXPECTED:
        assert date.date().isoformat() in text and type_name in text
        assert place in text and organiser in text
    assert "2023-04-05" not in text
    assert len(reader.pages[0].images) == 1


def test_a_long_record_book_breaks_into_pages_each_with_its_header(town):
    for day in range(1, 11):
        activity("mobile_lecture", town["village_a"], d(3, day), town["campaign"])
    reader = PdfReader(io.BytesIO(record_book_pdf(town["town"])))
    # All time: 8 + 10 in March + April's lecture = 19 lines, 10 to a landscape A4 page.
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "第1页" in first and "第2页" in second
    assert "活动类型" in first and "活动类型" in second
    assert "2023-03-02" in first and "2023-03-03" not in first
    assert "2023-03-03" in second and "2023-04-05" in second
