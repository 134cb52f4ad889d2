import pytest

from ..factories import UserFactory


@pytest.fixture
def root(db):
    """A superuser whose session holds (the factory leaves the password unsaved)."""
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    user.set_password("pass-1234")
    user.save()
    return user
