"""Roster import benchmark: speed against a bare read + COPY, peak memory, re-import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_bench \\
        .venv/bin/python bench/import_bench.py [--rows 100000]

Steps (each in its own process, so each peak memory is its own):

1. drop and create the database named in DATABASE_URL, migrate, add a town of 16
   villages with 10 villagers' groups each;
2. generate an xlsx of N persons in households (valid ID numbers, 户主/与户主关系/户号,
   mixed date and phone forms) and a GBK CSV of the same rows;
3. the baseline (issue 7): a bare python-calamine read of the xlsx (or a csv parse of the
   GBK file) plus a COPY of the same rows into an unindexed copy of the person table —
   measured again right before each import, since other work on the machine changes the
   speed: each import is compared with the baseline next to it; printed besides, the same
   read and COPY into a copy WITH the person table's indexes (the index maintenance that
   any write of those rows into the real table pays);
4. import the xlsx (upload + preview + commit, as `sanwei import` does) into the empty
   database; print rows/s, the ratio to the baseline and the peak RSS;
5. import the same xlsx again: every row unchanged, nothing written;
6. empty the people tables and import the GBK CSV the same way.

Targets (issue 7): both first imports at least 10,000 rows/s and within 4x their baseline;
the re-import faster than the first import and with zero changes; peak memory under
300 MB at 100,000 rows and under 400 MB at 500,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOWN_CODE = "430821104000"
VILLAGES = [
    "东岳观村", "双岗村", "樟树村", "白竹坪村", "龙潭河村", "杨家峪村", "岩门村", "金坪村",
    "黄花村", "青山村", "石门坎村", "桃花村", "枫树村", "茶园社区", "东岳观社区", "新街社区",
]  # fmt: skip
GROUPS = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组"]
HEADER = ["序号", "姓名", "性别", "公民身份号码", "出生日期", "民族", "联系电话", "村（社区）",
          "组", "户号", "户主姓名", "与户主关系", "现住址", "政治面貌"]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国红梅志强文玉兰海燕春"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


# --------------------------------------------------------------------------- data


def people(n: int, seed: int = 20221025):
    """Rows of the roster: households of 1–6 people, heads first."""
    rng = random.Random(seed)
    used: set[str] = set()
    count = 0
    household = 0
    while count < n:
        household += 1
        village = rng.randrange(len(VILLAGES))
        group = GROUPS[rng.randrange(len(GROUPS))]
        number = f"{village + 1:02d}{household:06d}"
        address = f"{VILLAGES[village]}{group}{rng.randint(1, 300)}号"
        size = min(rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)), n - count)
        head_birth = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(60 * 365))
        head_name = None
        for k in range(size):
            if k == 0:
                relation, birth, gender = "户主", head_birth, "M" if rng.random() < 0.8 else "F"
            elif k == 1:
                relation = "配偶"
                birth = head_birth + dt.timedelta(days=rng.randint(-1500, 1500))
                gender = "F"
            else:
                relation = rng.choice(("长子", "次子", "女儿", "孙子", "孙女", "母亲"))
                birth = head_birth + dt.timedelta(days=rng.randint(20 * 365, 30 * 365))
                gender = "F" if relation in ("女儿", "孙女", "母亲") else "M"
                if relation == "母亲":
                    birth = head_birth - dt.timedelta(days=rng.randint(20 * 365, 30 * 365))
            birth = min(birth, dt.date(2023, 12, 31))
            while True:
                order = rng.randrange(500) * 2 + (1 if gender == "M" else 0)
                first17 = f"430821{birth:%Y%m%d}{order:03d}"
                number17 = first17 + check_digit(first17)
                if number17 not in used:
                    used.add(number17)
                    break
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
            if k == 0:
                head_name = name
            form = count % 3
            birth_text: object = (
                birth if form == 0 else birth.strftime("%Y.%m.%d") if form == 1
                else f"{birth.year}年{birth.month}月{birth.day}日"
            )  # fmt: skip
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            if count % 4 == 0:
                phone = f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
            count += 1
            yield [
                count,
                name,
                "男" if gender == "M" else "女",
                number17.lower() if count % 2 else number17,
                birth_text,
                "汉族" if rng.random() < 0.7 else "土家族",
                phone if rng.random() < 0.8 else None,
                VILLAGES[village],
                group,
                number,
                head_name,
                relation,
                address if k == 0 else None,
                "中共党员" if rng.random() < 0.05 else "群众",
            ]


def generate(rows: int, workdir: Path) -> dict:
    from openpyxl import Workbook

    xlsx, gbk = workdir / "roster.xlsx", workdir / "roster-gbk.csv"
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["东岳观镇居民花名册"])
    ws.append(HEADER)
    with open(gbk, "w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["东岳观镇居民花名册"])
        writer.writerow(HEADER)
        for row in people(rows):
            ws.append(row)
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    raw = workdir / "raw.xlsx"
    wb.save(raw)
    _add_dimension(raw, xlsx, f"A1:N{rows + 2}")
    raw.unlink()
    return {
        "seconds": time.perf_counter() - started,
        "xlsx_mb": xlsx.stat().st_size / 2**20,
        "csv_mb": gbk.stat().st_size / 2**20,
    }


def _add_dimension(source: Path, target: Path, ref: str) -> None:
    """openpyxl's write-only mode leaves out <dimension>, which Excel always writes;
    without it openpyxl parses a whole sheet just to size it. Add it, as Excel would."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if not info.filename.startswith("xl/worksheets/sheet"):
                zout.writestr(info, zin.read(info.filename))
                continue
            with zin.open(info) as src, zout.open(info.filename, "w", force_zip64=True) as dst:
                head = src.read(4096)
                head = head.replace(
                    b"</sheetPr>", f'</sheetPr><dimension ref="{ref}"/>'.encode(), 1
                )
                dst.write(head)
                shutil.copyfileobj(src, dst, 1 << 20)


# --------------------------------------------------------------------------- phases


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanwei.settings")
    import django

    django.setup()


def phase_setup() -> dict:
    _setup_django()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from sanwei.regions.models import Region, RegionLevel

    call_command("migrate", interactive=False, verbosity=0)
    with scopes_disabled():
        parents = {}
        for code, name, level in [
            ("430000000000", "湖南省", RegionLevel.PROVINCE),
            ("430800000000", "张家界市", RegionLevel.CITY),
            ("430821000000", "慈利县", RegionLevel.COUNTY),
            (TOWN_CODE, "东岳观镇", RegionLevel.TOWN),
        ]:
            parent = parents.get(level - 1)
            parents[level] = Region.unscoped.create(
                code=code, name=name, level=level, parent=parent
            )
        for v, name in enumerate(VILLAGES, start=1):
            village = Region.unscoped.create(
                code=f"430821104{200 + v:03d}",
                name=name,
                level=RegionLevel.VILLAGE,
                parent=parents[RegionLevel.TOWN],
            )
            for g, group in enumerate(GROUPS, start=1):
                Region.unscoped.create(
                    code=f"{village.code}{g:03d}",
                    name=group,
                    level=RegionLevel.GROUP,
                    parent=village,
                )
    return {}


BASELINE_TABLE = "bench_person_copy"


def _baseline_rows(rows, villages: dict[str, int], now: dt.datetime):
    """The file's data rows as rows of the person table, with no checking: the text as
    it is, the village looked up by name, the dates left out."""
    rows = iter(rows)
    for row in rows:  # skip the title and the header
        if row and row[0] == HEADER[0]:
            break
    for row in rows:
        name, gender, id_number, phone = str(row[1]), row[2], str(row[3]), str(row[6] or "")
        yield (
            villages[row[7]], None, str(row[11] or "")[:20], name, "M" if gender == "男" else "F",
            None, str(row[5] or "")[:20], id_number, id_number, phone[:11], "", "none", None,
            "", False, False, False, "", "", "", "", "", name, now, now,
        )  # fmt: skip


BASELINE_COLUMNS = (
    "region_id", "household_id", "relation_to_head", "name", "gender", "birth_date",
    "ethnicity", "id_number_encrypted", "id_number_hash", "phone_encrypted", "landline_encrypted",
    "party_status", "party_joined_on", "party_branch", "is_frail", "is_mobility_impaired",
    "is_migrant", "migrant_destination", "lecturer_category", "cadre_post", "skills", "notes",
    "search_text", "created_at", "updated_at",
)  # fmt: skip


def phase_baseline(path: Path, indexed: bool = False) -> dict:
    """A bare read of the file (python-calamine, or csv of GB18030) and a COPY of its rows
    into an unindexed copy of the person table, in one timing (issue 7's baseline). With
    `indexed`, the copy has the person table's indexes: the same read and COPY, plus the
    index maintenance any write of those rows into the real table costs."""
    _setup_django()
    from django.db import connection

    from sanwei.regions.models import Region, RegionLevel

    villages = dict(Region.unscoped.filter(level=RegionLevel.VILLAGE).values_list("name", "pk"))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {BASELINE_TABLE} (LIKE people_person INCLUDING ALL"
            + ("" if indexed else " EXCLUDING INDEXES")
            + ")"
        )
    started, cpu_started = time.perf_counter(), time.process_time()
    if path.suffix == ".xlsx":
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        source = wb.get_sheet_by_index(0).iter_rows()
    else:
        f = open(path, encoding="gb18030", newline="")
        source = csv.reader(f)
    rows = 0
    sql = f"COPY {BASELINE_TABLE} ({', '.join(BASELINE_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in _baseline_rows(source, villages, dt.datetime.now(dt.UTC)):
            copy.write_row(row)
            rows += 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {BASELINE_TABLE}")
        copied = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {BASELINE_TABLE}")
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "copied": copied}


def _people_state() -> tuple:
    from django.db.models import Count, Max

    from sanwei.people.models import Household, Person

    people = Person.unscoped.aggregate(n=Count("pk"), last=Max("updated_at"))
    households = Household.unscoped.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (people["n"], str(people["last"]), households["n"], str(households["last"]))


def phase_import(path: Path) -> dict:
    _setup_django()
    from django_scopes import scopes_disabled

    from sanwei.accounts.permissions import SYSTEM
    from sanwei.imports import services
    from sanwei.regions.models import Region

    with scopes_disabled():
        town = Region.unscoped.get(code=TOWN_CODE)
        before = _people_state()
        started = time.perf_counter()
        with open(path, "rb") as f:
            job = services.create_job(f, "persons", town, SYSTEM)
        uploaded = time.perf_counter()
        cpu_uploaded = time.process_time()
        job = services.preview(job)
        previewed = time.perf_counter()
        cpu_previewed = time.process_time()
        assert job.status == "previewed", job.error_message
        job = services.commit(job, SYSTEM)
        committed = time.perf_counter()
        cpu_committed = time.process_time()
        assert job.status == "committed", job.error_message
        after = _people_state()
    return {
        "upload": uploaded - started,
        "preview": previewed - uploaded,
        "commit": committed - previewed,
        "seconds": committed - started,
        "preview_cpu": cpu_previewed - cpu_uploaded,
        "commit_cpu": cpu_committed - cpu_previewed,
        "counts": job.counts,
        "errors": job.errors[:5],
        "state_unchanged": before == after,
    }


def phase_reset_people() -> dict:
    _setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE people_person, people_household RESTART IDENTITY CASCADE")
    return {}


PHASES = {
    "setup": lambda a: phase_setup(),
    "generate": lambda a: generate(a.rows, Path(a.workdir)),
    "baseline-xlsx": lambda a: phase_baseline(Path(a.workdir) / "roster.xlsx"),
    "baseline-csv": lambda a: phase_baseline(Path(a.workdir) / "roster-gbk.csv"),
    "baseline-xlsx-indexed": lambda a: phase_baseline(Path(a.workdir) / "roster.xlsx", True),
    "baseline-csv-indexed": lambda a: phase_baseline(Path(a.workdir) / "roster-gbk.csv", True),
    "import-xlsx": lambda a: phase_import(Path(a.workdir) / "roster.xlsx"),
    "import-csv": lambda a: phase_import(Path(a.workdir) / "roster-gbk.csv"),
    "reset-people": lambda a: phase_reset_people(),
}


def run_phase(name: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--rows", str(args.rows)]
    command += ["--workdir", args.workdir]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"phase {name} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    db = parse(url)
    if "postgresql" not in db["ENGINE"]:
        raise SystemExit("DATABASE_URL must point at PostgreSQL (a database this script may drop)")
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workdir", default="/tmp/sanwei-import-bench")
    parser.add_argument(
        "--first-only",
        action="store_true",
        help="only the two first imports (for the memory at 500,000 rows)",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        os.environ.setdefault("SANWEI_DATA_DIR", args.workdir)
        result = PHASES[args.phase](args)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result, ensure_ascii=False, default=str))
        return

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("set DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanwei_bench")
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    n = args.rows
    print(f"导入基准：{n} 人，数据库 {url}")
    fresh_database(url)
    run_phase("setup", args)
    gen = run_phase("generate", args)
    print(
        f"生成文件 {gen['seconds']:.1f}s：xlsx {gen['xlsx_mb']:.1f} MB，GBK CSV {gen['csv_mb']:.1f} MB"
    )

    ratios: list[float] = []

    def imported(phase: str, baseline: str) -> dict:
        """The import, with its baseline just before it (the same machine load)."""
        nearby = run_phase(baseline, args)
        assert nearby["copied"] == n, nearby
        indexed = run_phase(f"{baseline}-indexed", args)
        assert indexed["copied"] == n, indexed
        result = run_phase(phase, args)
        result["baseline_seconds"] = nearby["seconds"]
        result["baseline_cpu"] = nearby["cpu"]
        result["indexed_seconds"] = indexed["seconds"]
        return result

    def report(label: str, result: dict) -> float:
        rate = n / result["seconds"]
        ratio = result["seconds"] / result["baseline_seconds"]
        ratios.append(ratio)
        print(
            f"{label}：{result['seconds']:.1f}s（上传 {result['upload']:.1f}s，检查 "
            f"{result['preview']:.1f}s，写入 {result['commit']:.1f}s；CPU 检查 "
            f"{result['preview_cpu']:.2f}s，写入 {result['commit_cpu']:.2f}s），{rate:,.0f} 行/s；"
            f"紧挨着的基线（裸读 + COPY）{result['baseline_seconds']:.2f}s"
            f"（CPU {result['baseline_cpu']:.2f}s），"
            f"耗时为其 {ratio:.2f} 倍；峰值内存 {result['peak_mb']:.0f} MB"
        )
        print(
            f"    另一基线（裸读 + COPY 进带人员表全部索引的副本）{result['indexed_seconds']:.2f}s，"
            f"耗时为其 {result['seconds'] / result['indexed_seconds']:.2f} 倍"
        )
        counts = result["counts"]
        print(
            f"    新增 {counts['new']}，更新 {counts['updated']}，不变 {counts['unchanged']}，"
            f"错误 {counts['invalid']}，新建户 {counts['households_new']}"
            + (f"，前几条错误 {result['errors']}" if result["errors"] else "")
        )
        return rate

    memory_limit = 300 if n <= 100_000 else 400
    if args.first_only:  # both first imports, each into an empty database: memory
        for phase, baseline, label in (
            ("import-xlsx", "baseline-xlsx", "导入 xlsx（空库）"),
            ("import-csv", "baseline-csv", "导入 GBK CSV（空库）"),
        ):
            try:
                result = imported(phase, baseline)
            except SystemExit as e:
                print(f"{label}：{e}（原因见上）")
                continue
            report(label, result)
            ok = result["peak_mb"] < memory_limit
            print(f"    峰值内存 < {memory_limit} MB：{'达到' if ok else '未达到'}")
            run_phase("reset-people", args)
        return
    first = imported("import-xlsx", "baseline-xlsx")
    xlsx_rate = report("导入 xlsx（空库）", first)
    again = imported("import-xlsx", "baseline-xlsx")
    again_rate = report("再次导入同一 xlsx", again)
    changes = again["counts"]["new"] + again["counts"]["updated"]
    print(
        f"    再次导入：变更 {changes} 行，数据库{'未变' if again['state_unchanged'] else '有变化！'}"
    )
    run_phase("reset-people", args)
    gbk = imported("import-csv", "baseline-csv")
    csv_rate = report("导入 GBK CSV（空库）", gbk)

    peak = max(first["peak_mb"], again["peak_mb"], gbk["peak_mb"])
    checks = {
        "首次导入 ≥ 10,000 行/s": min(xlsx_rate, csv_rate) >= 10_000,
        "首次导入耗时 ≤ 基线的 4 倍": max(ratios[0], ratios[2]) <= 4,
        "再次导入快于首次": again_rate > xlsx_rate,
        "再次导入零变更": changes == 0 and again["state_unchanged"],
        f"峰值内存 < {memory_limit} MB（{peak:.0f} MB）": peak < memory_limit,
    }
    for label, ok in checks.items():
        print(f"目标 {label}：{'达到' if ok else '未达到'}")


if __name__ == "__main__":
    main()
