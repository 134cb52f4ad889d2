"""A sign-in sheet has one size limit, on the page and in the API (the imports' limit,
IMPORT_MAX_BYTES): over it, both refuse the file as it arrives with the same Chinese
message and write nothing; under it, both read it, even when it is larger than the
general upload limit of other forms and API routes (UPLOAD_MAX_BYTES)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from sanwei.accounts.tokens import create_token
from sanwei.activities.models import Attendance

KB = 1024


def _sheet(lines: int) -> bytes:
    """A GBK sign-in sheet of `lines` rows (about 17 bytes each), all of one resident."""
    return ("姓名,联系电话\r\n" + "张建国,13800001111\r\n" * lines).encode("gbk")


def _page(client, village, content: bytes):
    return client.post(
        f"/recording/activities/{village['activity'].pk}/sheet/import/",
        {"file": SimpleUploadedFile("签到表.csv", content, content_type="text/csv")},
    )


def _api(client, village, token: str, content: bytes):
    return client.post(
        f"/api/v1/recording/activities/{village['activity'].code}/sheet/preview",
        {"file": SimpleUploadedFile("签到表.csv", content, content_type="text/csv")},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_page_and_api_refuse_a_sheet_over_the_limit_with_the_same_message(
    village, login, secretary_a, settings
):
    settings.IMPORT_MAX_BYTES = 2 * KB
    content = _sheet(200)  # about 3.4 KB
    assert len(content) > 2 * KB

    page = _page(login(secretary_a), village, content)
    api = _api(login(secretary_a), village, create_token(secretary_a, "app"), content)

    assert page.status_code == 400
    assert page.context["error"] == "文件过大，不能超过 2 KB"
    assert api.status_code == 400
    assert api.json() == {"code": "file_too_large", "message": "文件过大，不能超过 2 KB",
                          "field": "file"}  # fmt: skip
    assert Attendance.unscoped.count() == 0


def test_page_and_api_read_a_sheet_under_the_limit_beyond_the_general_upload_limit(
    village, login, secretary_a, settings
):
    settings.UPLOAD_MAX_BYTES = 1 * KB
    settings.IMPORT_MAX_BYTES = 8 * KB
    content = _sheet(200)  # about 3.4 KB: over the general limit, under the sheet's

    page = _page(login(secretary_a), village, content)
    api = _api(login(secretary_a), village, create_token(secretary_a, "app"), content)

    assert page.status_code == 200
    assert len(page.context["preview"].rows) == 200
    assert api.status_code == 200
    assert len(api.json()["rows"]) == 200
    assert Attendance.unscoped.count() == 0  # a preview writes nothing
