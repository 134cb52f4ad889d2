"""Staff get the activity's check-in link, its QR code and a printable poster (PDF with
the title, time and place in Chinese, the QR code and "微信扫码签到"; PNG)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from sanwei.checkin.poster import poster_pdf, poster_png, when_text
from sanwei.checkin.services import checkin_token

from ..factories import ActivityFactory

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def lecture(tree):
    return ActivityFactory(
        region=tree["village_a"],
        title="学习宣传贯彻党的二十大精神流动宣讲",
        place="东岳观村村部",
        starts_at=dt.datetime(2023, 1, 10, 14, 0, tzinfo=BEIJING),
        ends_at=dt.datetime(2023, 1, 10, 16, 30, tzinfo=BEIJING),
    )


def test_the_poster_pdf_reads_back_title_time_place_and_instruction(lecture):
    content = poster_pdf(lecture, "https://sanwei.example/c/abc.def")

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "学习宣传贯彻党的二十大精神流动宣讲" in text
    assert "时间：2023年1月10日 14:00—16:30" in text
    assert "地点：东岳观村村部" in text
    assert "微信扫码签到" in text


def test_the_time_names_the_end_day_when_it_is_another(lecture):
    lecture.ends_at = dt.datetime(2023, 1, 11, 9, 0, tzinfo=BEIJING)

    assert when_text(lecture) == "2023年1月10日 14:00—1月11日 09:00"


def test_the_staff_page_shows_the_link_qr_and_poster_links(login, secretary_a, lecture):
    response = login(secretary_a).get(f"/checkin/activity/{lecture.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert f"http://testserver/c/{checkin_token(lecture)}" in body
    assert "<svg" in body
    assert f"/checkin/activity/{lecture.pk}/poster.pdf" in body
    assert f"/checkin/activity/{lecture.pk}/poster.png" in body


def test_the_poster_pdf_download_carries_the_chinese_title(login, secretary_a, lecture):
    response = login(secretary_a).get(f"/checkin/activity/{lecture.pk}/poster.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "学习宣传贯彻党的二十大精神流动宣讲" in text


def test_the_poster_png_download_is_a_png(login, secretary_a, lecture):
    response = login(secretary_a).get(f"/checkin/activity/{lecture.pk}/poster.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.width >= 300


def test_the_png_carries_text_above_the_qr_when_a_font_is_configured(
    lecture, settings, monkeypatch
):
    # No font at all: neither configured nor one of the Debian CJK fonts (which CI may have).
    monkeypatch.setattr("sanwei.checkin.poster.FONT_CANDIDATES", ())
    settings.CHECKIN_POSTER_FONT = ""
    bare = Image.open(io.BytesIO(poster_png(lecture, "https://sanwei.example/c/abc.def")))
    settings.CHECKIN_POSTER_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    with_text = Image.open(io.BytesIO(poster_png(lecture, "https://sanwei.example/c/abc.def")))

    assert with_text.height > bare.height + 150


def test_the_activity_detail_links_to_check_in_for_staff_only(
    login, secretary_a, volunteer_a, lecture
):
    assert f"/checkin/activity/{lecture.pk}/" in (
        login(secretary_a).get(f"/activities/{lecture.pk}/").content.decode()
    )
    assert f"/checkin/activity/{lecture.pk}/" not in (
        login(volunteer_a).get(f"/activities/{lecture.pk}/").content.decode()
    )


def test_posters_are_for_staff_of_the_region(login, secretary_b, volunteer_a, lecture):
    assert login(secretary_b).get(f"/checkin/activity/{lecture.pk}/poster.pdf").status_code == 404
    assert login(volunteer_a).get(f"/checkin/activity/{lecture.pk}/poster.pdf").status_code == 403
