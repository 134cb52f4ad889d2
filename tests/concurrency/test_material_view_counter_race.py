"""Concurrent views of a material's public share page (/m/<code>): THREADS anonymous
clients open it at the same moment and every view is counted, because the counter is
added by the database (`UPDATE … SET view_count = view_count + 1`, an F() expression).

The control counts the way that loses views — read the count, wait, write count + 1 — and
shows that the concurrent requests then overwrite each other. PostgreSQL only (SQLite
serialises the writers, so the control cannot show the race there).
"""

from __future__ import annotations

import time

import pytest
from django.test import Client

from sanwei.classroom import services
from sanwei.classroom.models import Material

from ..factories import MaterialFactory
from .conftest import LINGER, THREADS, run_together

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def material(tree) -> Material:
    return MaterialFactory(region=tree["town"], title="二十大精神十条要点")


def _views(material: Material) -> list:
    clients = [Client() for _ in range(THREADS)]
    return [lambda c=c: c.get(f"/m/{material.code}") for c in clients]


def test_every_concurrent_view_is_counted(material):
    outcomes = run_together(_views(material))

    assert [o.response.status_code for o in outcomes] == [200] * THREADS
    material.refresh_from_db()
    assert material.view_count == THREADS


def test_control_read_then_write_loses_concurrent_views(material, monkeypatch):
    def read_modify_write(m: Material) -> None:
        count = Material.unscoped.get(pk=m.pk).view_count
        time.sleep(LINGER)
        Material.unscoped.filter(pk=m.pk).update(view_count=count + 1)

    monkeypatch.setattr(services, "count_share_view", read_modify_write)
    outcomes = run_together(_views(material))

    assert [o.response.status_code for o in outcomes] == [200] * THREADS
    material.refresh_from_db()
    assert material.view_count < THREADS
