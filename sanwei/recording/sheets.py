"""The paper sign-in sheet (签到表) every village still uses, as PDF and as xlsx.

A4, the activity's header (campaign, title, time, place, organiser) repeated on every
page, numbered rows 序号/姓名/组/联系电话/签名: either blank, or pre-filled with the
residents of the activity's village grouped by 组, phones masked as the exports show
them (138****5678).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from sanwei.activities.models import Activity
from sanwei.core.pdf import cjk_font, render_pdf
from sanwei.people.models import Person
from sanwei.people.privacy import masked_phone
from sanwei.regions.models import RegionLevel

from .services import register_order, roster_region

MAX_BLANK_ROWS = 500
DEFAULT_BLANK_ROWS = 40


@dataclass(frozen=True)
class SheetLine:
    name: str = ""
    group: str = ""
    phone: str = ""


def header_lines(activity: Activity) -> list[tuple[str, str]]:
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    when = f"{start:%Y-%m-%d %H:%M} — " + (
        f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    )
    organiser = activity.organising_team.name if activity.organising_team_id else ""
    return [
        (_("专题"), activity.campaign.name),
        (_("活动"), activity.title),
        (_("时间"), when),
        (_("地点"), activity.place or activity.region.name),
        (_("组织"), organiser or activity.region.name),
    ]


def _group_name(person: Person) -> str:
    return person.region.name if person.region.level == RegionLevel.GROUP else ""


def prefilled_lines(activity: Activity) -> list[SheetLine]:
    """The residents of the activity's village (or town), by 组 then household."""
    region = roster_region(activity)
    people = (
        Person.unscoped.filter(region__path__startswith=region.path)
        .select_related("region")
        .order_by(*register_order())
    )
    return [SheetLine(p.name, _group_name(p), masked_phone(p)) for p in people.iterator(2000)]


def sheet_lines(activity: Activity, *, prefill: bool, blank_rows: int) -> list[SheetLine]:
    lines = prefilled_lines(activity) if prefill else []
    return lines + [SheetLine()] * max(0, min(blank_rows, MAX_BLANK_ROWS))


COLUMNS = [
    # header, width in mm (PDF), width in characters (xlsx)
    ("序号", 14, 6),
    ("姓名", 32, 12),
    ("组", 30, 12),
    ("联系电话", 34, 15),
    ("签名", 0, 24),  # the rest of the page
]


def render_sheet_pdf(activity: Activity, lines: list[SheetLine]) -> bytes:
    font = cjk_font()
    width, height = A4
    left, right, top, bottom = 15 * mm, 15 * mm, 15 * mm, 15 * mm
    table_width = width - left - right
    widths = [w * mm for _h, w, _x in COLUMNS]
    widths[-1] = table_width - sum(widths[:-1])
    row_h = 9 * mm
    header = header_lines(activity)
    title = _("签到表")

    def draw_header(canvas, page: int, pages: int) -> float:
        y = height - top
        canvas.setFont(font, 18)
        canvas.drawCentredString(width / 2, y - 6 * mm, title)
        y -= 14 * mm
        for label, value in header:
            line = f"{label}：{value}"
            size = 10.5
            while size > 6 and canvas.stringWidth(line, font, size) > table_width:
                size -= 0.5
            canvas.setFont(font, size)
            canvas.drawString(left, y, line)
            y -= 6 * mm
        canvas.setFont(font, 9)
        canvas.drawRightString(
            width - right,
            bottom - 8 * mm,
            _("第 %(page)s / %(pages)s 页") % {"page": page, "pages": pages},
        )
        y -= 2 * mm
        draw_row(canvas, y, [_(h) for h, _w, _x in COLUMNS], bold=True)
        return y - row_h

    def draw_row(canvas, y: float, cells: list[str], bold: bool = False) -> None:
        x = left
        canvas.setLineWidth(0.8 if bold else 0.5)
        for cell, w in zip(cells, widths, strict=True):
            canvas.rect(x, y - row_h, w, row_h)
            if cell:
                size = 11 if bold else 10.5
                while size > 6 and canvas.stringWidth(cell, font, size) > w - 2 * mm:
                    size -= 0.5
                canvas.setFont(font, size)
                canvas.drawCentredString(x + w / 2, y - row_h + 3 * mm, cell)
            x += w

    header_height = 14 * mm + len(header) * 6 * mm + 2 * mm + row_h
    per_page = max(1, int((height - top - bottom - header_height) // row_h))
    pages = max(1, -(-len(lines) // per_page))

    def draw(canvas) -> None:
        for page in range(pages):
            y = draw_header(canvas, page + 1, pages)
            chunk = lines[page * per_page : (page + 1) * per_page]
            for offset, line in enumerate(chunk):
                number = page * per_page + offset + 1
                draw_row(canvas, y, [str(number), line.name, line.group, line.phone, ""])
                y -= row_h
            canvas.showPage()

    return render_pdf(draw, title=f"{activity.title} {title}")


def render_sheet_xlsx(activity: Activity, lines: list[SheetLine]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("签到表")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center")
    ncols = len(COLUMNS)
    ws.append([_("签到表")])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = centre
    for label, value in header_lines(activity):
        ws.append([f"{label}：{value}"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)
    ws.append([_(h) for h, _w, _x in COLUMNS])
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font, cell.alignment, cell.border = Font(bold=True), centre, border
    for number, line in enumerate(lines, start=1):
        ws.append([number, line.name, line.group, line.phone, ""])
        for cell in ws[ws.max_row]:
            cell.border, cell.alignment = border, centre
        ws.row_dimensions[ws.max_row].height = 26
    for index, (_h, _w, chars) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[chr(64 + index)].width = chars
    # Print: A4 portrait, one page wide, the header rows repeated on every page.
    ws.print_title_rows = f"1:{head_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = "&P / &N"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
