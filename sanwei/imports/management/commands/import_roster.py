"""`sanwei import FILE --kind persons --region CODE [--dry-run] [--allow-invalid] [--yes-large]`.

Reads and checks the file with a progress bar, prints the counts and the invalid rows,
then — unless `--dry-run` — applies it in one transaction. A file with invalid rows is
not imported unless `--allow-invalid` is given (then the valid rows are, and the invalid
ones listed). Exit status 1 when nothing was imported because of invalid rows or a bad
file. A file with more rows than its region can plausibly hold (`services.size_check`) is
not imported without `--yes-large`.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.core.scoping import scopes_disabled
from sanwei.imports import services
from sanwei.imports.models import ImportKind, ImportStatus
from sanwei.imports.readers import ReadError
from sanwei.regions.models import Region

MAX_LISTED = 200


class _Bar:
    """A tqdm bar that follows the services' (done, total, stage) reports."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: tqdm | None = None
        self.stage = ""

    def __call__(self, done: int, total: int, stage: str) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total or None, desc=stage, unit=_("行"), leave=True)
        assert self.bar is not None
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, not gettext_lazy: argparse needs a real str for the description.
        return _("导入群众花名册（xlsx/xls/CSV）：先检查，再在一个事务中写入。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("花名册文件"))
        parser.add_argument(
            "--kind", default=ImportKind.PERSONS, choices=ImportKind.values, help=_("导入内容")
        )
        parser.add_argument("--region", required=True, help=_("导入到的乡镇或村（社区）区划代码"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查，不写入"))
        parser.add_argument(
            "--allow-invalid", action="store_true", help=_("有错误的行跳过，其余照常导入")
        )
        parser.add_argument(
            "--yes-large",
            action="store_true",
            help=_("确认导入行数超出导入区划合理范围的文件（不加则拒绝导入）"),
        )
        parser.add_argument("--user", help=_("以该用户的身份和权限导入（不填则以系统身份导入）"))
        parser.add_argument("--no-progress", action="store_true", help=_("不显示进度条"))

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        region = Region.unscoped.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(_("区划代码不存在：%(code)s") % {"code": options["region"]})
        user = SYSTEM  # without --user the command acts as the system
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("用户不存在：%(username)s") % {"username": options["user"]})
        bar = _Bar(enabled=not options["no_progress"])
        try:
            services.check_root(region)
            if options["dry_run"]:
                self._dry_run(path, region, bar)
                return
            with open(path, "rb") as f:
                job = services.create_job(f, options["kind"], region, user)
            job = services.preview(job, report=bar)
        except (ReadError, ServiceError) as e:
            raise CommandError(e.message) from e
        finally:
            bar.close()
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.error_message)
        if duplicate := services.same_file_message(job):
            self.stderr.write(self.style.WARNING(duplicate))
        self._print_counts(job.counts, job.errors, job.error_total)
        if job.counts.get("invalid") and not options["allow_invalid"]:
            services.cancel(job, user)
            raise CommandError(
                _(
                    "文件有%(count)s行错误，未导入。"
                    "请更正后重新导入，或加 --allow-invalid 跳过这些行、导入其余行。"
                )
                % {"count": job.counts["invalid"]}
            )
        if job.valid_rows == 0:
            services.cancel(job, user)
            raise CommandError(_("文件中没有可以导入的有效行"))
        if warning := services.job_size_warning(job):
            if not options["yes_large"]:
                services.cancel(job, user)
                raise CommandError(
                    _("%(warning)s。未导入；确认无误请加 --yes-large 重新运行。")
                    % {"warning": warning}
                )
            self.stderr.write(self.style.WARNING(warning))
        job = services.commit(job, user, report=bar)
        bar.close()
        if job.status != ImportStatus.COMMITTED:
            raise CommandError(job.error_message)
        counts = job.counts
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "导入完成：新增%(new)s人，更新%(updated)s人，"
                    "没有变化%(unchanged)s人，跳过%(invalid)s行；"
                    "新建%(households_new)s户，更新%(households_updated)s户。"
                    "（导入记录 #%(job)s）"
                )
                % {**counts, "job": job.pk}
            )
        )

    def _dry_run(self, path: str, region: Region, bar: _Bar) -> None:
        with open(path, "rb") as f:
            analysis = services.analyse(f, os.path.basename(path), region, report=bar)
        try:
            plan = services.classify(
                analysis.records, analysis.invalid_heads, region, analysis.regions, report=bar
            )
        finally:
            analysis.close()
        bar.close()
        errors = {**analysis.errors, **plan.errors}
        counts = plan.counts(len(errors), analysis.rows)
        if warning := services.size_warning(region, analysis.rows):
            self.stderr.write(
                self.style.WARNING(
                    _("%(warning)s；导入时须加 --yes-large 确认。") % {"warning": warning}
                )
            )
        listed = [{"line": n, "messages": errors[n]} for n in sorted(errors)[:MAX_LISTED]]
        self._print_counts(counts, listed, len(errors))
        if plan.warnings:
            self.stdout.write(
                _("需核对的行：%(count)s行（会照常导入）") % {"count": len(plan.warnings)}
            )
            for line in sorted(plan.warnings)[:20]:
                self.stdout.write(
                    _("  第%(line)s行：%(messages)s")
                    % {"line": line, "messages": "；".join(plan.warnings[line])}
                )
        self.stdout.write(_("试运行：没有写入任何数据。"))
        if errors:
            raise CommandError(_("文件有%(count)s行错误。") % {"count": len(errors)}, returncode=1)

    def _print_counts(self, counts: dict, errors: list[dict], error_total: int) -> None:
        self.stdout.write(
            _(
                "数据行%(rows)s：新增%(new)s人，更新%(updated)s人，"
                "没有变化%(unchanged)s人，有错误%(invalid)s行，"
                "需核对%(warnings)s行；新建%(households_new)s户，"
                "更新%(households_updated)s户。"
            )
            % counts
        )
        if error_total:
            self.stdout.write(_("有错误的行（共%(count)s行）：") % {"count": error_total})
            for problem in errors[:MAX_LISTED]:
                self.stdout.write(
                    _("  第%(line)s行：%(messages)s")
                    % {"line": problem["line"], "messages": "；".join(problem["messages"])}
                )
            if error_total > min(len(errors), MAX_LISTED):
                self.stdout.write(
                    _("  ……只列出前%(count)s行") % {"count": min(len(errors), MAX_LISTED)}
                )
