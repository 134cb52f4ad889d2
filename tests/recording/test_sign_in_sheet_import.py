"""Importing a typed-up paper sign-in sheet: the roster import's readers (header found
below a merged title, GBK CSV), matched by mobile number then by name within the
activity's region; a preview first (every data row in exactly one status, with its row
number), then the commit; a bad file is a clear Chinese error and nothing is written."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sanwei.activities.models import Attendance, RecordedVia
from sanwei.people.models import Person

from ..factories import AttendanceFactory, PersonFactory

ROWS = [
    ("张建国", "13800001111"),  # 2: by phone
    ("李桂兰", ""),  # 3: by name
    ("王丽", "13900002222"),  # 4: the father's phone, then her name
    ("孙红", ""),  # 5: already recorded
    ("张建国", "138 0000 1111"),  # 6: same person as row 2
    ("周八", "13500005555"),  # 7: not on the roster
    ("王芳", ""),  # 8: two of them in the village
    ("刘强", "13600004444"),  # 9: lives in village B, not in this roster
    ("", "12345"),  # 10: no name, malformed phone
]


def _csv(rows=ROWS) -> SimpleUploadedFile:
    text = "姓名,联系电话\r\n" + "".join(f"{n},{p}\r\n" for n, p in rows)
    return SimpleUploadedFile("签到表.csv", text.encode("gbk"), content_type="text/csv")


def _xlsx(rows=ROWS) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["党的二十大精神进万家宣讲会 签到表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "姓名", "组", "联系电话", "签名"])
    for i, (name, phone) in enumerate(rows, start=1):
        ws.append([i, name or None, None, phone or None, None])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("签到表.xlsx", out.getvalue())


def _setup(village):
    AttendanceFactory(activity=village["activity"], person=village["people"]["孙红"])
    fang1 = PersonFactory(region=village["group1"], name="王芳")
    fang2 = PersonFactory(region=village["group2"], name="王芳")
    return fang1, fang2


def _url(village, suffix=""):
    return f"/recording/activities/{village['activity'].pk}/sheet/import/{suffix}"


def test_the_preview_classifies_every_row_and_writes_nothing(village, login, secretary_a):
    _setup(village)

    response = login(secretary_a).post(_url(village), {"file": _csv()})

    assert response.status_code == 200
    preview = response.context["preview"]
    statuses = [(r.line, r.status) for r in preview.rows]
    assert statuses == [
        (2, "matched"),
        (3, "matched"),
        (4, "matched"),
        (5, "already"),
        (6, "repeated"),
        (7, "not_found"),
        (8, "ambiguous"),
        (9, "not_found"),
        (10, "invalid"),
    ]
    counts = {status: n for status, _label, n in preview.counts}
    assert counts == {
        "matched": 3,
        "already": 1,
        "repeated": 1,
        "not_found": 2,
        "ambiguous": 1,
        "invalid": 1,
    }
    assert sum(counts.values()) == len(ROWS)
    assert [r.person.name for r in preview.rows[:3]] == ["张建国", "李桂兰", "王丽"]
    assert [c.name for c in preview.rows[6].candidates] == ["王芳", "王芳"]
    assert preview.rows[4].note == "与第2行是同一人"
    body = response.content.decode()
    assert "未找到" in body and "周八" in body
    assert "13500005555" not in body  # phones masked in the preview
    assert Attendance.unscoped.count() == 1  # only 孙红's, from before


def test_commit_records_the_matched_and_the_picked_candidate(village, login, secretary_a):
    fang1, _fang2 = _setup(village)
    client = login(secretary_a)
    preview = client.post(_url(village), {"file": _csv()}).context["preview"]

    response = client.post(
        _url(village, "commit/"), {"token": preview.token, "pick-8": fang1.pk}, follow=True
    )

    assert "已登记 4 人" in response.content.decode()
    recorded = Attendance.unscoped.filter(activity=village["activity"])
    assert sorted(recorded.values_list("person__name", flat=True)) == [
        "孙红",
        "张建国",
        "李桂兰",
        "王丽",
        "王芳",
    ]
    assert recorded.get(person__name="王芳").person == fang1
    assert recorded.get(person__name="王丽").recorded_via == RecordedVia.IMPORT


def test_an_xlsx_with_a_merged_title_above_the_header_reads_the_same(village, login, secretary_a):
    _setup(village)

    response = login(secretary_a).post(_url(village), {"file": _xlsx()})

    preview = response.context["preview"]
    assert [(r.line, r.status) for r in preview.rows][:3] == [
        (3, "matched"),
        (4, "matched"),
        (5, "matched"),
    ]
    assert len(preview.rows) == len(ROWS)


def test_a_picked_person_who_was_not_a_candidate_is_refused(village, login, secretary_a):
    _setup(village)
    client = login(secretary_a)
    preview = client.post(_url(village), {"file": _csv()}).context["preview"]

    response = client.post(
        _url(village, "commit/"),
        {"token": preview.token, "pick-8": village["people"]["赵大爷"].pk},
        follow=True,
    )

    assert "第8行所选群众无效" in response.content.decode()
    assert Attendance.unscoped.count() == 1


def test_a_tampered_token_is_refused_and_nothing_written(village, login, secretary_a):
    _setup(village)
    client = login(secretary_a)
    preview = client.post(_url(village), {"file": _csv()}).context["preview"]

    response = client.post(_url(village, "commit/"), {"token": preview.token + "x"}, follow=True)

    assert "预览数据无效，请重新上传签到表" in response.content.decode()
    assert Attendance.unscoped.count() == 1


def test_a_matched_person_moved_away_before_the_commit_fails_the_whole_commit(
    village, login, secretary_a, tree
):
    _setup(village)
    client = login(secretary_a)
    preview = client.post(_url(village), {"file": _csv()}).context["preview"]
    Person.unscoped.filter(pk=village["people"]["王丽"].pk).update(region=tree["village_b"])

    response = client.post(_url(village, "commit/"), {"token": preview.token}, follow=True)

    assert "王丽不在您的管辖范围内" in response.content.decode()
    assert Attendance.unscoped.count() == 1


def test_bad_files_are_a_clear_chinese_error_and_write_nothing(village, login, secretary_a):
    client = login(secretary_a)
    cases = [
        (SimpleUploadedFile("a.xlsx", b""), "文件为空"),
        (SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "无法识别的文件格式"),
        (
            SimpleUploadedFile("a.csv", "序号,签名\r\n1,张三\r\n".encode("gbk")),
            "未找到表头",
        ),
        (SimpleUploadedFile("a.csv", "姓名,联系电话\r\n".encode("gbk")), "签到表中没有数据行"),
    ]
    for upload, message in cases:
        response = client.post(_url(village), {"file": upload})
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    response = client.post(_url(village), {})
    assert "请选择要导入的签到表文件" in response.content.decode()
    assert Attendance.unscoped.count() == 0


def test_a_volunteer_may_not_import_and_another_village_sees_nothing(
    village, login, volunteer_a, secretary_b
):
    assert login(volunteer_a).post(_url(village), {"file": _csv()}).status_code == 403
    assert login(secretary_b).post(_url(village), {"file": _csv()}).status_code == 404
    assert Attendance.unscoped.count() == 0


def test_the_printed_xlsx_sheet_typed_up_imports_back(village, login, secretary_a):
    client = login(secretary_a)
    printed = client.get(
        f"/recording/activities/{village['activity'].pk}/sheet/download/"
        "?format=xlsx&prefill=1&rows=0"
    )

    response = client.post(
        _url(village), {"file": SimpleUploadedFile("签到表.xlsx", printed.content)}
    )

    preview = response.context["preview"]
    assert [r.status for r in preview.rows] == ["matched"] * 7
    assert [r.line for r in preview.rows] == list(range(8, 15))  # below the header block


def test_the_import_page_offers_the_blank_excel_sheet_to_type_into(village, login, secretary_a):
    client = login(secretary_a)
    page = client.get(_url(village)).content.decode()
    link = re.search(r'href="([^"]+)" id="sheet-template"', page).group(1).replace("&amp;", "&")

    template = client.get(link)

    assert template.status_code == 200
    rows = list(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert ("序号", "姓名", "组", "联系电话", "签名") in rows
    assert rows[-1][0] == 40
