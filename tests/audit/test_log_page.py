"""Town admins read their region's action log on a page, in the API and as an xlsx file,
with the same filters (who, action, dates, record); another town's records and the
records of no region stay out, and every other role is refused."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from sanwei.core.models import ActionLog, log_event
from sanwei.people.models import Person

from ..factories import PersonFactory


def on(day):
    """Write records as on 2024-05-<day> 10:00 Beijing time."""
    when = dt.datetime(2024, 5, day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return mock.patch("django.utils.timezone.now", return_value=when)


@pytest.fixture
def log(tree, town_admin, secretary_a):
    person = PersonFactory(name="张三", region=tree["village_a"])
    other = PersonFactory(name="孙七", region=tree["other_village"])
    with on(1):
        viewed = person.log_action("sanwei.person.viewed", user=secretary_a)
    with on(3):
        changed = person.log_action("sanwei.person.changed", user=town_admin)
    entries = {
        "viewed": viewed,
        "changed": changed,
        "other_town": other.log_action("sanwei.person.viewed", user=secretary_a),
        "no_region": log_event("login.failed", data={"username": "x"}),
    }
    return entries, person


def test_a_town_admin_sees_only_their_towns_records(client, town_admin, log):
    entries, _person = log
    client.force_login(town_admin)  # logged too: 登录成功, under the town

    response = client.get("/audit/")

    assert response.status_code == 200
    shown = [(e.action_type, e.pk) for e in response.context["page_obj"]]
    login = ActionLog.objects.get(action_type="login.succeeded")
    assert shown == [
        ("login.succeeded", login.pk),
        ("sanwei.person.changed", entries["changed"].pk),
        ("sanwei.person.viewed", entries["viewed"].pk),
    ]
    page = response.content.decode()
    assert "登录成功" in page and "查看群众" in page and "群众·修改" in page


def test_the_filters_narrow_by_who_action_dates_and_record(client, town_admin, log):
    entries, person = log
    client.force_login(town_admin)

    def shown(**query):
        response = client.get("/audit/", query)
        return [e.pk for e in response.context["page_obj"]]

    assert shown(user="secretary_a") == [entries["viewed"].pk]
    assert shown(action="sanwei.person.viewed") == [entries["viewed"].pk]
    assert shown(action="sanwei.person.") == [entries["changed"].pk, entries["viewed"].pk]
    assert shown(since="2024-05-02", until="2024-05-31") == [entries["changed"].pk]
    assert shown(until="2024-05-02") == [entries["viewed"].pk]
    assert shown(object_type="people.person", object_id=person.pk) == [
        entries["changed"].pk,
        entries["viewed"].pk,
    ]
    assert shown(object_type="teams.team") == []


def test_the_api_lists_the_same_records_with_the_same_filters(client, town_admin, log):
    entries, _person = log
    client.force_login(town_admin)

    response = client.get("/api/v1/audit/log", {"action": "sanwei.person."})

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["id"], i["action_label"], i["user"], i["object_type"]) for i in items] == [
        (entries["changed"].pk, "群众·修改", "town_admin", "people.person"),
        (entries["viewed"].pk, "查看群众", "secretary_a", "people.person"),
    ]
    bad = client.get("/api/v1/audit/log", {"since": "not-a-date"})
    assert bad.status_code == 400


def test_the_xlsx_export_holds_the_filtered_records_and_is_itself_logged(client, town_admin, log):
    client.force_login(town_admin)

    response = client.get("/audit/export.xlsx", {"user": "town_admin", "until": "2024-12-31"})

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][:4] == ["时间", "操作人", "操作", "操作代码"]
    assert [r[1:4] for r in rows[1:]] == [["town_admin", "群众·修改", "sanwei.person.changed"]]
    assert rows[1][0] == "2024-05-03 10:00:00"
    exported = ActionLog.objects.get(action_type="sanwei.export.created")
    assert exported.data["exporter"] == "action_log"
    assert exported.data["filters"] == {"user": "town_admin", "until": "2024-12-31"}


def test_a_superuser_sees_every_record_including_those_of_no_region(client, log, root):
    entries, _person = log
    client.force_login(root)

    response = client.get("/audit/", {"action": "sanwei.person."})
    assert {e.pk for e in response.context["page_obj"]} == {
        entries["viewed"].pk,
        entries["changed"].pk,
        entries["other_town"].pk,
    }
    response = client.get("/audit/", {"action": "login.failed"})
    assert [e.pk for e in response.context["page_obj"]] == [entries["no_region"].pk]


@pytest.mark.parametrize("who", ["secretary_a", "county_viewer", "volunteer_a"])
def test_other_roles_are_refused(client, log, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit/log").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403


def test_anonymous_is_sent_to_log_in(client, log):
    assert client.get("/audit/").status_code == 302
    assert client.get("/api/v1/audit/log").status_code == 401


def test_content_type_of_a_person_is_shown_in_chinese(client, town_admin, log):
    client.force_login(town_admin)

    page = client.get("/audit/").content.decode()

    assert str(ContentType.objects.get_for_model(Person).name) in page
