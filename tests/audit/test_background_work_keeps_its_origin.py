"""Work a request hands to the background (an import's commit on a Celery worker, a check in
a thread) writes its action-log records with the address and the way (session or token)
of the request that asked for it, not with none."""

import io

from sanwei.core.middleware import acting_from
from sanwei.core.models import ActionLog
from sanwei.core.tasks import enqueue
from sanwei.imports import services as imports
from sanwei.imports.tasks import commit_import

ROSTER = "姓名,与户主关系,户主姓名\r\n张三,户主,张三\r\n"


def test_a_commit_run_as_a_worker_runs_it_records_the_asking_requests_origin(tree, secretary_a):
    job = imports.create_job(
        io.BytesIO(ROSTER.encode("gbk")), "persons", tree["village_a"], user=secretary_a
    )
    imports.preview(job)

    commit_import.apply(
        args=(job.pk, secretary_a.pk), headers={"sanwei_origin": ["198.51.100.7", "token"]}
    )

    entry = ActionLog.objects.get(action_type="sanwei.import.committed")
    assert (entry.user, entry.ip_address, entry.via) == (secretary_a, "198.51.100.7", "token")


def test_without_an_origin_a_commit_records_none(tree, secretary_a):
    job = imports.create_job(
        io.BytesIO(ROSTER.encode("gbk")), "persons", tree["village_a"], user=secretary_a
    )
    imports.preview(job)

    commit_import.apply(args=(job.pk, secretary_a.pk))

    entry = ActionLog.objects.get(action_type="sanwei.import.committed")
    assert (entry.ip_address, entry.via) == (None, "")


class _Task:
    """Stands in for a Celery task: keeps what `enqueue` sends."""

    def apply_async(self, **options):
        self.options = options
        return type("Result", (), {"id": "t1"})()


def test_enqueue_sends_the_origin_of_the_work_it_was_asked_from():
    task = _Task()

    with acting_from(("203.0.113.5", "session")):
        enqueue(task, 1, 2)

    assert task.options == {
        "args": (1, 2),
        "kwargs": {},
        "headers": {"sanwei_origin": ["203.0.113.5", "session", None]},
    }
