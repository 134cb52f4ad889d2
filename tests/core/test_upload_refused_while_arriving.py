"""An upload over its limit is refused while it arrives, before it is stored: for an activity
attachment and for a roster import. What reaches Django's storing handlers (memory or a
temporary file) stays under the limit, a body declared too large is not even read, the user
gets the Chinese message, and no attachment or import job exists."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.test.client import FakePayload
from django.urls import reverse

from sanwei.activities.models import ActivityAttachment
from sanwei.imports.models import ImportJob

from ..factories import ActivityFactory

PNG = b"\x89PNG\r\n\x1a\n"
KB = 1024
STORED: list[int] = []  # chunk sizes that reached the storing handlers


class CountingHandler(FileUploadHandler):
    """Put just before Django's storing handlers: counts the bytes handed to them."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        STORED.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def stored(settings) -> list[int]:
    handlers = list(django_settings.FILE_UPLOAD_HANDLERS)
    at = handlers.index("django.core.files.uploadhandler.MemoryFileUploadHandler")
    handlers.insert(at, f"{__name__}.CountingHandler")
    settings.FILE_UPLOAD_HANDLERS = handlers
    STORED.clear()
    return STORED


@pytest.fixture
def body_read(monkeypatch) -> list[int]:
    """Bytes of the request body read by the server."""
    sizes: list[int] = []
    read = FakePayload.read

    def counting_read(self, *args, **kwargs):
        data = read(self, *args, **kwargs)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(FakePayload, "read", counting_read)
    return sizes


@pytest.fixture
def activity_a(tree):
    return ActivityFactory(region=tree["village_a"])


@pytest.fixture
def small_limits(settings):
    settings.ATTACHMENT_MAX_BYTES = KB
    settings.IMPORT_MAX_BYTES = KB


def _attach(client, activity, size: int):
    content = "签到记录\n".encode() * (size // 13) + b"\n" * (size % 13)
    return client.post(
        reverse("activities:attachment_add", args=[activity.pk]),
        {"file": SimpleUploadedFile("现场记录.txt", content)},
    )


@pytest.mark.parametrize("size", [50 * KB, 2048 * KB])
def test_an_attachment_over_the_limit_is_refused_before_it_is_stored(
    login,
    secretary_a,
    activity_a,
    small_limits,
    stored,
    size,
):
    client = login(secretary_a)
    response = _attach(client, activity_a, size)

    assert response.status_code == 302
    assert "文件过大：不能超过1 KB" in client.get(response["Location"]).content.decode()
    assert sum(stored) <= KB
    assert not ActivityAttachment.unscoped.exists()


def test_an_attachment_declared_too_large_is_not_read(
    login,
    secretary_a,
    activity_a,
    small_limits,
    body_read,
):
    response = _attach(login(secretary_a), activity_a, 2048 * KB)

    assert response.status_code == 302
    assert sum(body_read) <= 128 * KB  # of a body of over 2 MB
    assert not ActivityAttachment.unscoped.exists()


def test_an_attachment_under_the_limit_is_still_stored(
    login,
    secretary_a,
    activity_a,
    small_limits,
    stored,
):
    response = _attach(login(secretary_a), activity_a, KB)

    assert response.status_code == 302
    assert ActivityAttachment.unscoped.get().size == KB
    assert sum(stored) == KB


def _import(client, tree, size: int, **extra):
    line = "张三,男\n".encode()
    content = "姓名,性别\n".encode() + line * (size // len(line))
    data = {  # in the order of the form: the CSRF token first, the file last
        **extra,
        "kind": "persons",
        "region": tree["town"].pk,
        "file": SimpleUploadedFile("名单.csv", content, content_type="text/csv"),
    }
    return client.post(reverse("imports:import_create"), data)


def _nothing_imported() -> bool:
    imports_dir = django_settings.MEDIA_ROOT / "imports"
    no_files = not imports_dir.exists() or not any(imports_dir.rglob("*.*"))
    return no_files and not ImportJob.unscoped.exists()


@pytest.mark.parametrize("size", [50 * KB, 2048 * KB])
def test_an_import_over_the_limit_is_refused_before_it_is_stored(
    login, town_admin, tree, small_limits, stored, size
):
    response = _import(login(town_admin), tree, size)

    assert response.status_code == 400
    assert "文件过大（超过1 KB），请拆分成多个文件后再导入" in response.content.decode()
    assert sum(stored) <= KB
    assert _nothing_imported()


def test_an_import_declared_too_large_is_refused_on_the_form_page_with_csrf_checked(
    town_admin, tree, small_limits, body_read
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(town_admin)
    form = client.get(reverse("imports:import_create"))
    token = form.context["csrf_token"]

    response = _import(client, tree, 2048 * KB, csrfmiddlewaretoken=token)

    assert response.status_code == 400
    assert "文件过大（超过1 KB），请拆分成多个文件后再导入" in response.content.decode()
    assert sum(body_read) <= 128 * KB
    assert _nothing_imported()
