"""Passwords are hashed with Argon2; an old PBKDF2 hash still logs in and is rehashed with
Argon2 on that login; the password rules refuse weak passwords in Chinese."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sanwei import settings as production

from ..factories import UserFactory


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_new_passwords_are_hashed_with_argon2(production_hashers, db):
    user = UserFactory(username="wang")
    user.set_password("Dongyue-guan-2026")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_an_old_pbkdf2_hash_logs_in_and_is_rehashed_with_argon2(production_hashers, client, db):
    user = UserFactory(username="li")
    user.password = make_password("Old-pbkdf2-pass", hasher="pbkdf2_sha256")
    user.save()
    assert user.password.startswith("pbkdf2_sha256$")

    response = client.post("/accounts/login/", {"username": "li", "password": "Old-pbkdf2-pass"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("Old-pbkdf2-pass")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab3$xyz", "密码太短，至少需要 10 个字符。"),
        ("2026113012345", "密码只包含数字。"),
        ("password123", "这个密码太常见了。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(db, password, message):
    user = UserFactory(username="zhangsan")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in refused.value.messages


def test_a_password_like_the_username_is_refused(db):
    user = UserFactory(username="dongyueguan01")
    with pytest.raises(ValidationError) as refused:
        validate_password("dongyueguan01x", user)
    assert "密码跟 用户名 太相似了。" in refused.value.messages


def test_a_long_uncommon_password_passes(db):
    assert validate_password("Shuang-gang-village-9", UserFactory(username="zhao")) is None
