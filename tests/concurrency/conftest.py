"""Helpers for the race tests: real threads, each with its own database connection and its
own logged-in test client, released together by a barrier (in the manner of pretix's
src/tests/concurrency_tests, which posts through `live_server` with debug flags)."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.test import Client

from sanwei.activities.models import ActivityType, Pillar

THREADS = 8
# How long each request lingers just after the "already there?" check, so that requests
# without the lock overlap there for certain (pretix: `sleep-after-quota-check`).
LINGER = 0.3


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Transactional tests empty the tables. After tests/e2e has run, the main thread's
    connection no longer carries `_test_serialized_contents` (observed; likely Playwright's
    event loop), so no data comes back and content types are made again under new ids:
    never trust the process-wide content type cache across these tests, either way."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def lecture_type(tree) -> ActivityType:
    """The migration-seeded type; made again if an earlier test left the tables empty."""
    return ActivityType.objects.get_or_create(
        code="mobile_lecture", defaults={"name": "流动宣讲", "pillar": Pillar.CLASSROOM}
    )[0]


@dataclass
class Outcome:
    """What one thread got back: the response, or the exception with its traceback."""

    response: Any = None
    error: str | None = None


def run_together(calls: list[Callable[[], Any]], timeout: float = 60) -> list[Outcome]:
    """Run `calls` in as many threads, released at once; each thread closes its connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def worker(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=timeout)
            outcomes[i].response = call()
        except BaseException:  # a 500 (the test client re-raises it), a barrier timeout
            outcomes[i].error = traceback.format_exc()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, c), name=f"race-{i}") for i, c in enumerate(calls)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a request hung (deadlock?)"
    errors = [o.error for o in outcomes if o.error]
    assert not errors, "requests failed:\n" + "\n".join(errors)
    return outcomes


def logged_in_clients(user, n: int = THREADS) -> list[Client]:
    """`n` test clients, each with its own session of `user`."""
    clients = []
    for _ in range(n):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@dataclass
class CheckProbe:
    """Counts the requests that got past a service's "already there?" check (they go on to
    insert) and how many were past it at the same moment; each lingers there LINGER s."""

    passed: int = 0
    in_window: int = 0
    most_at_once: int = 0
    integrity_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, insert: Callable[..., Any]) -> Callable[..., Any]:
        def probed(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.passed += 1
                self.in_window += 1
                self.most_at_once = max(self.most_at_once, self.in_window)
            try:
                time.sleep(LINGER)
                return insert(*args, **kwargs)
            except IntegrityError:
                with self.lock:
                    self.integrity_errors += 1
                raise
            finally:
                with self.lock:
                    self.in_window -= 1

        return probed
