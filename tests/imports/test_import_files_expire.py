"""Uploaded files are deleted after the commit, or a day after the upload."""

import datetime as dt
import os

import pytest

from sanwei.core.errors import ServiceError
from sanwei.imports import services
from sanwei.imports.models import ImportJob

from .conftest import id_number, import_file, preview_file, write_xlsx

ROWS = [["姓名", "身份证号", "村（社区）"], ["张三", id_number(dt.date(1960, 1, 1)), "东岳观村"]]


def test_the_file_and_the_normalised_rows_go_after_the_commit(tree, town_admin, tmp_path):
    job = preview_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["town"], town_admin)
    paths = [job.file.path, str(tmp_path / "media" / job.records_file)]
    assert all(os.path.exists(p) for p in paths)
    assert b"430821" not in open(paths[1], "rb").read()  # the rows file is encrypted

    job = services.commit(job, town_admin)

    assert job.status == "committed"
    assert not any(os.path.exists(p) for p in paths)
    job.refresh_from_db()
    assert not job.file and not job.records_file
    assert len(job.sha256) == 64 and job.original_name == "a.xlsx"


def test_an_unconfirmed_upload_expires_after_a_day(tree, town_admin, tmp_path):
    job = preview_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["town"], town_admin)
    path = job.file.path
    ImportJob.unscoped.filter(pk=job.pk).update(
        created_at=job.created_at - dt.timedelta(days=1, minutes=1)
    )
    job.refresh_from_db()

    with pytest.raises(ServiceError, match="文件已过期"):
        services.start_commit(job, town_admin)

    job.refresh_from_db()
    assert (job.status, bool(job.file)) == ("cancelled", False)
    assert not os.path.exists(path)


def test_old_files_are_purged_when_someone_uploads(tree, town_admin, tmp_path):
    old = preview_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["town"], town_admin)
    ImportJob.unscoped.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=2))

    import_file(write_xlsx(tmp_path / "b.xlsx", ROWS), tree["town"], town_admin)

    old.refresh_from_db()
    assert (old.status, bool(old.file), bool(old.records_file)) == ("cancelled", False, False)
