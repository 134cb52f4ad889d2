"""Answer templates: made at the town, used (read only) in its villages; changed and
deleted only where the right covers the template's region; bad input is a form error."""

from __future__ import annotations

from django.urls import reverse

from sanwei.seminar.models import AnswerTemplate

from ..factories import AnswerTemplateFactory


def test_a_village_secretary_cannot_edit_or_delete_the_towns_template(login, tree, secretary_a):
    template = AnswerTemplateFactory(region=tree["town"], title="镇模板")
    client = login(secretary_a)
    edit = client.post(
        reverse("seminar:template_edit", args=[template.pk]),
        {"title": "改了", "region": tree["village_a"].pk, "body": "新内容"},
    )
    delete = client.post(reverse("seminar:template_delete", args=[template.pk]))
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert AnswerTemplate.unscoped.get(pk=template.pk).title == "镇模板"


def test_a_secretary_edits_and_deletes_the_villages_own(login, tree, secretary_a):
    template = AnswerTemplateFactory(region=tree["village_a"], title="村模板")
    client = login(secretary_a)
    edit = client.post(
        reverse("seminar:template_edit", args=[template.pk]),
        {"title": "村模板（改）", "region": tree["village_a"].pk, "body": "已安排人员处理。"},
    )
    assert edit.status_code == 302
    assert AnswerTemplate.unscoped.get(pk=template.pk).title == "村模板（改）"
    delete = client.post(reverse("seminar:template_delete", args=[template.pk]))
    assert delete.status_code == 302
    assert not AnswerTemplate.unscoped.filter(pk=template.pk).exists()


def test_an_overlong_body_is_a_form_error(login, tree, town_admin):
    response = login(town_admin).post(
        reverse("seminar:template_create"),
        {"title": "太长", "region": tree["town"].pk, "body": "字" * 1001},
    )
    assert response.status_code == 200
    assert "答复内容不能超过1000个字（现有1001个）" in response.content.decode()
    assert AnswerTemplate.unscoped.count() == 0


def test_volunteers_see_no_opinion_pages(login, volunteer_a):
    client = login(volunteer_a)
    for name in ("seminar:opinion_list", "seminar:template_list", "seminar:opinion_rates"):
        assert client.get(reverse(name)).status_code == 403, name
    hub = client.get(reverse("seminar:index")).content.decode()
    assert reverse("seminar:opinion_list") not in hub
