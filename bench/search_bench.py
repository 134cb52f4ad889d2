"""Person search on a town of 20,000: `search_people` against hand-written SQL.

Builds a throw-away database (Django's test database: a temporary SQLite file, or
`test_<name>` on PostgreSQL when DATABASE_URL points there), fills it with 20,000 persons
in 16 villages by bulk_create, then times 200 searches of each kind through
`sanwei.people.services.search_people` inside a town's region scope (what the person list
page and the API do), and the same number of hand-written SQL queries doing the same
LIKE on the same column without the ORM and without the scope, in the same run.

    .venv/bin/python bench/search_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei .venv/bin/python bench/search_bench.py

Options: --persons N (20000), --searches N (200), --seed N.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanwei.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20221016)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    tmp = None
    if connection.vendor == "sqlite":  # a file, as deployed, not the in-memory default
        tmp = tempfile.TemporaryDirectory(prefix="sanwei-bench-")
        db.setdefault("TEST", {})["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if tmp is not None:
            tmp.cleanup()


def build(persons: int, seed: int):
    from faker import Faker

    from sanwei.core.scoping import scopes_disabled
    from sanwei.core.search import search_key
    from sanwei.people.models import Person
    from sanwei.regions.models import Region, RegionLevel

    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    with scopes_disabled():
        parent = None
        for code, name, level in [
            ("430000000000", "湖南省", RegionLevel.PROVINCE),
            ("430800000000", "张家界市", RegionLevel.CITY),
            ("430821000000", "慈利县", RegionLevel.COUNTY),
            ("430821104000", "东岳观镇", RegionLevel.TOWN),
        ]:
            parent = Region.unscoped.create(code=code, name=name, level=level, parent=parent)
        town = parent
        villages = [
            Region.unscoped.create(
                code=f"430821104{200 + i:03d}",
                name=f"第{i}村",
                level=RegionLevel.VILLAGE,
                parent=town,
            )
            for i in range(1, 17)
        ]
        # Surnames pypinyin misreads are common enough to matter: mix some in.
        extra_surnames = "曾单解仇区查翟"
        keys: dict[str, str] = {}
        rows = []
        phones: set[str] = set()
        for _ in range(persons):
            name = fake.name()
            if rng.random() < 0.05:
                name = rng.choice(extra_surnames) + name[1:]
            phone = ""
            while not phone or phone in phones:
                phone = rng.choice(["13", "15", "18", "17"]) + f"{rng.randrange(10**9):09d}"
            phones.add(phone)
            key = keys.get(name) or keys.setdefault(name, search_key(name))
            rows.append(
                Person(name=name, region=rng.choice(villages), phone=phone, search_text=key)
            )
        started = time.perf_counter()
        Person.unscoped.bulk_create(rows, batch_size=2000)
        took = time.perf_counter() - started
        people = [(p.name, p.phone) for p in Person.unscoped.only("name", "phone_encrypted")]
    return town, people, took


def queries(people, n: int, seed: int) -> dict[str, list[str]]:
    import opencc

    from sanwei.core.search import name_readings, to_simplified

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed + 1)
    sample = [rng.choice(people) for _ in range(n)]
    readings = [name_readings(to_simplified(name))[0] for name, _ in sample]
    return {
        "姓名 name": [name for name, _ in sample],
        "全拼 pinyin": ["".join(r) for r in readings],
        "首字母 initials": ["".join(s[0] for s in r) for r in readings],
        "混合 zhangsf": [r[0] + "".join(s[0] for s in r[1:]) for r in readings],
        "繁体 traditional": [s2t.convert(name) for name, _ in sample],
        "手机尾号 phone tail 4": [phone[-4:] for _, phone in sample],
        "手机尾号 phone tail 6": [phone[-6:] for _, phone in sample],
        "无结果 no match": [f"qqx{rng.randrange(10**6)}zv" for _ in range(n)],
    }


def raw_sql(kind: str, query: str) -> tuple[str, list]:
    """The same LIKE, written by hand: no ORM, no region scope."""
    from sanwei.core.search import normalise_query

    q = normalise_query(query)
    if q.isdigit():
        # Phones are encrypted: the index lookup on the tail (a longer tail is then checked
        # by decrypting the few people found, in the app).
        return "SELECT id FROM people_person WHERE phone_tail = %s", [q[-4:]]
    return "SELECT id FROM people_person WHERE search_text LIKE %s", ["%" + q + "%"]


def run(args) -> None:
    from django.db import connection

    from sanwei.core.scoping import RegionScope, region_scope
    from sanwei.people.models import Person
    from sanwei.people.services import search_people

    town, people, took = build(args.persons, args.seed)
    vendor = connection.vendor
    print(f"database: {vendor} · {len(people):,} persons (bulk_create {took:.2f}s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a deployment's autovacuum keeps
    scope = RegionScope((town.path,))
    header = f"{'kind':<24}{'search_people':>15}{'raw SQL':>11}{'ratio':>8}{'hits/q':>9}"
    print(f"{args.searches} searches of each kind; times are per search (ms)")
    print(header)
    print("-" * len(header))
    totals = [0.0, 0.0]
    for kind, qs in queries(people, args.searches, args.seed).items():
        with region_scope(scope):
            started = time.perf_counter()
            hits = 0
            for q in qs:
                hits += len(
                    list(search_people(Person.objects.all(), q).values_list("pk", flat=True))
                )
            orm = time.perf_counter() - started
        started = time.perf_counter()
        raw_hits = 0
        with connection.cursor() as cursor:
            for q in qs:
                sql, params = raw_sql(kind, q)
                cursor.execute(sql, params)
                raw_hits += len(cursor.fetchall())
        raw = time.perf_counter() - started
        assert raw_hits == hits, (kind, raw_hits, hits)
        totals[0] += orm
        totals[1] += raw
        n = len(qs)
        print(
            f"{kind:<24}{1000 * orm / n:>15.3f}{1000 * raw / n:>11.3f}"
            f"{orm / raw:>8.2f}{hits / n:>9.1f}"
        )
    print("-" * len(header))
    print(f"{'all':<24}{'':>15}{'':>11}{totals[0] / totals[1]:>8.2f}")
    explain(vendor)


def explain(vendor: str) -> None:
    """Show that the phone tail and (on PostgreSQL) the name search use their indexes."""
    from django.db import connection

    from sanwei.people.models import Person
    from sanwei.people.services import search_people

    for q in ("1234", "zhangs"):
        sql, params = search_people(Person.unscoped.all(), q).query.sql_with_params()
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = "; ".join(str(r[-1]) for r in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN " + sql, params)
                nodes = [r[0].strip().lstrip("-> ") for r in cursor.fetchall()]
                plan = "; ".join(n.split("  (cost")[0] for n in nodes if "Scan" in n)
        print(f"plan for {q!r}: {plan}")


if __name__ == "__main__":
    main()
