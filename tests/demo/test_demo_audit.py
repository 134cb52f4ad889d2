"""The demo town shows the action log: the town admin's 操作日志 holds the demo secretary's
page view, search and phone correction (masked before and after), and one resident of the
last village has been anonymised on request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from sanwei.core.models import ActionLog
from sanwei.people.models import Person


def test_the_town_admin_reads_the_secretarys_actions_in_the_log(demo, client):
    assert demo.pillars["操作日志示例"] == 3
    change = ActionLog.objects.get(action_type="sanwei.person.changed", user__username="secretary")
    before, after = change.data["changes"]["phone"].values()
    assert "****" in before and "****" in after

    client.force_login(get_user_model().objects.get(username="town"))
    response = client.get("/audit/", {"user": "secretary"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "查看群众" in body and "搜索群众" in body and "群众·修改" in body


def test_one_resident_is_anonymised_on_request(demo):
    assert demo.pillars["依申请匿名化的群众"] == 1
    with scopes_disabled():
        forgotten = Person.unscoped.get(name="已注销")
    assert (forgotten.phone, forgotten.id_number_hash) == ("", None)
    assert ActionLog.objects.filter(
        action_type="sanwei.person.anonymised", object_id=forgotten.pk
    ).exists()
