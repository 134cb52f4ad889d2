"""In production (DEBUG=0) the key that encrypts ID numbers and phones must not come from
the data folder: `check --deploy` (which `sanwei serve --production` runs before starting)
stops with sanwei.E001. Given in the environment or as a file elsewhere, it is clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check(tmp_path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "sanwei.example.gov.cn",
        **extra,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", *args],
        env=env,
        cwd=tmp_path,  # the default data folder ./data lands here
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_default_key_file_in_the_data_folder_stops_production(tmp_path):
    result = check(tmp_path)
    assert result.returncode == 1
    assert "sanwei.E001" in result.stderr
    assert "SANWEI_FIELD_KEY_FILE" in result.stderr  # the hint says what to do


def test_a_key_file_inside_the_data_folder_stops_production(tmp_path):
    (tmp_path / "data").mkdir()
    key = tmp_path / "data" / "field.key"
    key.write_text(secrets.token_urlsafe(32))
    result = check(tmp_path, SANWEI_FIELD_KEY_FILE=str(key))
    assert result.returncode == 1
    assert "sanwei.E001" in result.stderr


def test_a_key_file_outside_the_data_folder_passes(tmp_path):
    key = tmp_path / "keys" / "field.key"
    key.parent.mkdir()
    key.write_text(secrets.token_urlsafe(32))
    result = check(tmp_path, SANWEI_FIELD_KEY_FILE=str(key))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_key_in_the_environment_passes_and_debug_does_not_care(tmp_path):
    assert check(tmp_path, SANWEI_FIELD_KEY=secrets.token_urlsafe(32)).returncode == 0
    local = check(tmp_path, DEBUG="1")  # local use: the data folder is fine
    assert "sanwei.E001" not in local.stderr


def test_a_missing_key_file_is_an_error_even_when_debugging(tmp_path):
    result = check(tmp_path, DEBUG="1", SANWEI_FIELD_KEY_FILE=str(tmp_path / "gone.key"))
    assert result.returncode == 1
    assert "sanwei.E002" in result.stderr
