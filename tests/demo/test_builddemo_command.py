"""`sanwei builddemo` passes through to the management command, which builds once."""

import pytest
from django.db import connections
from django_scopes import scopes_disabled

from sanwei.cli import main
from sanwei.demo.builder import is_demo_built
from sanwei.people.models import Person


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """A command run from the command line closes all connections when it ends; on
    PostgreSQL that would end the test's transaction."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_builddemo_through_the_console_script_builds_the_town(db, capsys):
    assert not is_demo_built()

    assert main(["builddemo", "--scale", "0.01", "--no-progress"]) == 0

    assert is_demo_built()
    out = capsys.readouterr().out
    assert "村/社区 16" in out
    with scopes_disabled():
        assert Person.unscoped.count() > 100


def test_builddemo_again_skips_and_fresh_rebuilds(db, capsys):
    main(["builddemo", "--scale", "0.01", "--no-progress"])
    with scopes_disabled():
        before = Person.unscoped.count()
    capsys.readouterr()

    main(["builddemo", "--scale", "0.01", "--no-progress"])
    assert "跳过" in capsys.readouterr().out
    with scopes_disabled():
        assert Person.unscoped.count() == before

    main(["builddemo", "--fresh", "--scale", "0.01", "--no-progress"])
    assert "跳过" not in capsys.readouterr().out
    with scopes_disabled():
        assert Person.unscoped.count() == before  # emptied, then the same town again
