"""Encryption of personal fields at rest, and keyed hashes for lookup and uniqueness.

Keys come from SANWEI_FIELD_KEY (or, failing that, SECRET_KEY) through HKDF, one
derived key per purpose, so the hash key cannot decrypt and vice versa.
"""

from __future__ import annotations

import base64
import hashlib
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
    return Fernet(base64.urlsafe_b64encode(_derive(_master(), b"field-encryption")))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 hex of a normalised value: equal inputs give equal hashes, nothing else."""
    key = _derive(_master(), b"field-lookup")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
