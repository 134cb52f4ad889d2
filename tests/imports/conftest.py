"""Helpers for the import tests: files built in the test, valid ID numbers, a DB fingerprint."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import pytest
import xlwt

from sanwei.accounts.permissions import SYSTEM
from sanwei.activities.models import Attendance
from sanwei.imports import services
from sanwei.imports.models import ImportJob
from sanwei.people.models import Household, Person
from sanwei.people.validation import id_check_digit
from sanwei.regions.models import Region, RegionLevel
from sanwei.teams.models import Membership


def id_number(birth: dt.date, gender: str = "M", seq: int = 1, area: str = "430821") -> str:
    """A valid ID number: `seq` (1..499) picks the sequence digits, odd for men."""
    order = 2 * seq + (1 if gender == "M" else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_digit(first17)


def id_number_ending_in_x(birth: dt.date, gender: str = "F") -> str:
    for seq in range(1, 500):
        number = id_number(birth, gender, seq)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit for this birth date")


def excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], merges: Iterable[str] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    for row in rows:
        ws.append(list(row))
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def write_xls(
    path: Path,
    rows: Sequence[Sequence[object]],
    merges: Iterable[tuple[int, int, int, int, object]] = (),
) -> Path:
    """`merges`: (first row, last row, first col, last col, value), 0-based, as xlwt."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    merged = {(r1, c1) for r1, _r2, c1, _c2, _v in merges}
    covered = {
        (r, c)
        for r1, r2, c1, c2, _v in merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
    }
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or ((r, c) in covered and (r, c) not in merged):
                continue
            if (r, c) in merged:
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    for r1, r2, c1, c2, value in merges:
        ws.write_merge(r1, r2, c1, c2, value)
    wb.save(str(path))
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "gbk") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def preview_file(path: Path, region: Region, user=SYSTEM, mapping=None) -> ImportJob:
    with open(path, "rb") as f:
        job = services.create_job(f, "persons", region, user)
    if mapping is not None:
        job.mapping = {str(k): v for k, v in mapping.items()}
        job.save(update_fields=["mapping"])
    return services.preview(job)


def import_file(path: Path, region: Region, user=SYSTEM) -> ImportJob:
    job = preview_file(path, region, user)
    assert job.status == "previewed", job.error_message
    return services.commit(job, user)


def errors_of(job: ImportJob) -> dict[int, list[str]]:
    return {e["line"]: e["messages"] for e in job.errors}


def warnings_of(job: ImportJob) -> dict[int, list[str]]:
    return {e["line"]: e["messages"] for e in job.warnings}


def person_rows() -> list[tuple]:
    """Every person as (name, gender, birth, ethnicity, phone, region, relation, head name,
    party status, ID number), sorted by name: what an import is judged by."""
    rows = []
    for p in Person.unscoped.select_related("region", "household"):
        head = p.household.head.name if p.household_id and p.household.head else None
        rows.append(
            (
                p.name,
                p.gender,
                p.birth_date,
                p.ethnicity,
                p.phone,
                p.region.name,
                p.relation_to_head,
                head,
                p.party_status,
                p.id_number,
            )
        )
    return sorted(rows)


def db_fingerprint() -> tuple:
    """Every stored column of people, households, attendance and team memberships
    (timestamps included)."""
    return (
        sorted(Person.unscoped.values_list()),
        sorted(Household.unscoped.values_list()),
        sorted(Attendance.unscoped.values_list()),
        sorted(Membership.unscoped.values_list()),
    )


@pytest.fixture
def groups(tree):
    """Villagers' groups 一组 and 二组 under village A (village B has none)."""
    village = tree["village_a"]
    return {
        1: Region.unscoped.create(
            code=village.code + "001", name="一组", level=RegionLevel.GROUP, parent=village
        ),
        2: Region.unscoped.create(
            code=village.code + "002", name="二组", level=RegionLevel.GROUP, parent=village
        ),
    }
