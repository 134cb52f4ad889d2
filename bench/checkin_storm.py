"""Check-in storm (issue 12): 1,000 residents check in to one county meeting within 60 s,
against the production server (`sanwei serve --production`, gunicorn, 2 workers) on
PostgreSQL with Redis, over loopback.

    .venv/bin/python bench/checkin_storm.py [--residents 1000] [--seconds 60] [--workers 2]

It builds a fresh database (DATABASE_URL's server, database `sanwei_storm`; dropped at the
start of every run): a county with 4 towns × 4 villages, one county meeting whose check-in
is open now, and `--residents` residents on the roster with distinct mobile numbers.

Each resident, at a random moment in the window (fixed seed), does what a phone does after
scanning the poster: GET the check-in page (cookie and CSRF token), then POST name and
number. Requests carry what nginx adds in production (X-Forwarded-Proto: https, and
X-Forwarded-For with the resident's own address, since residents are on many networks),
so the rate limits count each resident separately, as they would behind the proxy.
One resident in twenty double-taps: two POSTs at once. Bounded: at most 5,000 residents
and 300 s; the client stops at the window's end plus 60 s.

It prints throughput and the latency of the POSTs (p50, p90, p99, max), counts of every
status, and then checks the database: exactly one attendance per resident, none doubled,
nothing left unverified. Targets: no errors, p99 under 500 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "sanwei_storm"
SECRET_KEY = "checkin-storm-bench-secret-key-" + "s" * 40
P99_TARGET_MS = 500.0
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urllib.parse.urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("the storm runs on PostgreSQL: set DATABASE_URL=postgres://…")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def server_env(url: str, data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=url,
        REDIS_URL=os.environ.get("STORM_REDIS_URL", "redis://127.0.0.1:6379/14"),
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SANWEI_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
    )
    return env


def recreate_database(url: str, name: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(env: dict[str, str], residents: int, seconds: int) -> dict:
    """Migrate and fill the database in-process; return the check-in path and roster."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanwei.settings"
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from sanwei.activities.models import Activity, ActivityType, Campaign
    from sanwei.checkin.services import checkin_token
    from sanwei.core.search import search_key
    from sanwei.people.models import Person
    from sanwei.regions.models import Region, RegionLevel

    call_command("migrate", verbosity=0)
    rng = random.Random(20221025)
    with scopes_disabled():
        province = Region.objects.create(
            code="430000000000", name="湖南省", level=RegionLevel.PROVINCE
        )
        city = Region.objects.create(
            code="430800000000", name="张家界市", level=RegionLevel.CITY, parent=province
        )
        county = Region.objects.create(
            code="430821000000", name="慈利县", level=RegionLevel.COUNTY, parent=city
        )
        villages = []
        for t in range(4):
            town = Region.objects.create(
                code=f"430821{101 + t:03d}000",
                name=f"第{t + 1}镇",
                level=RegionLevel.TOWN,
                parent=county,
            )
            for v in range(4):
                villages.append(
                    Region.objects.create(
                        code=f"430821{101 + t:03d}{201 + v:03d}",
                        name=f"第{t + 1}镇{v + 1}村",
                        level=RegionLevel.VILLAGE,
                        parent=town,
                    )
                )
        campaign = Campaign.objects.create(
            name="学习宣传贯彻党的二十大精神",
            region=county,
            starts_on=dt.date.today() - dt.timedelta(days=30),
            ends_on=dt.date.today() + dt.timedelta(days=30),
        )
        now = timezone.now().replace(microsecond=0)
        meeting = Activity.objects.create(
            campaign=campaign,
            activity_type=ActivityType.objects.get(code="mobile_lecture"),
            title="全县宣讲大会",
            region=county,
            starts_at=now + dt.timedelta(minutes=5),
            ends_at=now + dt.timedelta(seconds=seconds + 3600),
        )
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
        given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅志文玉海燕春"
        roster = []
        people = []
        for i in range(residents):
            name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
            phone = f"139{i:08d}"
            roster.append((name, phone))
            people.append(
                Person(
                    region=villages[i % len(villages)],
                    name=name,
                    gender="M" if i % 2 else "F",
                    birth_date=dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                    phone=phone,
                    search_text=search_key(name),
                )
            )
        Person.objects.bulk_create(people, batch_size=1000)
        path = f"/c/{checkin_token(meeting)}"
    from django.db import connections

    connections.close_all()
    return {"path": path, "roster": roster, "activity_code": meeting.code}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int, threads: int, log: Path):
    command = [sys.executable, "-m", "sanwei.cli", "serve", "--production"]
    command += ["--port", str(port), "--workers", str(workers), "--threads", str(threads)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited; see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
            conn.getresponse().read()
            conn.close()
            warm_up(port, workers * threads)
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("the server did not answer within 90 s")


def warm_up(port: int, concurrent: int) -> None:
    """A server runs long before a meeting: let every worker import the site first."""

    def hit(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        conn.getresponse().read()
        conn.close()

    for _ in range(3):
        with ThreadPoolExecutor(concurrent) as pool:
            list(pool.map(hit, range(concurrent * 2)))


class Resident:
    """One phone: a GET for the form, then the POST(s); latencies and statuses recorded."""

    def __init__(self, port: int, path: str, name: str, phone: str, address: str) -> None:
        self.port, self.path, self.name, self.phone = port, path, name, phone
        self.headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
            "User-Agent": "Mozilla/5.0 (Linux; Android 12) storm",
        }

    def _request(self, method: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            started = time.perf_counter()
            conn.request(method, self.path, body=body, headers={**self.headers, **(headers or {})})
            response = conn.getresponse()
            content = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            return response.status, dict(response.getheaders()), content, elapsed
        finally:
            conn.close()

    def open_form(self) -> tuple[str, str]:
        status, headers, content, _ = self._request("GET")
        if status != 200:
            raise RuntimeError(f"GET {status}")
        cookie = headers.get("Set-Cookie", "")
        match = re.search(r"csrftoken=([^;]+)", cookie)
        token = CSRF_INPUT.search(content)
        if not match or not token:
            raise RuntimeError("no CSRF token on the form")
        return match.group(1), token.group(1).decode()

    def submit(self, cookie: str, token: str) -> tuple[int, float, bool]:
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "name": self.name, "phone": self.phone}
        ).encode()
        status, _, content, elapsed = self._request(
            "POST",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "Origin": f"https://127.0.0.1:{self.port}",
                "Referer": f"https://127.0.0.1:{self.port}{self.path}",
            },
        )
        done = "签到成功".encode() in content or "您已签到".encode() in content
        return status, elapsed, done


def storm(port: int, path: str, roster: list, seconds: int, double_every: int) -> dict:
    rng = random.Random(7)
    arrivals = sorted((rng.uniform(0, seconds), i) for i in range(len(roster)))
    results: list[tuple[int, float, bool]] = []
    failures: Counter = Counter()
    lock = threading.Lock()
    start = time.monotonic() + 1.0

    def one(at: float, i: int) -> None:
        delay = start + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        name, phone = roster[i]
        address = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        resident = Resident(port, path, name, phone, address)
        try:
            cookie, token = resident.open_form()
            taps = 2 if double_every and i % double_every == 0 else 1
            if taps == 1:
                outcome = [resident.submit(cookie, token)]
            else:
                with ThreadPoolExecutor(2) as both:
                    outcome = list(both.map(lambda _: resident.submit(cookie, token), range(2)))
        except Exception as e:
            with lock:
                failures[type(e).__name__ + ": " + str(e)[:80]] += 1
            return
        with lock:
            results.extend(outcome)

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=128) as pool:
        for at, i in arrivals:
            pool.submit(one, at, i)
    wall = time.monotonic() - began
    return {"results": results, "failures": failures, "wall": wall}


def verify(env: dict[str, str], activity_code: str, residents: int) -> dict:
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from sanwei.activities.models import Attendance
    from sanwei.checkin.models import UnverifiedCheckin

    with scopes_disabled():
        rows = Attendance.objects.filter(activity__code=activity_code)
        doubled = rows.values("person").annotate(n=Count("id")).filter(n__gt=1).count()
        return {
            "attendances": rows.count(),
            "persons": rows.values("person").distinct().count(),
            "doubled": doubled,
            "unverified": UnverifiedCheckin.objects.filter(activity__code=activity_code).count(),
            "expected": residents,
        }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main(argv: list[str] | None = None) -> dict:
    """Run the storm; return the figures (the printed ones, and `ok`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--double-every", type=int, default=20, help="every n-th double-taps")
    parser.add_argument("--database", default=DB_NAME, help="database name (dropped first)")
    args = parser.parse_args(argv)
    if not 1 <= args.residents <= 5000 or not 1 <= args.seconds <= 300:
        sys.exit("bounded: 1–5,000 residents within 1–300 s")
    url = database_url(args.database)
    data_dir = Path(os.environ.get("STORM_DATA_DIR", "/tmp/sanwei-storm"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(url, data_dir)
    print(f"database {args.database}: building {args.residents} residents …", flush=True)
    recreate_database(url, args.database)
    built = build(env, args.residents, args.seconds)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # rate-limit counters of earlier runs
    port = free_port()
    log = data_dir / "server.log"
    server = start_server(env, port, args.workers, args.threads, log)
    try:
        print(
            f"gunicorn, {args.workers} workers × {args.threads} threads, on 127.0.0.1:{port}; "
            f"{args.residents} residents within {args.seconds} s "
            f"(every {args.double_every}th double-taps) …",
            flush=True,
        )
        run = storm(port, built["path"], built["roster"], args.seconds, args.double_every)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results, failures = run["results"], run["failures"]
    latencies = [ms for _, ms, _ in results]
    statuses = Counter(status for status, _, _ in results)
    not_done = sum(1 for status, _, done in results if status == 200 and not done)
    counts = verify(env, built["activity_code"], args.residents)
    posts = len(results)
    print()
    print(f"POSTs {posts} in {run['wall']:.1f} s = {posts / run['wall']:.1f}/s (GETs as many)")
    if latencies:
        print(
            f"POST latency ms: p50 {percentile(latencies, 50):.0f}  p90 {percentile(latencies, 90):.0f}  p99 {percentile(latencies, 99):.0f}  max {max(latencies):.0f}  mean {statistics.fmean(latencies):.0f}"
        )
    print("statuses:", dict(sorted(statuses.items())), "client failures:", dict(failures))
    print(
        "database: {attendances} attendances of {persons} persons for {expected} residents, "
        "{doubled} doubled, {unverified} unverified".format(**counts)
    )
    errors = sum(n for s, n in statuses.items() if s != 200) + sum(failures.values()) + not_done
    ok = (
        errors == 0
        and counts["attendances"] == counts["persons"] == args.residents
        and counts["doubled"] == 0
        and counts["unverified"] == 0
        and latencies
        and percentile(latencies, 99) < P99_TARGET_MS
    )
    print(
        f"target (no errors, exactly one attendance each, p99 < {P99_TARGET_MS:.0f} ms):",
        "met" if ok else "NOT met",
    )
    return {
        **counts,
        "errors": errors,
        "posts": posts,
        "p99_ms": percentile(latencies, 99) if latencies else None,
        "ok": bool(ok),
    }


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
