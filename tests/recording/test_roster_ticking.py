"""Ticking attendance from the roster on a phone: the activity region's people, searched
and filtered by 组 and household (htmx partials), already recorded ones ticked and
disabled, many ticked and submitted once, 全户 in one tap, "load more" instead of a
2,000-row page."""

from sanwei.activities.models import Attendance, AttendanceRole
from sanwei.people.models import Person

from ..factories import AttendanceFactory, PersonFactory


def _url(village, suffix=""):
    return f"/recording/activities/{village['activity'].pk}/roster/{suffix}"


def _names(response) -> list[str]:
    import re

    return re.findall(r"<strong>([^<]+)</strong>", response.content.decode())


def test_the_roster_lists_the_village_by_group_and_household_head_first(
    village, login, secretary_a
):
    response = login(secretary_a).get(_url(village))

    assert response.status_code == 200
    assert _names(response) == ["张建国", "张小明", "李桂兰", "赵大爷", "王德福", "王丽", "孙红"]
    assert "刘强" not in response.content.decode()
    assert "138****1111" in response.content.decode()
    assert "13800001111" not in response.content.decode()


def test_already_recorded_people_are_shown_ticked_and_disabled(village, login, secretary_a):
    AttendanceFactory(activity=village["activity"], person=village["people"]["王丽"])

    response = login(secretary_a).get(_url(village))

    pk = village["people"]["王丽"].pk
    assert f'value="{pk}" checked disabled' in response.content.decode()
    # as a volunteer she is not recorded yet
    response = login(secretary_a).get(_url(village), {"role": "volunteer"})
    assert f'value="{pk}" checked disabled' not in response.content.decode()


def test_ticking_many_records_them_in_one_submit(village, login, secretary_a):
    people = village["people"]
    AttendanceFactory(activity=village["activity"], person=people["孙红"])
    ticked = [people[n].pk for n in ("张建国", "赵大爷", "王丽", "孙红")]

    response = login(secretary_a).post(_url(village), {"person": ticked, "role": "audience"})

    assert response.status_code == 302
    recorded = Attendance.unscoped.filter(
        activity=village["activity"], role=AttendanceRole.AUDIENCE
    )
    assert sorted(recorded.values_list("person__name", flat=True)) == [
        "孙红",
        "张建国",
        "王丽",
        "赵大爷",
    ]
    page = login(secretary_a).get(response["Location"])
    assert "已登记 3 人，1 人此前已登记" in page.content.decode()


def test_htmx_submit_answers_the_roster_with_the_count_and_the_new_ticks(
    village, login, secretary_a
):
    people = village["people"]
    response = login(secretary_a).post(
        _url(village),
        {"person": [people["王丽"].pk, people["王德福"].pk], "role": "volunteer"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="roster",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "已登记 2 人" in body
    assert f'value="{people["王丽"].pk}" checked disabled' in body
    assert set(
        Attendance.unscoped.filter(activity=village["activity"]).values_list("role", flat=True)
    ) == {"volunteer"}


def test_submitting_nothing_ticked_says_so(village, login, secretary_a):
    client = login(secretary_a)
    response = client.post(_url(village), {"role": "audience"}, follow=True)
    assert "请先勾选要登记的群众" in response.content.decode()
    assert Attendance.unscoped.count() == 0


def test_a_person_of_another_village_cannot_be_ticked(village, login, secretary_a):
    response = login(secretary_a).post(
        _url(village),
        {"person": [village["people"]["王丽"].pk, village["outsider"].pk]},
        follow=True,
    )
    assert "刘强不在您的管辖范围内" in response.content.decode()
    assert Attendance.unscoped.count() == 0


def test_whole_household_adds_every_member_in_one_tap(village, login, secretary_a):
    AttendanceFactory(activity=village["activity"], person=village["people"]["李桂兰"])

    response = login(secretary_a).post(
        _url(village, "household/"),
        {"whole_household": village["zhang"].pk, "role": "audience"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="roster",
    )

    assert response.status_code == 200
    assert "已登记 2 人，1 人此前已登记" in response.content.decode()
    assert sorted(
        Attendance.unscoped.filter(activity=village["activity"]).values_list(
            "person__name", flat=True
        )
    ) == ["张小明", "张建国", "李桂兰"]


def test_whole_household_of_another_village_is_not_found(village, login, secretary_a, tree):
    from ..factories import HouseholdFactory

    other = HouseholdFactory(region=tree["village_b"])
    PersonFactory(region=tree["village_b"], household=other, relation_to_head="head")

    response = login(secretary_a).post(_url(village, "household/"), {"whole_household": other.pk})

    assert response.status_code == 404
    assert Attendance.unscoped.count() == 0


def test_filter_by_group_answers_the_results_partial(village, login, secretary_a):
    response = login(secretary_a).get(
        _url(village),
        {"area": village["group2"].pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="roster-results",
    )

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert _names(response) == ["王德福", "王丽", "孙红"]
    assert "共 3 人" in response.content.decode()


def test_filter_by_household(village, login, secretary_a):
    response = login(secretary_a).get(_url(village), {"household": village["wang"].pk})
    assert _names(response) == ["王德福", "王丽"]
    assert "只看" in response.content.decode()


def test_search_by_name_pinyin_and_phone_tail(village, login, secretary_a):
    client = login(secretary_a)
    assert _names(client.get(_url(village), {"q": "王德福"})) == ["王德福"]
    assert _names(client.get(_url(village), {"q": "wdf"})) == ["王德福"]
    assert _names(client.get(_url(village), {"q": "3333"})) == ["赵大爷"]


def test_ticks_survive_a_filter_change_as_hidden_fields(village, login, secretary_a):
    people = village["people"]
    response = login(secretary_a).get(
        _url(village),
        {"area": village["group2"].pk, "person": [people["张建国"].pk, people["王丽"].pk]},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="roster-results",
    )

    body = response.content.decode()
    assert f'<input type="hidden" name="person" value="{people["张建国"].pk}">' in body
    assert f'value="{people["王丽"].pk}" checked>' in body
    assert "另有 1 人已勾选" in body


def test_a_big_village_is_paged_with_load_more(village, login, secretary_a):
    group = village["group1"]
    Person.unscoped.bulk_create(
        [Person(region=group, name=f"村民{i:03d}", search_text="") for i in range(120)]
    )
    client = login(secretary_a)

    first = client.get(_url(village))
    assert len(_names(first)) == 50
    assert "共 127 人" in first.content.decode()
    assert 'id="roster-more"' in first.content.decode()

    third = client.get(
        _url(village), {"page": 3}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="roster-more"
    )
    assert len(_names(third)) == 27
    assert 'id="roster-more"' not in third.content.decode()
    assert "<ul" not in third.content.decode()


def test_the_activity_page_links_to_fast_recording(village, login, secretary_a):
    response = login(secretary_a).get(f"/activities/{village['activity'].pk}/")
    body = response.content.decode()
    assert _url(village) in body
    assert f"/recording/activities/{village['activity'].pk}/sheet/import/" in body
    assert f"/recording/activities/{village['activity'].pk}/sheet/" in body
