"""`crypto.encrypt_many` (the roster import's bulk encryption) makes exactly the tokens
`Fernet` makes for the same key, time and IV, which `decrypt` reads like any other, under
the key rotation too; `crypto.keyed_hasher` gives exactly `keyed_hash`."""

import base64
import struct

from cryptography.fernet import Fernet

from sanwei.core import crypto

# Empty, short, one block less one byte, exactly a block (a full block of padding),
# several blocks, Chinese (three bytes a character), an ID number and a phone.
VALUES = [
    "", "1", "a" * 15, "b" * 16, "c" * 17, "d" * 40, "张三丰", "湖南省张家界市慈利县" * 3,
    "11010519491231002X", "13800001234", "0744-1234567", "13800001234",
]  # fmt: skip


def _fernet() -> Fernet:
    key = crypto._derive(crypto.current_key().encode(), b"field-encryption")
    return Fernet(base64.urlsafe_b64encode(key))


def test_each_token_is_the_fernet_token_of_its_value_with_the_same_time_and_iv():
    tokens = crypto.encrypt_many(VALUES)
    fernet = _fernet()

    assert len(tokens) == len(VALUES)
    for value, token in zip(VALUES, tokens, strict=True):
        raw = base64.urlsafe_b64decode(token)
        (at,) = struct.unpack(">Q", raw[1:9])
        iv = raw[9:25]
        assert token == fernet._encrypt_from_parts(value.encode(), at, iv).decode()
        assert crypto.decrypt(token) == value
    # A fresh random IV for every value, equal values included.
    assert len({base64.urlsafe_b64decode(t)[9:25] for t in tokens}) == len(VALUES)


def test_tokens_of_an_old_key_still_read_while_the_key_is_rotated():
    with crypto.using_keys("the-old-field-key-0123456789"):
        tokens = crypto.encrypt_many(["11010519491231002X", "13800001234"])
    with crypto.using_keys("the-new-field-key-9876543210", ["the-old-field-key-0123456789"]):
        assert [crypto.decrypt(t) for t in tokens] == ["11010519491231002X", "13800001234"]
        again = crypto.encrypt_many(["13800001234"])
    with crypto.using_keys("the-new-field-key-9876543210"):
        assert crypto.decrypt(again[0]) == "13800001234"


def test_the_bulk_hasher_is_the_keyed_hash():
    hasher = crypto.keyed_hasher()
    assert [hasher(v) for v in VALUES] == [crypto.keyed_hash(v) for v in VALUES]
    with crypto.using_keys("another-field-key-0123456789"):
        other = crypto.keyed_hasher()
        assert other("13800001234") == crypto.keyed_hash("13800001234")
    assert other("13800001234") != hasher("13800001234")
