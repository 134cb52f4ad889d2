"""The exporter base: one class per list, rendered to .xlsx or .csv by the same code.

In the manner of pretix's `base/exporter.py`: an exporter declares an `identifier`, a
Chinese `verbose_name`, the `permission` it needs, its `columns` (Chinese headers, the
ones the importer recognises where there is one) and yields rows from
`iterate_rows(context)`. `Exporter.render(context, fmt, out)` writes the file:

- xlsx: openpyxl write-only mode (streams, constant memory), bold frozen header with a
  filter, column widths, dates as dates, every text cell stored as text (an ID number
  stays exact, "=…" is never a formula);
- csv: UTF-8 with BOM so Excel opens it as UTF-8; ID numbers as ="…" so Excel keeps all
  18 digits (sanwei's importer reads that form back), and text that Excel would take for a
  formula is written the same way.

Progress goes to `sanwei.core.tasks.Progress` when the context carries one.

Querysets go through the scoped managers: an export runs inside the caller's region
scope (the request's, or the one a task re-activates for its user).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, ClassVar

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sanwei.accounts.permissions import VIEW_PEOPLE, VIEW_SENSITIVE, can
from sanwei.core.tasks import Progress
from sanwei.people.validation import mask_id_number, mask_landline, mask_phone
from sanwei.regions.models import RegionLevel

XLSX = "xlsx"
CSV = "csv"
FORMATS = {
    XLSX: ("Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    CSV: ("CSV (.csv)", "text/csv; charset=utf-8"),
}
XLSX_CREATOR = "sanwei"  # docProps/core.xml dc:creator of every exported workbook
PROGRESS_STEPS = 100  # progress is reported about this many times per export
_FORMULA_START = ("=", "+", "-", "@")
_INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """A column: its Chinese header (usually a lazy translation, written with `str()`), its
    width in Excel, and whether it holds digits that must stay text (ID numbers)."""

    header: str | Promise
    width: int = 12
    digits_as_text: bool = False


@dataclass
class ExportContext:
    """What one export run needs: who asks, whether they ask for unmasked personal
    fields, optional filters, and where to report progress.

    Personal fields go through `id_number()`, `phone()`, `landline()` and `birth()`: unmasked
    only when
    asked AND the user holds VIEW_SENSITIVE on the person's region; each unmasked person is
    counted in `unmasked_people`. A masked row gives the age instead of the birth date (see
    sanwei.people.privacy), so it is for reading: it cannot be imported again.
    """

    user: Any
    unmask: bool = False
    region: Any = None  # a Region: only its subtree
    activity: Any = None  # an Activity, for exporters with needs_activity
    campaign: Any = None  # a Campaign, for exporters with needs_campaign
    start: date | None = None  # a period (inclusive local dates), for exporters that take one
    end: date | None = None
    progress: Progress | None = None
    params: dict[str, str] = field(default_factory=dict)  # an exporter's own filters
    unmasked_people: int = 0
    _sensitive: dict[str, bool] = field(default_factory=dict, repr=False)
    _counted: set[int] = field(default_factory=set, repr=False)

    @property
    def revealed_person_ids(self) -> list[int]:
        """The ids of the people whose personal fields this run revealed (for the log)."""
        return sorted(self._counted)

    def may_unmask(self, region) -> bool:
        if not self.unmask or region is None:
            return False
        path = region.path
        if path not in self._sensitive:
            self._sensitive[path] = can(self.user, VIEW_SENSITIVE, region)
        return self._sensitive[path]

    def _reveal(self, person) -> bool:
        if not self.may_unmask(person.region):
            return False
        personal = person.id_number_encrypted or person.phone_encrypted or person.landline_encrypted
        if person.pk not in self._counted and personal:
            self._counted.add(person.pk)
            self.unmasked_people += 1
        return True

    def id_number(self, person) -> str:
        if not person.id_number_encrypted:
            return ""
        number = person.id_number
        return number if self._reveal(person) else mask_id_number(number)

    def birth(self, person) -> date | str | None:
        """The birth date when unmasked, else the age on the day of the export ("62岁")."""
        if self._reveal(person):
            return person.birth_date
        return "" if person.age is None else gettext("%(age)s岁") % {"age": person.age}

    def phone(self, person) -> str:
        if not person.phone:
            return ""
        return person.phone if self._reveal(person) else mask_phone(person.phone)

    def landline(self, person) -> str:
        if not person.landline:
            return ""
        return person.landline if self._reveal(person) else mask_landline(person.landline)


def village_and_group(region) -> tuple[str, str]:
    """The 村(社区) and 组 of a person's region (groups need `region__parent` loaded)."""
    if region is None:
        return "", ""
    if region.level == RegionLevel.GROUP:
        return (region.parent.name if region.parent_id else ""), region.name
    return region.name, ""


class Exporter:
    """One exportable list. Subclass, set the class attributes, implement `queryset` and
    `iterate_rows`, and decorate with `sanwei.exports.registry.register`."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[Any] = ""  # Chinese, lazy
    description: ClassVar[Any] = ""
    permission: ClassVar[str] = VIEW_PEOPLE
    columns: ClassVar[tuple[Column, ...]] = ()
    needs_activity: ClassVar[bool] = False  # takes `context.activity` (an activity_pk)
    # Takes `context.campaign`: run from the campaign's own pages (the gap list), not
    # offered on the export page.
    needs_campaign: ClassVar[bool] = False
    has_region_filter: ClassVar[bool] = True

    @property
    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    # -- what subclasses provide

    def queryset(self, context: ExportContext) -> QuerySet:
        raise NotImplementedError

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        raise NotImplementedError

    def count(self, context: ExportContext) -> int:
        return self.queryset(context).count()

    def title(self, context: ExportContext) -> str:
        """The sheet title and the start of the file name."""
        name = str(self.verbose_name)
        if context.activity is not None:
            return f"{context.activity.title}-{name}"
        if context.region is not None:
            return f"{context.region.name}-{name}"
        return name

    def filename(self, context: ExportContext, fmt: str) -> str:
        stamp = timezone.localdate().strftime("%Y%m%d")
        safe = "".join(c for c in self.title(context) if c not in '\\/:*?"<>|\r\n\t')
        return f"{safe[:80]}-{stamp}.{fmt}"

    # -- rendering

    def render(self, context: ExportContext, fmt: str, out: IO[bytes]) -> int:
        """Write the export to the binary file `out`; returns the number of data rows."""
        if fmt == XLSX:
            return self._render_xlsx(context, out)
        if fmt == CSV:
            return self._render_csv(context, out)
        raise ValueError(f"unknown export format: {fmt!r}")

    def _rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        """iterate_rows with progress reports (about PROGRESS_STEPS of them)."""
        progress = context.progress
        if progress is None:
            yield from self.iterate_rows(context)
            return
        total = self.count(context)
        step = max(1, total // PROGRESS_STEPS)
        progress.update(0, total, str(self.verbose_name))
        done = 0
        for row in self.iterate_rows(context):
            yield row
            done += 1
            if done % step == 0:
                progress.update(done, max(total, done), str(self.verbose_name))
        progress.update(done, max(total, done), str(self.verbose_name))
        progress.finish()

    def _render_xlsx(self, context: ExportContext, out: IO[bytes]) -> int:
        wb = Workbook(write_only=True)
        # The importer can tell sanwei's own files by this: their blank cells are blank
        # (no "same as above" fill-down needed).
        wb.properties.creator = XLSX_CREATOR
        wb.properties.title = self.title(context)
        ws = wb.create_sheet(title=_sheet_title(self.title(context)))
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        if self.columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}1"
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="F3F4F6")
        centre = Alignment(horizontal="center", vertical="center")
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.font, cell.fill, cell.alignment = bold, fill, centre
            header.append(cell)
        ws.append(header)
        rows = 0
        for row in self._rows(context):
            ws.append([_xlsx_cell(ws, value) for value in row])
            rows += 1
        wb.save(out)
        return rows

    def _render_csv(self, context: ExportContext, out: IO[bytes]) -> int:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        try:
            writer = csv.writer(text)
            writer.writerow(self.headers)
            text_columns = [c.digits_as_text for c in self.columns]
            rows = 0
            for row in self._rows(context):
                writer.writerow(
                    [
                        _csv_value(v, text_columns[i] if i < len(text_columns) else False)
                        for i, v in enumerate(row)
                    ]
                )
                rows += 1
            text.flush()
        finally:
            text.detach()  # leave `out` open for the caller
        return rows


def _sheet_title(title: str) -> str:
    clean = title.translate(_INVALID_SHEET_CHARS).strip("' ") or "Sheet"
    return clean[:31]


def _plain(value: Any) -> Any:
    """Values Excel and CSV understand: local naive datetimes, floats for decimals."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _xlsx_cell(ws, value: Any) -> Any:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, never a number
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _csv_value(value: Any, digits_as_text: bool) -> Any:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value:
        if (digits_as_text and value[:1].isdigit()) or value.startswith(_FORMULA_START):
            return '="' + value.replace('"', '""') + '"'
    return value
