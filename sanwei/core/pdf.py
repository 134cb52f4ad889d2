"""PDF documents users print (posters, sign-in sheets) with Chinese text, nothing downloaded.

Chinese is set in Adobe's STSong-Light, one of the CID fonts every PDF reader carries for
Simplified Chinese (Adobe-GB1), so no font file is shipped or embedded and the text stays
real text: `pypdf` reads it back, a reader can search and copy it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

CJK_FONT = "STSong-Light"


def cjk_font() -> str:
    """The registered name of the Chinese font (registered on first use)."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def render_pdf(draw: Callable[[Canvas], None], *, title: str = "", pagesize=A4) -> bytes:
    """Bytes of a PDF drawn by `draw(canvas)`; `draw` calls `showPage()` between pages."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    cjk_font()
    if title:
        canvas.setTitle(title)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code of `data`, `size` points square, lower-left corner at (x, y)."""
    widget = QrCodeWidget(data, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A PDF download; `filename` may be Chinese (RFC 5987 via Django)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
