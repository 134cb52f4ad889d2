"""The pages: a volunteer signs up and cancels from their phone page (我的志愿服务) and from
the activity page; staff see the list and the waiting list, sign someone up, cancel, and
record the signed-up volunteers for confirmation; categories and service details."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Activity, Attendance
from sanwei.volunteering.models import ServiceActivity, ServiceCategory, SignUp
from sanwei.volunteering.services import sign_up

from ..factories import ActivityFactory, default_activity_type
from .conftest import volunteer_login


def _text(response) -> str:
    return response.content.decode()


def test_a_volunteer_signs_up_from_their_phone_page_and_sees_the_waiting_place(
    client, activity, people
):
    sign_up(activity, people[1], user=SYSTEM)
    sign_up(activity, people[2], user=SYSTEM)  # full: 2 of 2
    client.force_login(volunteer_login(people[0], "zhangsan"))
    me = reverse("volunteers:my_service")

    page = _text(client.get(me))
    assert "可报名的志愿服务" in page and "已报满，候补 0 人" in page

    response = client.post(
        reverse("volunteering:signup_self", args=[activity.pk]), {"next": me}, follow=True
    )

    assert response.redirect_chain[-1][0] == me
    page = _text(response)
    assert "名额已满，张三已进入候补名单，排第1位" in page
    assert "候补第 1 位" in page
    signup = SignUp.unscoped.get(activity=activity, person=people[0])
    assert signup.status == "waiting"


def test_a_volunteer_cancels_from_the_activity_page_and_the_place_is_free_again(
    client, activity, people
):
    client.force_login(volunteer_login(people[0], "zhangsan"))
    detail = reverse("activities:activity_detail", args=[activity.pk])
    assert "我要报名" in _text(client.get(detail))
    client.post(reverse("volunteering:signup_self", args=[activity.pk]), {"next": detail})
    page = _text(client.get(detail))
    assert "您已报名" in page and "已报名 1/2 人" in page
    signup = SignUp.unscoped.get(activity=activity, person=people[0])

    response = client.post(
        reverse("volunteering:signup_cancel", args=[signup.pk]), {"next": detail}, follow=True
    )

    assert "已取消张三的报名" in _text(response)
    assert "已报名 0/2 人" in _text(response)
    assert SignUp.unscoped.get(pk=signup.pk).status == "cancelled"


def test_a_volunteer_sees_no_list_of_names_and_may_not_cancel_another(client, activity, people):
    other = sign_up(activity, people[1], user=SYSTEM)
    client.force_login(volunteer_login(people[0], "zhangsan"))

    page = _text(client.get(reverse("activities:activity_detail", args=[activity.pk])))

    assert "报名名单与候补名单" not in page
    assert client.get(reverse("volunteering:signup_list", args=[activity.pk])).status_code == 403
    assert client.post(reverse("volunteering:signup_cancel", args=[other.pk])).status_code == 403
    assert SignUp.unscoped.get(pk=other.pk).status == "signed_up"


def test_staff_see_the_list_and_waiting_list_and_a_cancel_moves_the_first_up(
    client, activity, people, secretary_a
):
    signups = [sign_up(activity, p, user=SYSTEM) for p in people]
    client.force_login(secretary_a)
    url = reverse("volunteering:signup_list", args=[activity.pk])

    page = _text(client.get(url))
    assert "已报名 2/2 人" in page and "候补 2 人" in page
    waiting = page[page.index('id="waiting"') :]
    assert waiting.index("王五") < waiting.index("赵六")

    response = client.post(
        reverse("volunteering:signup_cancel", args=[signups[1].pk]), {"next": url}, follow=True
    )

    page = _text(response)
    assert "已取消李四的报名" in page and "候补的王五已递补为正式报名" in page
    assert "候补递补" in page and "候补 1 人" in page


def test_staff_sign_a_volunteer_up_with_the_picker(client, activity, people, secretary_a):
    client.force_login(secretary_a)

    found = client.get(reverse("volunteering:volunteer_picker"), {"q": "赵六"})
    assert "赵六" in _text(found)
    response = client.post(
        reverse("volunteering:signup_add", args=[activity.pk]),
        {"person": people[3].pk},
        follow=True,
    )

    assert "赵六报名成功" in _text(response)
    assert SignUp.unscoped.get(activity=activity, person=people[3]).created_by == secretary_a


def test_the_organiser_records_the_signed_up_then_confirms_on_the_hours_page(
    client, activity, people, secretary_a
):
    for person in people[:3]:
        sign_up(activity, person, user=SYSTEM)
    start = timezone.now() - dt.timedelta(hours=1)
    Activity.unscoped.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    client.force_login(secretary_a)

    list_page = _text(client.get(reverse("volunteering:signup_list", args=[activity.pk])))
    assert "将报名的 2 名志愿者登记为参与" in list_page
    response = client.post(
        reverse("volunteering:record_signed_up", args=[activity.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "volunteers:activity_hours", args=[activity.pk]
    )
    assert "已将2名报名志愿者登记为参与（0名此前已登记），请确认服务时长" in _text(response)
    assert "全部确认（2人）" in _text(response)
    assert Attendance.unscoped.filter(activity=activity, role="volunteer").count() == 2


def test_the_secretary_sets_the_service_details_on_the_activity(client, tree, squad, secretary_a):
    start = timezone.now() + dt.timedelta(days=3)
    activity = ActivityFactory(
        region=tree["village_a"],
        campaign__region=tree["village_a"],
        activity_type=default_activity_type("sentiment_talk"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    client.force_login(secretary_a)
    detail = reverse("activities:activity_detail", args=[activity.pk])
    assert "设置服务类别与报名" in _text(client.get(detail))
    url = reverse("volunteering:service_edit", args=[activity.pk])
    policy = ServiceCategory.objects.get(code="policy")

    response = client.post(
        url,
        {"category": policy.pk, "signup_limit": "10", "place": "村部会议室", "squad": squad.pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == detail
    page = _text(response)
    assert "政策咨询" in page and "已报名 0/10 人" in page
    service = ServiceActivity.unscoped.get(activity=activity)
    assert (service.signup_limit, service.activity.place) == (10, "村部会议室")


def test_a_lecture_gets_no_service_form(client, tree, secretary_a):
    lecture = ActivityFactory(region=tree["village_a"], campaign__region=tree["village_a"])
    client.force_login(secretary_a)

    page = _text(client.get(reverse("volunteering:service_edit", args=[lecture.pk])))
    detail = _text(client.get(reverse("activities:activity_detail", args=[lecture.pk])))

    assert "只有微服务板块的活动" in page and "<form" not in page.split('id="not-service"')[1]
    assert "志愿服务报名" not in detail


def test_the_town_admin_adds_a_category_a_secretary_may_not(client, town_admin, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("volunteering:category_create")).status_code == 403
    listing = _text(client.get(reverse("volunteering:category_list")))
    assert "森林防火" in listing and "新建服务类别" not in listing

    client.force_login(town_admin)
    response = client.post(
        reverse("volunteering:category_create"),
        {
            "name": "护河巡河",
            "code": "river",
            "description": "",
            "is_active": "on",
            "sort_order": "20",
        },
        follow=True,
    )

    assert "已新建服务类别“护河巡河”" in _text(response)
    assert ServiceCategory.objects.get(code="river").name == "护河巡河"
