"""The printed documents of a volunteer: the volunteer card and the 志愿服务记录证明 (PDF,
Chinese as real text in the CID font of `core.pdf`, so pypdf reads it back)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from sanwei.core.pdf import cjk_font, draw_qr, render_pdf

from .models import Certificate, VolunteerProfile

LEVEL_NAMES = ("未评星", "一星级", "二星级", "三星级", "四星级", "五星级")


def level_name(stars: int) -> str:
    return _(LEVEL_NAMES[max(0, min(stars, 5))])


def hours_text(hours: Decimal | str) -> str:
    """12.5 → "12.5"; 12.0 → "12"."""
    value = Decimal(str(hours)).normalize()
    return f"{value:f}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut to `width` points, with an ellipsis when cut."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def card_pdf(profile: VolunteerProfile, url: str) -> bytes:
    """A credit-card-sized volunteer card (85.6 × 54 mm): name, number, squad, QR of `url`
    (the card's public verification page)."""
    font = cjk_font()
    width, height = 85.6 * mm, 54 * mm
    squad = profile.squad

    def draw(canvas) -> None:
        canvas.setLineWidth(0.8)
        canvas.roundRect(1.5 * mm, 1.5 * mm, width - 3 * mm, height - 3 * mm, 3 * mm)
        canvas.setFont(font, 11)
        canvas.drawString(5 * mm, height - 9 * mm, _("志愿者证"))
        text_width = width - 38 * mm
        lines = [
            (14, profile.person.name),
            (8, _("编号：%(number)s") % {"number": profile.number}),
            (8, _("小队：%(squad)s") % {"squad": squad.name if squad else _("未编入小队")}),
            (8, _("加入：%(day)s") % {"day": f"{profile.joined_on:%Y-%m-%d}"}),
        ]
        y = height - 19 * mm
        for size, text in lines:
            canvas.setFont(font, size)
            canvas.drawString(5 * mm, y, _fit(text, font, size, text_width))
            y -= size + 6
        draw_qr(canvas, url, width - 32 * mm, 8 * mm, 28 * mm)
        canvas.setFont(font, 6)
        canvas.drawCentredString(width - 18 * mm, 5 * mm, _("扫码核验"))

    return render_pdf(draw, title=_("志愿者证"), pagesize=(width, height))


ROWS_PER_PAGE = 18


def certificate_pdf(certificate: Certificate, code: str, url: str) -> bytes:
    """A4 pages: the heading, who, the service records (date, service, place, hours), the
    total, the star level, the issuer and date, the verification code and its QR."""
    font = cjk_font()
    page_width, page_height = A4
    margin = 20 * mm
    records = certificate.records or []
    pages = [records[i : i + ROWS_PER_PAGE] for i in range(0, len(records), ROWS_PER_PAGE)] or [[]]
    columns = (margin, margin + 28 * mm, margin + 118 * mm, page_width - margin)

    def header(canvas, y: float) -> float:
        canvas.setFont(font, 22)
        canvas.drawCentredString(page_width / 2, y, _("志愿服务记录证明"))
        y -= 16 * mm
        canvas.setFont(font, 12)
        for text in (
            _("姓名：%(name)s") % {"name": certificate.name},
            _("身份证号：%(id)s") % {"id": certificate.masked_id or "—"},
            _("所在小队：%(squad)s") % {"squad": certificate.squad_name or "—"},
        ):
            canvas.drawString(margin, y, text)
            y -= 8 * mm
        return y

    def table(canvas, rows, y: float) -> float:
        canvas.setFont(font, 11)
        for x, label in zip(columns, (_("日期"), _("服务内容"), _("地点")), strict=False):
            canvas.drawString(x, y, label)
        canvas.drawRightString(columns[3], y, _("时长（小时）"))
        y -= 2 * mm
        canvas.line(margin, y, page_width - margin, y)
        y -= 6 * mm
        canvas.setFont(font, 10)
        for row in rows:
            canvas.drawString(columns[0], y, row["day"])
            canvas.drawString(columns[1], y, _fit(row["what"], font, 10, 88 * mm))
            canvas.drawString(columns[2], y, _fit(row["place"], font, 10, 26 * mm))
            canvas.drawRightString(columns[3], y, hours_text(row["hours"]))
            y -= 7 * mm
        if not rows:
            canvas.drawString(columns[1], y, _("暂无已确认的服务记录"))
            y -= 7 * mm
        return y

    def footer(canvas, y: float) -> None:
        canvas.setFont(font, 12)
        y -= 4 * mm
        canvas.drawString(
            margin,
            y,
            _("累计服务时长：%(hours)s小时") % {"hours": hours_text(certificate.total_hours)},
        )
        y -= 8 * mm
        canvas.drawString(
            margin, y, _("星级：%(level)s") % {"level": level_name(certificate.star_level)}
        )
        y -= 8 * mm
        canvas.drawString(margin, y, _("出具单位：%(issuer)s") % {"issuer": certificate.issuer})
        y -= 8 * mm
        day = certificate.issued_on
        canvas.drawString(
            margin,
            y,
            _("出具日期：%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day},
        )
        size = 32 * mm
        draw_qr(canvas, url, page_width - margin - size, margin + 8 * mm, size)
        canvas.setFont(font, 10)
        canvas.drawString(margin, margin + 14 * mm, _("验证码：%(code)s") % {"code": code})
        canvas.drawString(
            margin, margin + 8 * mm, _("扫描二维码或访问 %(url)s 核验真伪") % {"url": url}
        )

    def draw(canvas) -> None:
        for number, rows in enumerate(pages, start=1):
            y = header(canvas, page_height - margin - 10 * mm)
            y = table(canvas, rows, y - 4 * mm)
            if number == len(pages):
                footer(canvas, y)
            else:
                canvas.setFont(font, 9)
                canvas.drawCentredString(page_width / 2, margin, _("续下页"))
                canvas.showPage()

    return render_pdf(draw, title=_("志愿服务记录证明"))
