"""`sanwei serve --production`: gunicorn serves the site and whitenoise its static files.

Starts the real command in a subprocess on a fresh SQLite data folder (a copy of one
migrated once for the session), on a free loopback port, and reads a page and a static
file over HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects; as if through a TLS proxy when the site asks for it."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with opener.open(request, timeout=90) as r:  # a worker's first request imports the site
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def production_env(data: Path) -> dict[str, str]:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DEBUG": "0",
        "SECRET_KEY": "test-production-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SANWEI_DATA_DIR": str(data),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="session")
def migrated_data(tmp_path_factory) -> Path:
    """A data folder migrated once for the session; each server runs on a copy of it."""
    folder = tmp_path_factory.mktemp("production")
    subprocess.run(
        [sys.executable, "-m", "sanwei.cli", "migrate", "--verbosity", "0"],
        env=production_env(folder / "data"),
        cwd=folder,
        check=True,
    )
    return folder / "data"


@pytest.fixture
def production_server(tmp_path, migrated_data):
    port = free_port()
    shutil.copytree(migrated_data, tmp_path / "data")
    env = production_env(tmp_path / "data")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "sanwei.cli", "serve", "--production"),
            *("--port", str(port), "--workers", "2"),
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                pytest.fail("the server exited: " + process.stdout.read())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not listen within 60 s")

        def stop() -> str:
            """Stop the server; what it printed (gunicorn's log, the access log)."""
            process.terminate()
            return process.communicate(timeout=20)[0]

        yield base, tmp_path / "data", stop
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def test_production_server_serves_the_login_page_and_static_files(production_server):
    base, data, _stop = production_server

    status, headers, body = get(base + "/accounts/login/")
    assert status == 200
    assert "登录".encode() in body
    assert "gunicorn" in headers.get("Server", "")

    status, headers, body = get(base + "/static/vendor/htmx.min.js")
    assert status == 200
    assert b"htmx" in body[:2000]
    assert (data / "staticfiles" / "vendor" / "htmx.min.js").exists()  # collectstatic ran


def test_the_access_log_leaves_out_query_strings(production_server):
    """A phone number typed into the search box travels in the query string: the access
    log keeps the path only."""
    base, _data, stop = production_server
    status, _headers, _body = get(base + "/people/?q=13800001234")
    assert status == 302  # to the login page
    status, _headers, _body = get(base + "/accounts/login/?next=/people/%3Fq%3D13800001234")
    assert status == 200
    output = stop()
    assert '"GET /people/ HTTP/1.1" 302' in output
    assert '"GET /accounts/login/ HTTP/1.1" 200' in output
    assert "13800001234" not in output


def test_production_refuses_a_field_key_in_the_data_folder(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SANWEI_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "sanwei.cli", "serve", "--production"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "sanwei.E001" in result.stderr


def test_production_refuses_debug(monkeypatch, capsys):
    from sanwei import cli

    monkeypatch.setenv("DEBUG", "1")
    assert cli.main(["serve", "--production"]) == 2
    assert "正式上线不能开启 DEBUG" in capsys.readouterr().err
