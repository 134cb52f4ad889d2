"""Encryption of personal fields at rest, and keyed hashes for lookup and uniqueness.

The field key is SANWEI_FIELD_KEY, or the content of the file SANWEI_FIELD_KEY_FILE, or,
failing both, SECRET_KEY (see `settings`); two keys are derived from it through HKDF, one
per purpose, so the hash key cannot decrypt and vice versa. SANWEI_FIELD_KEY_PREVIOUS
(keys separated by commas) still decrypts what an older key encrypted, while
`sanwei rotate_key` re-encrypts (see `sanwei.core.keys`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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
    "encrypt_many",
    "keyed_hash",
    "keyed_hasher",
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


def encrypt_many(values: Sequence[str]) -> list[str]:
    """`encrypt` of each of `values` (none empty), in bulk (the roster import): the same
    Fernet tokens — version, time, a random IV, AES-128-CBC of the PKCS7-padded text,
    HMAC-SHA256 of all that — read by `decrypt` and re-encrypted by the key rotation
    like any other. `Fernet.encrypt` builds a cipher, a padder and an HMAC per value,
    most of its cost on short values; here the key is found once, one AES context serves
    the batch, the CBC chaining is done here (the values of one padded length side by
    side, each block XORed with the one before as one integer), and the HMAC starts from
    its keyed state (`_keyed_sha256`)."""
    key = _derive(_master(), b"field-encryption")
    signing, encryption = key[:16], key[16:]  # Fernet's halves of its 32-byte key
    aes = Cipher(algorithms.AES(encryption), modes.ECB()).encryptor().update
    sign = _keyed_sha256(signing)
    head = b"\x80" + struct.pack(">Q", int(time.time()))
    by_size: dict[int, list[tuple[int, bytes]]] = {}
    for i, value in enumerate(values):
        data = value.encode()
        pad = 16 - len(data) % 16
        by_size.setdefault(len(data) + pad, []).append((i, data + bytes((pad,)) * pad))
    tokens: list[str] = [""] * len(values)
    for size, items in by_size.items():
        ivs = os.urandom(16 * len(items))
        previous = ivs  # block k of every value, chained: C_k = AES(P_k xor C_k-1), C_0 = IV
        blocks = []
        for k in range(0, size, 16):
            plain = b"".join([data[k : k + 16] for _, data in items])
            previous = aes(_xor(plain, previous))
            blocks.append(previous)
        for n, (i, _data) in enumerate(items):
            at = 16 * n
            parts = head + ivs[at : at + 16] + b"".join([b[at : at + 16] for b in blocks])
            tokens[i] = base64.urlsafe_b64encode(parts + sign(parts)).decode()
    return tokens


def _xor(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(len(a), "big")


def _keyed_sha256(key: bytes) -> Callable[[bytes], bytes]:
    """HMAC-SHA256 under one key for many messages: the standard library's keyed state, made
    once and copied for each message, instead of keying (and finding SHA-256) every time."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def digest(message: bytes) -> bytes:
        one = keyed.copy()
        one.update(message)
        return one.digest()

    return digest


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


def keyed_hasher() -> Callable[[str], str]:
    """`keyed_hash` with the key of now, for many values in a row (an import's rows)."""
    digest = _keyed_sha256(_derive(_master(), b"field-lookup"))
    return lambda value: digest(value.encode()).hex()


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
