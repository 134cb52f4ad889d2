"""`builddemo [--fresh] [--scale S] [--seed N]`: build the demo town (东岳观镇) once."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from sanwei.demo.builder import DEFAULT_SEED, build_demo, is_demo_built


class Command(BaseCommand):
    help = (
        "Build the demo town 东岳观镇 (慈利县): 16 villages, ~20,000 residents, teams, the "
        "campaign and its activities, and one demo login per role. Skipped when already built."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="empty the whole database first (flush), then build",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="population scale (1.0: ~20,000 residents)"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, fresh: bool, scale: float, seed: int, no_progress: bool, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        if fresh:
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                # Inside a transaction (tests) PostgreSQL refuses to TRUNCATE tables with
                # deferred foreign-key checks pending; run them now.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
        elif is_demo_built():
            self.stdout.write(_("演示数据已存在，跳过（加 --fresh 清空数据库后重建）"))
            return
        progress = not no_progress and options.get("verbosity", 1) >= 1
        summary = build_demo(seed=seed, progress=progress, scale=scale)
        for line in summary.lines():
            self.stdout.write(line)
