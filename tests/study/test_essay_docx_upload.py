"""An essay is submitted with its text typed or as a .docx whose text is read; anything
that is not a plain .docx, or is too large, is refused with a Chinese message and nothing
is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanwei.study.models import Essay, EssaySource

from ..factories import PersonFactory
from .conftest import docx_bytes


@pytest.fixture
def author(tree):
    return PersonFactory(region=tree["village_a"], name="刘洋")


def form(campaign, region, **extra):
    return {
        "title": "学习二十大报告心得",
        "campaign": campaign.pk,
        "region": region.pk,
        "author_name": "",
        "body": "",
        **extra,
    }


def upload(content: bytes, name: str = "心得.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_typed_essay_is_collected_with_a_roster_author(
    login, secretary_a, tree, campaign, author
):
    response = login(secretary_a).post(
        "/study/essays/new/",
        form(
            campaign, tree["village_a"], author=author.pk, body="一、要学深悟透。\n二、要落到实处。"
        ),
    )

    assert response.status_code == 302
    essay = Essay.unscoped.get()
    assert (essay.title, essay.author, essay.author_name) == ("学习二十大报告心得", author, "刘洋")
    assert essay.body == "一、要学深悟透。\n二、要落到实处。"
    assert essay.source == EssaySource.TEXT
    assert essay.region == tree["village_a"] and essay.submitted_by == secretary_a


def test_the_text_of_a_docx_is_extracted(login, secretary_a, tree, campaign, settings):
    content = docx_bytes("学习二十大报告心得", "", "一、要学深悟透。", "二、要落到实处。")

    response = login(secretary_a).post(
        "/study/essays/new/",
        form(campaign, tree["village_a"], author_name="陈静", file=upload(content)),
    )

    assert response.status_code == 302
    essay = Essay.unscoped.get()
    assert essay.body == "学习二十大报告心得\n一、要学深悟透。\n二、要落到实处。"
    assert (essay.source, essay.original_name, essay.author_name) == ("docx", "心得.docx", "陈静")
    assert stored_files(settings) == []  # the file is read, never kept


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_macros() -> bytes:
    """A real .docx with a vbaProject.bin added (what a .docm renamed to .docx carries)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("正文")))
    entries = {i.filename: source.read(i.filename) for i in source.infolist()}
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    return _zip(entries)


def _macro_content_type() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("正文")))
    entries = {i.filename: source.read(i.filename) for i in source.infolist()}
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"document.main+xml", b"document.macroEnabled.main+xml"
    )
    return _zip(entries)


BAD = [
    ("renamed text file", lambda: upload("这是一段文字".encode()), "文件不是有效的 Word 文档（.docx）"),
    ("corrupt zip", lambda: upload(docx_bytes("正文")[:-200]), "文件不是有效的 Word 文档（.docx）"),
    ("zip that is no Word document", lambda: upload(_zip({"a.txt": b"hello"})), "文件不是有效的 Word 文档（.docx）"),
    ("macro-enabled .docm", lambda: upload(docx_bytes("正文"), "心得.docm"), "不接受含宏的文档（.docm）"),
    ("vbaProject.bin inside", lambda: upload(_with_macros()), "不接受含宏的文档（.docm）"),
    ("macro-enabled content type", lambda: upload(_macro_content_type()), "不接受含宏的文档（.docm）"),
    ("an old .doc", lambda: upload(b"\xd0\xcf\x11\xe0", "心得.doc"), "只能上传 Word 文档（.docx）"),
    ("empty document", lambda: upload(docx_bytes("", "  ")), "文档里没有文字"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_upload_is_refused_and_nothing_is_stored(
    login, secretary_a, tree, campaign, settings, case, make, message
):
    response = login(secretary_a).post(
        "/study/essays/new/", form(campaign, tree["village_a"], author_name="陈静", file=make())
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Essay.unscoped.count() == 0
    assert stored_files(settings) == []


def test_an_upload_over_the_size_limit_is_refused_as_it_arrives(
    login, secretary_a, tree, campaign, settings
):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024
    content = docx_bytes("正文", *["很长的心得体会。" * 200] * 30)
    assert len(content) > 20 * 1024

    response = login(secretary_a).post(
        "/study/essays/new/",
        form(campaign, tree["village_a"], author_name="陈静", file=upload(content)),
    )

    assert response.status_code == 200
    assert "文件过大：不能超过20 KB" in response.content.decode()
    assert Essay.unscoped.count() == 0
    assert stored_files(settings) == []


def test_without_text_or_file_or_author_the_form_says_what_is_missing(
    login, secretary_a, tree, campaign
):
    client = login(secretary_a)

    no_body = client.post(
        "/study/essays/new/", form(campaign, tree["village_a"], author_name="陈静")
    )
    no_author = client.post("/study/essays/new/", form(campaign, tree["village_a"], body="正文"))

    assert "请填写正文或上传 Word 文档" in no_body.content.decode()
    assert "请选择作者或填写作者姓名" in no_author.content.decode()
    assert Essay.unscoped.count() == 0


def test_html_in_an_essay_is_shown_as_text(login, secretary_a, tree, campaign):
    client = login(secretary_a)
    client.post(
        "/study/essays/new/",
        form(campaign, tree["village_a"], author_name="陈静", body="<script>alert(1)</script>"),
    )
    essay = Essay.unscoped.get()

    page = client.get(f"/study/essays/{essay.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
