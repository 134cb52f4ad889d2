"""QR check-in: a signed link and poster per activity; residents check themselves in on a phone; unverified check-ins wait for staff."""
