"""Files that are not rosters: each gets a clear Chinese message, and nothing is written."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.imports import services
from sanwei.imports.models import ImportJob
from sanwei.people.models import Household, Person

from .conftest import write_csv
from .test_readers import build_cfb


def upload(client, tree, name: str, data: bytes):
    return client.post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": tree["town"].pk,
            "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        },
    )


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(20):
                member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


BAD_FILES = {
    "not_a_spreadsheet": (
        "照片.xlsx",
        b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(4096),
        "无法识别的文件格式，请上传 Excel（.xlsx/.xls）或 CSV 文件",
    ),
    "encrypted": (
        "加密.xlsx",
        build_cfb(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]),
        "文件已加密，请取消密码后再导入",
    ),
    "no_header": (
        "会议记录.csv",
        "会议记录\n今天开会讨论三微活动\n".encode(),
        "未找到表头：前 20 行中没有同时包含“姓名”和其他已知列名（如性别、身份证号、联系电话）的行",
    ),
    "zip_bomb": (
        "花名册.xlsx",
        zip_bomb(),
        "文件解压后过大或压缩比异常，可能不是正常的 Excel 文件，请拆分或另存后再导入",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_fails_with_a_chinese_message(tree, town_admin, login, case):
    name, data, message = BAD_FILES[case]
    client = login(town_admin)

    response = upload(client, tree, name, data)

    assert response.status_code == 302
    job = ImportJob.unscoped.get()
    assert (job.status, job.error_message) == ("failed", message)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert message in page.content.decode()
    assert Person.unscoped.count() == 0
    assert Household.unscoped.count() == 0
    response = client.post(reverse("imports:import_commit", args=[job.pk]))
    assert response.status_code == 302
    assert Person.unscoped.count() == 0


def test_an_empty_file_is_refused_by_the_form(tree, town_admin, login):
    response = upload(login(town_admin), tree, "空.xlsx", b"")

    assert response.status_code == 400
    assert "所提交的是空文件。" in response.content.decode()
    assert not ImportJob.unscoped.exists()


def test_an_oversized_file_is_refused_before_it_is_stored(tree, town_admin, login, settings):
    settings.IMPORT_MAX_BYTES = 1024

    response = upload(login(town_admin), tree, "大.csv", "姓名,性别\n张三,男\n".encode() * 500)

    assert response.status_code == 400
    assert "文件过大（超过1 KB），请拆分成多个文件后再导入" in response.content.decode()
    assert not ImportJob.unscoped.exists()
    imports_dir = settings.MEDIA_ROOT / "imports"
    assert not imports_dir.exists() or not any(imports_dir.iterdir())


def test_the_service_refuses_files_over_200_mb(tree, town_admin):
    class Huge(io.BytesIO):
        size = 200 * 1024 * 1024 + 1

    with pytest.raises(services.ServiceError) as info:
        services.create_job(Huge(b"x"), "persons", tree["town"], town_admin)
    assert info.value.message == "文件过大（超过200 MB），请拆分成多个文件后再导入"


def test_ten_thousand_invalid_rows(tree, town_admin, login, tmp_path):
    rows = [["姓名", "手机号码", "村（社区）"]] + [
        [f"居民{n}", "12345", "东岳观村"] for n in range(10_000)
    ]
    data = write_csv(tmp_path / "bad.csv", rows).read_bytes()
    client = login(town_admin)

    response = upload(client, tree, "bad.csv", data)

    job = ImportJob.unscoped.get()
    assert job.status == "previewed"
    assert job.counts["invalid"] == 10_000 and job.counts["new"] == 0
    assert job.error_total == 10_000 and len(job.errors) == 1000
    assert job.errors[0] == {
        "line": 2,
        "messages": [
            "电话号码“12345”格式错误，应为11位手机号码，或区号加固定电话号码（如0744-1234567）"
        ],
    }
    page = client.get(response["Location"]).content.decode()
    assert "只列出前 1000 行" in page
    assert "文件中没有可以导入的有效行" in page
    response = client.post(reverse("imports:import_commit", args=[job.pk]), follow=True)
    assert "文件中没有可以导入的有效行" in response.content.decode()
    assert Person.unscoped.count() == 0
    job.refresh_from_db()
    assert job.status == "previewed"


def test_an_unreadable_file_is_deleted_at_once(tree, town_admin, login):
    upload(login(town_admin), tree, "照片.xlsx", BAD_FILES["not_a_spreadsheet"][1])

    job = ImportJob.unscoped.get()
    assert job.status == "failed" and not job.file
