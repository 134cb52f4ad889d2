"""The opinion pages: the hub, the list with its filters and overdue list, one opinion
with its timeline and the action forms its state allows, the answer form's template
picker, form errors in Chinese with nothing written, and user text shown escaped."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sanwei.seminar.models import Opinion, OpinionEvent

from ..factories import AnswerTemplateFactory, OpinionFactory
from .loop_fixtures import *  # noqa: F403  (fixtures)
from .loop_fixtures import at_state

TODAY = timezone.localdate()


def test_the_menu_leads_to_the_seminar_hub(login, secretary_a):
    home = login(secretary_a).get("/")
    assert reverse("seminar:index") in home.content.decode()
    hub = login(secretary_a).get(reverse("seminar:index"))
    assert hub.status_code == 200
    assert "意见办理" in hub.content.decode()


def test_the_list_filters_by_state_and_text_and_shows_overdue(login, tree, secretary_a):
    village = tree["village_a"]
    OpinionFactory(region=village, text="村口路灯坏了")
    OpinionFactory(
        region=village, text="水渠堵了", state="assigned", assignee_office="镇水利站",
        due_on=TODAY - dt.timedelta(days=1),
    )  # fmt: skip
    OpinionFactory(region=tree["village_b"], text="双岗村的意见")
    client = login(secretary_a)

    everything = client.get(reverse("seminar:opinion_list")).content.decode()
    assert ("村口路灯坏了" in everything, "水渠堵了" in everything) == (True, True)
    assert "双岗村的意见" not in everything  # another village: outside the scope
    received = client.get(reverse("seminar:opinion_list"), {"state": "received"}).content.decode()
    assert ("村口路灯坏了" in received, "水渠堵了" in received) == (True, False)
    late = client.get(reverse("seminar:opinion_list"), {"overdue": "true"}).content.decode()
    assert ("村口路灯坏了" in late, "水渠堵了" in late) == (False, True)
    assert "逾期未答复的意见" in late
    found = client.get(reverse("seminar:opinion_list"), {"q": "路灯"}).content.decode()
    assert ("村口路灯坏了" in found, "水渠堵了" in found) == (True, False)


def test_my_opinions_lists_what_is_assigned_to_me(login, tree, leader_a, leader_a2):
    mine = at_state("assigned", region=tree["village_a"], assignee=leader_a, text="给我的意见")
    at_state("assigned", region=tree["village_a"], assignee=leader_a2, text="给别人的意见")
    page = login(leader_a).get(reverse("seminar:my_opinions")).content.decode()
    assert "给我的意见" in page and "给别人的意见" not in page
    assert f'value="{mine.pk}"' in page  # a checkbox for bulk answering


def test_the_detail_page_shows_the_forms_its_state_allows(login, tree, secretary_a):
    opinion = at_state("received", region=tree["village_a"])
    page = login(secretary_a).get(reverse("seminar:opinion_detail", args=[opinion.pk]))
    html = page.content.decode()
    assert 'id="form-assign"' in html and 'id="form-convert"' in html
    assert 'id="form-close"' not in html and 'id="form-decide"' not in html
    assert 'id="form-answer"' not in html  # unassigned: only a town admin answers


def test_assign_then_answer_through_the_pages(login, tree, secretary_a, leader_a):
    opinion = at_state("received", region=tree["village_a"])
    due = (TODAY + dt.timedelta(days=5)).isoformat()
    response = login(secretary_a).post(
        reverse("seminar:opinion_assign", args=[opinion.pk]),
        {"assignee": leader_a.pk, "due_on": due, "assignee_office": "", "note": "请本周答复"},
    )
    assert response.status_code == 302
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"

    response = login(leader_a).post(
        reverse("seminar:opinion_answer", args=[opinion.pk]), {"reply": "已联系电工。"}
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.state, opinion.reply) == ("answered", "已联系电工。")
    timeline = login(leader_a).get(reverse("seminar:opinion_detail", args=[opinion.pk]))
    html = timeline.content.decode()
    assert "交办（已收集 → 已交办）" in html and "答复（已交办 → 已答复）" in html


def test_an_empty_or_overlong_reply_is_a_form_error_and_nothing_changes(login, tree, leader_a):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    url = reverse("seminar:opinion_answer", args=[opinion.pk])
    empty = login(leader_a).post(url, {"reply": "   "})
    long = login(leader_a).post(url, {"reply": "好" * 1001})
    assert (empty.status_code, long.status_code) == (200, 200)
    assert "请填写答复内容" in empty.content.decode()
    assert "答复内容不能超过1000个字（现有1001个）" in long.content.decode()
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"
    assert OpinionEvent.unscoped.count() == 0


def test_someone_else_posting_an_answer_gets_403(login, tree, leader_a, leader_a2):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    response = login(leader_a2).post(
        reverse("seminar:opinion_answer", args=[opinion.pk]), {"reply": "我来答"}
    )
    assert response.status_code == 403
    assert Opinion.unscoped.get(pk=opinion.pk).state == "assigned"


def test_an_illegal_move_from_a_stale_page_is_shown_on_the_form(login, tree, secretary_a):
    opinion = at_state("received", region=tree["village_a"])
    response = login(secretary_a).post(reverse("seminar:opinion_close", args=[opinion.pk]), {})
    assert response.status_code == 200
    assert "该意见现为“已收集”，不能办结" in response.content.decode()
    assert Opinion.unscoped.get(pk=opinion.pk).state == "received"


def test_the_template_picker_fills_the_reply(login, tree, leader_a):
    opinion = at_state("assigned", region=tree["village_a"], assignee=leader_a)
    template = AnswerTemplateFactory(region=tree["town"], body="已列入镇里明年的计划。")
    AnswerTemplateFactory(region=tree["village_b"], title="双岗村模板")
    page = login(leader_a).get(
        reverse("seminar:opinion_detail", args=[opinion.pk]), {"template": template.pk}
    )
    html = page.content.decode()
    assert "已列入镇里明年的计划。</textarea>" in html
    assert "双岗村模板" not in html


def test_recording_an_opinion_with_empty_or_overlong_text_is_a_form_error(login, tree, secretary_a):
    url = reverse("seminar:opinion_create")
    base = {"region": tree["village_a"].pk, "raised_by_name": "李大爷", "raised_on": TODAY}
    empty = login(secretary_a).post(url, base | {"text": "  "})
    long = login(secretary_a).post(url, base | {"text": "路" * 1001})
    assert "请填写意见内容" in empty.content.decode()
    assert "意见内容不能超过1000个字（现有1001个）" in long.content.decode()
    assert Opinion.unscoped.count() == 0
    ok = login(secretary_a).post(url, base | {"text": "村口路灯坏了"})
    assert ok.status_code == 302
    assert Opinion.unscoped.get().text == "村口路灯坏了"


def test_html_in_texts_is_shown_as_text(login, tree, town_admin):
    opinion = at_state(
        "answered", region=tree["village_a"], text="<script>alert(1)</script>路灯",
        raised_by_name="<b>张</b>", reply="<img src=x onerror=alert(2)>",
    )  # fmt: skip
    detail = login(town_admin).get(reverse("seminar:opinion_detail", args=[opinion.pk]))
    listing = login(town_admin).get(reverse("seminar:opinion_list"))
    for html in (detail.content.decode(), listing.content.decode()):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;路灯" in html
    assert "<img src=x" not in detail.content.decode()
    assert "&lt;b&gt;张&lt;/b&gt;" in detail.content.decode()


def test_bulk_answer_from_the_list_all_or_nothing(login, tree, leader_a, leader_a2):
    mine = [at_state("assigned", region=tree["village_a"], assignee=leader_a) for _ in range(2)]
    theirs = at_state("assigned", region=tree["village_a"], assignee=leader_a2)
    url = reverse("seminar:opinion_answer_many")
    refused = login(leader_a).post(
        url, {"opinions": [o.pk for o in [*mine, theirs]], "reply": "统一答复"}
    )
    assert refused.status_code == 403
    assert {Opinion.unscoped.get(pk=o.pk).state for o in [*mine, theirs]} == {"assigned"}

    done = login(leader_a).post(
        url,
        {"opinions": [o.pk for o in mine], "reply": "统一答复", "next": "/seminar/opinions/mine/"},
    )
    assert (done.status_code, done["Location"]) == (302, "/seminar/opinions/mine/")
    assert [Opinion.unscoped.get(pk=o.pk).state for o in mine] == ["answered", "answered"]


def test_the_answer_templates_pages(login, tree, town_admin, secretary_a):
    client = login(town_admin)
    response = client.post(
        reverse("seminar:template_create"),
        {"title": "路灯维修", "region": tree["town"].pk, "body": "已通知电工维修。"},
    )
    assert response.status_code == 302
    listing = login(secretary_a).get(reverse("seminar:template_list")).content.decode()
    assert "路灯维修" in listing  # a town's template is seen in its villages
    assert "seminar/templates/" not in listing.split("路灯维修", 1)[1].split("</tr>")[0]
