"""Key rotation: every encrypted personal field re-encrypted, and every keyed hash
recomputed, under a new field key (`sanwei rotate_key`): the people's ID numbers and
phones, and the phones typed into unverified check-ins (`checkin.UnverifiedCheckin`).

Batches of rows, each in its own transaction with its rows locked: an interrupted run
is resumed by running it again with the same new key (a row already re-encrypted opens
with the new key, the others with the old one; both are tried). The app should be
stopped meanwhile: until it restarts with the new key, it cannot read rows already
re-encrypted, and lookups by hash (ID number, phone) miss them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models, transaction

from sanwei.core import crypto
from sanwei.core.models import log_event

from .models import Person
from .services import reencrypt_person

COLUMNS = ["id_number_encrypted", "id_number_hash", "phone_encrypted", "phone_hash",
           "landline_encrypted"]  # fmt: skip


def _reencrypt_checkin(checkin) -> None:
    """An unverified check-in's phone under the new key, its hash recomputed."""
    phone = crypto.decrypt(checkin.phone_encrypted)
    checkin.phone_encrypted = crypto.encrypt(phone)
    checkin.phone_hash = crypto.keyed_hash(phone)


@dataclass(frozen=True)
class Encrypted:
    """A table holding fields under the field key: its model, the columns a rotation
    rewrites, and the rewrite of one row."""

    key: str  # in the log record and the progress report
    model: Callable[[], type[models.Model]]
    columns: tuple[str, ...]
    rewrite: Callable[[models.Model], None]


def _unverified_checkin() -> type[models.Model]:
    from sanwei.checkin.models import UnverifiedCheckin

    return UnverifiedCheckin


TABLES = (
    Encrypted("people", lambda: Person, tuple(COLUMNS), reencrypt_person),
    Encrypted(
        "unverified_checkins",
        _unverified_checkin,
        ("phone_encrypted", "phone_hash"),
        _reencrypt_checkin,
    ),
)


def _rotate_table(
    table: Encrypted, batch_size: int, report: Callable[[str, int, int], None] | None
) -> int:
    model = table.model()
    rows = model.unscoped  # every row, whatever the region
    total = rows.count()
    done = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                rows.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", *table.columns)[:batch_size]
            )
            if not batch:
                break
            for row in batch:
                table.rewrite(row)
            rows.bulk_update(batch, list(table.columns))
        last_pk = batch[-1].pk
        done += len(batch)
        if report is not None:
            report(table.key, done, total)
    return done


def rotate_field_key(
    new_key: str,
    old_keys: Sequence[str],
    *,
    batch_size: int = 500,
    report: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Re-encrypt every encrypted table (`TABLES`) under `new_key` (`old_keys` still open
    the rest); returns how many rows of each were rewritten ({"people": n,
    "unverified_checkins": m}). Logged once, without any key."""
    done: dict[str, int] = {}
    with crypto.using_keys(new_key, old_keys):
        for table in TABLES:
            done[table.key] = _rotate_table(table, batch_size, report)
    log_event("sanwei.field_key.rotated", data=done)
    return done
