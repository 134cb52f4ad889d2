"""Key rotation: every encrypted personal field re-encrypted, and every keyed hash
recomputed, under a new field key (`sanwei rotate_key`).

Batches of people, each in its own transaction with its rows locked: an interrupted run
is resumed by running it again with the same new key (a row already re-encrypted opens
with the new key, the others with the old one; both are tried). The app should be
stopped meanwhile: until it restarts with the new key, it cannot read rows already
re-encrypted, and lookups by hash (ID number, phone) miss them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction

from sanwei.core import crypto
from sanwei.core.models import log_event

from .models import Person
from .services import reencrypt_person

COLUMNS = ["id_number_encrypted", "id_number_hash", "phone_encrypted", "phone_hash",
           "landline_encrypted"]  # fmt: skip


def rotate_field_key(
    new_key: str,
    old_keys: Sequence[str],
    *,
    batch_size: int = 500,
    report: Callable[[int, int], None] | None = None,
) -> int:
    """Re-encrypt every person under `new_key` (`old_keys` still open the rest); returns
    how many people were rewritten. Logged once, without any key."""
    total = Person.unscoped.count()
    done = 0
    last_pk = 0
    with crypto.using_keys(new_key, old_keys):
        while True:
            with transaction.atomic():
                batch = list(
                    Person.unscoped.select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")
                    .only("pk", *COLUMNS)[:batch_size]
                )
                if not batch:
                    break
                for person in batch:
                    reencrypt_person(person)
                Person.unscoped.bulk_update(batch, COLUMNS)
            last_pk = batch[-1].pk
            done += len(batch)
            if report is not None:
                report(done, total)
    log_event("sanwei.field_key.rotated", data={"people": done})
    return done
