"""The documents written from the figures: the Excel workbook, the open-data CSV archive and
the Word work brief (工作简报). Each reads `reports.figures` (through `reports.tables` for the
workbook and the CSV files) and nothing else, so they carry the same numbers as the API.

The brief's sentences are templates with no figure in them; a section whose records are
empty is left out; counts are said exactly or approximately as `reports.approx` declares."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .approx import say
from .figures import Figures, RegionFigures
from .tables import tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_TYPE = "application/zip"
BRIEF_FONT = "SimSun"  # 宋体: the font a government brief is set in (the reader's own)


def period_text(f: Figures) -> str:
    if f.start and f.end:
        return _("%(start)s至%(end)s") % {"start": _date(f.start), "end": _date(f.end)}
    if f.start:
        return _("%(start)s以来") % {"start": _date(f.start)}
    if f.end:
        return _("截至%(end)s") % {"end": _date(f.end)}
    if f.campaign is not None:
        return _("专题开展以来")
    return _("截至目前")


def _date(day: dt.date) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def document_title(f: Figures, what: str) -> str:
    return f"{f.region.name}{what}"


# --------------------------------------------------------------------------- workbook


def workbook_bytes(f: Figures) -> bytes:
    """One sheet per table: Chinese headers, a bold frozen header row, column widths,
    numbers as numbers."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "sanwei"
    wb.properties.title = document_title(f, _("统计数据"))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F3F4F6")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for t in tables(f):
        ws = wb.create_sheet(title=t.title[:31])
        ws.append(t.headers)
        for cell in ws[1]:
            cell.font, cell.fill, cell.alignment = bold, fill, centre
        for row in t.rows:
            ws.append(row)
        for index, width in enumerate(t.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "B2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- CSV


def csv_zip_bytes(f: Figures) -> bytes:
    """A zip of one CSV per table (UTF-8 with BOM, the workbook's rows), named by key."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for t in tables(f):
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(t.headers)
            writer.writerows([["" if v is None else v for v in row] for row in t.rows])
            archive.writestr(f"{t.key}.csv", "\ufeff" + text.getvalue())
    return out.getvalue()


# --------------------------------------------------------------------------- brief


def _n(key: str, value) -> str:
    if isinstance(value, Decimal):
        value = int(value)
    return say(key, value)


def _join(parts: list[str]) -> str:
    return "，".join(p for p in parts if p)


def _classroom(
    f: RegionFigures, type_names: dict[str, str], types: dict[str, str], deliveries: set[str]
) -> list[str]:
    """Sessions per type (deliveries have their own sentence), lecture teams, deliveries,
    coverage."""
    sentences = []
    held = [
        (code, c)
        for code, c in f.activities.items()
        if c.sessions and types.get(code) == "classroom" and code not in deliveries
    ]
    if held:
        parts = [
            _("%(type)s%(n)s场次")
            % {
                "type": type_names.get(code, code),
                "n": _n(f"activities.{code}.sessions", c.sessions),
            }
            for code, c in held
        ]
        audience = sum(c.person_times for _code, c in held)
        sentence = _("共开展%(list)s") % {"list": "、".join(parts)}
        if audience:
            sentence += _("，受众%(n)s人次") % {"n": _n("activities.*.person_times", audience)}
        sentences.append(sentence + "。")
    lectures = f.classroom.lectures
    if lectures.lectures:
        sentences.append(
            _("%(teams)s支宣讲队深入村组开展流动宣讲%(n)s场次，受众%(people)s人次。")
            % {
                "teams": _n("classroom.lectures.teams", lectures.teams),
                "n": _n("classroom.lectures.lectures", lectures.lectures),
                "people": _n("classroom.lectures.person_times", lectures.person_times),
            }
        )
    if f.classroom.deliveries:
        sentences.append(
            _("针对老弱病残和流动党员群众，送学上门%(n)s次，做到不落一人、不漏一户。")
            % {"n": _n("classroom.deliveries", f.classroom.deliveries)}
        )
    if f.coverage is not None and f.coverage.persons.reached:
        c = f.coverage
        sentences.append(
            _(
                "累计覆盖群众%(persons)s人、党员%(party)s人、农户%(households)s户，人员覆盖率%(percent)s%%。"
            )
            % {
                "persons": _n("coverage.persons.reached", c.persons.reached),
                "party": _n("coverage.party_members.reached", c.party_members.reached),
                "households": _n("coverage.households.reached", c.households.reached),
                "percent": c.persons.percent,
            }
        )
    return sentences


def _seminar(f: RegionFigures) -> list[str]:
    sentences = []
    o, s = f.seminar.opinions, f.seminar
    if s.meetings or o.collected:
        parts = []
        if s.meetings:
            parts.append(_("召开屋场会%(n)s场次") % {"n": _n("seminar.meetings", s.meetings)})
        if o.collected:
            parts.append(
                _("收集意见建议%(n)s条") % {"n": _n("seminar.opinions.collected", o.collected)}
            )
        if o.answered:
            parts.append(_("已答复%(n)s条") % {"n": _n("seminar.opinions.answered", o.answered)})
        if o.adopted:
            parts.append(_("采纳%(n)s条") % {"n": _n("seminar.opinions.adopted", o.adopted)})
        sentences.append(_join(parts) + "。")
    e = s.essays
    if e.collected:
        parts = [_("征集心得体会%(n)s篇") % {"n": _n("seminar.essays.collected", e.collected)}]
        if e.excellent:
            parts.append(
                _("评选优秀心得%(n)s篇") % {"n": _n("seminar.essays.excellent", e.excellent)}
            )
        if e.recommended:
            parts.append(
                _("向上级推介%(n)s篇") % {"n": _n("seminar.essays.recommended", e.recommended)}
            )
        sentences.append(_join(parts) + "。")
    return sentences


def _service(f: RegionFigures) -> list[str]:
    sentences = []
    s = f.service
    if s.activities or s.hours:
        parts = []
        if s.activities:
            parts.append(
                _("开展志愿服务活动%(n)s场次") % {"n": _n("service.activities", s.activities)}
            )
        if s.volunteers.active:
            parts.append(
                _("%(n)s名志愿者参与服务")
                % {"n": _n("service.volunteers.active", s.volunteers.active)}
            )
        if s.hours:
            parts.append(_("累计服务%(n)s小时") % {"n": _n("service.hours", s.hours)})
        sentences.append(_join(parts) + "。")
    n = s.needs
    if n.reported or n.resolved:
        parts = [
            _("敲门问需，登记群众急难愁盼诉求%(n)s件")
            % {"n": _n("service.needs.reported", n.reported)}
        ]
        if n.resolved:
            parts.append(_("上门解题办结%(n)s件") % {"n": _n("service.needs.resolved", n.resolved)})
        if n.on_time_rate is not None:
            parts.append(_("按时办结率%(rate)s%%") % {"rate": n.on_time_rate})
        sentences.append(_join(parts) + "。")
    if s.quantities:
        items = [
            _("%(item)s%(total)s%(unit)s")
            % {
                "item": q["item"],
                "total": _quantity(q["item"], q["total"]),
                "unit": q["unit"],
            }
            for q in s.quantities
        ]
        sentences.append(_("发放和办理%(list)s。") % {"list": "、".join(items)})
    return sentences


def _quantity(item: str, total) -> str:
    total = Decimal(total)
    if total == total.to_integral_value():
        return say(f"service.quantities.{item}", int(total))
    return f"{total.normalize():f}"


def brief_sections(f: Figures) -> list[tuple[str, list[str]]]:
    """(heading, sentences) of each pillar with records; empty pillars are left out."""
    from sanwei.activities.models import ActivityType

    types = list(ActivityType.objects.values_list("code", "name", "pillar", "is_delivery"))
    names = {t[0]: t[1] for t in types}
    pillars = {t[0]: t[2] for t in types}
    deliveries = {t[0] for t in types if t[3]}
    sections = [
        (_("一、微课堂·深学"), _classroom(f, names, pillars, deliveries)),
        (_("二、微研讨·细悟"), _seminar(f)),
        (_("三、微服务·笃行"), _service(f)),
    ]
    return [(heading, sentences) for heading, sentences in sections if sentences]


def lead_paragraph(f: Figures) -> str:
    scope = f.campaign.name if f.campaign else _("三微")
    text = _("%(period)s，%(region)s围绕“%(scope)s”，以微课堂、微研讨、微服务为抓手") % {
        "period": period_text(f),
        "region": f.region.name,
        "scope": scope,
    }
    if f.sessions:
        text += _("，共开展各类活动%(n)s场次、受众%(people)s人次") % {
            "n": _n("activities.*.sessions", f.sessions),
            "people": _n("activities.*.person_times", f.person_times),
        }
    return text + _("，推动学习宣传走深走实。")


def _set_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = BRIEF_FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), BRIEF_FONT)


def brief_bytes(f: Figures, *, today: dt.date | None = None) -> bytes:
    """The work brief as .docx: title, lead, a section per pillar with records, a table of
    each child region's figures (when there are child regions) and the date."""
    document = Document()
    _set_font(document)
    title = document.add_heading(document_title(f, _("“三微”工作简报")), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(lead_paragraph(f))
    for heading, sentences in brief_sections(f):
        document.add_heading(heading, level=1)
        document.add_paragraph("".join(sentences))
    if f.children:
        document.add_heading(_("附：各村（社区）情况"), level=1)
        headers = [_("区划"), _("活动场次"), _("受众人次"), _("意见建议"), _("志愿服务时长（小时）"),
                   _("办结诉求")]  # fmt: skip
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
        for r in [*f.children, f]:
            cells = table.add_row().cells
            values = [
                _("合计") if r is f else str(r.name),
                r.sessions,
                r.person_times,
                r.seminar.opinions.collected,
                r.service.hours,
                r.service.needs.resolved,
            ]
            for cell, value in zip(cells, values, strict=True):
                cell.text = _plain(value)
    day = today or timezone.localdate()
    ending = document.add_paragraph(f"{f.region.name}\n{_date(day)}")
    ending.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _plain(value) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


# --------------------------------------------------------------------------- registry

# kind → (label, extension, content type, render(figures) -> bytes)
DOCUMENTS: dict[str, tuple[str, str, str, Callable[[Figures], bytes]]] = {}


def _register() -> None:
    from django.utils.translation import gettext_lazy

    DOCUMENTS.update(
        {
            "workbook": (
                gettext_lazy("统计数据（Excel 工作簿）"),
                "xlsx",
                XLSX_TYPE,
                workbook_bytes,
            ),
            "brief": (gettext_lazy("工作简报（Word）"), "docx", DOCX_TYPE, brief_bytes),
            "csv": (gettext_lazy("开放数据（CSV 压缩包）"), "zip", ZIP_TYPE, csv_zip_bytes),
        }
    )


_register()
