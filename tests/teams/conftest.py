import pytest

from sanwei.teams.models import TeamKind

from ..factories import PersonFactory, TeamFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The users of tests/conftest.py hash passwords twice; PBKDF2 makes that seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def brand(tree):
    return TeamFactory(name="星火志愿服务队", kind=TeamKind.VOLUNTEER_BRAND, region=tree["town"])


@pytest.fixture
def squadron(tree, brand):
    return TeamFactory(
        name="星火志愿服务中队", kind=TeamKind.SQUADRON, region=tree["town"], parent=brand
    )


@pytest.fixture
def squad_a(tree, squadron):
    return TeamFactory(
        name="东岳观村志愿服务小队", kind=TeamKind.SQUAD, region=tree["village_a"], parent=squadron
    )


@pytest.fixture
def lecture_team(tree):
    return TeamFactory(name="东岳观村宣讲队", kind=TeamKind.LECTURE, region=tree["village_a"])


@pytest.fixture
def resident_a(tree):
    return PersonFactory(name="王秀英", region=tree["village_a"])


@pytest.fixture
def resident_b(tree):
    return PersonFactory(name="李建国", region=tree["village_b"])
