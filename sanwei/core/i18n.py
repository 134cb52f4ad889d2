"""gettext for the few modules that must also work without Django settings.

``sanwei.people.validation`` and ``sanwei.imports.readers`` are pure Python and are
imported (and tested) without settings. Their messages still go through gettext when
Django is set up; without settings (or before the app registry is ready) the msgid, the
zh-Hans text itself, is returned unchanged. Nothing from Django is imported at module
level.
"""

from __future__ import annotations

__all__ = ["gettext", "gettext_noop"]


def gettext(message: str) -> str:
    """Django's ``gettext`` when it can run, else ``message`` as is (always a ``str``)."""
    try:
        from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
        from django.utils.translation import gettext as django_gettext
    except ImportError:  # pragma: no cover - Django is a dependency
        return message
    try:
        return str(django_gettext(message))
    except (ImproperlyConfigured, AppRegistryNotReady):
        return message


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation (``makemessages`` extracts it) without translating."""
    return message
