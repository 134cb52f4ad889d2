"""A record written through an API token names the token — its id and its name, never the
secret — on the record, the log page, the API and the export; background work asked
through a token names it too. Session records name none."""

from __future__ import annotations

import io

from django.db import connection
from openpyxl import load_workbook

from sanwei.accounts.models import ApiToken
from sanwei.accounts.tokens import create_token
from sanwei.core.middleware import acting_from
from sanwei.core.models import ActionLog
from sanwei.core.tasks import enqueue
from sanwei.imports import services as imports
from sanwei.imports.tasks import commit_import

from ..factories import PersonFactory

ROSTER = "姓名,与户主关系,户主姓名\r\n张三,户主,张三\r\n"


def _raw_row(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_actionlog WHERE id = %s", [pk])
        return repr(cursor.fetchone())


def test_a_change_through_a_token_names_the_token_and_never_its_secret(client, tree, secretary_a):
    person = PersonFactory(name="张三", region=tree["village_a"])
    secret = create_token(secretary_a, "村务同步脚本")
    token = ApiToken.objects.get(name="村务同步脚本")

    response = client.patch(
        f"/api/v1/people/{person.pk}",
        {"notes": "已走访"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert response.status_code == 200
    entry = ActionLog.objects.get(action_type="sanwei.person.changed")
    assert (entry.via, entry.token_id, entry.token_name) == ("token", token.pk, "村务同步脚本")
    row = _raw_row(entry.pk)
    assert secret not in row and secret[:8] not in row and token.token_hash not in row


def test_a_read_through_a_token_names_it_too(client, tree, secretary_a):
    secret = create_token(secretary_a, "报表工具")
    token = ApiToken.objects.get(name="报表工具")

    client.get("/api/v1/people/", {"q": "张三"}, HTTP_AUTHORIZATION=f"Bearer {secret}")

    entry = ActionLog.objects.get(action_type="sanwei.person.searched")
    assert (entry.via, entry.token_id, entry.token_name) == ("token", token.pk, "报表工具")


def test_a_session_record_names_no_token(client, tree, secretary_a):
    client.force_login(secretary_a)

    client.get("/people/", {"q": "张三"})

    entry = ActionLog.objects.get(action_type="sanwei.person.searched")
    assert (entry.via, entry.token_id, entry.token_name) == ("session", None, None)


def test_the_log_page_api_and_export_show_the_tokens_name_and_id(client, tree, town_admin):
    secret = create_token(town_admin, "镇级对接")
    token = ApiToken.objects.get(name="镇级对接")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client.get("/api/v1/people/", {"q": "张三"}, **auth)

    listed = client.get("/api/v1/audit/log", {"action": "sanwei.person.searched"}, **auth)
    client.force_login(town_admin)
    page = client.get("/audit/", {"action": "sanwei.person.searched"}).content.decode()
    export = client.get("/audit/export.xlsx", {"action": "sanwei.person.searched"})

    assert [(e["via"], e["token_id"], e["token_name"]) for e in listed.json()["items"]] == [
        ("token", token.pk, "镇级对接")
    ]
    assert f"API 令牌“镇级对接”（#{token.pk}）" in page
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert f"API 令牌“镇级对接”（#{token.pk}）" in [c.value for c in sheet[2]]


def test_background_work_asked_through_a_token_names_it(tree, secretary_a):
    job = imports.create_job(
        io.BytesIO(ROSTER.encode("gbk")), "persons", tree["village_a"], user=secretary_a
    )
    imports.preview(job)
    origin = ["198.51.100.7", "token", {"id": 41, "name": "导入脚本"}]

    commit_import.apply(args=(job.pk, secretary_a.pk), headers={"sanwei_origin": origin})

    entry = ActionLog.objects.get(action_type="sanwei.import.committed")
    assert (entry.via, entry.token_id, entry.token_name) == ("token", 41, "导入脚本")


class _Task:
    def apply_async(self, **options):
        self.options = options
        return type("Result", (), {"id": "t1"})()


def test_enqueue_carries_the_token_of_the_work_it_was_asked_from():
    task = _Task()

    with acting_from(("203.0.113.5", "token", {"id": 7, "name": "同步"})):
        enqueue(task)

    assert task.options["headers"] == {
        "sanwei_origin": ["203.0.113.5", "token", {"id": 7, "name": "同步"}]
    }
