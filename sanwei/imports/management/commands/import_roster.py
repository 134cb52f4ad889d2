"""`sanwei import FILE --kind persons --region CODE [--dry-run] [--allow-invalid]`.

Reads and checks the file with a progress bar, prints the counts and the invalid rows,
then — unless `--dry-run` — applies it in one transaction. A file with invalid rows is
not imported unless `--allow-invalid` is given (then the valid rows are, and the invalid
ones listed). Exit status 1 when nothing was imported because of invalid rows or a bad
file.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

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
            self.bar = tqdm(total=total or None, desc=stage, unit="行", leave=True)
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
    help = "导入群众花名册（xlsx/xls/CSV）：先检查，再在一个事务中写入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="花名册文件")
        parser.add_argument(
            "--kind", default=ImportKind.PERSONS, choices=ImportKind.values, help="导入内容"
        )
        parser.add_argument("--region", required=True, help="导入到的乡镇或村（社区）区划代码")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument(
            "--allow-invalid", action="store_true", help="有错误的行跳过，其余照常导入"
        )
        parser.add_argument("--user", help="记录为导入人的用户名")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(f"文件不存在：{path}")
        region = Region.all_regions.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"区划代码不存在：{options['region']}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"用户不存在：{options['user']}")
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
        self._print_counts(job.counts, job.errors, job.error_total)
        if job.counts.get("invalid") and not options["allow_invalid"]:
            services.cancel(job, user)
            raise CommandError(
                f"文件有{job.counts['invalid']}行错误，未导入。"
                "请更正后重新导入，或加 --allow-invalid 跳过这些行、导入其余行。"
            )
        if job.valid_rows == 0:
            services.cancel(job, user)
            raise CommandError("文件中没有可以导入的有效行")
        job = services.commit(job, user, report=bar)
        bar.close()
        if job.status != ImportStatus.COMMITTED:
            raise CommandError(job.error_message)
        counts = job.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成：新增{counts['new']}人，更新{counts['updated']}人，"
                f"没有变化{counts['unchanged']}人，跳过{counts['invalid']}行；"
                f"新建{counts['households_new']}户，更新{counts['households_updated']}户。"
                f"（导入记录 #{job.pk}）"
            )
        )

    def _dry_run(self, path: str, region: Region, bar: _Bar) -> None:
        with open(path, "rb") as f:
            analysis = services.analyse(f, os.path.basename(path), region, report=bar)
        plan = services.classify(
            analysis.records, analysis.invalid_heads, region, analysis.regions, report=bar
        )
        bar.close()
        errors = {**analysis.errors, **plan.errors}
        counts = plan.counts(len(errors), analysis.rows)
        listed = [{"line": n, "messages": errors[n]} for n in sorted(errors)[:MAX_LISTED]]
        self._print_counts(counts, listed, len(errors))
        if plan.warnings:
            self.stdout.write(f"需核对的行：{len(plan.warnings)}行（会照常导入）")
            for line in sorted(plan.warnings)[:20]:
                self.stdout.write(f"  第{line}行：{'；'.join(plan.warnings[line])}")
        self.stdout.write("试运行：没有写入任何数据。")
        if errors:
            raise CommandError(f"文件有{len(errors)}行错误。", returncode=1)

    def _print_counts(self, counts: dict, errors: list[dict], error_total: int) -> None:
        self.stdout.write(
            f"数据行{counts['rows']}：新增{counts['new']}人，更新{counts['updated']}人，"
            f"没有变化{counts['unchanged']}人，有错误{counts['invalid']}行，"
            f"需核对{counts['warnings']}行；新建{counts['households_new']}户，"
            f"更新{counts['households_updated']}户。"
        )
        if error_total:
            self.stdout.write(f"有错误的行（共{error_total}行）：")
            for problem in errors[:MAX_LISTED]:
                self.stdout.write(f"  第{problem['line']}行：{'；'.join(problem['messages'])}")
            if error_total > min(len(errors), MAX_LISTED):
                self.stdout.write(f"  ……只列出前{min(len(errors), MAX_LISTED)}行")
