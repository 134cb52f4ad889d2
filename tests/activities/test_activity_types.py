"""Activity types: global, grouped by pillar, changed by town admins, kept while in use."""

from django.urls import reverse

from sanwei.activities.models import ActivityType


def test_types_are_listed_by_pillar(login, secretary_a):
    response = login(secretary_a).get(reverse("activities:activity_type_list"))

    assert response.status_code == 200
    groups = {g["value"]: [t.code for t in g["types"]] for g in response.context["groups"]}
    assert "mobile_lecture" in groups["classroom"]
    assert "courtyard_meeting" in groups["seminar"]
    assert "volunteer_service" in groups["service"]
    assert reverse("activities:activity_type_create") not in response.content.decode()


def test_town_admin_creates_and_edits_a_type(login, town_admin):
    client = login(town_admin)
    created = client.post(
        reverse("activities:activity_type_create"),
        {
            "name": "文明护校",
            "code": "school_gate",
            "pillar": "service",
            "sort_order": 30,
            "is_active": "on",
        },
    )
    assert created.status_code == 302
    activity_type = ActivityType.objects.get(code="school_gate")

    edited = client.post(
        reverse("activities:activity_type_edit", args=[activity_type.pk]),
        {"name": "文明护校岗", "code": "school_gate", "pillar": "service", "sort_order": 30},
    )

    assert edited.status_code == 302
    activity_type.refresh_from_db()
    assert activity_type.name == "文明护校岗"
    assert activity_type.is_active is False


def test_duplicate_code_is_refused(login, town_admin):
    response = login(town_admin).post(
        reverse("activities:activity_type_create"),
        {"name": "另一种宣讲", "code": "mobile_lecture", "pillar": "classroom", "sort_order": 0},
    )

    assert response.status_code == 200
    assert "已存在" in response.context["form"].errors["code"][0]
    assert ActivityType.objects.filter(code="mobile_lecture").count() == 1


def test_secretary_may_not_change_types(login, secretary_a, lecture_type):
    client = login(secretary_a)

    assert client.get(reverse("activities:activity_type_create")).status_code == 403
    response = client.post(
        reverse("activities:activity_type_edit", args=[lecture_type.pk]),
        {"name": "改名", "code": "mobile_lecture", "pillar": "classroom", "sort_order": 0},
    )
    assert response.status_code == 403
    lecture_type.refresh_from_db()
    assert lecture_type.name == "流动宣讲"


def test_type_in_use_is_not_deleted(login, town_admin, lecture_type, activity_a):
    client = login(town_admin)
    response = client.post(reverse("activities:activity_type_delete", args=[lecture_type.pk]))

    assert response.status_code == 302
    assert ActivityType.objects.filter(pk=lecture_type.pk).exists()
    page = client.get(response["Location"])
    assert "已有1场活动使用，不能删除" in page.content.decode()


def test_unused_type_is_deleted(login, town_admin):
    unused = ActivityType.objects.create(code="unused", name="临时类型", pillar="seminar")

    response = login(town_admin).post(reverse("activities:activity_type_delete", args=[unused.pk]))

    assert response.status_code == 302
    assert not ActivityType.objects.filter(pk=unused.pk).exists()


def test_inactive_type_is_not_offered_for_new_activities(login, town_admin, courtyard_type):
    courtyard_type.is_active = False
    courtyard_type.save()

    form = login(town_admin).get(reverse("activities:activity_create")).context["form"]

    assert courtyard_type not in form.fields["activity_type"].queryset
