from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanwei.core.backup import BackupError, read_manifest, restore_backup, table_counts
from sanwei.core.i18n import gettext as _


class Command(BaseCommand):
    help = (
        "Replace the whole database and all uploaded files with a backup archive's. "
        "Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
        )

    def handle(self, archive: str, yes: bool = False, **options):
        path = Path(archive)
        try:
            manifest = read_manifest(path)
        except BackupError as e:
            raise CommandError(e.message) from e
        self.stdout.write(
            _(
                "备份时间 %(at)s，%(engine)s 数据库，%(tables)d 张表共 %(rows)d 行，上传文件 %(files)d 个。"
            )
            % {
                "at": manifest.created_at,
                "engine": manifest.engine,
                "tables": len(manifest.tables),
                "rows": sum(manifest.tables.values()),
                "files": manifest.media_files,
            }
        )
        if not yes:
            answer = input(_("恢复会覆盖当前全部数据和上传文件。确认请输入 yes：")).strip()
            if answer.lower() != "yes":
                raise CommandError(_("已取消，数据没有改动。"))
        try:
            restore_backup(path)
        except BackupError as e:
            raise CommandError(e.message) from e
        now = table_counts()
        differing = sorted(t for t, n in manifest.tables.items() if now.get(t) != n)
        if differing:
            raise CommandError(
                _("恢复后以下表的行数与备份不符：%(tables)s") % {"tables": "、".join(differing)}
            )
        self.stdout.write(
            _("已恢复：每张表的行数与备份一致。如升级过版本，请再运行 sanwei migrate。")
        )
