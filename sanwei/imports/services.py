"""Roster imports: upload → preview → commit, each step one function.

- `create_job(file, kind, region, user)` checks the size, hashes and stores the file.
- `preview(job)` streams the file, normalises every row (`normalise.Normaliser`), matches
  rows to the people already registered and classifies them as new, updated, unchanged or
  invalid — writing nothing to people or households. The normalised rows are kept next to
  the upload, encrypted (`records_file`), so the commit does not read the spreadsheet again.
- `commit(job, user)` re-runs the classification against the database as it is now and
  applies it in one `transaction.atomic` (bulk inserts and updates in batches): all of it,
  or — when anything fails — nothing, and the job is marked failed.

Both run as background tasks (`tasks.py`, through `sanwei.core.tasks.enqueue`) and report
progress through `Progress(f"import:{job.pk}")`. `start_preview` / `start_commit` are what
pages call. Each step that acts for someone takes `user` and checks it here
(`rules.py`: CHANGE_PEOPLE on the job's region; None and anonymous users are refused,
the system passes `accounts.permissions.SYSTEM`). These functions use the unscoped
managers with explicit region filters, since they also run in workers and commands.

Matching: a row is the person with the same ID number (anywhere in the deployment: one
person per ID number; a person registered outside the import's region is an invalid row
when the importer may see them, and otherwise no oracle: the row is read as if the number
were registered nowhere, written without its unique hash, and logged — `Plan.conflicts`),
else the person with the same name and birth date in the same village (and 组, between
namesakes). Households are read as a person reads the roster (`_Matcher._households`): the
户号 when there is one, else the head named in 户主姓名 within the village and 组, and the
order of the rows — members follow their head. A row is refused only when its household
cannot be told, and a member is never written without the household the file gives.
An empty cell never blanks a stored value, so importing the same file twice changes nothing.
技能特长 is stored in `Person.skills`; a 志愿者 "yes" makes the person an open member of
their village's volunteer squad (created in the same commit; a person with an open
membership in any volunteer team is a volunteer already, and "否" never ends one).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import multiprocessing
import operator
import os
import pickle
import tempfile
import time
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from enum import Enum
from itertools import islice
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sanwei.accounts.permissions import SYSTEM, require_that
from sanwei.core import crypto
from sanwei.core.codes import random_code
from sanwei.core.errors import ServiceError
from sanwei.core.models import user_or_none
from sanwei.core.tasks import Progress, enqueue, enqueue_nonblocking
from sanwei.core.uploads import format_size, refuse_active_content
from sanwei.people.models import ConflictSource, Household, PartyStatus, Person, RelationToHead
from sanwei.people.permissions import CHANGE_PEOPLE
from sanwei.people.services import (
    CheckedId,
    has_id_number,
    id_hasher,
    may_identify,
    prepare_person,
    prepared_fields,
    prepared_values_many,
    record_id_conflicts,
)
from sanwei.regions.models import Region, RegionLevel
from sanwei.teams.models import Membership, Team, TeamKind
from sanwei.teams.services import add_members

from . import rules
from .models import (
    FILE_LIFETIME,
    MAX_STORED_PROBLEMS,
    ImportJob,
    ImportKind,
    ImportStatus,
    empty_counts,
)
from .normalise import (
    FIELD_LABELS,
    MAX_PHONE_SHARE,
    PERSON_FIELDS,
    Normaliser,
    Record,
    RegionMatcher,
    RowInvalid,
    shared_phone_message,
)
from .readers import HEADER_ALIASES, ReadError, SourceRow, Table, open_table

logger = logging.getLogger(__name__)

WRITE_BATCH = 2000
QUERY_BATCH = 900  # below SQLite's historical limit of 999 query parameters
RECORDS_PER_CHUNK = 5000
#: Teams whose open members are volunteers (as the volunteers export lists them).
VOLUNTEER_TEAM_KINDS = (TeamKind.VOLUNTEER_BRAND, TeamKind.SQUADRON, TeamKind.SQUAD)

Report = Callable[[int, int, str], None]

# Progress stage labels: marked here, translated where reported (`_(STAGE_READ)`).
STAGE_READ = gettext_noop("读取并检查每一行")
STAGE_MATCH = gettext_noop("与已登记的群众比对")
STAGE_WRITE = gettext_noop("写入数据库")

FIELD_NAMES = {  # Person field → the changed-field label key shown in the preview
    "name": "name",
    "gender": "gender",
    "birth_date": "birth_date",
    "ethnicity": "ethnicity",
    "phone": "phone",
    "landline": "landline",
    "party_status": "political_status",
    "party_joined_on": "party_joined_on",
    "party_branch": "party_branch",
    "notes": "notes",
    "skills": "skills",
    "region_id": "village",
    "household_id": "household",
    "relation_to_head": "relation_to_head",
    "id_number": "id_number",
}


# --------------------------------------------------------------------------- reading


class Records:
    """The valid records of a file, held encrypted in chunks in a file (they hold ID
    numbers) and read back one chunk at a time: the import's memory does not grow with the
    file. Each pass over them (`chunks`) reads the file again; the rows whose phone is
    shared by more than `MAX_PHONE_SHARE` of them come back with that warning.

    The file is a line per chunk (the records' values, `_record_values`, pickled and read
    back by `_RowsUnpickler`, which builds no class but dates) and a last line with what
    `Analysis` holds besides (a JSON object), each encrypted on its own (Fernet)."""

    def __init__(self, opener: Callable[[], Any], count: int, shared_phones: dict[str, int]):
        self._open = opener  # a context manager over the file, positioned at its start
        self.count = count
        self.shared_phones = shared_phones

    @classmethod
    def of(cls, records: list[Record]) -> Records:
        """Records held in memory (tests, small callers): the same interface."""
        return _ListRecords(records)

    def chunks(self) -> Iterator[list[Record]]:
        shared = self.shared_phones
        with self._open() as f:
            for line in f:
                data = crypto.decrypt_bytes(line.strip())
                if data[:1] == b"{":  # the last line
                    return
                chunk = [Record(*row) for row in _load_rows(data)]
                if shared:
                    for record in chunk:
                        if record.phone in shared:
                            message = shared_phone_message(record.phone, shared[record.phone])
                            record.warnings = (*record.warnings, message)
                yield chunk

    def __iter__(self) -> Iterator[Record]:
        for chunk in self.chunks():
            yield from chunk

    def __len__(self) -> int:
        return self.count


class _ListRecords(Records):
    def __init__(self, records: list[Record]) -> None:
        super().__init__(contextlib.nullcontext, len(records), {})
        self._records = records

    def chunks(self) -> Iterator[list[Record]]:
        yield from _chunks(self._records, RECORDS_PER_CHUNK)


@dataclass
class Analysis:
    """What reading a file gave: valid records (`Records`, kept in a temporary file until
    `close`), invalid rows, and the table's header."""

    records: Records = field(default_factory=lambda: Records.of([]))
    errors: dict[int, list[str]] = field(default_factory=dict)
    # line of a household head's row that is invalid → (village id, group key, name)
    invalid_heads: dict[int, HeadKey] = field(default_factory=dict)
    rows: int = 0
    file_format: str = ""
    sheet_name: str = ""
    header_row: int | None = None
    columns: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    regions: RegionMatcher | None = None
    file: IO[bytes] | None = None  # the records' temporary file (`_RecordWriter`)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def check_mapping(mapping: dict[int, str]) -> dict[int, str]:
    """A column → field mapping the user chose: known fields, each once, 姓名 present."""
    clean: dict[int, str] = {}
    for col, key in mapping.items():
        if not key:
            continue
        if key not in HEADER_ALIASES:
            raise ServiceError(
                "mapping_field", _("未知的字段：%(key)s") % {"key": key}, field="mapping"
            )
        if key in clean.values():
            raise ServiceError(
                "mapping_twice",
                _("“%(label)s”对应了多列，请只选一列") % {"label": FIELD_LABELS[key]},
                field="mapping",
            )
        clean[int(col)] = key
    if "name" not in clean.values():
        raise ServiceError("mapping_no_name", _("请选择“姓名”所在的列"), field="mapping")
    return dict(sorted(clean.items()))


def analyse(
    fileobj: IO[bytes] | str,
    filename: str,
    root: Region,
    mapping: dict[int, str] | None = None,
    *,
    report: Report | None = None,
    today: date | None = None,
) -> Analysis:
    """Read and normalise a roster file. Raises ReadError (bad file) or ServiceError.
    The valid records go to a temporary file as they are read: close the result."""
    normaliser = Normaliser(root, today or timezone.localdate())
    table = open_table(fileobj, filename)
    try:
        reading: Table = table
        if mapping:
            try:
                reading = table.with_mapping(check_mapping(mapping))
            except ValueError as e:
                raise ServiceError(
                    "mapping_invalid", _("列对应有误，请重新选择"), field="mapping"
                ) from e
        if "name" not in reading.mapping.values():
            raise ServiceError("mapping_no_name", _("请选择“姓名”所在的列"), field="mapping")
        result = Analysis(
            file_format=table.format,
            sheet_name=table.sheet_name or "",
            header_row=table.header_row_number,
            columns=list(table.columns),
            mapping=dict(reading.mapping),
            regions=normaliser.matcher,
        )
        writer = _RecordWriter()
        try:
            outcomes = _normalised(reading, normaliser, worker=_use_worker(fileobj))
            _read_rows(outcomes, result, writer, report)
        except BaseException:
            writer.file.close()
            raise
    finally:
        table.close()
    return writer.finish(result)


class _Refused(NamedTuple):
    """An invalid row: its line, what is wrong, and its household key when it is a
    head's row (`Normaliser.head_key`)."""

    line: int
    messages: list[str]
    head: HeadKey | None


def _outcome(normaliser: Normaliser, source: SourceRow) -> Record | _Refused:
    try:
        return normaliser.row(source)
    except RowInvalid as e:
        return _Refused(source.line_number, e.messages, normaliser.head_key(source))


#: Files of at least this size are read by a worker process beside this one
#: (`_normalised`); smaller ones take longer to fork for than they take to read.
WORKER_MIN_BYTES = 1 << 20
#: Rows the worker sends at a time (`_normalised`): every other block normalised.
WORKER_BLOCK = 1000


def _use_worker(fileobj: IO[bytes] | str) -> bool:
    """Read the file in a worker process too? Where processes fork (the worker takes the
    open table and the normaliser as they are), for files of `WORKER_MIN_BYTES` or more."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        if isinstance(fileobj, str):
            size = os.path.getsize(fileobj)
        else:
            position = fileobj.tell()
            size = fileobj.seek(0, io.SEEK_END)
            fileobj.seek(position)
    except (OSError, AttributeError, ValueError):
        return False
    return size >= WORKER_MIN_BYTES


def _normalised(
    table: Table, normaliser: Normaliser, *, worker: bool = False
) -> Iterator[Record | _Refused]:
    """Each data row of `table`, normalised (`_outcome`), in file order.

    With `worker`, a forked process reads the file (`_worker_main`) and normalises every
    other block of `WORKER_BLOCK` rows; this process normalises the blocks between, and
    goes on with each row (checks, records file, progress) while the worker reads on: the
    two cores share the reading. The same outcomes as without, in the same order. The
    pipe holds a block or so, so memory stays bounded. A worker that fails raises its
    ReadError or ServiceError here, and one that dies is a ServiceError."""
    if not worker:
        for source in table.rows():
            yield _outcome(normaliser, source)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_worker_main, args=(table, normaliser, sender), name="sanwei-import-read"
    )
    try:
        process.start()
    except (AssertionError, OSError):  # e.g. a daemonic worker may not have children
        logger.warning("import: no worker process to read with; reading in this one")
        receiver.close()
        sender.close()
        yield from _normalised(table, normaliser)
        return
    sender.close()  # the worker's end: EOF here once the worker is gone
    try:
        while True:
            try:
                kind, payload = receiver.recv()
            except (EOFError, OSError) as e:
                raise ServiceError(
                    "import_worker_failed",
                    _("检查文件时读取文件的进程意外退出，请重新检查；如仍失败请联系管理员"),
                ) from e
            if kind == "rows":
                for source in payload:
                    yield _outcome(normaliser, source)
            elif kind == "done":
                yield from payload
            elif kind == "end":
                return
            elif kind == "read_error":
                raise ReadError(*payload)
            elif kind == "service_error":
                raise ServiceError(*payload)
            else:  # "failed": logged by the worker
                raise RuntimeError(f"import worker failed: {payload}")
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _worker_main(table: Table, normaliser: Normaliser, sender: Any) -> None:
    """The worker of `_normalised`: reads the rows and sends them a block at a time,
    every other block normalised. It never touches the database: the forked process
    shares the parent's connection, which only the parent may use."""
    block: list[SourceRow] = []
    normalise = True
    try:
        for source in table.rows():
            block.append(source)
            if len(block) >= WORKER_BLOCK:
                if normalise:
                    sender.send(("done", [_outcome(normaliser, s) for s in block]))
                else:
                    sender.send(("rows", block))
                block, normalise = [], not normalise
        if block:
            sender.send(("rows", block))
        sender.send(("end", None))
    except ReadError as e:
        sender.send(("read_error", (e.code, e.message)))
    except ServiceError as e:
        sender.send(("service_error", (e.code, e.message)))
    except Exception as e:
        logger.exception("import worker failed")
        sender.send(("failed", repr(e)))
    finally:
        sender.close()


def _read_rows(
    outcomes: Iterable[Record | _Refused], result: Analysis, writer: _RecordWriter, report
) -> None:
    # These hold every row of the file, so each holds the 64-bit hash() of a value, not
    # the value (two values share one with a chance of about 1 in 10^8 in a file of a
    # million rows), and an int line:
    seen_ids: dict[int, int] = {}  # ID number → line of its first row
    # (village, 组, name, birth date) → line of its first row; negative when that row has
    # an ID number
    seen_keys: dict[int, int] = {}
    phones: Counter[int] = Counter()
    shared_phones: dict[int, str] = {}  # the phones on more than MAX_PHONE_SHARE rows
    for record in outcomes:
        result.rows += 1
        if report is not None and result.rows % 500 == 0:
            report(result.rows, 0, _(STAGE_READ))
        if isinstance(record, _Refused):
            result.errors[record.line] = record.messages
            if record.head is not None:
                result.invalid_heads[record.line] = record.head
            continue
        # Namesakes in different 组 are different people to anyone reading the roster.
        key = hash((record.village_id, record.group, record.name, record.birth_date))
        problem = None
        seen = seen_keys.get(key)
        id_key = hash(record.id_hash) if record.id_hash else None
        if id_key is not None:
            first = seen_ids.get(id_key)
            if first is not None:
                problem = _("身份证号码与第%(line)s行重复") % {"line": first}
            elif seen is not None and seen > 0:
                problem = _("与第%(line)s行姓名、出生日期相同，可能是同一人") % {"line": seen}
        elif seen is not None:
            problem = _("与第%(line)s行姓名、出生日期相同，可能是同一人") % {"line": abs(seen)}
        if problem:
            result.errors[record.line] = [problem]
            if record.is_head:
                result.invalid_heads[record.line] = _head_key(record)
            continue
        if id_key is not None:
            seen_ids[id_key] = record.line
        seen_keys.setdefault(key, -record.line if record.id_hash else record.line)
        if record.phone:
            phone_key = hash(record.phone)
            phones[phone_key] += 1
            if phones[phone_key] > MAX_PHONE_SHARE:
                shared_phones[phone_key] = record.phone
        writer.add(record)
    writer.shared_phones = {p: phones[k] for k, p in shared_phones.items()}
    if report is not None:
        report(result.rows, result.rows, _(STAGE_READ))


# --------------------------------------------------------------------------- matching


class Snap(NamedTuple):
    """What a stored person is, as far as an import compares it."""

    pk: int
    region_id: int
    household_id: int | None
    relation_to_head: str
    name: str
    gender: str
    birth_date: date | None
    ethnicity: str
    phone_hash: str | None  # phones are stored encrypted: matched by keyed hash
    landline_encrypted: str
    party_status: str
    party_joined_on: date | None
    party_branch: str
    notes: str
    skills: str
    id_number_hash: str | None
    updated_at: datetime
    has_id_number: bool  # an ID number stored, hashed or not (`people.services`'s conflicts)


SNAP_FIELDS = (
    "pk",
    "region_id",
    "household_id",
    "relation_to_head",
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "phone_hash",
    "landline_encrypted",
    "party_status",
    "party_joined_on",
    "party_branch",
    "notes",
    "skills",
    "id_number_hash",
    "updated_at",
    "has_id_number",
)
NEW = "new"  # household target ("new", line of the head row, or of a 户号's first row)
#: (village id, group key, name) of a household head's row.
HeadKey = tuple[int, str, str]


def _head_key(r: Record) -> HeadKey:
    return (r.village_id, r.group, r.name)


class _Head(NamedTuple):
    """A household head's row in the file (`valid`: the row is not in error)."""

    line: int
    village_id: int
    group: str
    name: str
    valid: bool


class _DbHead(NamedTuple):
    """A registered head of a household."""

    pk: int
    region_id: int
    household_id: int
    birth_date: date | None


class _HeadIndex:
    """The heads' rows of a file, found by name in a village and 组, or as the nearest
    one above a row (members follow their head)."""

    def __init__(self) -> None:
        self.by_line: dict[int, _Head] = {}
        self._by_name: dict[tuple[int, str], list[_Head]] = defaultdict(list)
        # (village, group key) → lines of its heads; (village, None) → all the village's
        self._lines: dict[tuple[int, str | None], list[int]] = defaultdict(list)

    def add(self, head: _Head) -> None:
        self.by_line[head.line] = head
        self._by_name[(head.village_id, head.name)].append(head)
        self._lines[(head.village_id, head.group)].append(head.line)
        self._lines[(head.village_id, None)].append(head.line)

    def sort(self) -> None:
        for heads in self._by_name.values():
            heads.sort()
        for lines in self._lines.values():
            lines.sort()

    def named(self, village_id: int, group: str, name: str) -> list[_Head]:
        """The heads called `name` in the village, in the 组 when both rows give one."""
        return [
            h
            for h in self._by_name.get((village_id, name), ())
            if not group or not h.group or h.group == group
        ]

    def nearest_above(self, r: Record) -> _Head | None:
        """The head listed nearest above `r` in its village (and 组, when `r` gives one:
        a head's row without a 组 counts in every 组)."""
        if r.group:
            keys: list[tuple[int, str | None]] = [(r.village_id, r.group), (r.village_id, "")]
        else:
            keys = [(r.village_id, None)]
        best = 0
        for key in keys:
            lines = self._lines.get(key)
            if lines:
                i = bisect_left(lines, r.line)
                if i:
                    best = max(best, lines[i - 1])
        return self.by_line[best] if best else None


# Snap fields with few distinct values: one shared string each instead of one per row.
_POOLED = tuple(SNAP_FIELDS.index(f) for f in ("relation_to_head", "gender", "ethnicity",
                                                "party_status", "party_branch", "notes", "skills"))  # fmt: skip


def _snaps(qs: QuerySet, pool: dict[str, str]) -> Iterator[Snap]:
    for row in qs.values_list(*SNAP_FIELDS):
        values = list(row)
        for i in _POOLED:
            values[i] = pool.setdefault(values[i], values[i])
        yield Snap(*values)


@dataclass
class Plan:
    """What an import does, without the rows themselves: counts, errors, warnings, the new
    households, and what it needs to write the rows (`_apply` reads them again through
    `matcher`)."""

    new: int = 0  # rows of new people
    updated: int = 0  # rows of stored people that change
    unchanged: int = 0
    errors: dict[int, list[str]] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)
    new_households: dict[int, dict[str, Any]] = field(default_factory=dict)
    household_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    demote: list[int] = field(default_factory=list)  # heads to clear before updating
    changed_fields: Counter = field(default_factory=Counter)
    joins: int = 0  # squad memberships to add (stored or new people)
    joined_only: int = 0  # stored people whose only change is joining a squad
    # Stored people the plan writes → their `updated_at` when classified (`_still_as_read`).
    seen: dict[int, datetime] = field(default_factory=dict)
    # Rows whose ID number is held by a person outside the region that the importing user
    # may not see → that person's pk. No oracle: such a row is classified as if the number
    # were registered nowhere, written without the unique hash, and logged on commit.
    conflicts: dict[int, int] = field(default_factory=dict)
    # The same rows → (region pk, name, birth date, ID number), to find the person each
    # wrote once the commit has written them (`_conflict_pairs`).
    conflict_rows: dict[int, tuple[int, str, Any, str]] = field(default_factory=dict)
    matcher: _Matcher | None = field(default=None, repr=False)

    def counts(self, invalid: int, rows: int) -> dict[str, int]:
        """Every data row once — new, updated, unchanged or invalid — so those four add up
        to `rows`; warnings are counted besides (a row with warnings is one of the four)."""
        counts = empty_counts()
        counts.update(
            rows=rows,
            new=self.new,
            updated=self.updated + self.joined_only,
            unchanged=self.unchanged,
            invalid=invalid,
            warnings=len(self.warnings),
            households_new=len(self.new_households),
            households_updated=len(self.household_updates),
        )
        if counts["new"] + counts["updated"] + counts["unchanged"] + invalid != rows:
            logger.error("import counts do not add up to the %s rows: %s", rows, counts)
        return counts


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in_batches(qs: QuerySet, field: str, values: Iterable[Any]) -> Iterator[QuerySet]:
    """`qs` filtered to rows whose `field` is among `values`, one queryset per batch.

    On PostgreSQL one array parameter per batch (`= ANY(%s)`), far cheaper to send and
    parse than thousands of `IN (%s, …)` placeholders; elsewhere `__in` in small batches.
    """
    values = list(values)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        model = qs.model
        column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field).column)}"
        for chunk in _chunks(values, 20_000):
            yield qs.extra(where=[f"{column} = ANY(%s)"], params=[chunk])
    else:
        for chunk in _chunks(values, QUERY_BATCH):
            yield qs.filter(**{f"{field}__in": chunk})


def _people(lock: bool):
    qs = Person.unscoped.order_by().annotate(has_id_number=has_id_number())
    return qs.select_for_update(of=("self",)) if lock else qs


class _HeadRow(NamedTuple):
    """A valid row of a household head, as the household rule needs it (`_Matcher`)."""

    line: int
    village_id: int
    region_id: int
    group: str
    name: str
    household_number: str
    address: str
    snap_pk: int | None  # the stored person the row is, if any
    snap_household_id: int | None
    snap_is_head: bool


def _nothing() -> None:
    pass


class _PlanChanged(Exception):
    """Writing a plan found the rows other than when they were classified."""


#: A member row whose household cannot be told (it has its error).
_INVALID = ("invalid",)


@dataclass
class _Writes:
    """One chunk's writes (`_Matcher._second_pass` when applying a plan)."""

    creates: list[tuple[Record, Any, str]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    joins: list[tuple[Person, int]] = field(default_factory=list)
    new_joins: list[tuple[int, int]] = field(default_factory=list)  # index into creates


class _Matcher:
    """Classification of valid records against the database, for preview and commit.

    The records are read in chunks, twice (`Records`), and only what the household rule
    needs of the whole file is held: the heads' rows (`_HeadRow`), which stored person each
    row is (two ints a row), and the 户号 and head names the file uses.

    1. `_first_pass`: each chunk's rows are matched to stored people (`_match_chunk`);
       the heads' rows and the household numbers and names are kept.
    2. `_settle_heads`: the heads' households (the 户号, the stored household, or a new
       one), the heads that cannot be (two heads of one household), the registered heads
       the members name.
    3. `_second_pass`: each chunk again: the members' households by the file's rule (the
       head named, or listed nearest above), and what changes — counted, or, when
       `_apply` writes the plan, written (`writes`), a chunk at a time.
    """

    def __init__(
        self,
        root: Region,
        regions: RegionMatcher,
        *,
        lock: bool = False,
        report: Report | None = None,
        user=None,
    ) -> None:
        self.root = root
        self.user = user
        self.regions = regions
        self.lock = lock
        self.report = report
        self.plan = Plan(matcher=self)
        self.records: Records = Records.of([])
        self.invalid_heads: dict[int, HeadKey] = {}
        # Rows that are a stored person: their lines and the people's pks, in file order.
        self.matched_lines = array("q")
        self.matched_pks = array("q")
        self.heads: list[_HeadRow] = []
        self.numbers: set[str] = set()  # the 户号 of the valid rows
        self.head_names: set[tuple[int, str, str]] = set()  # (village, 组, 户主姓名) of members
        self.index = _HeadIndex()
        self.targets: dict[int, tuple] = {}  # head's line → its household target
        self.file_heads_by_number: dict[tuple[int, str], int] = {}  # → the head's line
        self.db_by_number: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.db_heads: dict[tuple[int, str], list[_DbHead]] = {}
        self.numbered_new: dict[tuple[int, str], int] = {}  # 户号 known nowhere → first line
        self.headless: set[int] = set()  # (NEW, line) households of a 户号 without a head
        self.squads: dict[int, list[int]] = {}  # village pk → its volunteer squads' pks
        self.writing = False  # the second pass writes (`_apply`): nothing is recorded
        self.done = 0
        self._hash = id_hasher()  # `people.services.phone_hash`, the key found once
        self._anyone: bool | None = None

    def _village(self, region_id: int) -> int | None:
        return self.regions.village_of_region.get(region_id)

    def _error(self, record: Record, message: str) -> None:
        if self.writing:  # the rows found invalid were all found so when classified
            raise _PlanChanged(record.line)
        self.plan.errors.setdefault(record.line, []).append(message)

    def _head_error(self, record: Record | _HeadRow, message: str) -> None:
        self.plan.errors.setdefault(record.line, []).append(message)
        self.invalid_heads[record.line] = (record.village_id, record.group, record.name)

    def run(self, records: Records, invalid_heads: dict[int, HeadKey]) -> Plan:
        self.records = records
        self.invalid_heads = invalid_heads
        self._progress(0)
        self._first_pass()
        self._settle_heads()
        self._second_pass()
        # Rows that only became invalid here lose their warnings.
        for line in self.plan.errors:
            self.plan.warnings.pop(line, None)
        self._progress(2 * len(records))
        return self.plan

    def _progress(self, done: int) -> None:
        if self.report is not None:
            self.report(done, 2 * len(self.records), _(STAGE_MATCH))

    # -- people ------------------------------------------------------------------------

    def _first_pass(self) -> None:
        first_line: dict[int, int] = {}  # stored person → the line of the first row that is them
        for chunk in self.records.chunks():
            matched = self._match_chunk(chunk, first_line)
            for r in chunk:
                if r.line in self.plan.errors:
                    if r.is_head:
                        self.invalid_heads[r.line] = _head_key(r)
                    continue
                snap = matched.get(r.line)
                if snap is not None:
                    self.matched_lines.append(r.line)
                    self.matched_pks.append(snap.pk)
                if r.household_number:
                    self.numbers.add(r.household_number)
                if r.is_head:
                    self.heads.append(
                        _HeadRow(
                            r.line,
                            r.village_id,
                            r.region_id,
                            r.group,
                            r.name,
                            r.household_number,
                            r.address,
                            snap.pk if snap else None,
                            snap.household_id if snap else None,
                            bool(snap) and snap.relation_to_head == RelationToHead.HEAD,
                        )
                    )
                elif r.head_name and not r.household_number:
                    self.head_names.add((r.village_id, r.group, r.head_name))
            self.done += len(chunk)
            self._progress(self.done)
        self.matched_set = set(first_line)

    def _match_chunk(self, records: list[Record], first_line: dict[int, int]) -> dict[int, Snap]:
        """line → the stored person the row is about (rows not in it are new)."""
        by_hash: dict[str, Snap] = {}
        pool: dict[str, str] = {}
        hashes = [r.id_hash for r in records if r.id_hash]
        for qs in _in_batches(_people(self.lock), "id_number_hash", hashes):
            for snap in _snaps(qs, pool):
                by_hash[snap.id_number_hash] = snap
        matched: dict[int, Snap] = {}
        need_key: list[Record] = []
        inside = self.regions.by_id
        outside = {s.region_id for s in by_hash.values() if s.region_id not in inside}
        outside_regions = Region.unscoped.in_bulk(outside) if outside else {}
        for r in records:
            snap = by_hash.get(r.id_hash) if r.id_hash else None
            if snap is not None and snap.region_id not in inside:
                region = outside_regions.get(snap.region_id)
                if region is None or not may_identify(self.user, region):
                    self.plan.conflicts[r.line] = snap.pk
                    self.plan.conflict_rows[r.line] = (
                        r.region_id,
                        r.name,
                        r.birth_date,
                        r.id_number,
                    )
                    snap = None
            if snap is not None:
                matched[r.line] = snap
            else:
                need_key.append(r)
        if need_key and self._any_people_under_root():
            by_key: dict[tuple, list[Snap]] = defaultdict(list)
            names = sorted({r.name for r in need_key})
            people = _people(self.lock).filter(region__path__startswith=self.root.path)
            for qs in _in_batches(people, "name", names):
                for snap in _snaps(qs, pool):
                    key = (self._village(snap.region_id), snap.name, snap.birth_date)
                    by_key[key].append(snap)
            for r in need_key:
                candidates = by_key.get((r.village_id, r.name, r.birth_date), [])
                if r.id_hash:  # a registered person without an ID number gets this one
                    candidates = [s for s in candidates if not s.id_number_hash]
                if len(candidates) > 1 and r.region_id != r.village_id:  # namesakes: the 组
                    candidates = [s for s in candidates if s.region_id == r.region_id]
                if len(candidates) == 1:
                    matched[r.line] = candidates[0]
                elif len(candidates) > 1:
                    village = self.regions.by_id[r.village_id]
                    self._error(
                        r,
                        _(
                            "%(village)s有%(count)s名同姓名、"
                            "同出生日期的群众，无法确定是哪一位，请填写身份证号码"
                        )
                        % {"village": village.name, "count": len(candidates)},
                    )
        for r in records:
            snap = matched.get(r.line)
            if snap is None:
                continue
            if snap.region_id not in inside:
                self._error(r, self._outside_message(snap, outside_regions.get(snap.region_id)))
                del matched[r.line]
            elif snap.pk in first_line:
                self._error(r, _("与第%(line)s行是同一人") % {"line": first_line[snap.pk]})
                del matched[r.line]
            else:
                first_line[snap.pk] = r.line
        return matched

    def _outside_message(self, snap: Snap, region: Region | None) -> str:
        """A row whose ID number is registered outside the import's region, to a user who
        may see that person (people.services.may_identify; the others get no refusal, see
        `Plan.conflicts`)."""
        return _("该身份证号码已登记：%(name)s（%(region)s），不在%(root)s的范围内，不能导入") % {
            "name": snap.name,
            "region": region.name,
            "root": self.root.name,
        }

    def _any_people_under_root(self) -> bool:
        if self._anyone is None:
            people = Person.unscoped.filter(region__path__startswith=self.root.path)
            self._anyone = people.exists()
        return self._anyone

    def _snaps_of(
        self, records: list[Record], before_query: Callable[[], None] = _nothing
    ) -> dict[int, Snap]:
        """line → the stored person the first pass matched the row to, read again
        (`before_query` called first: `_second_pass`)."""
        if not records or not self.matched_lines:
            return {}
        lines = self.matched_lines
        start = bisect_left(lines, records[0].line)
        end = bisect_left(lines, records[-1].line + 1)
        if start == end:
            return {}
        pk_line = dict(zip(self.matched_pks[start:end], lines[start:end], strict=True))
        matched: dict[int, Snap] = {}
        before_query()
        for qs in _in_batches(_people(lock=False), "id", sorted(pk_line)):
            for snap in _snaps(qs, {}):
                matched[pk_line[snap.pk]] = snap
        if len(matched) != len(pk_line) and self.writing:  # someone deleted a person since
            raise _PlanChanged()
        return matched

    # -- households --------------------------------------------------------------------

    def _settle_heads(self) -> None:
        """The heads' households (`targets`), before any member is placed: a household is
        its 户号 when the row has one; otherwise the stored household the person heads, or
        a new one. A head whose household has a head already (in the file, or stored and
        not in the file) is refused, and so are their members (`_member_target`)."""
        in_root = Household.unscoped.filter(region__path__startswith=self.root.path)
        for qs in _in_batches(in_root, "number", sorted(self.numbers)):
            for pk, number, region_id in qs.values_list("pk", "number", "region_id"):
                self.db_by_number[(self._village(region_id), number)].append(pk)
        self.numbers = set()

        claimed: dict[tuple, int] = {}  # target → line of the head row claiming it
        index = self.index
        for line, (village_id, group, name) in self.invalid_heads.items():
            index.add(_Head(line, village_id, group, name, valid=False))
        for r in self.heads:
            target = None
            if r.household_number:
                key = (r.village_id, r.household_number)
                if key in self.file_heads_by_number:
                    first = self.file_heads_by_number[key]
                    self._head_error(
                        r,
                        _("户号“%(number)s”已有户主（第%(line)s行）")
                        % {"number": r.household_number, "line": first},
                    )
                    continue
                found = self.db_by_number.get(key, [])
                if len(found) > 1:
                    self._head_error(
                        r,
                        _("户号“%(number)s”对应了多户，请先核对户号")
                        % {"number": r.household_number},
                    )
                    continue
                if found:
                    target = ("db", found[0])
            if target is None and r.snap_household_id and r.snap_is_head:
                target = ("db", r.snap_household_id)
            if target is None:
                target = (NEW, r.line)
            if target in claimed:
                self._head_error(
                    r,
                    _("与第%(line)s行是同一户的户主，一户只能有一名户主")
                    % {"line": claimed[target]},
                )
                continue
            claimed[target] = r.line
            self.targets[r.line] = target
            index.add(_Head(r.line, r.village_id, r.group, r.name, valid=True))
            if r.household_number:
                self.file_heads_by_number[(r.village_id, r.household_number)] = r.line
        for line, (village_id, group, name) in self.invalid_heads.items():
            if line not in index.by_line:  # heads refused just above
                index.add(_Head(line, village_id, group, name, valid=False))
        index.sort()

        self.db_heads = self._registered_heads(
            {
                name
                for village_id, group, name in self.head_names
                if not index.named(village_id, group, name)
            }
        )
        self.head_names = set()

        # Stored households this import puts someone at the head of, and their heads now.
        headed_db = sorted({t[1] for t in self.targets.values() if t[0] == "db"})
        households: dict[int, tuple[str, str, int]] = {}
        for qs in _in_batches(Household.unscoped.all(), "id", headed_db):
            rows = qs.values_list("pk", "number", "address", "region_id")
            for pk, number, address, region_id in rows:
                households[pk] = (number, address, region_id)
        current_heads: dict[int, tuple[int, str]] = {}
        heads = Person.unscoped.order_by().filter(relation_to_head=RelationToHead.HEAD)
        for qs in _in_batches(heads, "household_id", sorted(households)):
            for household_id, pk, name in qs.values_list("household_id", "pk", "name"):
                current_heads[household_id] = (pk, name)
        for r in self.heads:
            target = self.targets.get(r.line)
            if r.line in self.plan.errors or target is None:
                continue
            if target[0] == "db" and target[1] in households:
                current = current_heads.get(target[1])
                if current and current[0] != r.snap_pk and current[0] not in self.matched_set:
                    self._head_error(r, _("该户已有户主“%(name)s”") % {"name": current[1]})
                    continue
            self._household_changes(r, target, households)
        self.heads = []
        self.matched_set = set()

    def _member_target(self, r: Record, snap: Snap | None) -> tuple | None:
        """A member row's household target: ("db", pk), (NEW, line), None (keep), or
        `_INVALID` (the row has its error).

        As a person reads a roster: a household is its 户号 when the row has one;
        otherwise its head, named in 户主姓名, within the village and 组 — and when
        several heads there have that name, or the row names none, the head listed
        nearest above the row in its village and 组 (members follow their head).
        Members whose head is not in the file join a registered head's household by the
        same rule. A member row whose household cannot be told is invalid: it is never
        written without the household the file gives it."""
        index = self.index
        head: _Head | None = None
        target: tuple | None = None
        if r.household_number:
            key = (r.village_id, r.household_number)
            head_line = self.file_heads_by_number.get(key)
            found = self.db_by_number.get(key, [])
            if head_line is not None:
                head = index.by_line[head_line]
            elif len(found) > 1:
                self._error(
                    r,
                    _("户号“%(number)s”对应了多户，请先核对户号") % {"number": r.household_number},
                )
                return _INVALID
            elif found:
                target = ("db", found[0])
            else:  # a household the file numbers without listing its head
                target = (NEW, self.numbered_new.setdefault(key, r.line))
                self.headless.add(target[1])
        elif r.head_name:
            candidates = index.named(r.village_id, r.group, r.head_name)
            if not candidates and (r.village_id, r.head_name) not in self.db_heads:
                # the one head of that name in the village, though in another 组
                candidates = index.named(r.village_id, "", r.head_name)[:2]
                candidates = candidates if len(candidates) == 1 else []
            if len(candidates) == 1:
                head = candidates[0]
            elif candidates:
                head = index.nearest_above(r)
                if head not in candidates:
                    self._error(r, self._ambiguous_in_file(r, candidates))
                    return _INVALID
            else:
                found_head = self._registered_head(r, snap, self.db_heads)
                if found_head is None:
                    return _INVALID  # the row is invalid (said why)
                target = ("db", found_head)
        elif r.relation is not None:  # a member, by order only
            head = index.nearest_above(r)
            if head is None and not (snap is not None and snap.household_id):
                self._error(
                    r,
                    _(
                        "与户主关系是“%(relation)s”，但本文件%(place)s中本行上方没有户主，"
                        "无法确定属于哪一户：请把本行排在其户主下方，或填写户主姓名、户号"
                    )
                    % {"relation": RelationToHead(r.relation).label, "place": self._place(r)},
                )
                return _INVALID
        if head is not None:
            # Members of a head whose row is invalid are not written either.
            if not head.valid or head.line in self.plan.errors:
                self._error(r, self._invalid_head_message(head))
                return _INVALID
            target = self.targets[head.line]
        return target

    def _registered_heads(self, names: set[str]) -> dict[tuple[int, str], list[_DbHead]]:
        """Registered heads of households in the import's region with one of `names`,
        by (village, name)."""
        db_heads: dict[tuple[int, str], list[_DbHead]] = defaultdict(list)
        heads_in_root = Person.unscoped.order_by("pk").filter(
            region__path__startswith=self.root.path,
            relation_to_head=RelationToHead.HEAD,
            household__isnull=False,
        )
        for qs in _in_batches(heads_in_root, "name", sorted(names)):
            fields = ("pk", "name", "region_id", "household_id", "birth_date")
            for pk, name, region_id, household_id, birth in qs.values_list(*fields):
                head = _DbHead(pk, region_id, household_id, birth)
                db_heads[(self._village(region_id), name)].append(head)
        for found in db_heads.values():
            found.sort()
        return db_heads

    def _registered_head(
        self, r: Record, snap: Snap | None, db_heads: dict[tuple[int, str], list[_DbHead]]
    ) -> int | None:
        """The household of the registered head a member row names, by the file's rule:
        the head's village and 组 (when the village has groups registered), then the
        household the person is in already. None, with the row's error, when there is
        none or no telling which."""
        found = db_heads.get((r.village_id, r.head_name), [])
        if r.region_id != r.village_id:  # a registered group: a head in another is not it
            found = [h for h in found if h.region_id in (r.region_id, r.village_id)]
        if len(found) > 1 and snap is not None and snap.household_id:
            found = [h for h in found if h.household_id == snap.household_id] or found
        if not found:
            self._error(
                r,
                _(
                    "未找到户主“%(name)s”（本文件和%(place)s已登记的群众中都没有），请先导入户主或更正户主姓名"
                )
                % {"name": r.head_name, "place": self._place(r)},
            )
            return None
        if len(found) > 1:
            described = "、".join(self._describe_registered(h) for h in found)
            self._error(
                r,
                _(
                    "已登记%(count)s名户主叫“%(name)s”（%(heads)s），无法确定本行属于哪一户，请填写户号"
                )
                % {"count": len(found), "name": r.head_name, "heads": described},
            )
            return None
        head = found[0]
        if snap is not None and snap.pk == head.pk:
            self._error(r, _("户主姓名是本人，与户主关系却不是“户主”"))
            return None
        return head.household_id

    def _describe_registered(self, head: _DbHead) -> str:
        region = self.regions.by_id[head.region_id]
        place = region.name
        village_id = self._village(head.region_id)
        if village_id is not None and village_id != head.region_id:
            place = self.regions.by_id[village_id].name + region.name
        if head.birth_date is None:
            return place
        return _("%(place)s%(year)s年生") % {"place": place, "year": head.birth_date.year}

    def _place(self, r: Record) -> str:
        """The row's village and 组 as the file gives them: 东岳观村一组, 双岗村3组."""
        village = self.regions.by_id[r.village_id].name
        if r.region_id != r.village_id:
            return village + self.regions.by_id[r.region_id].name
        if r.group:
            return village + (_("%(n)s组") % {"n": r.group} if r.group.isdigit() else r.group)
        return village

    def _ambiguous_in_file(self, r: Record, candidates: list[_Head]) -> str:
        lines = "、".join(_("第%(line)s行") % {"line": h.line} for h in candidates)
        return _(
            "本文件中%(place)s有%(count)s名户主叫“%(name)s”（%(lines)s），无法确定本行属于哪一户："
            "请把本行排在其户主下方，或填写户号"
        ) % {
            "place": self._place(r),
            "count": len(candidates),
            "name": r.head_name,
            "lines": lines,
        }

    def invalid_head(self, line: int) -> _Head:
        village_id, group, name = self.invalid_heads[line]
        return _Head(line, village_id, group, name, valid=False)

    @staticmethod
    def _invalid_head_message(head: _Head) -> str:
        return _("户主“%(name)s”所在的第%(line)s行有错误，请先更正") % {
            "name": head.name,
            "line": head.line,
        }

    # -- differences -------------------------------------------------------------------

    def _second_pass(
        self,
        writes: Callable[[_Writes], None] | None = None,
        before_query: Callable[[], None] = _nothing,
    ) -> None:
        """Each chunk again: the members' households and what changes for every valid
        row — counted into the plan, or (with `writes`, when applying it) handed over a
        chunk at a time. `before_query` is called before the pass reads the database
        (`_apply` ends its open COPY there: no other statement may run during one)."""
        self.writing = writes is not None
        self.squads = {}
        for chunk in self.records.chunks():
            valid = [r for r in chunk if r.line not in self.plan.errors]
            matched = self._snaps_of(valid, before_query)
            volunteers = self._volunteers(valid, matched, before_query)
            out = _Writes() if writes is not None else None
            for r in valid:
                snap = matched.get(r.line)
                if r.is_head:
                    target = self.targets[r.line]
                else:
                    target = self._member_target(r, snap)
                    if target is _INVALID:
                        continue
                self._decide(r, snap, target, volunteers, out)
            if writes is not None:
                writes(out)
            else:
                self.done += len(chunk)
                self._progress(self.done)
        self.writing = False

    def _decide(
        self,
        r: Record,
        snap: Snap | None,
        target: tuple | None,
        volunteers: set[int],
        out: _Writes | None,
    ) -> None:
        """What one valid row does: counted into the plan, or added to `out`."""
        plan = self.plan
        changes = self._changes(r, snap, target)
        squad = self._squad_to_join(r, snap, volunteers)
        if out is not None:
            if snap is None:
                if squad is not None:
                    out.new_joins.append((len(out.creates), squad))
                out.creates.append((r, changes["household_id"], changes["relation_to_head"]))
            else:
                if changes:
                    out.updates.append((snap.pk, changes))
                if squad is not None:
                    region_id = changes.get("region_id", snap.region_id)
                    out.joins.append(
                        (Person(pk=snap.pk, name=snap.name, region_id=region_id), squad)
                    )
            return
        if r.warnings or r.line in plan.warnings:
            plan.warnings.setdefault(r.line, [])[:0] = r.warnings
        if squad is not None:
            plan.joins += 1
        if snap is None:
            plan.new += 1
        elif changes:
            plan.seen[snap.pk] = snap.updated_at
            plan.updated += 1
            plan.changed_fields.update(FIELD_NAMES[k] for k in changes if k in FIELD_NAMES)
            if snap.relation_to_head == RelationToHead.HEAD and (
                changes.get("relation_to_head", RelationToHead.HEAD) != RelationToHead.HEAD
                or "household_id" in changes
            ):
                plan.demote.append(snap.pk)
        elif squad is None:
            plan.unchanged += 1
        else:
            plan.joined_only += 1
        if snap is not None and squad is not None:
            plan.seen[snap.pk] = snap.updated_at
            plan.changed_fields["volunteer"] += 1
        if not r.is_head and target and target[0] == NEW:
            new = plan.new_households.get(target[1])
            if new is None and target[1] in self.headless:
                plan.new_households[target[1]] = {
                    "region_id": r.region_id,
                    "number": r.household_number,
                    "address": r.address,
                }
            elif new is not None and not new["address"] and r.address:
                new["address"] = r.address

    # -- volunteers --------------------------------------------------------------------

    def _volunteers(
        self,
        records: list[Record],
        matched: dict[int, Snap],
        before_query: Callable[[], None] = _nothing,
    ) -> set[int]:
        """The volunteer squads (小队) of the villages of 志愿者 rows (`squads`), and which
        of the chunk's matched people are volunteers already: an open membership in any
        volunteer team (squad, squadron or brand — what the persons export writes as
        志愿者 是)."""
        volunteers = [r for r in records if r.volunteer]
        if not volunteers:
            return set()
        before_query()
        villages = sorted({r.village_id for r in volunteers} - set(self.squads))
        if villages:
            squads = Team.unscoped.order_by().filter(kind=TeamKind.SQUAD, region_id__in=villages)
            if self.lock:  # memberships are added below: no one else adds or drops them now
                squads = squads.select_for_update()
            for village in villages:
                self.squads[village] = []
            for pk, region_id in squads.values_list("pk", "region_id"):
                self.squads[region_id].append(pk)
        person_pks = sorted({s.pk for r in volunteers if (s := matched.get(r.line))})
        open_memberships = Membership.unscoped.order_by().filter(
            team__kind__in=VOLUNTEER_TEAM_KINDS, ended_on__isnull=True
        )
        found: set[int] = set()
        for qs in _in_batches(open_memberships, "person_id", person_pks):
            found.update(qs.values_list("person_id", flat=True))
        return found

    def _squad_to_join(self, r: Record, snap: Snap | None, volunteers: set[int]) -> int | None:
        """The squad a 志愿者 row's person joins, or None (not marked, a volunteer
        already, or no single squad in the village — then with a warning)."""
        if not r.volunteer or (snap is not None and snap.pk in volunteers):
            return None
        squads = self.squads.get(r.village_id, [])
        if len(squads) != 1:
            if self.writing:
                return None
            village = self.regions.by_id[r.village_id].name
            if squads:
                warning = _(
                    "%(village)s有%(count)s支志愿服务小队，无法确定加入哪一支，志愿者身份未导入"
                ) % {"village": village, "count": len(squads)}
            else:
                warning = _("未找到%(village)s的志愿服务小队，志愿者身份未导入") % {
                    "village": village
                }
            self.plan.warnings.setdefault(r.line, []).append(warning)
            return None
        return squads[0]

    def _changes(self, r: Record, snap: Snap | None, target: tuple | None) -> dict[str, Any]:
        """For a new person: the household and relation; for a stored one: what changes."""
        if target is None:
            household = snap.household_id if snap else None
            relation = snap.relation_to_head if snap else ""
            if snap is not None and snap.household_id and r.relation is not None:
                relation = r.relation
        else:
            household = target if target[0] == NEW else target[1]
            if r.relation is not None:
                relation = r.relation
            elif snap is not None and snap.household_id == household:
                relation = snap.relation_to_head
            else:
                relation = ""

        status = r.party_status
        joined = r.party_joined_on
        current_status = snap.party_status if snap else PartyStatus.NONE
        if joined is not None and status is None and current_status == PartyStatus.NONE:
            status = PartyStatus.FORMAL  # an admission date on a roster: a party member
        if snap is None:
            return {"household_id": household, "relation_to_head": relation or ""}

        changes: dict[str, Any] = {}

        def put(name: str, value: Any) -> None:
            if value is not None and value != getattr(snap, name):
                changes[name] = value

        put("name", r.name)
        put("gender", r.gender)
        put("birth_date", r.birth_date)
        put("ethnicity", r.ethnicity)
        if r.phone is not None and (self._hash(r.phone) if r.phone else None) != snap.phone_hash:
            changes["phone"] = r.phone
        if r.landline is not None and r.landline != _landline_of(snap):
            changes["landline"] = r.landline
        put("party_status", status)
        put("party_joined_on", joined)
        put("party_branch", r.party_branch)
        put("notes", r.notes)
        put("skills", r.skills)
        if changes.get("party_status", snap.party_status) == PartyStatus.NONE:
            if snap.party_joined_on is not None:
                changes["party_joined_on"] = None
        # A person stored in a group of the same village stays there unless a group is given.
        if r.region_id != snap.region_id:
            same_village = self._village(snap.region_id) == r.village_id
            if not (same_village and r.region_id == r.village_id):
                changes["region_id"] = r.region_id
        if r.id_hash and not snap.id_number_hash:
            if r.line not in self.plan.conflicts:
                changes["id_number"] = _checked_id(r)
            elif not snap.has_id_number:
                changes["id_number"] = _checked_id(
                    r, held_elsewhere=True
                )  # stored encrypted and hashed on writing
        if household != snap.household_id:
            changes["household_id"] = household
        if (relation or "") != snap.relation_to_head:
            changes["relation_to_head"] = relation or ""
        return changes

    def _household_changes(
        self, r: _HeadRow, target: tuple, households: dict[int, tuple[str, str, int]]
    ) -> None:
        plan = self.plan
        if target[0] == NEW:
            plan.new_households[target[1]] = {
                "region_id": r.region_id,
                "number": r.household_number,
                "address": r.address,
            }
            return
        current = households.get(target[1])
        if current is None:
            return
        number, address, region_id = current
        changes: dict[str, Any] = {}
        if r.household_number and r.household_number != number:
            changes["number"] = r.household_number
        if r.address and r.address != address:
            changes["address"] = r.address
        if self._village(region_id) != r.village_id:
            changes["region_id"] = r.region_id
        if changes:
            plan.household_updates[target[1]] = changes


def classify(
    records: Records | list[Record],
    invalid_heads: dict[int, HeadKey],
    root: Region,
    regions: RegionMatcher | None = None,
    *,
    lock: bool = False,
    report: Report | None = None,
    user=None,
) -> Plan:
    """Match valid records to stored people and households; nothing is written. `user` is
    who imports: the one told whom an ID number registered elsewhere belongs to."""
    if isinstance(records, list):
        records = Records.of(records)
    matcher = _Matcher(root, regions or RegionMatcher(root), lock=lock, report=report, user=user)
    return matcher.run(records, dict(invalid_heads))


# --------------------------------------------------------------------------- writing


def _landline_of(snap: Snap) -> str:
    return crypto.decrypt(snap.landline_encrypted) if snap.landline_encrypted else ""


def _apply(plan: Plan, *, user=None, report: Report | None = None) -> None:
    """Write a plan: call inside `transaction.atomic`. The records are read again a chunk
    at a time (`_Matcher._second_pass`) and each chunk written in bulk statements: new
    people as plain rows (`people.services.prepared_values_many`, COPY on PostgreSQL), changed
    ones through `people.services.prepare_person`; the volunteers join their squads
    through `teams.services.add_members`. Raises `_PlanChanged` when the rows are not as
    classified (`commit` classifies again, under locks)."""
    assert plan.matcher is not None
    now = timezone.now()
    today = timezone.localdate(now, timezone.get_default_timezone())
    total = plan.new + plan.updated + 1
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if report is not None:
            report(done, total, _(STAGE_WRITE))

    household_pks = _Inserter(Household, now).insert(
        plan.new_households.values(), len(plan.new_households), ids=True
    )
    new_households = dict(zip(plan.new_households, household_pks or (), strict=True))

    def household_pk(target: Any) -> int | None:
        if isinstance(target, tuple):
            return new_households[target[1]]
        return target

    by_fields: dict[tuple[str, ...], list[Household]] = defaultdict(list)
    for pk, changes in plan.household_updates.items():
        by_fields[tuple(sorted(changes))].append(Household(pk=pk, updated_at=now, **changes))
    for fields, objs in by_fields.items():
        Household.unscoped.bulk_update(objs, [*fields, "updated_at"], batch_size=1000)

    # People who stop heading a household first, so no household ever has two heads.
    for qs in _in_batches(Person.unscoped.all(), "id", plan.demote):
        qs.update(relation_to_head="", updated_at=now)

    inserter = _Inserter(Person, now)
    stream = inserter.stream()
    joins: dict[int, list[tuple[int, str, int]]] = defaultdict(list)  # squad → people

    def write(out: _Writes) -> None:
        _lock_as_read(out, plan.seen)
        rows = _prepared(
            _new_person(r, household_pk(household), relation, r.line in plan.conflicts)
            for r, household, relation in out.creates
        )
        if stream is not None and not out.new_joins:
            stream.write(rows)  # left open for the next chunk's rows
            pks = None
        else:
            if stream is not None:
                stream.close()
            pks = inserter.insert(rows, len(out.creates), ids=bool(out.new_joins))
        for index, squad in out.new_joins:
            r = out.creates[index][0]
            assert pks is not None
            joins[squad].append((pks[index], r.name, r.region_id))
        for person, squad in out.joins:
            joins[squad].append((person.pk, person.name, person.region_id))
        step(len(out.creates))
        people_by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
        for pk, changes in out.updates:
            values = dict(changes)
            if "household_id" in values:
                values["household_id"] = household_pk(values["household_id"])
            id_number = values.pop("id_number", None)
            person = Person(pk=pk, updated_at=now, **values)
            prepare_person(person, id_number=id_number, today=today)
            people_by_fields[tuple(prepared_fields(changes))].append(person)
        if people_by_fields and stream is not None:
            stream.close()
        for fields, objs in people_by_fields.items():
            for chunk in _chunks(objs, 1000):
                Person.unscoped.bulk_update(chunk, [*fields, "updated_at"])
                step(len(chunk))

    if plan.new or plan.updated or plan.joins:  # else no row is written: no need to read
        if stream is None:
            plan.matcher._second_pass(write)
        else:
            with stream:
                plan.matcher._second_pass(write, before_query=stream.close)

    # Volunteers join their village's squad as open members from the commit's day on.
    squads = Team.unscoped.select_related("region").in_bulk(list(joins))
    for squad, people in joins.items():
        persons = [Person(pk=pk, name=name, region_id=region_id) for pk, name, region_id in people]
        add_members(squads[squad], persons, started_on=today, user=user)
    step(1)


def _lock_as_read(out: _Writes, seen: dict[int, datetime]) -> None:
    """The stored people a chunk writes are the ones classified: the same set, unchanged
    since (`_still_as_read` locked them, or the classification did)."""
    for pk, _changes in out.updates:
        if pk not in seen:
            raise _PlanChanged(pk)
    for person, _squad in out.joins:
        if person.pk not in seen:
            raise _PlanChanged(person.pk)


#: New people prepared at a time (`_prepared`): enough for the bulk encryption to pay,
#: few enough that the COPY gets its first rows early and the database works meanwhile.
PREPARE_BATCH = 500


def _prepared(
    rows: Iterable[tuple[dict[str, Any], CheckedId | None]],
) -> Iterator[dict[str, Any]]:
    """The stored values of new people (`people.services.prepared_values_many`), prepared
    `PREPARE_BATCH` at a time as the COPY consumes them."""
    rows = iter(rows)
    while batch := list(islice(rows, PREPARE_BATCH)):
        yield from prepared_values_many(batch)


def _new_person(
    r: Record, household_id: int | None, relation: str, held_elsewhere: bool = False
) -> tuple[dict[str, Any], CheckedId | None]:
    """The field values of a new person from a row and its checked ID number, to be
    prepared (`_prepared`)."""
    values = {
        "region_id": r.region_id,
        "household_id": household_id,
        "relation_to_head": relation if household_id is not None else "",
        "name": r.name,
        "gender": r.gender or "",
        "birth_date": r.birth_date,
        "ethnicity": r.ethnicity if r.ethnicity is not None else "汉族",
        "phone": r.phone or "",
        "landline": r.landline or "",
        "party_status": r.party_status
        or (PartyStatus.FORMAL if r.party_joined_on else PartyStatus.NONE),
        "party_joined_on": r.party_joined_on,
        "party_branch": r.party_branch or "",
        "notes": r.notes or "",
        "skills": r.skills or "",
    }
    checked = _checked_id(r, held_elsewhere=held_elsewhere)
    return values, checked or None


def _checked_id(r: Record, *, held_elsewhere: bool = False) -> CheckedId | str:
    """The row's ID number as the preview checked it (`normalise.Normaliser.row`: parsed,
    hashed, cross-checked, birth date and gender taken from it), so that writing does
    not check it again; "" when the row has none. One `held_elsewhere` (`Plan.conflicts`)
    is stored without its hash, as `people.services.save_person` does."""
    if not r.id_hash:
        return ""
    assert r.birth_date is not None and r.gender
    return CheckedId(r.id_number, "" if held_elsewhere else r.id_hash, r.birth_date, r.gender)


class _Inserter:
    """Inserts new rows given as their field values (attname → value; the others take
    their defaults): PostgreSQL's COPY of plain tuples (no model instance per row, several
    times faster than INSERT for large files), `bulk_create` elsewhere."""

    def __init__(self, model: type[models.Model], now) -> None:
        self.model = model
        self.now = now
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and not getattr(f, "generated", False)
        ]
        # (attname, default) of each field written, in order; auto_now fields are stamped
        # `now` (the defaults of people and households are constants, shared by every row).
        stamped = {
            f.attname
            for f in self.fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        self.slots = [
            (f.attname, now if f.attname in stamped else f.get_default()) for f in self.fields
        ]

    def stream(self) -> _CopyStream | None:
        """On PostgreSQL, a COPY that stays open across `write`s (`_CopyStream`)."""
        if connection.vendor != "postgresql":
            return None
        return _CopyStream(self)

    def copy_sql(self, *, with_keys: bool = False) -> str:
        quote = connection.ops.quote_name
        meta = self.model._meta
        columns = [quote(f.column) for f in self.fields]
        if with_keys:
            columns.insert(0, quote(meta.pk.column))
        return f"COPY {quote(meta.db_table)} ({', '.join(columns)}) FROM STDIN"

    def insert(
        self, rows: Iterable[dict[str, Any]], count: int, *, ids: bool = False
    ) -> list[int] | None:
        """Insert the `count` rows of `rows`; with `ids`, return their primary keys, in
        order. On PostgreSQL `rows` is consumed while the COPY runs, so that the database
        maintains its indexes while the next rows are prepared (give a generator)."""
        if not count:
            return [] if ids else None
        meta = self.model._meta
        if connection.vendor != "postgresql":
            objs = [self.model(**row) for row in rows]
            self.model._base_manager.bulk_create(objs, batch_size=WRITE_BATCH)
            return [obj.pk for obj in objs] if ids else None
        slots = self.slots
        keys: list[int] | None = None
        with connection.cursor() as cursor:
            if ids:  # reserve the keys first, then copy the rows with them
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, count],
                )
                keys = [key for (key,) in cursor.fetchall()]
            with cursor.cursor.copy(self.copy_sql(with_keys=ids)) as copy:
                write = copy.write_row
                if keys is None:
                    for row in rows:
                        get = row.get
                        write([get(name, default) for name, default in slots])
                else:
                    for key, row in zip(keys, rows, strict=True):
                        get = row.get
                        write([key, *[get(name, default) for name, default in slots]])
        return keys


class _CopyStream:
    """One COPY of new rows kept open from one `write` to the next (PostgreSQL): the
    database takes in the rows written so far — their indexes, and at the end the
    table's statement triggers, once — while Python classifies and prepares the next
    chunk. No other statement may run on the connection meanwhile: `close` (the COPY
    ends, its rows are in) before one; the next `write` opens another. Used as a context
    manager, an exception ends an open COPY as failed, so that its rows are not written
    and the transaction can roll back."""

    def __init__(self, inserter: _Inserter) -> None:
        self.inserter = inserter
        self._open: contextlib.ExitStack | None = None
        self._write: Callable[[Any], None] | None = None

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        if self._write is None:
            stack = contextlib.ExitStack()
            try:
                cursor = stack.enter_context(connection.cursor())
                copy = stack.enter_context(cursor.cursor.copy(self.inserter.copy_sql()))
            except BaseException:
                stack.close()
                raise
            self._open, self._write = stack, copy.write_row
        write = self._write
        slots = self.inserter.slots
        for row in rows:
            get = row.get
            write([get(name, default) for name, default in slots])

    def close(self) -> None:
        """End the COPY, if one is open: its rows are written (or its error raised)."""
        stack, self._open, self._write = self._open, None, None
        if stack is not None:
            stack.close()

    def __enter__(self) -> _CopyStream:
        return self

    def __exit__(self, *exc: Any) -> None:
        stack, self._open, self._write = self._open, None, None
        if stack is not None:
            stack.__exit__(*exc)  # with an exception: the COPY fails, nothing of it stays


# --------------------------------------------------------------------------- jobs


class _Reporter:
    """Progress to the cache (for the page) and to an optional callback (the CLI),
    at most a few times a second."""

    def __init__(self, job_pk: int | None, callback: Report | None = None) -> None:
        self.progress = Progress(f"import:{job_pk}") if job_pk else None
        self.callback = callback
        self._last = 0.0
        self._stage = ""

    def __call__(self, done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        if stage == self._stage and now - self._last < 0.3 and done != total:
            return
        self._last, self._stage = now, stage
        if self.progress is not None:
            self.progress.update(done, total, stage)
        if self.callback is not None:
            self.callback(done, total, stage)

    def finish(self, stage: str) -> None:
        if self.progress is not None:
            self.progress.finish(stage)


def progress_of(job: ImportJob):
    return Progress(f"import:{job.pk}").read()


def _sha256(file: Any) -> str:
    digest = hashlib.sha256()
    for chunk in (
        file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(1 << 20), b"")
    ):
        digest.update(chunk)
    return digest.hexdigest()


def check_root(region: Region) -> None:
    if region.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
        raise ServiceError("import_region_level", _("只能导入到乡镇或村（社区）"), field="region")


def too_large_message() -> str:
    return _("文件过大（超过%(size)s），请拆分成多个文件后再导入") % {
        "size": format_size(settings.IMPORT_MAX_BYTES)
    }


def create_job(file: Any, kind: str, region: Region, user=None) -> ImportJob:
    """Check the upload's size, hash and store it, for a `user` who may import there."""
    require_that(rules.may_import_into(user, region), CHANGE_PEOPLE)
    if kind not in ImportKind.values:
        raise ServiceError("import_kind", _("不支持的导入内容"), field="kind")
    check_root(region)
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size > settings.IMPORT_MAX_BYTES:
        raise ServiceError("file_too_large", too_large_message(), field="file")
    if size == 0:
        raise ServiceError("file_empty", _("文件为空，没有任何内容"), field="file")
    # A page, script or macro file is refused before it is stored, whatever its name; the
    # reader judges the rest of its content (a file it cannot read is deleted).
    refuse_active_content(file, code="import")
    purge_expired_files()
    name = str(getattr(file, "name", "") or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    job = ImportJob(
        kind=kind,
        region=region,
        uploaded_by=user_or_none(user),
        original_name=name[:255],
        size=size,
        sha256=_sha256(file),
    )
    if hasattr(file, "seek"):
        file.seek(0)
    job.file.save(name, file if isinstance(file, File) else File(file, name=name), save=False)
    job.save()
    job.log_action(
        "sanwei.import.uploaded",
        user=user,
        data={"file": job.original_name, "sha256": job.sha256, "size": size, "kind": kind},
    )
    return job


def same_file_imports(job: ImportJob) -> QuerySet[ImportJob]:
    """Other imports of a file with the same content (by SHA-256) committed into the
    job's region, latest first: the same file uploaded again is most likely a mistake."""
    return (
        ImportJob.unscoped.filter(
            region_id=job.region_id, sha256=job.sha256, status=ImportStatus.COMMITTED
        )
        .exclude(pk=job.pk)
        .order_by("-finished_at", "-pk")
    )


def same_file_message(job: ImportJob) -> str:
    """The warning for a file already imported into the job's region, or ""."""
    earlier = same_file_imports(job).first()
    if earlier is None:
        return ""
    when = timezone.localtime(earlier.finished_at or earlier.created_at)
    return _(
        "内容完全相同的文件已于%(when)s导入到%(region)s（“%(name)s”，导入记录 #%(pk)s），"
        "请确认不是重复上传"
    ) % {
        "when": when.strftime("%Y-%m-%d %H:%M"),
        "region": job.region.name,
        "name": earlier.original_name,
        "pk": earlier.pk,
    }


def _set(job: ImportJob, **values: Any) -> None:
    """Update some fields of the job row only (a worker may be updating others)."""
    for name, value in values.items():
        setattr(job, name, value)
    ImportJob.unscoped.filter(pk=job.pk).update(**values)


def _capped(problems: dict[int, list[str]]) -> list[dict[str, Any]]:
    lines = sorted(problems)[:MAX_STORED_PROBLEMS]
    return [{"line": line, "messages": problems[line]} for line in lines]


def start_preview(job: ImportJob, mapping: dict[int, str] | None = None, *, user=None) -> ImportJob:
    """Check the file (again, with another column mapping) in the background."""
    require_that(rules.may_handle_job(user, job), CHANGE_PEOPLE)
    from .tasks import preview_import

    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED, ImportStatus.FAILED):
        raise ServiceError("import_busy", _("该导入正在处理或已结束，不能重新检查"))
    if not job.file or job.is_expired:
        raise ServiceError("import_expired", _("文件已过期（上传超过一天），请重新上传"))
    values: dict[str, Any] = {"status": ImportStatus.PREVIEWING, "error_message": ""}
    if mapping is not None:
        values["mapping"] = {str(k): v for k, v in check_mapping(mapping).items()}
    updated = ImportJob.unscoped.filter(pk=job.pk, status=job.status).update(**values)
    if not updated:
        raise ServiceError("import_busy", _("该导入正在处理，请稍候"))
    for name, value in values.items():
        setattr(job, name, value)
    Progress(f"import:{job.pk}").update(0, 0, _(STAGE_READ))
    task_id = enqueue_nonblocking(preview_import, job.pk)
    ImportJob.unscoped.filter(pk=job.pk).update(task_id=task_id or "")
    job.refresh_from_db()
    return job


def preview(job: ImportJob, *, report: Report | None = None) -> ImportJob:
    """Read, normalise and classify the job's file; store counts, errors and the
    normalised records. Writes nothing to people or households."""
    reporter = _Reporter(job.pk, report)
    job = ImportJob.unscoped.select_related("region").get(pk=job.pk)
    _set(job, status=ImportStatus.PREVIEWING)
    _delete_records(job)
    try:
        with job.file.open("rb") as f:
            analysis = analyse(
                f, job.original_name, job.region, job.column_mapping() or None, report=reporter
            )
        try:
            plan = classify(
                analysis.records,
                analysis.invalid_heads,
                job.region,
                analysis.regions,
                report=reporter,
                user=job.uploaded_by,
            )
            records_file = _save_records(analysis)
        finally:
            analysis.close()
    except (ReadError, ServiceError) as e:
        _set(
            job,
            status=ImportStatus.FAILED,
            error_message=e.message,
            finished_at=timezone.now(),
        )
        if isinstance(e, ReadError):
            _delete_files(job)  # no other column mapping can make it readable
        reporter.finish(_("失败"))
        return job
    except Exception:
        logger.exception("import %s: preview failed", job.pk)
        _set(
            job,
            status=ImportStatus.FAILED,
            error_message=_(
                "检查文件时发生意外错误，请确认文件内容后重新上传；如仍失败请联系管理员"
            ),
            finished_at=timezone.now(),
        )
        reporter.finish(_("失败"))
        return job
    errors = {**analysis.errors, **plan.errors}
    _set(
        job,
        status=ImportStatus.PREVIEWED,
        file_format=analysis.file_format,
        sheet_name=analysis.sheet_name[:100],
        header_row=analysis.header_row,
        columns=analysis.columns,
        mapping={str(k): v for k, v in analysis.mapping.items()},
        counts=plan.counts(len(errors), analysis.rows),
        changed_fields=dict(plan.changed_fields),
        errors=_capped(errors),
        error_total=len(errors),
        warnings=_capped(plan.warnings),
        warning_total=len(plan.warnings),
        records_file=records_file,
        previewed_at=timezone.now(),
        error_message="",
    )
    reporter.finish(_("检查完成"))
    return job


@dataclass(frozen=True)
class SizeCheck:
    """An import's data rows against what its region can plausibly hold."""

    rows: int
    residents: int  # registered now in the import's region and below
    plausible: int  # at most this many rows import without a confirmation

    @property
    def large(self) -> bool:
        return self.rows > self.plausible


def size_check(region: Region, rows: int) -> SizeCheck:
    """A file with more data rows than twice the region's registered residents plus
    `IMPORT_ROWS_MARGIN`, or than `IMPORT_ROWS_CONFIRM_ABOVE` whatever the region, is
    implausible (a whole county's roster into a village, a file of junk rows): it imports
    only with an explicit confirmation (`start_commit(..., confirm_large=True)`)."""
    residents = Person.unscoped.filter(region__path__startswith=region.path).count()
    plausible = min(2 * residents + settings.IMPORT_ROWS_MARGIN, settings.IMPORT_ROWS_CONFIRM_ABOVE)
    return SizeCheck(rows=rows, residents=residents, plausible=plausible)


def size_warning(region: Region, rows: int) -> str:
    """The warning for `rows` data rows into `region` when implausible (`size_check`), or ""."""
    check = size_check(region, rows)
    if not check.large:
        return ""
    return _(
        "文件有 %(rows)s 行数据，而%(region)s目前登记 %(residents)s 人，"
        "超出合理范围（不超过 %(plausible)s 行），请核对文件和导入到的区划"
    ) % {
        "rows": f"{check.rows:,}",
        "region": region.name,
        "residents": f"{check.residents:,}",
        "plausible": f"{check.plausible:,}",
    }


def job_size_warning(job: ImportJob) -> str:
    """The preview's warning for an implausibly large import waiting for its commit, or ""."""
    if job.status != ImportStatus.PREVIEWED:
        return ""
    region = Region.unscoped.get(pk=job.region_id)
    return size_warning(region, (job.counts or {}).get("rows", 0))


def require_size_confirmed(job: ImportJob, confirmed: bool) -> None:
    """Refuse an implausibly large import that was not explicitly confirmed."""
    if confirmed:
        return
    if warning := job_size_warning(job):
        raise ServiceError(
            "import_size_unconfirmed",
            _("%(warning)s；确认无误后须明确确认才能导入") % {"warning": warning},
            field="confirm_large",
        )


def start_commit(job: ImportJob, user=None, *, confirm_large: bool = False) -> ImportJob:
    """Confirm a previewed import: it is applied in the background, as `user`. An
    implausibly large one (`size_check`) needs `confirm_large`."""
    from .tasks import commit_import

    require_that(rules.may_handle_job(user, job), CHANGE_PEOPLE)
    if job.status != ImportStatus.PREVIEWED:
        raise ServiceError("import_not_previewed", _("该导入尚未检查完成或已经结束，不能确认导入"))
    if job.is_expired or not job.file:
        expire(job)
        raise ServiceError("import_expired", _("文件已过期（上传超过一天），请重新上传"))
    if job.valid_rows == 0:
        raise ServiceError("import_nothing_valid", _("文件中没有可以导入的有效行"))
    require_size_confirmed(job, confirm_large)
    updated = ImportJob.unscoped.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.COMMITTING,
        committed_by=user_or_none(user),
    )
    if not updated:
        raise ServiceError("import_busy", _("该导入正在处理，请稍候"))
    job.status = ImportStatus.COMMITTING
    Progress(f"import:{job.pk}").update(0, 0, _(STAGE_MATCH))
    task_id = enqueue(commit_import, job.pk, getattr(user, "pk", None), as_system=user is SYSTEM)
    ImportJob.unscoped.filter(pk=job.pk).update(task_id=task_id or "")
    job.refresh_from_db()
    return job


def commit(job: ImportJob, user=None, *, report: Report | None = None) -> ImportJob:
    """Apply a previewed import in one transaction: valid rows only, all or nothing.

    On any failure the database is left as it was and the job is marked failed; a
    `user` who may not import there is refused (NotPermitted) and nothing changes."""
    require_that(rules.may_handle_job(user, job), CHANGE_PEOPLE)
    reporter = _Reporter(job.pk, report)
    try:
        with transaction.atomic():
            job = ImportJob.unscoped.select_for_update().get(pk=job.pk)
            if job.status not in (ImportStatus.COMMITTING, ImportStatus.PREVIEWED):
                # Another commit of this job (the task delivered twice, a second command)
                # got the lock first and finished it: leave its outcome as it is.
                raise _NotCommittable(job.status)
            root = Region.unscoped.get(pk=job.region_id)
            lock_import_region(root)
            analysis = _read_records(job, reporter)
            try:
                plan = _apply_for_commit(analysis, root, reporter, user, user or job.uploaded_by)
            finally:
                analysis.close()
            errors = {**analysis.errors, **plan.errors}
            counts = plan.counts(len(errors), analysis.rows)
            job.status = ImportStatus.COMMITTED
            job.committed_by = user_or_none(user)
            job.counts = counts
            job.changed_fields = dict(plan.changed_fields)
            job.errors = _capped(errors)
            job.error_total = len(errors)
            job.warnings = _capped(plan.warnings)
            job.warning_total = len(plan.warnings)
            job.finished_at = timezone.now()
            job.error_message = ""
            job.save(
                update_fields=[
                    "status",
                    "committed_by",
                    "counts",
                    "changed_fields",
                    "errors",
                    "error_total",
                    "warnings",
                    "warning_total",
                    "finished_at",
                    "error_message",
                ]
            )
            job.log_action(
                "sanwei.import.committed",
                user=user,
                data={"file": job.original_name, "sha256": job.sha256, "counts": counts},
            )
            if plan.conflicts:
                job.log_action(
                    "sanwei.import.id_conflict",
                    user=user,
                    data={
                        "lines": {
                            str(line): holder
                            for line, holder in sorted(plan.conflicts.items())
                            if line not in errors
                        }
                    },
                )
                record_id_conflicts(
                    _conflict_pairs(plan, errors),
                    source=ConflictSource.IMPORT,
                    user=user,
                    import_job_id=job.pk,
                )
    except _NotCommittable as e:
        logger.warning("import %s: commit asked of a job already %s; left as it is", job.pk, e)
        return ImportJob.unscoped.get(pk=job.pk)
    except Exception as e:
        if isinstance(e, ServiceError | ReadError):
            reason = e.message
        else:
            logger.exception("import %s: commit failed, rolled back", job.pk)
            reason = _("写入数据库时出错")
        job = ImportJob.unscoped.get(pk=job.pk)
        _set(
            job,
            status=ImportStatus.FAILED,
            error_message=_("导入失败，数据未作任何改动：%(reason)s") % {"reason": reason},
            finished_at=timezone.now(),
        )
        reporter.finish(_("失败"))
        return job
    _delete_files(job)
    reporter.finish(_("导入完成"))
    return job


class _NotCommittable(Exception):
    """The job is no longer waiting for its commit (its status is the argument)."""


# The first key of the advisory locks of import commits (the second is the town's pk).
IMPORT_LOCK_CLASS = 0x53574931  # "SWI1"


def lock_import_region(root: Region) -> None:
    """Serialise the commits into one town (call inside the commit's transaction).

    Two imports of overlapping files (into the town and into one of its villages, or into
    one village twice) would otherwise both classify the same row as new and both insert
    it. The commit takes this lock before it classifies, so the second waits for the first
    and then classifies against what the first wrote. On PostgreSQL it is a transaction-
    level advisory lock on the town (nothing else waits for it: not the town's row, which
    volunteer registration locks); on SQLite the commit's transaction already holds the
    database's one write lock from its start (`transaction_mode` IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    town_pk = root.pk if root.level == RegionLevel.TOWN else root.parent_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_CLASS, town_pk])


def _conflict_pairs(plan: Plan, errors: dict) -> list[tuple[int, int]]:
    """(person pk, holder pk) for each written row whose ID number another region holds:
    the person the row wrote is the one of its region, name and birth date stored with
    that number but without its hash (as a re-import finds them)."""
    pairs = []
    for line, holder in sorted(plan.conflicts.items()):
        if line in errors or line not in plan.conflict_rows:
            continue
        region_id, name, birth_date, id_number = plan.conflict_rows[line]
        candidates = Person.unscoped.filter(
            region_id=region_id, name=name, birth_date=birth_date, id_number_hash__isnull=True
        ).exclude(id_number_encrypted="")
        for person in candidates:
            if person.pk != holder and person.id_number == id_number:
                pairs.append((person.pk, holder))
                break
    return pairs


def _apply_for_commit(analysis: Analysis, root: Region, reporter: Report, user, importer) -> Plan:
    """Classify (`_classify_for_commit`) and write. Should a stored person the plan did
    not lock change before their chunk is written, the writes so far are undone and the
    file is classified again under locks. `importer` is who the plan is classified for
    (`classify`'s user), `user` who writes it."""
    plan = _classify_for_commit(analysis, root, reporter, importer)
    try:
        with transaction.atomic():
            _apply(plan, user=user, report=reporter)
    except _PlanChanged:
        if plan.matcher is not None and plan.matcher.lock:
            raise
        plan = classify(
            analysis.records,
            analysis.invalid_heads,
            root,
            lock=True,
            report=reporter,
            user=importer,
        )
        _apply(plan, user=user, report=reporter)
    return plan


def _classify_for_commit(analysis: Analysis, root: Region, reporter: Report, user) -> Plan:
    """The commit's plan, against the database as it is now (call inside the commit's
    transaction). Classified without locks first; then only the stored people the plan
    writes are locked, and if any changed since it read them (or the plan adds volunteers
    to squads), everything is classified again under locks. A re-import that changes
    nothing thus locks (and so writes) no row at all."""
    plan = classify(analysis.records, analysis.invalid_heads, root, report=reporter, user=user)
    if not plan.joins and _still_as_read(plan):
        return plan
    return classify(
        analysis.records, analysis.invalid_heads, root, lock=True, report=reporter, user=user
    )


def _still_as_read(plan: Plan) -> bool:
    """Lock the stored people `plan` writes; True when none changed since classified."""
    seen = plan.seen
    if not seen:
        return True
    found = 0
    for qs in _in_batches(_people(lock=True), "id", sorted(seen)):
        for pk, updated_at in qs.values_list("pk", "updated_at"):
            found += 1
            if seen[pk] != updated_at:
                return False
    return found == len(seen)


def cancel(job: ImportJob, user=None) -> ImportJob:
    require_that(rules.may_handle_job(user, job), CHANGE_PEOPLE)
    if job.status in (ImportStatus.COMMITTED, ImportStatus.CANCELLED, *_running()):
        raise ServiceError("import_not_cancellable", _("该导入正在处理或已经结束，不能取消"))
    updated = ImportJob.unscoped.filter(pk=job.pk, status=job.status).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )
    if not updated:
        raise ServiceError("import_busy", _("该导入正在处理，请稍候"))
    job.refresh_from_db()
    _delete_files(job)
    job.log_action("sanwei.import.cancelled", user=user, data={"file": job.original_name})
    return job


def _running() -> tuple[str, ...]:
    return (ImportStatus.PREVIEWING, ImportStatus.COMMITTING)


def expire(job: ImportJob) -> None:
    """A job whose file is past its lifetime: the file goes; an unconfirmed job ends."""
    _delete_files(job)
    if job.status in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED, ImportStatus.FAILED):
        ImportJob.unscoped.filter(pk=job.pk, status=job.status).update(
            status=ImportStatus.CANCELLED,
            error_message=_("文件上传超过一天未确认导入，已删除，请重新上传"),
            finished_at=timezone.now(),
        )


def purge_expired_files(now=None) -> int:
    """Delete the files of jobs that ended or are older than a day; returns how many."""
    now = now or timezone.now()
    stale = ImportJob.unscoped.exclude(file="").filter(created_at__lt=now - FILE_LIFETIME)
    ended = ImportJob.unscoped.exclude(file="").filter(
        status__in=[ImportStatus.COMMITTED, ImportStatus.CANCELLED]
    )
    count = 0
    for job in stale.filter(status__in=_running()):
        _set(
            job,
            status=ImportStatus.FAILED,
            error_message=_("处理超时，已停止，请重新上传"),
            finished_at=now,
        )
    for job in [*stale, *ended]:
        expire(job)
        count += 1
    return count


def _delete_files(job: ImportJob) -> None:
    _delete_records(job)
    if job.file:
        name = job.file.name
        job.file.delete(save=False)
        ImportJob.unscoped.filter(pk=job.pk, file=name).update(file="")
        job.file = None


def _delete_records(job: ImportJob) -> None:
    if job.records_file:
        default_storage.delete(job.records_file)
        ImportJob.unscoped.filter(pk=job.pk).update(records_file="")
        job.records_file = ""


# --------------------------------------------------------------------------- record files


class _RecordWriter:
    """Writes valid records to a temporary file, encrypted a chunk at a time (`Records`)."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()
        self._chunk: list[list] = []
        self.count = 0
        self.shared_phones: dict[str, int] = {}

    def add(self, record: Record) -> None:
        values = _record_values(record)
        relation, party = record.relation, record.party_status
        if isinstance(relation, Enum) or isinstance(party, Enum):
            # choices as their plain values (a str, as they come back from the database)
            values = list(values)
            values[_RELATION] = relation.value if isinstance(relation, Enum) else relation
            values[_PARTY] = party.value if isinstance(party, Enum) else party
        self._chunk.append(values)
        self.count += 1
        if len(self._chunk) >= RECORDS_PER_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._chunk:
            data = pickle.dumps(self._chunk, protocol=pickle.HIGHEST_PROTOCOL)
            self.file.write(crypto.encrypt_bytes(data) + b"\n")
            self._chunk = []

    def _line(self, data: Any) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        self.file.write(crypto.encrypt_bytes(text.encode()) + b"\n")

    def finish(self, analysis: Analysis) -> Analysis:
        """Close the file with the rest of `analysis`, and give `analysis` its records."""
        self._flush()
        self._line(
            {
                "rows": analysis.rows,
                "count": self.count,
                "errors": [[line, msgs] for line, msgs in analysis.errors.items()],
                "invalid_heads": [[line, *key] for line, key in analysis.invalid_heads.items()],
                "shared_phones": self.shared_phones,
            }
        )
        self.file.flush()
        file = self.file

        @contextlib.contextmanager
        def opener() -> Iterator[IO[bytes]]:
            file.seek(0)
            yield file

        analysis.file = file
        analysis.records = Records(opener, self.count, self.shared_phones)
        return analysis


#: A record's values in field order (`Record(*values)` is the record again).
_RECORD_FIELDS = tuple(f.name for f in dataclass_fields(Record))
_record_values = operator.attrgetter(*_RECORD_FIELDS)
_RELATION = _RECORD_FIELDS.index("relation")
_PARTY = _RECORD_FIELDS.index("party_status")


class _RowsUnpickler(pickle.Unpickler):
    """Reads a chunk of record values (tuples of str, int, bool, None and dates) and
    nothing else: the file is ours and authenticated (Fernet), and even so no other
    class is ever built from it."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return date
        raise pickle.UnpicklingError(f"{module}.{name} is not a record value")


def _load_rows(data: bytes) -> list[tuple]:
    return _RowsUnpickler(io.BytesIO(data)).load()


def _save_records(analysis: Analysis) -> str:
    """Store the records file of `analysis` (encrypted already) next to the upload."""
    assert analysis.file is not None
    analysis.file.seek(0)
    return default_storage.save(f"imports/{random_code(20)}.records", File(analysis.file))


def _stored_records(name: str) -> Analysis:
    """The `Analysis` of a stored records file: its last line, then its chunks on demand."""
    with default_storage.open(name, "rb") as f:
        last = b""
        for line in f:
            last = line
    meta = json.loads(crypto.decrypt_bytes(last.strip()))
    analysis = Analysis(rows=meta["rows"])
    analysis.errors = {line: msgs for line, msgs in meta["errors"]}
    analysis.invalid_heads = {line: (v, g, n) for line, v, g, n in meta["invalid_heads"]}

    def opener() -> Any:
        return default_storage.open(name, "rb")

    analysis.records = Records(opener, meta["count"], meta["shared_phones"])
    return analysis


def _read_records(job: ImportJob, reporter: _Reporter) -> Analysis:
    """The preview's normalised records, or — when they are gone — the file read again
    (close the result)."""
    if job.records_file and default_storage.exists(job.records_file):
        return _stored_records(job.records_file)
    if not job.file:
        raise ServiceError("import_expired", _("文件已过期，请重新上传"))
    with job.file.open("rb") as f:
        return analyse(
            f, job.original_name, job.region, job.column_mapping() or None, report=reporter
        )


def mapping_choices() -> list[tuple[str, str]]:
    """(field key, Chinese label) for the mapping selects, imported fields first."""
    imported = [(k, v) for k, v in FIELD_LABELS.items() if k in PERSON_FIELDS]
    ignored = [
        (k, _("%(label)s（暂不导入）") % {"label": v})
        for k, v in FIELD_LABELS.items()
        if k not in PERSON_FIELDS
    ]
    return imported + ignored
