"""The activity record book (活动台账): a region's activities in a period, one line each —
date, type, title, place, organiser, head count (不记名人数) and named count (登记姓名的人数),
and a photo thumbnail when one is attached. The paper file towns keep for inspection, as
PDF (`record_book_pdf`, Chinese in the PDF's CID font) and as xlsx/CSV through the
exporter registry (`RecordBookExporter`, identifier `activity_record_book`).

Reads through the scoped managers: call inside the caller's region scope."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader

from sanwei.activities.models import Activity, ActivityAttachment
from sanwei.core.pdf import cjk_font, render_pdf
from sanwei.exports.base import Column, ExportContext, Exporter
from sanwei.exports.registry import register
from sanwei.regions.models import Region

from .permissions import VIEW_FIGURES

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


@dataclass
class RecordLine:
    date: dt.date
    type_name: str
    title: str
    place: str
    organiser: str
    headcount: int
    named: int
    photo: ActivityAttachment | None


def record_queryset(
    region: Region | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign: Any = None,
) -> QuerySet[Activity]:
    activities = Activity.objects.all()
    if region is not None:
        activities = activities.filter(region__path__startswith=region.path)
    if campaign is not None:
        activities = activities.filter(campaign=campaign)
    if start is not None:
        activities = activities.filter(starts_at__date__gte=start)
    if end is not None:
        activities = activities.filter(starts_at__date__lte=end)
    photos = Q()
    for ext in IMAGE_EXTENSIONS:
        photos |= Q(original_name__iendswith=ext)
    return (
        activities.select_related("activity_type", "region", "organising_team")
        .annotate(named=Count("attendances", distinct=True))
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=ActivityAttachment.objects.filter(photos).order_by("pk"),
                to_attr="photos",
            )
        )
        .order_by("starts_at", "pk")
    )


def record_lines(activities: QuerySet[Activity]) -> Iterator[RecordLine]:
    for a in activities.iterator(chunk_size=500):
        yield RecordLine(
            date=timezone.localtime(a.starts_at).date(),
            type_name=a.activity_type.name,
            title=a.title,
            place=a.place or a.region.name,
            organiser=a.organising_team.name if a.organising_team_id else a.region.name,
            headcount=a.audience_headcount or 0,
            named=a.named,
            photo=a.photos[0] if a.photos else None,
        )


@register
class RecordBookExporter(Exporter):
    identifier = "activity_record_book"
    verbose_name = gettext_lazy("活动台账")
    description = gettext_lazy(
        "区划内的活动：日期、类型、名称、地点、组织者、不记名人数和登记人数、照片"
    )
    permission = VIEW_FIGURES
    columns = (
        Column(gettext_lazy("日期"), 12),
        Column(gettext_lazy("活动类型"), 14),
        Column(gettext_lazy("活动名称"), 30),
        Column(gettext_lazy("地点"), 20),
        Column(gettext_lazy("组织者"), 20),
        Column(gettext_lazy("不记名人数"), 12),
        Column(gettext_lazy("登记人数"), 10),
        Column(gettext_lazy("照片"), 24),
    )

    def queryset(self, context: ExportContext) -> QuerySet:
        return record_queryset(context.region, context.start, context.end, context.campaign)

    def count(self, context: ExportContext) -> int:
        return self.queryset(context).order_by().values("pk").count()

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for line in record_lines(self.queryset(context)):
            yield (
                line.date,
                line.type_name,
                line.title,
                line.place,
                line.organiser,
                line.headcount,
                line.named,
                line.photo.original_name if line.photo else "",
            )


# --------------------------------------------------------------------------- PDF

PAGE = landscape(A4)
MARGIN = 36
ROW_HEIGHT = 44
THUMB = 40
# (header, x offset, width in points)
PDF_COLUMNS = (
    (gettext_lazy("日期"), 0, 62),
    (gettext_lazy("活动类型"), 62, 100),
    (gettext_lazy("活动名称"), 162, 180),
    (gettext_lazy("地点"), 342, 120),
    (gettext_lazy("组织者"), 462, 120),
    (gettext_lazy("不记名"), 582, 50),
    (gettext_lazy("登记"), 632, 40),
    (gettext_lazy("照片"), 672, 60),
)


def _fit(canvas, text: str, width: float, size: float) -> str:
    font = cjk_font()
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def record_book_pdf(
    region: Region,
    start: dt.date | None = None,
    end: dt.date | None = None,
    campaign: Any = None,
    *,
    progress=None,
) -> bytes:
    """The record book as a landscape A4 PDF, a header on every page."""
    activities = record_queryset(region, start, end, campaign)
    total = activities.order_by().values("pk").count()
    period = ""
    if start or end:
        period = f"{start.isoformat() if start else ''} — {end.isoformat() if end else ''}"
    title = _("%(region)s活动台账") % {"region": region.name}

    def header(canvas, page: int) -> float:
        font = cjk_font()
        width, height = PAGE
        canvas.setFont(font, 16)
        canvas.drawCentredString(width / 2, height - MARGIN - 10, title)
        canvas.setFont(font, 9)
        canvas.drawString(MARGIN, height - MARGIN - 28, period)
        canvas.drawRightString(
            width - MARGIN, height - MARGIN - 28, _("第%(page)s页") % {"page": page}
        )
        y = height - MARGIN - 48
        canvas.setFont(font, 10)
        for label, x, _w in PDF_COLUMNS:
            canvas.drawString(MARGIN + x, y, str(label))
        canvas.line(MARGIN, y - 4, width - MARGIN, y - 4)
        return y - 4

    def draw(canvas) -> None:
        font = cjk_font()
        page = 1
        y = header(canvas, page)
        done = 0
        for line in record_lines(activities):
            if y - ROW_HEIGHT < MARGIN:
                canvas.showPage()
                page += 1
                y = header(canvas, page)
            y -= ROW_HEIGHT
            canvas.setFont(font, 9)
            values = (
                line.date.isoformat(),
                line.type_name,
                line.title,
                line.place,
                line.organiser,
                str(line.headcount),
                str(line.named),
            )
            for (_label, x, w), value in zip(PDF_COLUMNS, values, strict=False):
                canvas.drawString(MARGIN + x, y + ROW_HEIGHT / 2 - 3, _fit(canvas, value, w - 4, 9))
            if line.photo is not None:
                _thumbnail(canvas, line.photo, MARGIN + PDF_COLUMNS[-1][1], y + 2)
            canvas.line(MARGIN, y, PAGE[0] - MARGIN, y)
            done += 1
            if progress is not None and done % 50 == 0:
                progress.update(done, total, str(gettext_lazy("活动台账")))
        if not done:
            canvas.setFont(font, 10)
            canvas.drawString(MARGIN, y - 20, _("本期没有活动记录"))
        canvas.showPage()

    return render_pdf(draw, title=title, pagesize=PAGE)


def _thumbnail(canvas, photo: ActivityAttachment, x: float, y: float) -> None:
    try:
        with photo.file.open("rb") as f:
            image = ImageReader(io.BytesIO(f.read()))
            w, h = image.getSize()
            scale = THUMB / max(w, h)
            canvas.drawImage(image, x, y, w * scale, h * scale, preserveAspectRatio=True)
    except (OSError, ValueError):
        canvas.setFont(cjk_font(), 8)
        canvas.drawString(x, y + THUMB / 2, _fit(canvas, photo.original_name, 56, 8))
