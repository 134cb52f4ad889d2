"""The export as a background task: the user's scope is re-activated, progress reported.

Run with `apply()` (in this process) so the test database is visible with a broker too."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from sanwei.activities.models import Activity
from sanwei.core.tasks import Progress
from sanwei.exports.models import ExportRecord
from sanwei.exports.tasks import export_task


def test_task_sees_what_the_user_would_see(secretary_a, roster, settings, tmp_path):
    settings.EXPORT_DIR = tmp_path / "exports"
    result = export_task.apply(
        args=(secretary_a.pk, "persons", "xlsx", False, None, None, "t1")
    ).get()
    path = Path(result["path"])
    assert path.parent == tmp_path / "exports"
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == {"张三", "李四", "王五"}
    assert result["rows"] == 3
    assert ExportRecord.unscoped.get(pk=result["record"]).user == secretary_a
    state = Progress("t1").read()
    assert state.finished and state.done == 3 and state.total == 3


def test_task_for_an_activity_outside_the_scope_fails(secretary_b, roster, settings, tmp_path):
    settings.EXPORT_DIR = tmp_path / "exports"
    with pytest.raises(Activity.DoesNotExist):
        export_task.apply(
            args=(secretary_b.pk, "attendance", "xlsx", False, None, roster["activity"].pk)
        ).get()
    assert not ExportRecord.unscoped.exists()
