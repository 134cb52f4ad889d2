"""Without a worker (no Redis) the file's check runs in a thread of the web process: the
upload request returns at once, the page shows the progress bar, then the result."""

import datetime as dt
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.imports import services
from sanwei.imports.models import ImportJob
from sanwei.people.models import Person

from .conftest import id_number, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [
    ["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系"],
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "东岳观村", "张三", "户主"],
    ["李四", id_number(dt.date(1961, 1, 1), "F", 2), "东岳观村", "张三", "妻"],
]


def test_the_upload_returns_before_the_check_finishes_and_the_page_then_shows_it(
    tree, town_admin, login, tmp_path, settings, monkeypatch
):
    settings.TASKS_IN_THREAD = True
    release = threading.Event()
    reading = threading.Event()
    analyse = services.analyse

    def analyse_when_released(*args, **kwargs):
        reading.set()
        assert release.wait(30), "the test never released the check"
        return analyse(*args, **kwargs)

    monkeypatch.setattr(services, "analyse", analyse_when_released)
    # The thread starts once the upload's transaction commits, while the request still
    # writes its session: the suite's shared in-memory SQLite answers "table is locked" at
    # once instead of waiting as a database file does. The check starts when the request is
    # over, as it may in production too.
    request_over = threading.Event()
    preview = services.preview

    def preview_after_the_request(*args, **kwargs):
        assert request_over.wait(30), "the upload request never returned"
        return preview(*args, **kwargs)

    monkeypatch.setattr(services, "preview", preview_after_the_request)
    client = login(town_admin)
    path = write_xlsx(tmp_path / "花名册.xlsx", ROWS)

    response = client.post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": tree["town"].pk,
            "file": SimpleUploadedFile("花名册.xlsx", path.read_bytes()),
        },
    )

    request_over.set()
    # The request came back while the check is still held in its thread.
    assert response.status_code == 302
    assert reading.wait(10)
    job = ImportJob.unscoped.get()
    assert job.status == "previewing"
    assert job.task_id.startswith("thread-")
    page = client.get(response["Location"]).content.decode()
    progress_url = reverse("imports:import_progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in page
    assert "正在检查文件" in page
    assert "确认导入" not in page
    polled = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert polled.status_code == 200
    assert not polled.has_header("HX-Refresh")

    release.set()
    deadline = time.monotonic() + 30
    while not polled.has_header("HX-Refresh"):  # as htmx polls the bar, once a second
        assert time.monotonic() < deadline, "the check did not finish"
        time.sleep(0.05)
        polled = client.get(progress_url, HTTP_HX_REQUEST="true")

    page = client.get(response["Location"]).content.decode()
    assert "确认导入：新增 2 人、更新 0 人" in page
    assert 'hx-get="' not in page
    job.refresh_from_db()
    assert (job.status, job.counts["rows"], job.counts["new"]) == ("previewed", 2, 2)
    assert Person.unscoped.count() == 0
