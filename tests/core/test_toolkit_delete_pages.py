"""The toolkit's delete pages: one confirm template; the service deletes or refuses,
and a refusal is shown as a message with nothing deleted."""

from django.urls import reverse

from sanwei.activities.models import ActivityType
from sanwei.core.models import ActionLog

from ..factories import ActivityFactory


def test_the_confirm_page_names_what_is_deleted(login, town_admin, tree):
    activity = ActivityFactory(region=tree["village_a"], title="三月宣讲")
    response = login(town_admin).get(reverse("activities:activity_delete", args=[activity.pk]))
    assert response.status_code == 200
    assert response.templates[0].name == "core/confirm_delete.html"
    assert "确定删除“三月宣讲”（东岳观村）吗？此操作不能撤销。" in response.content.decode()


def test_a_refused_delete_shows_the_message_and_deletes_nothing(login, town_admin, tree):
    activity = ActivityFactory(region=tree["village_a"])
    activity_type = activity.activity_type
    response = login(town_admin).post(
        reverse("activities:activity_type_delete", args=[activity_type.pk]), follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "不能删除" in messages[0]
    assert ActivityType.objects.filter(pk=activity_type.pk).exists()
    assert not ActionLog.objects.filter(action_type__endswith=".deleted").exists()


def test_an_unused_object_is_deleted_logged_and_announced(login, town_admin, tree):
    activity_type = ActivityType.objects.create(code="tea_talk", name="茶话会", pillar="seminar")
    response = login(town_admin).post(
        reverse("activities:activity_type_delete", args=[activity_type.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("activities:activity_type_list"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["已删除活动类型“茶话会”"]
    assert not ActivityType.objects.filter(pk=activity_type.pk).exists()
