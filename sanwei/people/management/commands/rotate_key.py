import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sanwei.core import crypto
from sanwei.core.i18n import gettext as _
from sanwei.people.keys import rotate_field_key


class Command(BaseCommand):
    help = (
        "Re-encrypt every ID number and phone (of people and of unverified check-ins) and "
        "recompute their keyed hashes under a new "
        "field key, in batches (run it again with the same file to resume). The new key is "
        "read from --new-key-file, which is created with a random key if it does not exist. "
        "Stop the web and worker processes first; restart them with the new key after."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key-file",
            required=True,
            help="the new key's file (outside the data folder); made if missing",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, new_key_file: str, batch_size: int = 500, **options):
        path = Path(new_key_file)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(32) + "\n")
            self.stdout.write(_("已生成新密钥：%(path)s") % {"path": path})
        new_key = path.read_text().strip()
        if not new_key:
            raise CommandError(_("新密钥文件是空的：%(path)s") % {"path": path})
        old_key = crypto.current_key()
        old_keys = [k for k in (old_key, *settings.SANWEI_FIELD_KEY_PREVIOUS) if k != new_key]
        if not old_keys:
            raise CommandError(_("新密钥与当前密钥相同，无需轮换。"))

        def report(table: str, done: int, total: int) -> None:
            line = (
                _("已重新加密 %(done)d / %(total)d 名群众")
                if table == "people"
                else _("已重新加密 %(done)d / %(total)d 条待确认签到")
            )
            self.stdout.write(line % {"done": done, "total": total})

        try:
            done = rotate_field_key(new_key, old_keys, batch_size=batch_size, report=report)
        except crypto.InvalidToken as e:
            raise CommandError(
                _("有数据既不能用当前密钥也不能用新密钥解密：请检查密钥设置。")
            ) from e
        self.stdout.write(
            _(
                "完成：%(people)d 名群众的身份证号码和电话、"
                "%(checkins)d 条待确认签到的手机号码已用新密钥加密。\n"
                "下一步：\n"
                "1. 把新密钥设为 SANWEI_FIELD_KEY_FILE=%(path)s（或把它的内容设为 SANWEI_FIELD_KEY），"
                "再重启网站和 Celery 工作进程；\n"
                "2. 旧密钥已不能解密现有数据，但轮换前做的备份只能用旧密钥恢复："
                "把旧密钥和这些备份一起离线保管，备份过期后再销毁旧密钥；\n"
                "3. 新密钥同样不要放在数据目录里，并另行备份。"
            )
            % {
                "people": done["people"],
                "checkins": done["unverified_checkins"],
                "path": path.resolve(),
            }
        )
