"""The anthology: every excellent essay (of the filtered region and campaign) in one .docx
with a cover, a table of contents and one essay per section; parsed back with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from ..factories import CampaignFactory, EssayFactory


@pytest.fixture
def essays(tree, campaign):
    a, b = tree["village_a"], tree["village_b"]
    EssayFactory(
        region=b,
        campaign=campaign,
        title="乡村振兴看产业",
        author_name="周杰",
        is_excellent=True,
        score=95,
        body="产业兴旺是基础。\n\n要因地制宜。",
    )
    EssayFactory(
        region=a,
        campaign=campaign,
        title="不落一人不漏一户",
        author_name="刘洋",
        is_excellent=True,
        score=88,
    )
    EssayFactory(
        region=a,
        campaign=campaign,
        title="把党的声音传到屋场",
        author_name="陈静",
        is_excellent=True,
        score=92,
    )
    EssayFactory(region=a, campaign=campaign, title="一篇普通的心得", author_name="王五", score=70)
    EssayFactory(region=b, campaign=campaign, title="尚未评阅的心得", author_name="赵六")
    other = CampaignFactory(region=tree["town"], name="另一个专题")
    EssayFactory(region=a, campaign=other, title="另一专题的优秀心得", is_excellent=True, score=99)


def _document(response) -> Document:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return Document(io.BytesIO(response.content))


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_the_excellent_essays_of_the_campaign_in_order(login, town_admin, essays, campaign):
    response = login(town_admin).get(f"/study/essays/anthology.docx?campaign={campaign.pk}")

    document = _document(response)
    # By village (东岳观村 before 双岗村 by division code), best score first.
    assert _headings(document) == ["把党的声音传到屋场", "不落一人不漏一户", "乡村振兴看产业"]
    text = "\n".join(p.text for p in document.paragraphs)
    for title in ("一篇普通的心得", "尚未评阅的心得", "另一专题的优秀心得"):
        assert title not in text


def test_cover_contents_and_one_section_per_essay(login, town_admin, essays, campaign, tree):
    response = login(town_admin).get(f"/study/essays/anthology.docx?campaign={campaign.pk}")

    document = _document(response)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "“读报告、谈体会”优秀心得体会选编"
    assert texts[1] == tree["town"].name
    assert texts[2].endswith("日") and texts[3] == "共收录优秀心得体会3篇"
    # The written list of titles reads before Word updates the TOC field.
    assert "1. 把党的声音传到屋场　陈静" in texts
    assert "3. 乡村振兴看产业　周杰" in texts
    instructions = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert any(i.startswith("TOC ") for i in instructions)
    # Cover, contents, then one section per essay, each starting on a new page.
    assert len(document.sections) == 2 + 3
    # The essay's author line and its body's paragraphs follow its heading.
    start = texts.index("乡村振兴看产业")
    assert texts[start + 1] == f"{tree['village_b'].name}　周杰"
    assert texts[start + 2 : start + 4] == ["产业兴旺是基础。", "要因地制宜。"]


def test_chinese_text_uses_an_east_asian_font(login, town_admin, essays):
    document = _document(login(town_admin).get("/study/essays/anthology.docx"))

    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_the_region_filter_narrows_the_anthology(login, town_admin, essays, tree):
    response = login(town_admin).get(
        f"/study/essays/anthology.docx?region={tree['village_a'].code}"
    )

    document = _document(response)
    assert _headings(document) == ["另一专题的优秀心得", "把党的声音传到屋场", "不落一人不漏一户"]
    assert document.paragraphs[1].text == tree["village_a"].name


def test_a_village_sees_only_its_own_excellent_essays(login, secretary_b, essays):
    document = _document(login(secretary_b).get("/study/essays/anthology.docx"))

    assert _headings(document) == ["乡村振兴看产业"]


def test_no_excellent_essay_gives_an_anthology_with_only_cover_and_contents(
    login, town_admin, tree
):
    EssayFactory(region=tree["village_a"], title="普通心得")

    document = _document(login(town_admin).get("/study/essays/anthology.docx"))

    assert _headings(document) == []
    assert "共收录优秀心得体会0篇" in [p.text for p in document.paragraphs]
