"""The need pages: the work queue with its filters, the detail page's action forms (only
those the caller may use), bad input with Chinese errors and nothing written, and the
register form for staff and for a squad volunteer."""

from __future__ import annotations

from sanwei.needs.models import Need, NeedEvent, VolunteerAccount

from ..factories import HouseholdFactory, need_in_state, squad_volunteer


def test_the_queue_lists_needs_with_the_overdue_filter(login, tree, secretary_a):
    late = need_in_state("accepted", region=tree["village_a"], description="路灯坏了")
    Need.unscoped.filter(pk=late.pk).update(due_at=late.created_at.replace(year=2020))
    need_in_state("reported", region=tree["village_a"], description="手机不会用医保App")
    need_in_state("reported", region=tree["village_b"], description="双岗村的需求")
    client = login(secretary_a)
    page = client.get("/needs/").content.decode()
    assert "路灯坏了" in page and "手机不会用医保App" in page and "双岗村的需求" not in page
    page = client.get("/needs/?overdue=true").content.decode()
    assert "逾期未办结的需求" in page
    assert "路灯坏了" in page and "手机不会用医保App" not in page


def test_staff_accept_and_dispatch_from_the_detail_page(login, tree, secretary_a):
    wang = squad_volunteer(tree["village_a"], name="王志愿", skills="水电维修")
    need = need_in_state("reported", region=tree["village_a"])
    client = login(secretary_a)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert f'action="/needs/{need.pk}/accept/"' in page
    assert f'action="/needs/{need.pk}/resolve/"' not in page
    response = client.post(f"/needs/{need.pk}/accept/")
    assert (response.status_code, response["Location"]) == (302, f"/needs/{need.pk}/")
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "志愿者 王志愿（东岳观村，在办 0）" in page
    bad = client.post(f"/needs/{need.pk}/dispatch/", {"assignee": "v:999999"})
    assert bad.status_code == 400
    assert "请从建议名单中选择" in bad.content.decode()
    assert Need.unscoped.get(pk=need.pk).state == "accepted"
    response = client.post(f"/needs/{need.pk}/dispatch/", {"assignee": f"v:{wang.pk}"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.state, need.volunteer) == ("dispatched", wang)


def test_an_empty_reason_is_refused_in_chinese_with_nothing_written(login, tree, secretary_a):
    need = need_in_state("reported", region=tree["village_a"])
    response = login(secretary_a).post(f"/needs/{need.pk}/reject/", {"reason": " "})
    assert response.status_code == 400
    assert "请填写理由" in response.content.decode()
    assert Need.unscoped.get(pk=need.pk).state == "reported"
    assert NeedEvent.unscoped.filter(need=need).count() == 1


def test_the_volunteer_resolves_with_hours_and_bad_hours_are_refused(login, tree, volunteer_a):
    wang = squad_volunteer(tree["village_a"], name="王志愿")
    VolunteerAccount.unscoped.create(user=volunteer_a, person=wang)
    need = need_in_state("dispatched", region=tree["village_a"], volunteer=wang)
    client = login(volunteer_a)
    bad = client.post(f"/needs/{need.pk}/resolve/",
                      {"summary": "修好了", f"hours_{wang.pk}": "-2"})  # fmt: skip
    assert bad.status_code == 400
    assert "服务时长不能为负数" in bad.content.decode()
    none = client.post(f"/needs/{need.pk}/resolve/", {"summary": "修好了"})
    assert "请填写至少一名志愿者的服务时长" in none.content.decode()
    assert Need.unscoped.get(pk=need.pk).state == "dispatched"
    done = client.post(f"/needs/{need.pk}/resolve/",
                       {"summary": "修好了", f"hours_{wang.pk}": "2.5"})  # fmt: skip
    assert done.status_code == 302
    assert Need.unscoped.get(pk=need.pk).state == "resolved"


def test_register_forms_for_staff_and_for_a_volunteer_on_a_visit(login, tree, secretary_a,
                                                                 volunteer_a):  # fmt: skip
    from sanwei.needs.models import NeedCategory

    household = HouseholdFactory(region=tree["village_a"])
    repair = NeedCategory.objects.get(code="repair")
    client = login(secretary_a)
    bad = client.post("/needs/new/", {"region": tree["village_a"].pk, "description": "",
                                      "category": repair.pk, "urgency": "normal",
                                      "source": "staff"})  # fmt: skip
    assert bad.status_code == 400
    assert "请填写需求内容" in bad.content.decode()
    ok = client.post("/needs/new/", {"region": tree["village_a"].pk, "household": household.pk,
                                     "description": "<script>x</script>水管漏水",
                                     "category": repair.pk, "urgency": "urgent",
                                     "source": "staff"})  # fmt: skip
    assert ok.status_code == 302
    need = Need.unscoped.get()
    assert (need.household, need.urgency, need.source) == (household, "urgent", "staff")
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page

    assert login(volunteer_a).get("/needs/new/").status_code == 403
    VolunteerAccount.unscoped.create(
        user=volunteer_a, person=squad_volunteer(tree["village_a"], name="王志愿")
    )
    client = login(volunteer_a)
    ok = client.post("/needs/new/", {"region": tree["village_a"].pk, "description": "路灯坏了",
                                     "category": repair.pk, "urgency": "normal",
                                     "source": "visit"})  # fmt: skip
    assert ok.status_code == 302
    assert Need.unscoped.filter(source="visit", description="路灯坏了").count() == 1


def test_the_household_picker_finds_heads_for_staff_and_squad_volunteers(
    login, tree, secretary_a, volunteer_a
):
    from ..factories import PersonFactory

    household = HouseholdFactory(region=tree["village_a"])
    PersonFactory(region=tree["village_a"], household=household, relation_to_head="head",
                  name="覃大山")  # fmt: skip
    page = login(secretary_a).get("/needs/households/pick/", {"q": "覃大山"}).content.decode()
    assert "覃大山" in page
    assert login(volunteer_a).get("/needs/households/pick/", {"q": "覃"}).status_code == 403
    VolunteerAccount.unscoped.create(
        user=volunteer_a, person=squad_volunteer(tree["village_a"], name="王志愿")
    )
    page = login(volunteer_a).get("/needs/households/pick/", {"q": "覃大山"}).content.decode()
    assert "覃大山" in page
