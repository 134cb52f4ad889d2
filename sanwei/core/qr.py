"""QR codes as images (PNG for phones and WeChat, SVG for pages); `core.pdf.draw_qr` puts
one in a PDF."""

from __future__ import annotations

import io

import segno


def qr_png(data: str, *, scale: int = 8, border: int = 2) -> bytes:
    """A PNG of `data` as a QR code (error correction M), `scale` pixels per module."""
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_svg(data: str, *, scale: int = 4, border: int = 2) -> str:
    """An inline SVG element of `data` as a QR code."""
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, nl=False
    )
    return buffer.getvalue().decode()
