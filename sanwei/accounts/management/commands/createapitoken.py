from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sanwei.accounts.tokens import create_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="what the token is for")

    def handle(self, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        token = create_token(user, name)
        self.stdout.write(token)
        self.stderr.write("Use it as: Authorization: Bearer <token>. It is shown only this once.")
