"""System checks of sanwei's own settings.

- sanwei.E001 (a deployment check: `check --deploy`, and `sanwei serve --production`, which
  runs it and refuses to start on an error): with DEBUG=0 the field key must not come from
  the data folder. A deployment check because the ordinary checks also run under
  `makemigrations` and the tests, where the data folder's key is the right default.
- sanwei.E002 (every check): SANWEI_FIELD_KEY_FILE names a missing or empty file.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

FIELD_KEY_HINT = (
    "Set SANWEI_FIELD_KEY in the environment, or SANWEI_FIELD_KEY_FILE to a file outside "
    "the data folder (README: 加密密钥的保管). A SECRET_KEY given in the environment also "
    "serves. Moving an existing key: copy data/secret_key's content into that file."
)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


@register("security")
def field_key_file(app_configs=None, **kwargs) -> list[Error]:
    if settings.SANWEI_FIELD_KEY_SOURCE == "file" and not settings.SANWEI_FIELD_KEY:
        return [
            Error(
                f"The field key file SANWEI_FIELD_KEY_FILE={settings.SANWEI_FIELD_KEY_FILE} "
                "is missing or empty.",
                hint="Restore the key file; without it no ID number or phone can be read.",
                id="sanwei.E002",
            )
        ]
    return []


@register("security", deploy=True)
def field_key_outside_data(app_configs=None, **kwargs) -> list[Error]:
    """The key that encrypts ID numbers and phones must not sit beside the data it opens:
    in production (DEBUG=0) it comes from the environment or from a file outside the data
    folder, so a copy of the data folder (a backup, a stolen disk) holds no key."""
    source = settings.SANWEI_FIELD_KEY_SOURCE
    data_dir = Path(settings.DATA_DIR)
    if settings.DEBUG:
        return []
    if source == "secret_key_file" or (
        source == "file" and _inside(Path(settings.SANWEI_FIELD_KEY_FILE), data_dir)
    ):
        return [
            Error(
                "The key that encrypts personal fields is kept in the data folder "
                f"({data_dir}), beside the data it opens.",
                hint=FIELD_KEY_HINT,
                id="sanwei.E001",
            )
        ]
    return []
