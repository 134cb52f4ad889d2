"""Word files: reading an essay's text out of an uploaded .docx (refusing anything that is
not a plain .docx) and writing the anthology of excellent essays as one .docx.

Uploaded files are only read here, never stored: a refused upload leaves nothing behind."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from sanwei.core.errors import ServiceError
from sanwei.core.uploads import format_size

# A .docx unpacks to a few times its size; more than this is a zip bomb, not an essay.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
BODY_FONT = "宋体"
HEADING_FONT = "黑体"


def upload_too_large() -> ServiceError:
    return ServiceError(
        "essay_file_too_large",
        _("文件过大：不能超过%(size)s") % {"size": format_size(settings.ATTACHMENT_MAX_BYTES)},
        field="file",
    )


def _not_docx() -> ServiceError:
    return ServiceError(
        "essay_file_not_docx",
        _("文件不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传"),
        field="file",
    )


def _macro() -> ServiceError:
    return ServiceError(
        "essay_file_macro",
        _("不接受含宏的文档（.docm），请另存为不含宏的 .docx 后再上传"),
        field="file",
    )


def docx_text(uploaded) -> str:
    """The paragraphs of an uploaded .docx, one per line (empty ones dropped).

    Refused with a Chinese message on the `file` field: another extension (a macro-enabled
    .docm too), an empty or too large file, something that is not a zip (a renamed file), a
    corrupt zip, a zip that is not a Word document, one carrying macros (vbaProject.bin or
    a macro-enabled content type), one that unpacks to too much, or one without text."""
    name = os.path.basename(uploaded.name or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "docm":
        raise _macro()
    if ext != "docx":
        raise ServiceError("essay_file_type", _("只能上传 Word 文档（.docx）"), field="file")
    if not uploaded.size:
        raise ServiceError("essay_file_empty", _("文件是空的"), field="file")
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        raise upload_too_large()
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if any(n.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for n in names):
                raise _macro()
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _not_docx()
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise _not_docx()
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            if "macroEnabled" in types:
                raise _macro()
            if archive.testzip() is not None:
                raise _not_docx()
        document = Document(io.BytesIO(data))
    except ServiceError:
        raise
    except Exception as e:  # BadZipFile, a broken XML part, python-docx's own errors
        raise _not_docx() from e
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("　".join(c.text.strip() for c in row.cells if c.text.strip()))
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ServiceError("essay_file_no_text", _("文档里没有文字"), field="file")
    return text


# --------------------------------------------------------------------------- anthology


@dataclass
class AnthologyEssay:
    title: str
    author: str
    region: str
    body: str


def _east_asian(style_or_run, font: str) -> None:
    """Set a style's or run's font for Chinese text (w:eastAsia) as well as Latin text."""
    style_or_run.font.name = font
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), font)


def _toc_field(paragraph) -> None:
    """A Word TOC field over the headings; Word fills it in when fields are updated."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-1" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _("（在 Word 中右键“更新域”可生成带页码的目录）")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def anthology_docx(
    essays: Sequence[AnthologyEssay], *, title: str, region_name: str, made_on: date
) -> bytes:
    """One .docx: a cover (title, region, date), a table of contents (a TOC field and the
    written list of titles), then each essay in its own section starting on a new page:
    its title as a level-1 heading, the author line and the body's paragraphs."""
    document = Document()
    _east_asian(document.styles["Normal"], BODY_FONT)
    document.styles["Normal"].font.size = Pt(12)
    for name in ("Title", "Heading 1", "Heading 2"):
        _east_asian(document.styles[name], HEADING_FONT)

    cover = document.add_paragraph(title, style="Title")
    cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
    made = _("%(year)s年%(month)s月%(day)s日") % {
        "year": made_on.year,
        "month": made_on.month,
        "day": made_on.day,
    }
    for line in (region_name, made):
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    summary = document.add_paragraph(_("共收录优秀心得体会%(count)s篇") % {"count": len(essays)})
    summary.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph(_("目录"), style="Heading 2")
    _toc_field(document.add_paragraph())
    for n, essay in enumerate(essays, start=1):
        document.add_paragraph(f"{n}. {essay.title}　{essay.author}")

    for essay in essays:
        document.add_section(WD_SECTION.NEW_PAGE)
        document.add_paragraph(essay.title, style="Heading 1")
        author = document.add_paragraph(f"{essay.region}　{essay.author}")
        author.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for line in essay.body.splitlines():
            if line.strip():
                p = document.add_paragraph(line.strip())
                p.paragraph_format.first_line_indent = Pt(24)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
