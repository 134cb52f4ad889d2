"""Attachments: checked on upload, downloaded only through the scoped view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.activities.models import ActivityAttachment

from ..factories import png_bytes

PNG = png_bytes()
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def _upload(client, activity, name, content):
    return client.post(
        reverse("activities:attachment_add", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def _messages(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_photo_is_uploaded_and_downloaded_through_the_view(
    login, secretary_a, activity_a, settings
):
    client = login(secretary_a)
    response = _upload(client, activity_a, "现场照片.png", PNG)

    assert response.status_code == 302
    attachment = ActivityAttachment.unscoped.get(activity=activity_a)
    assert attachment.original_name == "现场照片.png"
    assert attachment.size == len(PNG)
    assert "现场照片" not in attachment.file.name  # stored under a random name
    assert "已上传附件“现场照片.png”" in _messages(client, response)

    download = client.get(reverse("activities:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    assert "attachment" in download["Content-Disposition"]


def test_pdf_is_accepted(login, secretary_a, activity_a):
    response = _upload(login(secretary_a), activity_a, "通知.pdf", PDF)

    assert response.status_code == 302
    assert ActivityAttachment.unscoped.count() == 1


def test_too_large_file_is_refused(login, secretary_a, activity_a, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client = login(secretary_a)
    response = _upload(client, activity_a, "大图.png", PNG + b"\x00" * 2048)

    assert response.status_code == 302
    assert "文件过大：不能超过1 KB" in _messages(client, response)
    assert not ActivityAttachment.unscoped.exists()


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "no-extension"])
def test_file_type_not_allowed_is_refused(login, secretary_a, activity_a, name):
    client = login(secretary_a)
    response = _upload(client, activity_a, name, b"MZ\x90\x00")

    assert response.status_code == 302
    assert "不支持该文件类型" in _messages(client, response)
    assert not ActivityAttachment.unscoped.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), ("report.pdf", PNG), ("表格.xlsx", PDF)],
)
def test_content_not_matching_the_extension_is_refused(
    login, secretary_a, activity_a, name, content
):
    client = login(secretary_a)
    response = _upload(client, activity_a, name, content)

    assert response.status_code == 302
    assert "文件内容与扩展名" in _messages(client, response)
    assert not ActivityAttachment.unscoped.exists()


def test_another_villages_attachment_is_404(login, secretary_a, town_admin, activity_b):
    _upload(login(town_admin), activity_b, "双岗.png", PNG)
    attachment = ActivityAttachment.unscoped.get()

    client = login(secretary_a)
    download = client.get(reverse("activities:attachment_download", args=[attachment.pk]))
    delete = client.post(reverse("activities:attachment_delete", args=[attachment.pk]))

    assert download.status_code == 404
    assert delete.status_code == 404
    assert ActivityAttachment.unscoped.exists()


def test_volunteer_may_not_upload(login, volunteer_a, activity_a):
    response = _upload(login(volunteer_a), activity_a, "photo.png", PNG)

    assert response.status_code == 403
    assert not ActivityAttachment.unscoped.exists()


def test_attachment_is_deleted_with_its_file(
    login, secretary_a, activity_a, django_capture_on_commit_callbacks
):
    client = login(secretary_a)
    _upload(client, activity_a, "photo.png", PNG)
    attachment = ActivityAttachment.unscoped.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:attachment_delete", args=[attachment.pk]))

    assert response.status_code == 302
    assert not ActivityAttachment.unscoped.exists()
    assert not storage.exists(name)


def test_media_url_is_not_how_attachments_are_linked(login, secretary_a, activity_a):
    client = login(secretary_a)
    _upload(client, activity_a, "photo.png", PNG)
    attachment = ActivityAttachment.unscoped.get()

    page = client.get(reverse("activities:activity_detail", args=[activity_a.pk]))

    body = page.content.decode()
    assert reverse("activities:attachment_download", args=[attachment.pk]) in body
    assert attachment.file.name not in body
