"""Encryption of personal fields at rest, and keyed hashes for lookup and uniqueness.

The field key is SANWEI_FIELD_KEY, or the content of the file SANWEI_FIELD_KEY_FILE, or,
failing both, SECRET_KEY (see `settings`); two keys are derived from it through HKDF, one
per purpose, so the hash key cannot decrypt and vice versa. SANWEI_FIELD_KEY_PREVIOUS
(keys separated by commas) still decrypts what an older key encrypted, while
`sanwei rotate_key` re-encrypts (see `sanwei.core.keys`).
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "InvalidToken",
    "current_key",
    "decrypt",
    "decrypt_bytes",
    "decrypted_column",
    "encrypt",
    "encrypt_bytes",
    "encrypt_into_column",
    "keyed_hash",
    "using_keys",
]

# (current, previous keys) while `using_keys` is active (the rotation command), else None.
_override: tuple[str, tuple[str, ...]] | None = None


def current_key() -> str:
    """The field key in use (from the settings, or `using_keys`)."""
    if _override is not None:
        return _override[0]
    key = settings.SANWEI_FIELD_KEY or (
        "" if getattr(settings, "SANWEI_FIELD_KEY_FILE", "") else settings.SECRET_KEY
    )
    if not key:
        raise ImproperlyConfigured(
            f"SANWEI_FIELD_KEY_FILE={settings.SANWEI_FIELD_KEY_FILE} is missing or empty"
        )
    return key


def _master() -> bytes:
    return current_key().encode()


def _previous() -> tuple[str, ...]:
    if _override is not None:
        return _override[1]
    return tuple(getattr(settings, "SANWEI_FIELD_KEY_PREVIOUS", ()) or ())


@lru_cache(maxsize=16)
def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"sanwei", info=purpose).derive(master)


def _fernet() -> Fernet:
    return _fernet_for(_derive(_master(), b"field-encryption"))


@lru_cache(maxsize=16)
def _fernet_for(key: bytes) -> Fernet:
    """One Fernet per key: building it costs a fifth of an encryption (bulk imports)."""
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=16)
def _multi(master: bytes, previous: tuple[str, ...]) -> MultiFernet:
    keys = [master, *(p.encode() for p in previous)]
    return MultiFernet([_fernet_for(_derive(k, b"field-encryption")) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The clear text of `token`; raises InvalidToken when no configured key opens it."""
    previous = _previous()
    if not previous:
        return _fernet().decrypt(token.encode()).decode()
    return _multi(_master(), previous).decrypt(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """`encrypt` for bytes (a token, itself ASCII bytes): files of many values at once."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The bytes `encrypt_bytes` encrypted; raises InvalidToken as `decrypt` does."""
    previous = _previous()
    if not previous:
        return _fernet().decrypt(token)
    return _multi(_master(), previous).decrypt(token)


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 hex of a normalised value: equal inputs give equal hashes, nothing else."""
    key = _derive(_master(), b"field-lookup")
    return hmac.digest(key, value.encode(), "sha256").hex()  # one-shot: fast in bulk


@contextmanager
def using_keys(current: str, previous: Sequence[str] = ()) -> Iterator[None]:
    """Encrypt and hash with `current`, decrypt with it or one of `previous`, whatever the
    settings say (the key rotation; one thread)."""
    global _override
    saved = _override
    _override = (current, tuple(previous))
    try:
        yield
    finally:
        _override = saved


def decrypted_column(obj: object, column: str) -> str:
    """The clear value of `obj`'s encrypted column ("" when empty), decrypted once per
    stored token: cached on the instance against the token, so a reload or another
    assignment of the column is seen (the `phone` properties of the models)."""
    token = getattr(obj, column)
    if not token:
        return ""
    cache = obj.__dict__.setdefault("_clear", {})
    hit = cache.get(column)
    if hit is not None and hit[0] == token:
        return hit[1]
    value = decrypt(token)
    cache[column] = (token, value)
    return value


def encrypt_into_column(obj: object, column: str, value: str) -> None:
    """Store `value` encrypted in `obj`'s column ("" for none), its clear value cached."""
    token = encrypt(value) if value else ""
    setattr(obj, column, token)
    if token:
        obj.__dict__.setdefault("_clear", {})[column] = (token, value)


def encrypted_property(
    column: str, doc: str, *, on_set: Callable[[object, str], None] | None = None
) -> property:
    """A model's clear value over its encrypted `column` (the `phone` and `landline` of the
    models): read through `decrypted_column`; a new value is encrypted into the column and
    handed to `on_set` (to keep a hash or a tail beside it), an unchanged one left alone."""

    def get(obj: object) -> str:
        return decrypted_column(obj, column)

    def set_(obj: object, value: str) -> None:
        value = value or ""
        if value == get(obj):
            return
        encrypt_into_column(obj, column, value)
        if on_set is not None:
            on_set(obj, value)

    return property(get, set_, doc=doc)
