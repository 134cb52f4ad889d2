"""Random public codes for links (never primary keys)."""

import secrets

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def random_code(length: int = 10) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
