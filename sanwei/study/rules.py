"""Who may change what, given the object's state: small predicates next to the services.
The services turn False into `NotPermitted`; the role grants are in `permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import can

from .permissions import CHANGE_STUDY, REVIEW_ESSAYS, SUBMIT_ESSAYS


def may_change_series(user, series) -> bool:
    """Holders of CHANGE_STUDY on the series' region (its participants, sessions and
    presenters too)."""
    return can(user, CHANGE_STUDY, series.region)


def may_submit_essay(user, essay) -> bool:
    return can(user, SUBMIT_ESSAYS, essay.region)


def may_review_essay(user, essay) -> bool:
    """Scoring, marking excellent and recommending upward: REVIEW_ESSAYS on its region."""
    return can(user, REVIEW_ESSAYS, essay.region)
