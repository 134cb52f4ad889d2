import pytest

from sanwei.regions.models import RegionLevel

from ..factories import RegionFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The users of tests/conftest.py hash passwords twice; PBKDF2 makes that seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def groups(tree):
    """Two villagers' groups (15-digit codes) under village A."""
    return [
        RegionFactory(
            code=f"430821104201{n:03d}",
            name=f"{n}组",
            level=RegionLevel.GROUP,
            parent=tree["village_a"],
        )
        for n in (1, 2)
    ]
