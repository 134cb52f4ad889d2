import os

import pytest
from django_scopes import scopes_disabled

from sanwei.accounts.models import Role

from .factories import build_town_tree, user_with_role


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 costs seconds per user; the tests are not about password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unscoped():
    """Tests set up data outside any request; requests still get the user's scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def tree(db, unscoped):
    return build_town_tree()


@pytest.fixture
def town_admin(tree):
    return user_with_role(Role.TOWN_ADMIN, tree["town"], username="town_admin")


@pytest.fixture
def secretary_a(tree):
    return user_with_role(Role.VILLAGE_SECRETARY, tree["village_a"], username="secretary_a")


@pytest.fixture
def secretary_b(tree):
    return user_with_role(Role.VILLAGE_SECRETARY, tree["village_b"], username="secretary_b")


@pytest.fixture
def county_viewer(tree):
    return user_with_role(Role.COUNTY_VIEWER, tree["county"], username="county_viewer")


@pytest.fixture
def volunteer_a(tree):
    return user_with_role(Role.VOLUNTEER, tree["village_a"], username="volunteer_a")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    """The real-worker Celery test needs Redis, PostgreSQL and a worker process: it runs
    in its own step of .ci/run (SANWEI_TEST_CELERY=1) and is deselected elsewhere."""
    if os.environ.get("SANWEI_TEST_CELERY") == "1":
        return
    selected = [i for i in items if i.get_closest_marker("celery_worker") is None]
    deselected = [i for i in items if i.get_closest_marker("celery_worker") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
