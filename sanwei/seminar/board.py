"""The public board (意见公开栏): one page per village, open without login and shared by QR,
listing the village's opinions with their answers and decisions, so residents see that
their voice was heard.

It shows NO personal data: not who raised an opinion (no name, phone, ID number, no
person at all), not who answered it (no account name: the office it was assigned to, or
"村委会"), no photo. `board_entries` builds each entry from an explicit list of
columns, so a field added to `Opinion` later is not shown by accident. The board is
addressed by its random code (`PublicBoard.code`), never a primary key; renewing the code
retires the old link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import require
from sanwei.core.codes import random_code
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.regions.models import Region, RegionLevel

from .models import Decision, Opinion, OpinionState, PublicBoard
from .permissions import CHANGE_OPINIONS

VILLAGE_COMMITTEE = "村委会"
BOARD_PAGE_SIZE = 50

# The only columns of an opinion the board reads.
PUBLIC_COLUMNS = (
    "code",
    "raised_on",
    "text",
    "state",
    "region__name",
    "region__level",
    "category__name",
    "meeting_id",
    "assignee_id",
    "assignee_office",
    "due_on",
    "reply",
    "answered_at",
    "decision",
    "decision_reason",
    "closed_at",
)
ANSWERED_STATES = {
    OpinionState.ANSWERED,
    OpinionState.ADOPTED,
    OpinionState.PARTLY_ADOPTED,
    OpinionState.NOT_ADOPTED,
    OpinionState.CLOSED,
}


@dataclass(frozen=True)
class BoardEntry:
    code: str
    raised_on: dt.date
    text: str
    state: str
    state_label: str
    group: str  # the 组, when the opinion was raised in one
    category: str
    at_meeting: bool
    handler: str  # an office, or 村委会; never a person or an account
    due_on: dt.date | None
    reply: str
    answered_on: dt.date | None
    decision: str
    decision_reason: str
    closed_on: dt.date | None


@dataclass(frozen=True)
class BoardFigures:
    opinions: int
    answered: int
    adopted: int

    @property
    def reply_rate(self) -> int | None:
        return round(100 * self.answered / self.opinions) if self.opinions else None


def board_of(region: Region) -> PublicBoard | None:
    return PublicBoard.unscoped.filter(region=region).first()


def _check_village(region: Region) -> None:
    if region.level != RegionLevel.VILLAGE:
        raise ServiceError(
            "board_not_village", _("公开栏按村（社区）开设，请选择一个村（社区）"), field="region"
        )


@transaction.atomic
def open_board(region: Region, *, user=None) -> PublicBoard:
    """The village's board, opened on first use (its link and QR code stay the same)."""
    require(user, CHANGE_OPINIONS, region)
    _check_village(region)
    Region.unscoped.select_for_update().get(pk=region.pk)
    board = board_of(region)
    if board is None:
        board = PublicBoard.unscoped.create(region=region, created_by=user_or_none(user))
        board.log_action("sanwei.board.opened", user=user, data={"region": region.code})
    return board


@transaction.atomic
def renew_board_code(board: PublicBoard, *, user=None) -> PublicBoard:
    """A new link: the old one (and its printed QR codes) then finds nothing."""
    require(user, CHANGE_OPINIONS, board.region)
    PublicBoard.unscoped.select_for_update().get(pk=board.pk)
    board.code = random_code()
    PublicBoard.unscoped.filter(pk=board.pk).update(code=board.code)
    board.log_action("sanwei.board.code_renewed", user=user, data={"region": board.region.code})
    return board


def board_by_code(code: str) -> PublicBoard | None:
    if not code or len(code) > 12:
        return None
    return PublicBoard.unscoped.select_related("region").filter(code=code).first()


def board_opinions(board: PublicBoard):
    return Opinion.unscoped.filter(region__path__startswith=board.region.path).order_by(
        "-raised_on", "-id"
    )


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _entry(row: dict) -> BoardEntry:
    answered = row["state"] in ANSWERED_STATES
    decided = bool(row["decision"])
    handler = ""
    if row["assignee_office"]:
        handler = row["assignee_office"]
    elif row["assignee_id"]:
        handler = VILLAGE_COMMITTEE
    return BoardEntry(
        code=row["code"],
        raised_on=row["raised_on"],
        text=row["text"],
        state=row["state"],
        state_label=str(OpinionState(row["state"]).label),
        group=row["region__name"] if row["region__level"] == RegionLevel.GROUP else "",
        category=row["category__name"] or "",
        at_meeting=row["meeting_id"] is not None,
        handler=handler,
        due_on=row["due_on"] if not answered else None,
        reply=row["reply"] if answered else "",
        answered_on=_day(row["answered_at"]) if answered else None,
        decision=str(Decision(row["decision"]).label) if decided else "",
        decision_reason=row["decision_reason"] if decided else "",
        closed_on=_day(row["closed_at"]),
    )


def board_entries(board: PublicBoard, *, offset: int = 0, limit: int | None = None):
    rows = board_opinions(board).values(*PUBLIC_COLUMNS)
    if limit is not None:
        rows = rows[offset : offset + limit]
    return [_entry(row) for row in rows]


def board_figures(board: PublicBoard) -> BoardFigures:
    opinions = board_opinions(board)
    return BoardFigures(
        opinions=opinions.count(),
        answered=opinions.filter(state__in=ANSWERED_STATES).count(),
        adopted=opinions.filter(decision__in=(Decision.ADOPTED, Decision.PARTLY_ADOPTED)).count(),
    )


def board_poster_pdf(board: PublicBoard, link: str) -> bytes:
    """An A4 poster: the village's name, what the board is, and the QR code of its link."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    from sanwei.core.pdf import cjk_font, draw_qr, render_pdf

    title = _("%(village)s群众意见公开栏") % {"village": board.region.name}

    def draw(canvas) -> None:
        width, height = A4
        font = cjk_font()
        canvas.setFont(font, 30)
        canvas.drawCentredString(width / 2, height - 45 * mm, title)
        canvas.setFont(font, 16)
        canvas.drawCentredString(
            width / 2, height - 62 * mm, _("您提的意见，件件有回音：扫码查看办理和答复情况")
        )
        size = 120 * mm
        draw_qr(canvas, link, (width - size) / 2, height - 75 * mm - size, size)
        canvas.setFont(font, 12)
        canvas.drawCentredString(width / 2, height - 85 * mm - size, link)
        canvas.drawCentredString(width / 2, 30 * mm, _("本页面不显示提出人姓名、电话等个人信息"))

    return render_pdf(draw, title=title)
