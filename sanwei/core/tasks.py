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

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction

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


def enqueue(task, *args, **kwargs) -> str:
    """Run `task` (a Celery task) in the background, or now when there is no broker."""
    result = task.apply_async(args=args, kwargs=kwargs)
    return result.id


def enqueue_nonblocking(task, *args, **kwargs) -> str:
    """Run `task` on a worker, or — without a broker — in a daemon thread of this process.

    For work whose request must not wait for it (a file's check): the thread starts once
    the caller's transaction commits, opens its own database connections and closes them when done. Its progress is in the cache as
    usual (the local memory cache of this process in the embedded mode)."""
    if not (settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "TASKS_IN_THREAD", False)):
        return enqueue(task, *args, **kwargs)
    task_id = f"thread-{uuid.uuid4().hex}"
    thread = threading.Thread(
        target=_run_in_thread, args=(task, args, kwargs), name=task_id, daemon=True
    )
    transaction.on_commit(thread.start)  # the thread must see what the caller wrote
    return task_id


def _run_in_thread(task, args: tuple, kwargs: dict) -> None:
    close_old_connections()
    try:
        task.apply(args=args, kwargs=kwargs, throw=True)
    except Exception:
        logger.exception("background task %s failed", getattr(task, "name", task))
    finally:
        connections.close_all()
