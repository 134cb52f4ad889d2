"""Printed documents carry real Chinese text; QR codes come as PNG and SVG."""

import io

from pypdf import PdfReader

from sanwei.core.pdf import draw_qr, pdf_response, render_pdf
from sanwei.core.qr import qr_png, qr_svg


def test_a_pdf_reads_back_its_chinese_text():
    def draw(canvas):
        canvas.setFont("STSong-Light", 18)
        canvas.drawString(60, 760, "学习宣传贯彻党的二十大精神 签到表")
        draw_qr(canvas, "https://example.org/c/abc", 60, 500, 120)
        canvas.showPage()
        canvas.setFont("STSong-Light", 12)
        canvas.drawString(60, 760, "第二页 张建国")

    content = render_pdf(draw, title="签到表")

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    assert "学习宣传贯彻党的二十大精神 签到表" in reader.pages[0].extract_text()
    assert "第二页 张建国" in reader.pages[1].extract_text()
    assert reader.metadata.title == "签到表"


def test_a_pdf_response_names_the_file_in_chinese():
    response = pdf_response(b"%PDF-1.4", "签到表.pdf", inline=False)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%E7%AD%BE%E5%88%B0%E8%A1%A8.pdf" in response["Content-Disposition"]


def test_qr_png_and_svg():
    png = qr_png("https://example.org/c/abc")
    svg = qr_svg("https://example.org/c/abc")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
