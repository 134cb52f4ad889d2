"""Encryption of personal fields at rest, and keyed hashes for lookup and uniqueness.

Keys come from SANWEI_FIELD_KEY (or, failing that, SECRET_KEY) through HKDF, one
derived key per purpose, so the hash key cannot decrypt and vice versa.
"""

from __future__ import annotations

import base64
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _master() -> bytes:
    return (settings.SANWEI_FIELD_KEY or settings.SECRET_KEY).encode()


@lru_cache(maxsize=8)
def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"sanwei", info=purpose).derive(master)


def _fernet() -> Fernet:
    return _fernet_for(_derive(_master(), b"field-encryption"))


@lru_cache(maxsize=8)
def _fernet_for(key: bytes) -> Fernet:
    """One Fernet per key: building it costs a fifth of an encryption (bulk imports)."""
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 hex of a normalised value: equal inputs give equal hashes, nothing else."""
    key = _derive(_master(), b"field-lookup")
    return hmac.digest(key, value.encode(), "sha256").hex()  # one-shot: fast in bulk
