from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sanwei.accounts.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from sanwei.accounts.tokens import new_token


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it once (only its hash is stored). "
        f"It expires after --days days (default {TOKEN_DEFAULT_DAYS}, at most {TOKEN_MAX_DAYS})."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            default=TOKEN_DEFAULT_DAYS,
            help=f"days until it expires (1–{TOKEN_MAX_DAYS}, default {TOKEN_DEFAULT_DAYS})",
        )

    def handle(self, username: str, name: str, days: int, **options):
        if not 1 <= days <= TOKEN_MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {TOKEN_MAX_DAYS}")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        token, raw = new_token(user, name, days=days)
        self.stdout.write(raw)
        self.stderr.write(
            "Use it as: Authorization: Bearer <token>. It is shown only this once; "
            f"it expires at {token.expires_at:%Y-%m-%d %H:%M} UTC."
        )
