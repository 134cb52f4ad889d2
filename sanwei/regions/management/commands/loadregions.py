from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.core.scoping import scopes_disabled
from sanwei.regions.services import load_regions, read_region_csv


class Command(BaseCommand):
    help = (
        "Load a region tree from a CSV of `code,name` rows (12-digit division codes). "
        "Runs as the system."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--demo", action="store_true", help="mark the regions as demo data")

    def handle(self, csv_file: Path, demo: bool, **options):
        try:
            rows = read_region_csv(csv_file.read_bytes())
            with scopes_disabled():
                result = load_regions(rows, is_demo=demo, user=SYSTEM)
        except (OSError, ServiceError) as e:
            raise CommandError(str(getattr(e, "message", e))) from e
        self.stdout.write(
            f"created {result.created}, renamed {result.updated}, unchanged {result.unchanged}"
        )
