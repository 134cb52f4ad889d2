"""One way to run long work and report its progress, for imports, exports and reports.

`enqueue(task, *args)` runs a Celery task: on a worker when REDIS_URL is set, eagerly in
this process otherwise. `enqueue_nonblocking(task, *args)` is the same on a worker, but
without one it runs the task in a thread of this process (settings.TASKS_IN_THREAD), so
the request that asked for it returns at once and the page can poll the progress. The work reports progress with `Progress(key).update(done, total)`;
pages poll `Progress(key).read()`. Progress lives in the cache, outside any transaction,
so it is visible while the work's own transaction is still open.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import asdict, dataclass

from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction

from .middleware import acting_from, work_origin

logger = logging.getLogger(__name__)

PROGRESS_TTL = 6 * 3600


@dataclass
class ProgressState:
    done: int = 0
    total: int = 0
    stage: str = ""
    finished: bool = False

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class Progress:
    def __init__(self, key: str) -> None:
        self.key = f"sanwei:progress:{key}"

    def update(self, done: int, total: int, stage: str = "") -> None:
        cache.set(self.key, asdict(ProgressState(done, total, stage)), PROGRESS_TTL)

    def finish(self, stage: str = "") -> None:
        state = self.read()
        state.finished, state.stage = True, stage or state.stage
        cache.set(self.key, asdict(state), PROGRESS_TTL)

    def read(self) -> ProgressState:
        raw = cache.get(self.key)
        return ProgressState(**raw) if raw else ProgressState()


ORIGIN_HEADER = "sanwei_origin"


def enqueue(task, *args, **kwargs) -> str:
    """Run `task` (a Celery task) in the background, or now when there is no broker. The
    request's address, way (session/token) and token go with it as a message header, so the
    action-log records the task writes on a worker say where it was asked from."""
    origin = work_origin()
    result = task.apply_async(args=args, kwargs=kwargs, headers={ORIGIN_HEADER: origin})
    return result.id


def task_origin(request) -> list | None:
    """The origin header of a Celery task's request (a worker puts custom headers on the
    request itself; an eager run keeps them in `request.headers`)."""
    origin = getattr(request, ORIGIN_HEADER, None)
    if origin is None:
        origin = (getattr(request, "headers", None) or {}).get(ORIGIN_HEADER)
    return origin


_entered: dict[str, object] = {}


@task_prerun.connect
def _enter_origin(task_id=None, task=None, **_kwargs) -> None:
    context = acting_from(task_origin(task.request))
    context.__enter__()
    _entered[task_id] = context


@task_postrun.connect
def _leave_origin(task_id=None, **_kwargs) -> None:
    context = _entered.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)


def enqueue_nonblocking(task, *args, **kwargs) -> str:
    """Run `task` on a worker, or — without a broker — in a daemon thread of this process.

    For work whose request must not wait for it (a file's check): the thread starts once
    the caller's transaction commits, opens its own database connections and closes them when done. Its progress is in the cache as
    usual (the local memory cache of this process in the embedded mode)."""
    if not (settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "TASKS_IN_THREAD", False)):
        return enqueue(task, *args, **kwargs)
    task_id = f"thread-{uuid.uuid4().hex}"
    origin = work_origin()
    thread = threading.Thread(
        target=_run_in_thread, args=(task, args, kwargs, origin), name=task_id, daemon=True
    )
    transaction.on_commit(thread.start)  # the thread must see what the caller wrote
    return task_id


def _run_in_thread(task, args: tuple, kwargs: dict, origin: tuple | None = None) -> None:
    close_old_connections()
    try:
        task.apply(args=args, kwargs=kwargs, throw=True, headers={ORIGIN_HEADER: origin})
    except Exception:
        logger.exception("background task %s failed", getattr(task, "name", task))
    finally:
        connections.close_all()
