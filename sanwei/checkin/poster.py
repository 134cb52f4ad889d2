"""The printable check-in poster of an activity: its title, time and place in Chinese, the
QR code of its check-in link, big, and one line of instruction. PDF (Chinese as real text
in the CID font, `core.pdf`) and PNG (`core.qr`; the text is drawn too when a Chinese
TrueType font is installed, see `poster_font`)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from sanwei.activities.models import Activity
from sanwei.core.pdf import cjk_font, draw_qr, render_pdf
from sanwei.core.qr import qr_png

INSTRUCTION = "微信扫码签到"

# Chinese TrueType/OpenType collections Debian installs (fonts-wqy-microhei,
# fonts-noto-cjk, fonts-wqy-zenhei); settings.CHECKIN_POSTER_FONT comes first.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def when_text(activity: Activity) -> str:
    """ "2023年1月10日 14:00—16:00" (the end's date too when it is another day)."""
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    text = f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}—"
    if end.date() != start.date():
        text += f"{end.month}月{end.day}日 "
    return text + f"{end:%H:%M}"


def poster_lines(activity: Activity) -> list[tuple[str, str]]:
    """(label, text) below the title."""
    lines = [(_("时间"), when_text(activity))]
    place = activity.place or activity.region.name
    lines.append((_("地点"), place))
    return lines


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (Chinese breaks anywhere)."""
    lines, line = [], ""
    for char in text:
        if line and stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def poster_pdf(activity: Activity, url: str) -> bytes:
    """One A4 page: title, time and place, the QR of `url`, the instruction."""
    font = cjk_font()
    page_width, page_height = A4
    margin = 56

    def draw(canvas) -> None:
        y = page_height - margin - 28
        canvas.setFont(font, 28)
        for line in _wrap(activity.title, font, 28, page_width - 2 * margin)[:3]:
            canvas.drawCentredString(page_width / 2, y, line)
            y -= 38
        y -= 6
        canvas.setFont(font, 16)
        for label, text in poster_lines(activity):
            for line in _wrap(f"{label}：{text}", font, 16, page_width - 2 * margin)[:2]:
                canvas.drawCentredString(page_width / 2, y, line)
                y -= 24
        size = min(360, y - margin - 90)
        y -= size + 10
        draw_qr(canvas, url, (page_width - size) / 2, y, size)
        canvas.setFont(font, 30)
        canvas.drawCentredString(page_width / 2, y - 40, INSTRUCTION)
        canvas.setFont(font, 11)
        canvas.drawCentredString(
            page_width / 2, y - 64, _("请填写姓名和手机号码，工作人员据此登记参与")
        )
        canvas.showPage()

    return render_pdf(draw, title=f"{activity.title} · {INSTRUCTION}")


def poster_font() -> str | None:
    """A Chinese font file for the PNG poster's text, or None (then the PNG is the QR
    code alone, on a white card; the PDF carries the text either way)."""
    configured = getattr(settings, "CHECKIN_POSTER_FONT", "")
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def poster_png(activity: Activity, url: str) -> bytes:
    """A PNG for phones and WeChat groups: the QR big, with the title, time, place and
    the instruction above and below it when a Chinese font is at hand."""
    qr = Image.open(io.BytesIO(qr_png(url, scale=12, border=4))).convert("RGB")
    font_path = poster_font()
    if font_path is None:
        buffer = io.BytesIO()
        qr.save(buffer, format="PNG")
        return buffer.getvalue()
    width = max(qr.width + 80, 720)
    title_font = ImageFont.truetype(font_path, 40)
    text_font = ImageFont.truetype(font_path, 26)
    big_font = ImageFont.truetype(font_path, 44)
    lines = [(activity.title, title_font)] + [
        (f"{label}：{text}", text_font) for label, text in poster_lines(activity)
    ]
    header = 40 + sum(60 if f is title_font else 40 for _t, f in lines)
    image = Image.new("RGB", (width, header + qr.height + 120), "white")
    draw = ImageDraw.Draw(image)
    y = 40
    for text, font in lines:
        draw.text((width / 2, y), text, fill="black", font=font, anchor="ma")
        y += 60 if font is title_font else 40
    image.paste(qr, ((width - qr.width) // 2, header))
    draw.text(
        (width / 2, header + qr.height + 30), INSTRUCTION, fill="black", font=big_font, anchor="ma"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
