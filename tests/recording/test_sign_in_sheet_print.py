"""The printed sign-in sheet (签到表): PDF and xlsx, the activity's header on every page,
numbered rows 序号/姓名/组/联系电话/签名, blank or pre-filled with the village's residents
by 组 (phones masked). Both are read back."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from sanwei.people.models import Person


def _url(village, **params):
    from urllib.parse import urlencode

    return f"/recording/activities/{village['activity'].pk}/sheet/download/?{urlencode(params)}"


def test_a_blank_pdf_sheet_carries_the_header_and_numbered_rows(village, login, secretary_a):
    response = login(secretary_a).get(_url(village, format="pdf", rows=30))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "签到表" in text
    assert "党的二十大精神进万家宣讲会" in text
    assert "学习宣传贯彻党的二十大精神" in text
    assert "东岳观村党群服务中心" in text
    for header in ("序号", "姓名", "组", "联系电话", "签名"):
        assert header in text
    assert "张建国" not in text
    # 30 blank rows numbered 1..30 across the pages (a row number is a line of digits alone).
    numbers = [
        int(line)
        for page in reader.pages
        for line in page.extract_text().splitlines()
        if line.strip().isdigit()
    ]
    assert numbers == list(range(1, 31))


def test_a_prefilled_pdf_lists_the_residents_by_group_with_masked_phones(
    village, login, secretary_a
):
    response = login(secretary_a).get(_url(village, format="pdf", prefill=1, rows=0))

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for name in ("张建国", "李桂兰", "张小明", "赵大爷", "王德福", "王丽", "孙红"):
        assert name in text
    assert "刘强" not in text  # village B
    assert "138****1111" in text
    assert "13800001111" not in text
    assert text.index("张建国") < text.index("王德福")  # 一组 before 二组


def test_a_long_sheet_repeats_the_header_on_every_page(village, login, secretary_a, tree):
    Person.unscoped.bulk_create(
        [Person(region=village["group2"], name=f"村民{i:03d}") for i in range(80)]
    )

    response = login(secretary_a).get(_url(village, format="pdf", prefill=1, rows=0))

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        text = page.extract_text()
        assert "党的二十大精神进万家宣讲会" in text
        assert "联系电话" in text
    assert "87" in reader.pages[-1].extract_text()  # 7 + 80 residents, numbered on


def test_the_xlsx_sheet_reads_back_with_print_titles(village, login, secretary_a):
    response = login(secretary_a).get(_url(village, format="xlsx", prefill=1, rows=2))

    assert response.status_code == 200
    from urllib.parse import unquote

    assert unquote(response["Content-Disposition"]).endswith("宣讲会-签到表.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "签到表"
    assert any("党的二十大精神进万家宣讲会" in str(r[0]) for r in rows[:6])
    head = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert rows[head] == ("序号", "姓名", "组", "联系电话", "签名")
    body = rows[head + 1 :]
    assert [r[1] for r in body] == [
        "张建国",
        "张小明",
        "李桂兰",
        "赵大爷",
        "王德福",
        "王丽",
        "孙红",
        None,
        None,
    ]
    assert body[0] == (1, "张建国", "一组", "138****1111", None)
    assert body[-1][0] == 9
    assert ws.print_title_rows == f"$1:${head + 1}"


def test_the_print_page_offers_the_formats(village, login, secretary_a):
    response = login(secretary_a).get(f"/recording/activities/{village['activity'].pk}/sheet/")
    assert response.status_code == 200
    assert "预填本村群众姓名" in response.content.decode()


def test_a_volunteer_may_not_print_and_another_village_sees_nothing(
    village, login, volunteer_a, secretary_b
):
    assert login(volunteer_a).get(_url(village)).status_code == 403
    assert login(secretary_b).get(_url(village, prefill=1)).status_code == 404
