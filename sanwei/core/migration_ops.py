"""Operations that hand-written migrations share.

Frozen: migrations that have run depend on what these functions return, so change them
only by adding a new function.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import Manager


def unscoped_base_manager(
    options_by_model: dict[str, dict],
) -> list[migrations.operations.base.Operation]:
    """Region-owned models (`core.models.RegionOwned`): the scoped `objects` and the one
    unscoped manager, `unscoped`, which is also the base manager. `options_by_model`
    maps a model name to its other Meta options."""
    operations: list[migrations.operations.base.Operation] = []
    for name, options in options_by_model.items():
        operations.append(
            migrations.AlterModelOptions(
                name=name, options={"base_manager_name": "unscoped", **options}
            )
        )
        operations.append(
            migrations.AlterModelManagers(
                name=name, managers=[("objects", Manager()), ("unscoped", Manager())]
            )
        )
    return operations
