"""Every upload is judged by its content, not its name (`core.uploads.check_upload`,
`refuse_active_content`): a page renamed as a photo, an SVG carrying a script, a
macro-enabled document, an oversized file and a polyglot (a real image with a page
appended) are each refused with a Chinese message — through the pages and the API — and
nothing is stored: no file under MEDIA_ROOT, no row. What passes is stored under a random
name with the extension of the format found, and served as a download or as an image of
its type with `nosniff`, never as a page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.accounts.tokens import create_token
from sanwei.activities.models import ActivityAttachment, Attendance
from sanwei.classroom.models import Material
from sanwei.imports.models import ImportJob
from sanwei.needs.models import Need, NeedCategory

from ..factories import ActivityFactory, jpeg_bytes, png_bytes

PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
ACTIVE = "文件含有网页或脚本内容（HTML、SVG、JavaScript 等），不能上传"
MACRO = "不接受含宏的文件（如 .docm、.xlsm），请另存为不含宏的格式后再上传"


def office_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM = office_zip(
    {
        "[Content_Types].xml": DOCX_TYPES.replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        ),
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros",
    }
)
XLSM_AS_XLSX = office_zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros",
    }
)
DOCX = office_zip({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w:document/>"})
# A real JPEG with a page appended: image viewers show the photo, a browser sniffing it
# as HTML would run the script.
POLYGLOT = jpeg_bytes() + PAGE


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def activity_a(tree):
    return ActivityFactory(region=tree["village_a"])


def _attach(client, activity, name: str, content: bytes):
    response = client.post(
        reverse("activities:attachment_add", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


BAD_ATTACHMENTS = {
    "page renamed as a photo": ("现场照片.jpg", PAGE, ACTIVE),
    "svg with a script as png": ("图标.png", SVG, ACTIVE),
    "page as a text file": ("通知.txt", PAGE, ACTIVE),
    "docm": ("讲稿.docm", DOCM, MACRO),
    "docm renamed as docx": ("讲稿.docx", DOCM, MACRO),
    "polyglot jpeg and page": ("合影.jpg", POLYGLOT, ACTIVE),
    "pdf with a script": (
        "通知.pdf",
        PDF + b"2 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n",
        "不接受含脚本或自动操作的 PDF 文件",
    ),
    "not an image at all": ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
                            "文件内容与扩展名“.png”不符，请检查文件"),
    "oversize": ("大图.jpg", jpeg_bytes((600, 600)) + b"\x00" * 2048, "文件过大：不能超过1 KB"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_ATTACHMENTS))
def test_a_bad_attachment_is_refused_on_the_page_and_nothing_is_stored(
    login, secretary_a, activity_a, settings, case
):
    name, content, message = BAD_ATTACHMENTS[case]
    if case == "oversize":
        settings.ATTACHMENT_MAX_BYTES = 1024
    before = stored_files()

    page = _attach(login(secretary_a), activity_a, name, content)

    assert message in page
    assert ActivityAttachment.unscoped.count() == 0
    assert stored_files() == before == []


def test_a_good_attachment_is_stored_under_a_random_name_and_downloaded_safely(
    login, secretary_a, activity_a
):
    client = login(secretary_a)
    _attach(client, activity_a, "村民大会.JPEG", jpeg_bytes())
    _attach(client, activity_a, "通知.pdf", PDF)
    _attach(client, activity_a, "讲稿.docx", DOCX)

    stored = {a.original_name: a.file.name for a in ActivityAttachment.unscoped.all()}
    assert set(stored) == {"村民大会.JPEG", "通知.pdf", "讲稿.docx"}
    assert [name.rsplit(".", 1)[-1] for _o, name in sorted(stored.items())] == [
        "jpg",
        "docx",
        "pdf",
    ]  # by the format found, under a random name (sorted by original: 村, 讲, 通)
    assert not any(original.split(".")[0] in name for original, name in stored.items())
    photo = ActivityAttachment.unscoped.get(original_name="村民大会.JPEG")
    download = client.get(reverse("activities:attachment_download", args=[photo.pk]))
    assert download["Content-Type"] == "image/jpeg"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_page_as_a_need_photo_is_refused_on_the_page(login, secretary_a, tree):
    client = login(secretary_a)
    data = {
        "region": tree["village_a"].pk,
        "description": "水管漏水",
        "category": NeedCategory.objects.get(code="repair").pk,
        "urgency": "normal",
        "source": "staff",
    }

    refused = client.post(
        reverse("needs:need_create"), {**data, "photo": SimpleUploadedFile("漏水.jpg", PAGE)}
    )
    assert ACTIVE in refused.content.decode()
    assert Need.unscoped.count() == 0
    assert stored_files() == []

    polyglot = client.post(
        reverse("needs:need_create"), {**data, "photo": SimpleUploadedFile("漏水.jpg", POLYGLOT)}
    )
    assert ACTIVE in polyglot.content.decode()
    assert Need.unscoped.count() == 0
    assert stored_files() == []

    client.post(
        reverse("needs:need_create"),
        {**data, "photo": SimpleUploadedFile("张大爷家漏水.jpg", png_bytes())},
    )
    need = Need.unscoped.get()
    assert need.photo.name.startswith("needs/") and need.photo.name.endswith(".png")
    shown = client.get(reverse("needs:need_photo", args=[need.pk]))
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"  # what it is, not what it was called
    assert shown["Content-Disposition"].startswith("inline;")
    assert shown["X-Content-Type-Options"] == "nosniff"
    detail = client.get(reverse("needs:need_detail", args=[need.pk])).content.decode()
    assert reverse("needs:need_photo", args=[need.pk]) in detail
    assert "/media/" not in detail


def test_a_macro_document_is_refused_as_a_material(login, town_admin, tree):
    response = login(town_admin).post(
        reverse("classroom:material_create"),
        {
            "title": "宣讲提纲",
            "kind": "document",
            "region": tree["town"].pk,
            "summary": "",
            "body": "",
            "url": "",
            "upload": SimpleUploadedFile("宣讲提纲.docm", DOCM),
        },
    )

    assert MACRO in response.content.decode()
    assert Material.unscoped.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("花名册.xlsx", PAGE, ACTIVE), ("花名册.csv", SVG, ACTIVE), ("花名册.xlsx", XLSM_AS_XLSX, MACRO),
     ("花名册.xlsm", XLSM_AS_XLSX, MACRO)],
)  # fmt: skip
def test_a_page_or_macro_roster_is_refused_before_it_is_stored(
    login, town_admin, tree, name, content, message
):
    response = login(town_admin).post(
        reverse("imports:import_create"),
        {"kind": "persons", "region": tree["town"].pk, "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.unscoped.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [("签到表.csv", PAGE, "sheet_active", ACTIVE), ("签到表.xlsx", SVG, "sheet_active", ACTIVE),
     ("签到表.xlsx", XLSM_AS_XLSX, "sheet_macro", MACRO)],
)  # fmt: skip
def test_the_api_refuses_a_page_or_macro_sign_in_sheet(
    client, secretary_a, activity_a, name, content, code, message
):
    response = client.post(
        f"/api/v1/recording/activities/{activity_a.code}/sheet/preview",
        {"file": SimpleUploadedFile(name, content)},
        HTTP_AUTHORIZATION=f"Bearer {create_token(secretary_a, 'app')}",
    )

    assert response.status_code == 400
    assert response.json() == {"code": code, "message": message, "field": "file"}
    assert Attendance.unscoped.count() == 0
    assert stored_files() == []


def test_the_api_refuses_an_oversize_sign_in_sheet_as_it_arrives(
    client, secretary_a, activity_a, settings
):
    settings.IMPORT_MAX_BYTES = 1024  # a sheet's limit, on the page and in the API
    roster = "姓名,手机号\n".encode() + "张三,13800000001\n".encode() * 200

    response = client.post(
        f"/api/v1/recording/activities/{activity_a.code}/sheet/preview",
        {"file": SimpleUploadedFile("签到表.csv", roster)},
        HTTP_AUTHORIZATION=f"Bearer {create_token(secretary_a, 'app')}",
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "file_too_large",
        "message": "文件过大，不能超过 1 KB",
        "field": "file",
    }
    assert Attendance.unscoped.count() == 0
    assert stored_files() == []


def test_the_sign_in_sheet_page_refuses_a_page_renamed_as_a_spreadsheet(
    login, secretary_a, activity_a
):
    response = login(secretary_a).post(
        reverse("recording:sheet_import", args=[activity_a.pk]),
        {"file": SimpleUploadedFile("签到表.xlsx", PAGE)},
    )

    assert response.status_code == 400
    assert ACTIVE in response.content.decode()
    assert Attendance.unscoped.count() == 0
