"""The 三句半 editor of a performance: errors shown line by line, an invalid script or one
without exactly four performers refused (nothing saved), a valid one saved."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.classroom import services
from sanwei.classroom.models import PerformanceScript

from ..factories import ActivityFactory, PersonFactory

VALID = "《二十大精神进万家》\n\n二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n真棒！"
BROKEN = "二十大精神放光芒，\n很好，\n撸起袖子加油干，\n日子越过越红火！"


@pytest.fixture
def performance(tree, campaign, performance_type):
    return ActivityFactory(
        campaign=campaign,
        region=tree["village_a"],
        activity_type=performance_type,
        title="三句半演出",
    )


@pytest.fixture
def performers(tree):
    return [
        PersonFactory(region=tree["village_a"], name=n) for n in ("甲一", "乙二", "丙三", "丁四")
    ]


def _post(client, activity, text, performers, button="save", closing="4"):
    data = {"text": text, "closing_max_chars": closing, button: "1"}
    for n, person in enumerate(performers, start=1):
        data[f"performer_{n}"] = person.pk
    return client.post(reverse("classroom:script_edit", args=[activity.pk]), data)


def test_a_valid_script_with_four_performers_is_saved(login, secretary_a, performance, performers):
    client = login(secretary_a)
    response = _post(client, performance, VALID, performers)

    assert response.status_code == 302
    assert response["Location"] == reverse("classroom:script_detail", args=[performance.pk])
    script = PerformanceScript.unscoped.get(activity=performance)
    assert script.text == VALID
    assert script.closing_max_chars == 4
    assert sorted(p.name for p in script.performers.all()) == ["丁四", "丙三", "乙二", "甲一"]
    page = client.get(response["Location"]).content.decode()
    assert "撸起袖子加油干" in page and "丁四" in page


def test_an_invalid_script_is_refused_with_its_errors_line_by_line(
    login, secretary_a, performance, performers
):
    response = _post(login(secretary_a), performance, BROKEN, performers)

    assert response.status_code == 200
    assert [str(e) for e in response.context["errors"]] == [
        "第2行：前三句应为整句（至少5个字），此句只有2个字",
        "第4行：第四句应为1至4个字的短句（半句），此句有7个字",
    ]
    lines = response.context["checked_lines"]
    assert lines[1] == (2, "很好，", ["前三句应为整句（至少5个字），此句只有2个字"])
    assert lines[0] == (1, "二十大精神放光芒，", [])
    html = response.content.decode()
    assert "剧本有 2 处问题，未保存" in html
    assert PerformanceScript.unscoped.count() == 0


def test_three_performers_are_refused(login, secretary_a, performance, performers):
    response = _post(login(secretary_a), performance, VALID, performers[:3])

    assert [str(e) for e in response.context["errors"]] == ["三句半需要恰好4名表演者，现有3名"]
    assert PerformanceScript.unscoped.count() == 0


def test_one_person_twice_is_not_four_performers(login, secretary_a, performance, performers):
    twice = [performers[0], performers[1], performers[2], performers[0]]
    response = _post(login(secretary_a), performance, VALID, twice)

    assert [str(e) for e in response.context["errors"]] == [
        "三句半需要恰好4名表演者，现有3名",
        "同一名表演者不能重复选择",
    ]
    assert PerformanceScript.unscoped.count() == 0


def test_checking_shows_the_result_without_saving(login, secretary_a, performance, performers):
    response = _post(login(secretary_a), performance, VALID, performers, button="check")

    assert response.status_code == 200
    assert response.context["errors"] == []
    assert "格式正确" in response.content.decode()
    assert PerformanceScript.unscoped.count() == 0


def test_the_closing_limit_is_set_per_script(login, secretary_a, performance, performers):
    text = "二十大精神放光芒，\n乡亲们听了喜洋洋，\n撸起袖子加油干，\n越过越红火！"
    client = login(secretary_a)

    refused = _post(client, performance, text, performers)
    assert [str(e) for e in refused.context["errors"]] == [
        "第4行：第四句应为1至4个字的短句（半句），此句有5个字"
    ]
    assert _post(client, performance, text, performers, closing="5").status_code == 302
    assert PerformanceScript.unscoped.get().closing_max_chars == 5


def test_a_saved_script_is_edited_in_place(login, secretary_a, performance, performers):
    client = login(secretary_a)
    _post(client, performance, VALID, performers)
    form = client.get(reverse("classroom:script_edit", args=[performance.pk])).context["form"]
    assert form["text"].value() == VALID
    assert form["performer_4"].value() == performers[3].pk

    other = PersonFactory(region=performance.region, name="戊五")
    _post(client, performance, VALID, [*performers[:3], other])

    script = PerformanceScript.unscoped.get()
    assert sorted(p.name for p in script.performers.all()) == ["丙三", "乙二", "戊五", "甲一"]


def test_only_a_performance_has_a_script(tree, campaign, lecture_type, performers):
    lecture = ActivityFactory(
        campaign=campaign, region=tree["village_a"], activity_type=lecture_type
    )

    with pytest.raises(services.ServiceError) as refused:
        services.save_script(lecture, text=VALID, performers=performers, user=SYSTEM)
    assert refused.value.code == "not_a_performance"


def test_the_service_refuses_an_invalid_script_with_every_error(performance, performers):
    with pytest.raises(services.ScriptInvalid) as refused:
        services.save_script(performance, text=BROKEN, performers=performers[:2], user=SYSTEM)

    assert refused.value.code == "script_invalid"
    assert [(e.line, e.message) for e in refused.value.errors] == [
        (2, "前三句应为整句（至少5个字），此句只有2个字"),
        (4, "第四句应为1至4个字的短句（半句），此句有7个字"),
        (None, "三句半需要恰好4名表演者，现有2名"),
    ]
    assert PerformanceScript.unscoped.count() == 0


def test_performers_out_of_scope_are_refused(secretary_a, performance, performers, tree):
    stranger = PersonFactory(region=tree["village_b"])
    with pytest.raises(services.ServiceError) as refused:
        services.save_script(
            performance, text=VALID, performers=[*performers[:3], stranger], user=secretary_a
        )
    assert refused.value.code == "person_out_of_scope"


@pytest.mark.parametrize("role", ["volunteer_a", "county_viewer"])
def test_roles_without_the_right_read_but_do_not_edit(
    request, login, performance, performers, role
):
    services.save_script(performance, text=VALID, performers=performers, user=SYSTEM)
    client = login(request.getfixturevalue(role))

    assert client.get(reverse("classroom:script_detail", args=[performance.pk])).status_code == 200
    assert client.get(reverse("classroom:script_edit", args=[performance.pk])).status_code == 403
    assert _post(client, performance, BROKEN, performers).status_code == 403
    assert PerformanceScript.unscoped.get().text == VALID


def test_the_api_checks_a_script(client, secretary_a):
    token = create_token(secretary_a, "t")
    response = client.post(
        "/api/v1/classroom/scripts/check",
        data=json.dumps({"text": BROKEN, "performer_count": 4}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 200
    assert response.json() == {
        "valid": False,
        "errors": [
            {"line": 2, "message": "前三句应为整句（至少5个字），此句只有2个字"},
            {"line": 4, "message": "第四句应为1至4个字的短句（半句），此句有7个字"},
        ],
    }
    ok = client.post(
        "/api/v1/classroom/scripts/check",
        data=json.dumps({"text": VALID, "closing_max_chars": 2}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert ok.json() == {"valid": True, "errors": []}
    bad = client.post(
        "/api/v1/classroom/scripts/check",
        data=json.dumps({"text": VALID, "closing_max_chars": 9}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (
        400,
        "invalid",
        "closing_max_chars",
    )


def test_the_activity_page_links_the_script(login, secretary_a, performance):
    html = login(secretary_a).get(reverse("activities:activity_detail", args=[performance.pk]))
    assert reverse("classroom:script_detail", args=[performance.pk]) in html.content.decode()
