"""`sanwei rebuild_coverage [--check]`: recompute the coverage summary tables from the
attendance and the residents (after a bulk load with triggers off), or with --check only
report how far they are from that recomputation (exit status 1 if they differ)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sanwei.coverage import summary


class Command(BaseCommand):
    help = "重新计算覆盖汇总表（或用 --check 只检查是否与原始记录一致）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="只检查，不修改")

    def handle(self, *args, check: bool = False, **options) -> None:
        if check:
            drift = summary.drift()
            for name, rows in drift.items():
                self.stdout.write(f"{name}: {rows}")
            if any(drift.values()):
                raise CommandError("覆盖汇总表与原始记录不一致，请运行 sanwei rebuild_coverage")
            self.stdout.write("覆盖汇总表与原始记录一致")
            return
        done = summary.rebuild()
        self.stdout.write(
            f"已重新计算：{done.reach} 条覆盖记录，{done.activities} 个活动的受众人次，"
            f"{done.type_audience} 条活动类型受众记录，{done.type_counts} 条活动类型受众人数，"
            f"{done.region_counts} 条区划人数汇总"
        )
