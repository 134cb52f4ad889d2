"""`sanwei import FILE --kind persons --region CODE [--dry-run]` (management command
`import_roster`)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanwei.cli import main
from sanwei.imports.models import ImportJob
from sanwei.people.models import Household, Person

from .conftest import db_fingerprint, id_number, write_csv

GOOD = [
    ["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系"],
    ["张三", id_number(dt.date(1960, 1, 1), "M", 1), "东岳观村", "张三", "户主"],
    ["李四", id_number(dt.date(1961, 1, 1), "F", 2), "东岳观村", "张三", "配偶"],
]
BAD = [*GOOD, ["王五", "123", "东岳观村", "", ""]]


def run(*args):
    out = io.StringIO()
    call_command("import_roster", *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def test_dry_run_writes_nothing(tree, tmp_path):
    path = write_csv(tmp_path / "good.csv", GOOD)
    before = db_fingerprint()

    out = run(path, "--region", tree["town"].code, "--dry-run")

    assert "数据行2：新增2人，更新0人，没有变化0人，有错误0行" in out
    assert "试运行：没有写入任何数据。" in out
    assert db_fingerprint() == before
    assert not ImportJob.unscoped.exists()


def test_dry_run_lists_invalid_rows_and_fails(tree, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD)
    out = io.StringIO()

    with pytest.raises(CommandError, match="文件有1行错误"):
        call_command(
            "import_roster", str(path), "--region", tree["town"].code, "--dry-run",
            "--no-progress", stdout=out,
        )  # fmt: skip

    assert "第4行：身份证号码应为18位，当前为3位" in out.getvalue()
    assert Person.unscoped.count() == 0


def test_import_commits_and_records_who(tree, town_admin, tmp_path):
    path = write_csv(tmp_path / "good.csv", GOOD)

    out = run(path, "--kind", "persons", "--region", tree["town"].code, "--user", "town_admin")

    assert "导入完成：新增2人，更新0人，没有变化0人，跳过0行；新建1户，更新0户。" in out
    job = ImportJob.unscoped.get()
    assert (job.status, job.uploaded_by, job.committed_by) == ("committed", town_admin, town_admin)
    assert Household.unscoped.get().head.name == "张三"


def test_invalid_rows_stop_the_import_unless_allowed(tree, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD)

    with pytest.raises(CommandError, match="--allow-invalid"):
        run(path, "--region", tree["town"].code)
    assert Person.unscoped.count() == 0
    assert ImportJob.unscoped.get().status == "cancelled"

    out = run(path, "--region", tree["town"].code, "--allow-invalid")
    assert "跳过1行" in out
    assert Person.unscoped.count() == 2


def test_bad_file_and_unknown_region(tree, tmp_path):
    not_a_roster = tmp_path / "notes.txt"
    not_a_roster.write_text("会议记录\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未找到表头"):
        run(not_a_roster, "--region", tree["town"].code, "--dry-run")
    with pytest.raises(CommandError, match="区划代码不存在：999999999999"):
        run(not_a_roster, "--region", "999999999999")
    with pytest.raises(CommandError, match="只能导入到乡镇或村（社区）"):
        run(not_a_roster, "--region", tree["county"].code)


def test_sanwei_import_is_this_command(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: calls.append(argv)
    )

    status = main(["import", "花名册.xlsx", "--region", "430821104000", "--dry-run"])

    assert status == 0
    assert calls == [
        ["sanwei", "import_roster", "花名册.xlsx", "--region", "430821104000", "--dry-run"]
    ]


def test_the_progress_bar_goes_to_stderr(tree, tmp_path, capsys):
    path = write_csv(tmp_path / "good.csv", GOOD)

    call_command("import_roster", str(path), "--region", tree["town"].code, "--dry-run")

    captured = capsys.readouterr()
    assert "新增2人" in captured.out
    assert "读取并检查每一行" in captured.err
