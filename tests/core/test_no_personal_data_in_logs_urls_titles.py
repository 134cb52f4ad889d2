"""No full ID number or phone in a log record, a URL the app answers with (links, form
actions, redirects) or a page title: a few flows driven with every log record captured
— a phone search, a failed import with ID numbers, a 404 and a 400."""

import datetime as dt
import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..factories import PersonFactory, make_id_number
from ..imports.conftest import id_number, write_xlsx

PHONE = "13800001234"
NUMBER = make_id_number(birth=dt.date(1960, 5, 1))
GOOD_NUMBER = id_number(dt.date(1961, 2, 3), "F", 7)  # 430821196102030140
BAD_NUMBER = GOOD_NUMBER[:-1] + "1"  # its check character wrong
IMPORT_PHONE = "13955556666"

URL_ATTRS = re.compile(r'(?:href|action|src|hx-get|hx-post)="([^"]*)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.fixture
def person(tree):
    return PersonFactory(
        name="张三", region=tree["village_a"], id_number=NUMBER, phone=PHONE,
        birth_date=dt.date(1960, 5, 1),
    )  # fmt: skip


@pytest.fixture
def records(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def personal_values_in(response, *values: str) -> list[str]:
    """Where the values appear in what the response says about URLs and its title."""
    found = []
    places = [response.get("Location", "")]
    body = response.content.decode(errors="replace") if not response.streaming else ""
    places += URL_ATTRS.findall(body) + TITLE.findall(body)
    for place in places:
        found += [f"{v} in {place!r}" for v in values if v in place]
    return found


def logged(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_text:
            lines.append(record.exc_text)
    return "\n".join(lines)


def test_a_phone_search_leaves_the_number_in_no_log_link_or_title(
    login, secretary_a, person, records
):
    client = login(secretary_a)
    responses = [
        client.get("/people/", {"q": PHONE[-4:]}),
        client.get("/people/", {"q": PHONE}),
        client.get(reverse("people:person_detail", args=[person.pk])),
        client.post(reverse("people:person_sensitive", args=[person.pk]), {"field": "phone"}),
        client.post(reverse("people:person_sensitive", args=[person.pk]), {"field": "id_number"}),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200]
    assert "张三" in responses[1].content.decode()  # the search found her
    for response in responses:
        assert personal_values_in(response, PHONE, NUMBER) == []
    assert PHONE not in logged(records) and NUMBER not in logged(records)


def test_a_failed_import_with_id_numbers_logs_and_links_none(
    tree, town_admin, login, tmp_path, records
):
    rows = [
        ["姓名", "身份证号", "手机", "村（社区）"],
        ["李四", BAD_NUMBER, IMPORT_PHONE, "东岳观村"],
        ["王五", NUMBER, "", "东岳观村"],  # a number registered already (to 张三, elsewhere)
    ]
    path = write_xlsx(tmp_path / "花名册.xlsx", rows)
    client = login(town_admin)
    upload = client.post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk,
         "file": SimpleUploadedFile("花名册.xlsx", path.read_bytes())},
    )  # fmt: skip
    assert upload.status_code == 302
    page = client.get(upload["Location"])
    assert "身份证号码校验位错误" in page.content.decode()
    for response in (upload, page):
        assert personal_values_in(response, BAD_NUMBER, NUMBER, IMPORT_PHONE) == []
    text = logged(records)
    assert BAD_NUMBER not in text and NUMBER not in text and IMPORT_PHONE not in text


def test_404_and_400_pages_and_their_log_lines_carry_no_number(login, secretary_a, person, records):
    client = login(secretary_a)
    not_found = client.get(f"/people/{PHONE}/")  # someone typed a phone into the address
    not_found_id = client.get(f"/people/{NUMBER}/")
    bad = client.post(reverse("people:person_sensitive", args=[person.pk]), {"field": PHONE})
    api_bad = client.post(
        f"/api/v1/people/{person.pk}/reveal", {"field": NUMBER}, content_type="application/json"
    )
    assert [r.status_code for r in (not_found, not_found_id, bad, api_bad)] == [404, 404, 400, 400]
    for response in (not_found, not_found_id, bad):
        assert personal_values_in(response, PHONE, NUMBER) == []
        assert PHONE not in response.content.decode() and NUMBER not in response.content.decode()
    assert any("Not Found" in r.getMessage() for r in records.records)  # it was logged…
    text = logged(records)
    assert PHONE not in text and NUMBER not in text  # …masked
    assert "138****1234" in text


def test_the_console_log_masks_numbers_whoever_logs_them():
    """The handler every record goes to in production masks what a library might log."""
    from django.conf import settings  # noqa: F401  (logging is configured with settings)

    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    # Swapped without setStream: that flushes the old stream, which an earlier test that
    # set Django up again in-process (tests/demo/test_builddemo_command.py) may have left
    # as pytest's closed capture file.
    old, handler.stream = handler.stream, stream
    try:
        logging.getLogger("some.library").warning(
            "retrying for %s (%s)", f"+86 {PHONE[:3]}-{PHONE[3:7]}-{PHONE[7:]}", NUMBER
        )
    finally:
        handler.stream = old
    assert stream.getvalue() == "retrying for 138****1234 (430***************)\n"
