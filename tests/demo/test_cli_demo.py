"""`sanwei demo --no-serve` end to end, in a separate process on its own SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sanwei.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _sanwei(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(SANWEI_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "sanwei.cli", *args],
        cwd=data_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_demo_builds_a_database_and_prints_the_logins(tmp_path):
    data_dir = tmp_path / "data"

    run = _sanwei("demo", "--no-serve", "--scale", "0.01", data_dir=data_dir)

    assert run.returncode == 0, run.stderr
    assert (data_dir / "sanwei.sqlite3").exists()
    assert "群众" in run.stdout
    for username in ["admin", "county", "town", "secretary", "secretary2", "leader", "volunteer"]:
        assert username in run.stdout
    assert "sanwei-demo" in run.stdout
    assert "东岳观村" in run.stdout
    # Two-factor login stays required of the superuser and the town admin: said next to
    # the accounts, and how to set it up.
    admin_line = next(line for line in run.stdout.splitlines() if " admin " in line)
    town_line = next(line for line in run.stdout.splitlines() if " town " in line)
    county_line = next(line for line in run.stdout.splitlines() if " county " in line)
    assert "须设置两步验证" in admin_line and "须设置两步验证" in town_line
    assert "须设置两步验证" not in county_line
    assert "admin、town 第一次登录时须先设置两步验证" in run.stdout

    again = _sanwei("demo", "--no-serve", data_dir=data_dir)
    assert again.returncode == 0, again.stderr
    assert "跳过" in again.stdout and "secretary2" in again.stdout

    fresh = _sanwei("demo", "--no-serve", "--fresh", "--scale", "0.01", data_dir=data_dir)
    assert fresh.returncode == 0, fresh.stderr
    assert "已删除数据库" in fresh.stdout and "跳过" not in fresh.stdout


def test_demo_refuses_unknown_options():
    with pytest.raises(SystemExit):
        main(["demo", "--no-such-option"])
