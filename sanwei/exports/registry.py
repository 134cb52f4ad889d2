"""The exporters known to the site: a dict filled by the `@register` decorator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanwei.accounts.permissions import can

if TYPE_CHECKING:
    from .base import Exporter

EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: make an exporter available under its `identifier`."""
    if not cls.identifier:
        raise ValueError(f"{cls.__name__} has no identifier")
    if cls.identifier in EXPORTERS and EXPORTERS[cls.identifier] is not cls:
        raise ValueError(f"exporter identifier {cls.identifier!r} is already registered")
    EXPORTERS[cls.identifier] = cls
    return cls


def get_exporter(identifier: str) -> type[Exporter] | None:
    return EXPORTERS.get(identifier)


def exporters_for(user, *, for_activity: bool = False) -> list[type[Exporter]]:
    """The exporters `user` may run: list exporters, or those of one activity (those of
    a campaign are run from the campaign's pages)."""
    return [
        cls
        for cls in EXPORTERS.values()
        if cls.needs_activity == for_activity
        and not cls.needs_campaign
        and can(user, cls.permission)
    ]
