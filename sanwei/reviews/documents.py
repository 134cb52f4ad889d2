"""The printed agenda of a review (.docx): the meeting's facts, the agenda's four parts as
`agenda.agenda` computes them (needs by category and state, overdue needs, low ratings,
repeat problems; each need named with its number and tracking code, as on the page),
then the conclusions and follow-ups. Chinese is real text in the fonts Word has for it
(宋体, 黑体); nothing is downloaded."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from sanwei.needs.models import Need

from .agenda import Agenda
from .models import FollowUp

BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian(style, font: str) -> None:
    """Set a style's font for Chinese text (w:eastAsia) as well as Latin text."""
    style.font.name = font
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), font)


def _day(value) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": value.year, "m": value.month, "d": value.day}


def need_ref(need: Need) -> str:
    """How a printed line names its need: the number and the tracking code."""
    return _("#%(pk)s（查询码 %(code)s）") % {"pk": need.pk, "code": need.code}


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _need_rows(needs: list[Need], extra) -> list[list[str]]:
    return [
        [need_ref(n), n.region.name, n.category.name, n.description[:60], extra(n)] for n in needs
    ]


def agenda_docx(agenda: Agenda, follow_ups: list[FollowUp]) -> bytes:
    review = agenda.review
    document = Document()
    _east_asian(document.styles["Normal"], BODY_FONT)
    document.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        _east_asian(document.styles[name], HEADING_FONT)

    title = document.add_paragraph(review.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (
        _("区划：%(region)s") % {"region": review.region.name},
        _("复盘期间：%(start)s至%(end)s")
        % {"start": _day(review.period_start), "end": _day(review.period_end)},
        _("召开日期：%(day)s") % {"day": _day(review.held_on)},
        _("参加人员：%(who)s") % {"who": review.participants or "—"},
        _("议程生成于：%(at)s")
        % {"at": timezone.localtime(agenda.as_of).strftime("%Y-%m-%d %H:%M")},
    ):
        document.add_paragraph(line)

    document.add_heading(_("一、本期需求（按类别和状态）"), level=1)
    document.add_paragraph(_("本期登记需求共%(n)s件。") % {"n": agenda.total})
    if agenda.rows:
        _table(
            document,
            [_("类别"), *agenda.state_labels(), _("合计")],
            [[row.category.name, *map(str, row.counts), str(row.total)] for row in agenda.rows]
            + [[_("合计"), *map(str, agenda.state_totals), str(agenda.total)]],
        )

    document.add_heading(_("二、逾期未办结"), level=1)
    if agenda.overdue:
        _table(
            document,
            [_("需求"), _("区划"), _("类别"), _("内容"), _("办理期限")],
            _need_rows(
                agenda.overdue,
                lambda n: timezone.localtime(n.due_at).strftime("%Y-%m-%d %H:%M"),
            ),
        )
    else:
        document.add_paragraph(_("无"))

    document.add_heading(_("三、低评价（2星及以下）"), level=1)
    if agenda.low_rated:
        _table(
            document,
            [_("需求"), _("区划"), _("类别"), _("内容"), _("评价")],
            _need_rows(
                agenda.low_rated,
                lambda n: (
                    _("%(n)s星") % {"n": n.rating}
                    + (f"：{n.rating_comment}" if n.rating_comment else "")
                ),
            ),
        )
    else:
        document.add_paragraph(_("无"))

    document.add_heading(_("四、反复出现的问题"), level=1)
    if agenda.repeats:
        for repeat in agenda.repeats:
            kind = _("同一户") if repeat.kind == "household" else _("同一地点同类问题")
            document.add_paragraph(
                _("%(kind)s：%(label)s，%(n)s件") % {
                    "kind": kind, "label": repeat.label, "n": len(repeat.needs)
                }
            )  # fmt: skip
            for need in repeat.needs:
                document.add_paragraph(
                    f"{need_ref(need)} {need.category.name} {need.description[:60]}",
                    style="List Bullet",
                )
    else:
        document.add_paragraph(_("无"))

    document.add_heading(_("会议结论"), level=1)
    document.add_paragraph(review.conclusions or _("（会后填写）"))
    document.add_heading(_("整改事项"), level=1)
    if follow_ups:
        _table(
            document,
            [_("事项"), _("责任人"), _("完成期限"), _("状态")],
            [
                [
                    f.text,
                    f.owner or "—",
                    _day(f.due_on) if f.due_on else "—",
                    (_("已转为需求 %(ref)s") % {"ref": need_ref(f.need)} if f.need_id else "")
                    or (_("已完成") if f.done else _("未完成")),
                ]
                for f in follow_ups
            ],
        )
    else:
        document.add_paragraph(_("（会后填写）"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
