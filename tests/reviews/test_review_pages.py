"""The review pages: hold a review, read its agenda (each item links to its need), write
the conclusions, add follow-ups, mark one done, turn one into a need (bad input refused
in Chinese with nothing written), and download the agenda as .docx, read back here."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.models import ActionLog
from sanwei.needs.models import Need, NeedCategory
from sanwei.reviews import services
from sanwei.reviews.models import FollowUp, Review


def town_review(tree):
    return services.create_review(
        user=SYSTEM, region=tree["town"], title="十一月上半月需求复盘",
        period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 15),
        held_on=dt.date(2026, 11, 16), participants="各村书记",
    )  # fmt: skip


def test_a_review_is_held_from_the_form_and_shows_its_agenda(login, tree, town_needs, town_admin):
    client = login(town_admin)
    assert client.get("/reviews/new/").status_code == 200
    response = client.post("/reviews/new/", {
        "region": tree["town"].pk, "title": "十一月上半月需求复盘", "period_start": "2026-11-01",
        "period_end": "2026-11-15", "held_on": "2026-11-16", "participants": "各村书记",
    })  # fmt: skip
    review = Review.unscoped.get()
    assert (response.status_code, response["Location"]) == (302, f"/reviews/{review.pk}/")
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "本期登记需求共 8 件。" in page
    # The low ratings and repeats, each linked to its need's page.
    low = page.split('id="agenda-low-rated"')[1].split("</ul>")[0]
    assert [f'href="/needs/{town_needs[k].pk}/"' in low for k in ("N11", "N1", "N5")] == [True] * 3
    assert f'href="/needs/{town_needs["N12"].pk}/"' not in low
    repeats = page.split('id="agenda-repeats"')[1]
    assert "三组 · 张大山户" in repeats and "双岗村一组 · 环境卫生" in repeats
    overdue = page.split('id="agenda-overdue"')[1].split("</ul>")[0]
    assert f'href="/needs/{town_needs["N8"].pk}/"' in overdue
    assert "/reviews/" in client.get("/reviews/").content.decode()

    edit = client.post(f"/reviews/{review.pk}/edit/", {
        "title": "十一月上半月需求复盘", "period_start": "2026-11-01", "period_end": "2026-11-15",
        "held_on": "2026-11-16", "participants": "各村书记", "conclusions": "排查三组老旧管网",
    })  # fmt: skip
    assert edit.status_code == 302
    assert Review.unscoped.get().conclusions == "排查三组老旧管网"
    assert Review.unscoped.get().region == tree["town"]


def test_a_reversed_period_is_refused_on_the_form(login, tree, town_admin):
    response = login(town_admin).post("/reviews/new/", {
        "region": tree["town"].pk, "title": "复盘", "period_start": "2026-11-15",
        "period_end": "2026-11-01", "held_on": "2026-11-16",
    })  # fmt: skip
    assert response.status_code == 200
    assert "复盘期间的结束日期不能早于开始日期" in response.content.decode()
    assert not Review.unscoped.exists()


def test_follow_ups_are_added_done_and_turned_into_a_need_on_the_page(login, tree, town_admin):
    review = town_review(tree)
    client = login(town_admin)
    empty = client.post(f"/reviews/{review.pk}/follow-ups/add/", {"text": " "})
    assert empty.status_code == 400 and "请填写整改事项" in empty.content.decode()
    client.post(f"/reviews/{review.pk}/follow-ups/add/",
                {"text": "排查三组老旧水管", "owner": "王主任", "due_on": "2026-11-30"})  # fmt: skip
    client.post(f"/reviews/{review.pk}/follow-ups/add/", {"text": "每月回访低评价群众"})
    pipes, visits = FollowUp.unscoped.order_by("pk")
    assert (pipes.owner, pipes.due_on) == ("王主任", dt.date(2026, 11, 30))

    done = client.post(f"/reviews/{review.pk}/follow-ups/{visits.pk}/done/", {"done": "1"})
    assert done.status_code == 302
    assert FollowUp.unscoped.get(pk=visits.pk).done is True

    prefix = f"c{pipes.pk}"
    url = f"/reviews/{review.pk}/follow-ups/{pipes.pk}/convert/"
    bad = client.post(url, {f"{prefix}-region": tree["village_a"].pk,
                            f"{prefix}-urgency": "normal"})  # fmt: skip
    assert bad.status_code == 400 and "请选择需求类别" in bad.content.decode()
    assert not Need.unscoped.exists()
    repair = NeedCategory.objects.get(code="repair")
    converted = client.post(url, {f"{prefix}-region": tree["village_a"].pk,
                                  f"{prefix}-category": repair.pk,
                                  f"{prefix}-urgency": "urgent"})  # fmt: skip
    assert converted.status_code == 302
    need = Need.unscoped.get()
    assert (need.source, need.description, need.urgency, need.follow_up) == (
        "review", "排查三组老旧水管", "urgent", pipes)  # fmt: skip
    assert ActionLog.objects.filter(
        action_type="sanwei.review.follow_up_converted", object_id=pipes.pk,
        data__need=need.pk,
    ).exists()  # fmt: skip
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert f'href="/needs/{need.pk}/"' in page and f"已转为需求 {need.code}" in page
    # The need's page says where it came from and links back.
    need_page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "复盘整改转入" in need_page and f'href="/reviews/{review.pk}/"' in need_page


def test_the_county_viewer_reads_a_review_without_its_forms(login, tree, county_viewer):
    review = town_review(tree)
    services.add_follow_up(review, user=SYSTEM, text="排查三组老旧水管")
    page = login(county_viewer).get(f"/reviews/{review.pk}/").content.decode()
    assert "排查三组老旧水管" in page
    assert 'id="follow-up-form"' not in page and "转为群众需求" not in page


def test_the_agenda_downloads_as_a_word_document(login, tree, town_needs, town_admin):
    review = town_review(tree)
    follow_up = services.add_follow_up(review, user=SYSTEM, text="排查三组老旧水管",
                                       owner="王主任", due_on=dt.date(2026, 11, 30))  # fmt: skip
    need = services.convert_follow_up(follow_up, user=SYSTEM, region=tree["village_a"],
                                      category=NeedCategory.objects.get(code="repair"))  # fmt: skip
    services.add_follow_up(review, user=SYSTEM, text="每月回访低评价群众")
    response = login(town_admin).get(f"/reviews/{review.pk}/agenda.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "十一月上半月需求复盘" in text
    assert "复盘期间：2026年11月1日至2026年11月15日" in text
    assert "本期登记需求共8件。" in text
    counts, overdue, low, follow_ups = document.tables
    assert [[c.text for c in row.cells] for row in counts.rows] == [
        ["类别", "已登记", "已受理", "不予受理", "已派单", "已解决", "已评价", "已办结", "合计"],
        ["生活帮扶", "0", "0", "0", "1", "0", "0", "0", "1"],
        ["医疗健康", "0", "0", "1", "0", "0", "1", "0", "2"],
        ["设施维修", "1", "0", "0", "0", "1", "0", "1", "3"],
        ["环境卫生", "0", "1", "0", "0", "0", "1", "0", "2"],
        ["合计", "1", "1", "1", "1", "1", "2", "1", "8"],
    ]
    assert [row.cells[0].text for row in low.rows[1:]] == [
        f"#{town_needs[k].pk}（查询码 {town_needs[k].code}）" for k in ("N11", "N1", "N5")
    ]
    assert [row.cells[4].text for row in low.rows[1:]] == [
        "2星：很满意",
        "1星：很满意",
        "2星：很满意",
    ]
    assert f"#{town_needs['N8'].pk}（查询码 {town_needs['N8'].code}）" in [
        row.cells[0].text for row in overdue.rows[1:]
    ]
    assert "同一户：三组 · 张大山户，3件" in text
    assert "同一地点同类问题：东岳观村 · 设施维修，3件" in text
    assert [[c.text for c in row.cells] for row in follow_ups.rows[1:]] == [
        [
            "排查三组老旧水管",
            "王主任",
            "2026年11月30日",
            f"已转为需求 #{need.pk}（查询码 {need.code}）",
        ],
        ["每月回访低评价群众", "—", "—", "未完成"],
    ]
