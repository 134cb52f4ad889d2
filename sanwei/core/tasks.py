"""One way to run long work and report its progress, for imports, exports and reports.

`enqueue(task, *args)` runs a Celery task: on a worker when REDIS_URL is set, eagerly in
this process otherwise. The work reports progress with `Progress(key).update(done, total)`;
pages poll `Progress(key).read()`. Progress lives in the cache, outside any transaction,
so it is visible while the work's own transaction is still open.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.cache import cache

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
