"""`sanwei serve` is Django's development server: bound to more than this machine, it says
so and points to the production setup (WSGI server behind nginx, README)."""

import pytest

from sanwei import cli


@pytest.fixture
def served(monkeypatch) -> list[tuple[str, int]]:
    monkeypatch.setenv("DEBUG", "0")
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(cli, "_run_server", lambda host, port: calls.append((host, port)))
    return calls


def test_serving_beyond_this_machine_warns_it_is_not_for_production(served, capsys):
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "8001"]) == 0

    assert served == [("0.0.0.0", 8001)]
    err = capsys.readouterr().err
    assert "sanwei serve 是 Django 开发服务器，只供本机试用，不要用于正式上线" in err
    assert "README“正式上线”" in err


def test_serving_this_machine_says_nothing(served, capsys):
    assert cli.main(["serve", "--port", "8001"]) == 0

    assert served == [("127.0.0.1", 8001)]
    assert capsys.readouterr().err == ""
