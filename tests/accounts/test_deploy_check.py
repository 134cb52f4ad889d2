"""With only DEBUG=0, SECRET_KEY and ALLOWED_HOSTS set, Django's deployment check finds
nothing: the production defaults are the secure ones. Each protection is turned off only
by its own variable, and the check then says so."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(tmp_path, **extra: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sanwei.example.gov.cn",
        **extra,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,  # the default data folder ./data lands here
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_only_the_three_variables(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_turning_a_protection_off_takes_its_own_variable_and_the_check_reports_it(tmp_path):
    result = deploy_check(tmp_path, SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0")
    assert result.returncode == 1
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE
    assert "security.W016" not in result.stderr  # the CSRF cookie stays secure


def test_debug_on_is_reported(tmp_path):
    result = deploy_check(tmp_path, DEBUG="1")
    assert result.returncode == 1
    assert "security.W018" in result.stderr


def test_trusted_origins_and_proxy_header_come_from_the_environment(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sanwei.example.gov.cn",
        "CSRF_TRUSTED_ORIGINS": "https://sanwei.example.gov.cn, https://m.example.gov.cn",
        "SESSION_IDLE_MINUTES": "15",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.CSRF_TRUSTED_ORIGINS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_AGE)"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "['https://sanwei.example.gov.cn', 'https://m.example.gov.cn'] "
        "('HTTP_X_FORWARDED_PROTO', 'https') 900"
    ), result.stderr


def test_a_login_through_a_tls_proxy_passes_the_csrf_origin_check(db, secretary_a, settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = ["sanwei.example.gov.cn"]
    client = Client(enforce_csrf_checks=True)
    behind_proxy = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "sanwei.example.gov.cn"}
    page = client.get("/accounts/login/", **behind_proxy)
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"username": "secretary_a", "password": "pass-1234", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://sanwei.example.gov.cn",
        HTTP_REFERER="https://sanwei.example.gov.cn/accounts/login/",
        **behind_proxy,
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    forged = Client(enforce_csrf_checks=True)
    forged.get("/accounts/login/", **behind_proxy)
    refused = forged.post(
        "/accounts/login/",
        {"username": "secretary_a", "password": "pass-1234", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://evil.example.com",
        **behind_proxy,
    )
    assert refused.status_code == 403


def test_without_the_proxy_header_setting_the_same_login_would_be_refused(
    db, secretary_a, settings
):
    from django.test import Client

    settings.ALLOWED_HOSTS = ["sanwei.example.gov.cn"]
    settings.SECURE_PROXY_SSL_HEADER = None
    client = Client(enforce_csrf_checks=True)
    behind_proxy = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "sanwei.example.gov.cn"}
    token = client.get("/accounts/login/", **behind_proxy).cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"username": "secretary_a", "password": "pass-1234", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://sanwei.example.gov.cn",
        **behind_proxy,
    )
    assert response.status_code == 403  # what the issue saw: Origin https://… against http
