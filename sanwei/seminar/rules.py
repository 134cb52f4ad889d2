"""Who may act on an opinion, given its state and assignee: small predicates next to the
services. The services turn False into `NotPermitted`; the role grants are in
`permissions.py`."""

from __future__ import annotations

from sanwei.accounts.permissions import SYSTEM, can

from .models import AnswerTemplate, Opinion
from .permissions import ANSWER_ANY_OPINION, ANSWER_OPINIONS, CHANGE_OPINIONS, VIEW_OPINIONS


def may_view_opinions(user, region=None) -> bool:
    return can(user, VIEW_OPINIONS, region)


def may_record_opinion(user, region) -> bool:
    """Holders of CHANGE_OPINIONS on the region the opinion is raised in."""
    return can(user, CHANGE_OPINIONS, region)


def may_change_opinion(user, opinion: Opinion) -> bool:
    """Assign, reassign, decide, close, reopen, convert: CHANGE_OPINIONS on its region."""
    return can(user, CHANGE_OPINIONS, opinion.region)


def may_be_assignee(assignee, region) -> bool:
    """An account may be given an opinion to answer only when one of its roles covers the
    opinion's region with ANSWER_OPINIONS (a team leader of another village may not)."""
    if assignee is None or assignee is SYSTEM or not getattr(assignee, "is_active", False):
        return False
    return can(assignee, ANSWER_OPINIONS, region)


def is_assignee(user, opinion: Opinion) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and opinion.assignee_id == pk


def may_answer(user, opinion: Opinion) -> bool:
    """Only the assignee (while their role still covers the region) or a town admin
    (ANSWER_ANY_OPINION on the region) may answer."""
    if can(user, ANSWER_ANY_OPINION, opinion.region):
        return True
    return is_assignee(user, opinion) and can(user, ANSWER_OPINIONS, opinion.region)


def may_change_template(user, template: AnswerTemplate) -> bool:
    """A town's templates are used in its villages but changed only at the town."""
    return can(user, CHANGE_OPINIONS, template.region)
