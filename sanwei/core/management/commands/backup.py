from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanwei.core.backup import BackupError, create_backup
from sanwei.core.i18n import gettext as _

KEY_REMINDER = (
    "提醒：备份里不含加密密钥。身份证号、电话等加密信息要靠密钥才能读出："
    "请把 SANWEI_FIELD_KEY（未设置时为 SECRET_KEY 或数据目录里的 secret_key 文件）"
    "另外妥善保管，不要和备份文件放在一起。"
)


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar archive (safe while the site runs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive path (default: <data dir>/backups/sanwei-<date>-<time>.tar)",
        )

    def handle(self, output: str | None = None, **options):
        if output:
            target = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.DATA_DIR) / "backups" / f"sanwei-{stamp}.tar"
        try:
            manifest = create_backup(target)
        except BackupError as e:
            raise CommandError(e.message) from e
        rows = sum(manifest.tables.values())
        self.stdout.write(
            _("已备份到 %(path)s：%(tables)d 张表共 %(rows)d 行，上传文件 %(files)d 个。")
            % {
                "path": target,
                "tables": len(manifest.tables),
                "rows": rows,
                "files": manifest.media_files,
            }
        )
        self.stdout.write(_(KEY_REMINDER))
