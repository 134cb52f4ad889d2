"""Backup and restore of a deployment: the database and the uploaded files, in one archive.

An archive (`.tar`) holds:
- `database.sqlite3`, copied with SQLite's online backup API (consistent while the site runs),
  or `database.pgdump`, written by `pg_dump --format=custom` (a consistent snapshot too);
- `media/…`, every uploaded file under MEDIA_ROOT;
- `manifest.json`: when, which engine, the row count of every table, the latest migration of
  every app, and a fingerprint of the field key (an HMAC of a fixed text, never the key).

The key that encrypts ID numbers and phones (SANWEI_FIELD_KEY, or SECRET_KEY / the
`secret_key` file) is never written into an archive: an archive that leaks stays sealed.
Whoever restores needs that key; `restore` refuses an archive made under another key,
because every ID number in it would be unreadable.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .crypto import keyed_hash
from .errors import ServiceError
from .i18n import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
KEY_CHECK_TEXT = "sanwei-backup-key-check"


class BackupError(ServiceError):
    """A backup or restore that cannot go on; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    engine: str
    tables: dict[str, int]
    migrations: dict[str, str]
    key_fingerprint: str
    media_files: int
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError("unsupported_database", _("只支持 SQLite 和 PostgreSQL 数据库的备份。"))
    return vendor


def key_fingerprint() -> str:
    """Tells two field keys apart without revealing either (first 16 hex of an HMAC)."""
    return keyed_hash(KEY_CHECK_TEXT)[:16]


def table_counts() -> dict[str, int]:
    """Rows per table of the default database (every table, Django's own included)."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from Django's settings (password by env)."""
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            "database_tool_failed",
            _("数据库工具 %(tool)s 执行失败：%(error)s")
            % {"tool": command[0], "error": result.stderr.strip()[-500:]},
        )


def create_backup(target: Path) -> Manifest:
    """Write an archive of the database and the uploaded files to `target` (a .tar file).

    Safe while the site runs: SQLite's backup API and pg_dump each copy one consistent
    state. The archive is written beside the target and renamed into place when complete,
    so a failed backup leaves no half archive under the target's name."""
    vendor = engine()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    media = _media_files()
    with tempfile.TemporaryDirectory(prefix="sanwei-backup-") as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            db_file = work_dir / SQLITE_FILE
            connection.ensure_connection()
            destination = sqlite3.connect(db_file)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        else:
            db_file = work_dir / PG_FILE
            args, env = _pg_env()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(db_file), *args], env)
        manifest = Manifest(
            created_at=timezone.localtime().isoformat(timespec="seconds"),
            engine=vendor,
            tables=table_counts(),
            migrations=latest_migrations(),
            key_fingerprint=key_fingerprint(),
            media_files=len(media),
        )
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.to_json()
            info.size = len(data)
            info.mtime = int(datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            root = _media_root()
            for path in media:
                tar.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(root).as_posix()}")
        partial.replace(target)
    return manifest


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.from_json(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError, TypeError) as e:
        raise BackupError(
            "not_a_backup", _("%(path)s 不是 sanwei 备份文件。") % {"path": archive}
        ) from e


def restore_backup(archive: Path) -> Manifest:
    """Replace the whole database and all uploaded files with the archive's.

    Refused, with nothing changed, when the archive is not a sanwei backup or was made on
    the other database engine or under another field key. Stop the site (web and worker)
    before restoring; the command asks for confirmation."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    vendor = engine()
    if manifest.engine != vendor:
        raise BackupError(
            "engine_mismatch",
            _("这份备份来自 %(theirs)s 数据库，不能恢复到 %(ours)s 数据库。")
            % {"theirs": manifest.engine, "ours": vendor},
        )
    if manifest.key_fingerprint != key_fingerprint():
        raise BackupError(
            "key_mismatch",
            _(
                "这份备份是用另一把加密密钥做的：恢复后身份证号等加密信息将无法读取。"
                "请先设置备份时使用的 SANWEI_FIELD_KEY（或 SECRET_KEY）再恢复。"
            ),
        )
    with tempfile.TemporaryDirectory(prefix="sanwei-restore-") as work:
        work_dir = Path(work)
        with tarfile.open(archive, "r") as tar:
            tar.extractall(work_dir, filter="data")
        if vendor == "sqlite":
            source = sqlite3.connect(work_dir / SQLITE_FILE)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            args, env = _pg_env()
            connections.close_all()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(work_dir / PG_FILE),
                ],
                env,
            )
        _replace_media(work_dir / MEDIA_DIR)
    return manifest


def _replace_media(source: Path) -> None:
    root = _media_root()
    if root.exists():
        shutil.rmtree(root)
    if source.exists():
        shutil.copytree(source, root)
    else:
        root.mkdir(parents=True, exist_ok=True)
