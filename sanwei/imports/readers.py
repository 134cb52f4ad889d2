"""Streaming readers for the resident rosters township staff actually have.

``open_table(path_or_file, filename)`` sniffs the format from the file's content
(never trusting the extension alone), finds the header row among the first
``HEADER_SCAN_ROWS`` rows, maps the header texts to field keys through
``HEADER_ALIASES`` and returns a :class:`Table` whose :meth:`Table.rows` streams
:class:`SourceRow` objects.

Supported inputs:

* **xlsx** – a zip with ``[Content_Types].xml`` and ``xl/workbook.xml``; read with
  python-calamine (Rust; merged ranges from calamine), after checking the zip for
  bombs; openpyxl in read-only mode reads what calamine refuses.
* **ods** – an OpenDocument spreadsheet (zip with ``mimetype``); python-calamine.
* **xls** – an OLE2 compound file with a ``Workbook``/``Book`` stream; read with xlrd
  (the only format read whole into memory, hence capped at ``max_xls_size``).
  An OLE2 file with an ``EncryptionInfo`` stream is a password-protected xlsx.
* **HTML** – many government systems export "xls" files that are really an HTML
  ``<table>``; these are parsed as a stream, honouring ``rowspan``/``colspan``.
* **CSV/TXT** – anything else that decodes as text (UTF-8, UTF-8 with BOM,
  UTF-16 with BOM, GBK/GB2312 read as GB18030, ...); delimiter ``,``, tab or ``;``.

Values are yielded raw (strings stripped, numbers and dates as the format gives
them); normalising them is the caller's job. Nothing here needs Django: messages go
through ``sanwei.core.i18n``, which works without settings.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import struct
import tempfile
import unicodedata
import zipfile
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from typing import IO, Any

from sanwei.core.i18n import gettext as _
from sanwei.core.i18n import gettext_noop

__all__ = [
    "FILL_DOWN_FIELDS",
    "HEADER_ALIASES",
    "HEADER_SCAN_ROWS",
    "ReadError",
    "SourceRow",
    "Table",
    "is_lossy_number",
    "match_header",
    "normalize_header",
    "open_table",
]

MB = 1024 * 1024
DEFAULT_MAX_FILE_SIZE = 200 * MB
DEFAULT_MAX_UNCOMPRESSED_SIZE = 300 * MB
DEFAULT_MAX_XLS_SIZE = 50 * MB
DEFAULT_MAX_COMPRESSION_RATIO = 100
#: Members smaller than this are not subject to the compression-ratio check.
RATIO_CHECK_MIN_MEMBER_SIZE = 10 * MB
MAX_ZIP_MEMBERS = 10_000
HEADER_SCAN_ROWS = 20
TEXT_SAMPLE_SIZE = 64 * 1024
_MAX_MERGED_RANGES = 500_000

HEADER_ALIASES: dict[str, list[str]] = {
    "name": ["姓名", "名字"],
    "gender": ["性别"],
    "id_number": ["公民身份号码", "身份证号", "身份证号码", "证件号码"],
    "phone": ["联系电话", "手机号码", "手机号", "电话", "联系方式"],
    "landline": ["固定电话", "座机", "座机号码", "固话", "家庭电话"],
    "birth_date": ["出生日期", "出生年月", "生日"],
    "ethnicity": ["民族"],
    "household_head_name": ["户主姓名", "户主"],
    "relation_to_head": ["与户主关系", "家庭关系", "关系"],
    "village": ["村(社区)", "村（社区）", "村社区", "所在村", "村", "社区", "村居"],
    "group": ["组", "村民小组", "小组"],
    "address": ["现住址", "住址", "家庭住址", "地址"],
    "political_status": ["政治面貌", "是否党员"],
    "party_joined_on": ["入党时间", "入党日期"],
    "party_branch": ["所在党支部", "党支部", "支部"],
    "volunteer": ["志愿者", "是否志愿者"],
    "skills": ["技能特长", "特长", "技能"],
    "household_number": ["户号", "户编号"],
    "notes": ["备注"],
}

#: Columns that :meth:`Table.rows` fills down in xlsx files (see there).
FILL_DOWN_FIELDS = frozenset({"village", "group", "household_head_name", "address"})


class ReadError(Exception):
    """The file cannot be read. ``code`` is a stable English key, ``message`` is for users."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ReadError({self.code!r}, {self.message!r})"


_MESSAGES = {
    "empty": gettext_noop("文件为空，没有任何内容"),
    "not_spreadsheet": gettext_noop("无法识别的文件格式，请上传 Excel（.xlsx/.xls）或 CSV 文件"),
    "encrypted": gettext_noop("文件已加密，请取消密码后再导入"),
    "too_large": gettext_noop("文件过大，请拆分成多个文件后再导入"),
    "zip_too_large": gettext_noop(
        "文件解压后过大或压缩比异常，可能不是正常的 Excel 文件，请拆分或另存后再导入"
    ),
    "no_header": gettext_noop(
        "未找到表头：前 %(rows)s 行中没有同时包含“姓名”和其他已知列名"
        "（如性别、身份证号、联系电话）的行"
    ),
    "corrupt": gettext_noop(
        "文件已损坏或格式不正确，无法读取，请用 Excel 打开后另存为 .xlsx 再导入"
    ),
    "xml_spreadsheet": gettext_noop("不支持 XML 表格格式，请用 Excel 打开后另存为 .xlsx 再导入"),
}


def _error(code: str, key: str | None = None) -> ReadError:
    """``ReadError(code)`` with the (translated) message ``_MESSAGES[key or code]``."""
    key = key or code
    message = _(_MESSAGES[key])
    if key == "no_header":
        message %= {"rows": HEADER_SCAN_ROWS}
    return ReadError(code, message)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: ``line_number`` is 1-based as the user sees it in Excel."""

    line_number: int
    values: dict[str, object]


# --------------------------------------------------------------------------- headers

_TRAILING_MARK_RE = re.compile(r"(?:\((?:必填|选填|必填项|选填项|非必填|可选)\)|\*|:)+$")
_LEADING_MARK_RE = re.compile(r"^\*+")
_TRAILING_PAREN_RE = re.compile(r"\([^()]*\)$")
_INVISIBLE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def normalize_header(text: object) -> str:
    """Canonical form of a header text: NFKC (full-width → half-width), no whitespace,
    no leading ``*`` and no trailing ``(必填)``/``(选填)``/``*``/``:`` marks."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _INVISIBLE_RE.sub("", s)
    s = _LEADING_MARK_RE.sub("", s)
    previous = None
    while previous != s:
        previous = s
        s = _TRAILING_MARK_RE.sub("", s)
    return s


_ALIAS_INDEX: dict[str, str] = {}
for _field, _aliases in HEADER_ALIASES.items():
    for _alias in _aliases:
        _ALIAS_INDEX.setdefault(normalize_header(_alias), _field)


def alias_index(aliases: dict[str, list[str]]) -> dict[str, str]:
    """Normalised header text → field key, for `open_table(..., aliases=)`: a table of
    other columns than the roster's (the first key listed for a text wins)."""
    index: dict[str, str] = {}
    for key, texts in aliases.items():
        for text in texts:
            index.setdefault(normalize_header(text), key)
    return index


def match_header(text: object, index: dict[str, str] | None = None) -> str | None:
    """Field key for a header text, or None (`index`: another table's, else the roster's).

    Exact match on the normalised text first; failing that, a trailing
    parenthetical is dropped (``身份证号码（18位）`` → ``身份证号码``) and retried.
    """
    index = _ALIAS_INDEX if index is None else index
    s = normalize_header(text)
    if not s:
        return None
    found = index.get(s)
    if found is None:
        stripped = _TRAILING_PAREN_RE.sub("", s)
        if stripped and stripped != s:
            found = index.get(stripped)
    return found


_SCI_NOTATION_RE = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")


def is_lossy_number(value: object) -> bool:
    """True when ``value`` is a number too large to be stored exactly by Excel.

    An 18-digit ID number typed into a numeric cell becomes a float such as
    ``4.30821195001011e+17``: its last digits are gone. Floats ≥ 1e15 are flagged,
    and so are strings in scientific notation of that size (an Excel-saved CSV
    writes such cells as ``4.30821E+17``).
    """
    if isinstance(value, float):
        return abs(value) >= 1e15 and value == value and abs(value) != float("inf")
    if isinstance(value, str) and _SCI_NOTATION_RE.match(value.strip()):
        try:
            return float(value) >= 1e15
        except ValueError:  # pragma: no cover - the regex only lets floats through
            return False
    return False


def _text(value: object) -> str:
    """Header-cell text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


_STRIP_CHARS = " \t\r\n\u3000\xa0\u200b\u200c\u200d\u2060\ufeff"


def _clean(value: object) -> object:
    """Data-cell value: stripped strings, '' → None, midnight datetimes → date."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip().strip(_STRIP_CHARS)
        return value or None
    if isinstance(value, datetime) and value.time() == time(0, 0) and value.tzinfo is None:
        return value.date()
    return value


@dataclass
class _Header:
    first_line: int
    last_line: int
    columns: list[str]
    mapping: dict[int, str]
    name_key: str  # normalised text of the name header, to skip repeated header rows


def _detect_header(
    rows: list[tuple[int, list[Any]]], aliases: dict[str, str] | None = None
) -> _Header | None:
    """Find the header among the first rows (already merge-filled where possible).

    The row matching the most distinct fields wins (at least 2, one of them
    ``name``; ties go to the earliest row). Rows directly above/below it whose
    name cell holds the same text – a header merged vertically over two levels –
    join the header block; per column, the lowest (most specific) text that
    matches an alias is used, then the upper texts for columns still unmapped.
    """
    best_index, best_mapping = None, {}
    for index, (_line, cells) in enumerate(rows):
        mapping = _first_wins([(i, match_header(_text(v), aliases)) for i, v in enumerate(cells)])
        if "name" in mapping.values() and len(mapping) >= 2 and len(mapping) > len(best_mapping):
            best_index, best_mapping = index, mapping
    if best_index is None:
        return None

    name_col = next(i for i, f in best_mapping.items() if f == "name")
    name_key = normalize_header(_text(_cell(rows[best_index][1], name_col)))

    def joins(upper: int, lower: int, new: int) -> bool:
        """Row ``new`` (``upper`` or ``lower``) continues the header block."""
        return rows[lower][0] == rows[upper][0] + 1 and (
            normalize_header(_text(_cell(rows[new][1], name_col))) == name_key
        )

    start = end = best_index
    while start > 0 and best_index - start < 3 and joins(start - 1, start, start - 1):
        start -= 1
    while end + 1 < len(rows) and end - best_index < 3 and joins(end, end + 1, end + 1):
        end += 1
    block = [cells for _line, cells in rows[start : end + 1]]

    width = max(len(cells) for cells in block)
    columns: list[str] = []
    candidates: list[list[str]] = []  # per column, texts bottom-up
    for c in range(width):
        texts: list[str] = []
        for cells in block:
            t = _text(_cell(cells, c))
            if t and t not in texts:
                texts.append(t)
        columns.append("/".join(texts))
        candidates.append(list(reversed(texts)))
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for depth in range(len(block)):
        for c in range(width):
            if c in mapping or depth >= len(candidates[c]):
                continue
            f = match_header(candidates[c][depth], aliases)
            if f and f not in used:
                mapping[c] = f
                used.add(f)
    return _Header(
        first_line=rows[start][0],
        last_line=rows[end][0],
        columns=columns,
        mapping=dict(sorted(mapping.items())),
        name_key=name_key,
    )


def _first_wins(pairs: list[tuple[int, str | None]]) -> dict[int, str]:
    out: dict[int, str] = {}
    seen: set[str] = set()
    for i, f in pairs:
        if f and f not in seen:
            out[i] = f
            seen.add(f)
    return out


def _cell(cells: list[Any] | tuple[Any, ...], index: int) -> Any:
    return cells[index] if index < len(cells) else None


# --------------------------------------------------------------------------- merges


_NO_FILL: frozenset[int] = frozenset()

#: What readers yield: line number, cell values, indexes of cells filled from a merge.
_RawRow = tuple[int, list[Any], frozenset[int]]


def _apply_merges(
    rows: Iterator[tuple[int, list[Any]]], ranges: list[tuple[int, int, int, int]]
) -> Iterator[_RawRow]:
    """Fill every cell of each merged range with its top-left value.

    ``ranges`` are 1-based inclusive ``(min_row, max_row, min_col, max_col)``.
    ``rows`` must yield consecutive line numbers starting at 1. Yields
    ``(line, cells, filled)`` where ``filled`` holds the 0-based indexes of the
    cells that got their value from a merge.
    """
    if not ranges:
        for line, cells in rows:
            yield line, cells, _NO_FILL
        return
    starts: dict[int, list[tuple[int, int, int, int]]] = {}
    for r in ranges:
        starts.setdefault(r[0], []).append(r)
    active: list[tuple[tuple[int, int, int, int], Any]] = []
    for line, cells in rows:
        new = starts.pop(line, None)
        if new:
            for r in new:
                active.append((r, _cell(cells, r[2] - 1)))
        filled: set[int] = set()
        if active:
            cells = list(cells)
            for (top, _bottom, min_col, max_col), value in active:
                if len(cells) < max_col:
                    cells.extend([None] * (max_col - len(cells)))
                for c in range(min_col - 1, max_col):
                    if cells[c] is None and value is not None:
                        if line == top and c == min_col - 1:
                            continue
                        cells[c] = value
                        filled.add(c)
            active = [item for item in active if item[0][1] > line]
        yield line, cells, frozenset(filled)
        if not active and not starts:
            for line, cells in rows:
                yield line, cells, _NO_FILL
            return


_CELL_REF_RE = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def _parse_ref(ref: str) -> tuple[int, int]:
    m = _CELL_REF_RE.match(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


_MERGE_RE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]+\d+):([A-Z]+\d+)\""
)


def _scan_merged_ranges(stream: IO[bytes]) -> list[tuple[int, int, int, int]]:
    """Merged ranges from a worksheet XML part, by a streaming byte scan.

    openpyxl's read-only mode does not expose ``merged_cells``; the
    ``<mergeCells>`` element sits after ``<sheetData>``, so it is found by
    scanning the (decompressed) part in 1 MiB chunks without parsing the XML.
    """
    found: list[tuple[int, int, int, int]] = []
    buf = b""
    while True:
        chunk = stream.read(MB)
        if not chunk:
            break
        buf += chunk
        keep_from = max(0, len(buf) - 512)
        if b"mergeCell" in buf:
            for m in _MERGE_RE.finditer(buf):
                r1, c1 = _parse_ref(m.group(1).decode())
                r2, c2 = _parse_ref(m.group(2).decode())
                found.append((min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)))
                keep_from = max(keep_from, m.end())
                if len(found) >= _MAX_MERGED_RANGES:
                    return found
        buf = buf[keep_from:]
    return found


# --------------------------------------------------------------------------- sources


class _NonClosingRaw(io.RawIOBase):
    """Raw binary view of a caller's file object that never closes it."""

    def __init__(self, fileobj: IO[bytes]):
        self._f = fileobj

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self._f.read(len(b))
        n = len(data)
        b[:n] = data
        return n


class _Source:
    """Where the bytes are: a path (opened when needed) or a seekable file object."""

    def __init__(self, path: str | None = None, fileobj: IO[bytes] | None = None, owned=False):
        self.path = path
        self.fileobj = fileobj
        self.owned = owned

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        if self.path is not None:
            with open(self.path, "rb") as f:
                yield f
        else:
            assert self.fileobj is not None
            self.fileobj.seek(0)
            yield self.fileobj

    @contextmanager
    def open_text(self, encoding: str) -> Iterator[io.TextIOWrapper]:
        with self.open() as f:
            text = io.TextIOWrapper(
                io.BufferedReader(_NonClosingRaw(f), buffer_size=64 * 1024),
                encoding=encoding,
                errors="replace",
                newline="",
            )
            try:
                yield text
            finally:
                text.close()  # closes only the wrappers

    def close(self) -> None:
        if self.owned and self.fileobj is not None:
            self.fileobj.close()


def _make_source(path_or_file: Any, max_file_size: int) -> tuple[_Source, int]:
    if isinstance(path_or_file, str | bytes | os.PathLike):
        path = os.fsdecode(path_or_file)
        return _Source(path=path), os.path.getsize(path)
    f = path_or_file
    seekable = False
    with suppress(Exception):
        seekable = bool(f.seekable()) if hasattr(f, "seekable") else True
    if seekable:
        try:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(0)
            return _Source(fileobj=f), size
        except (OSError, ValueError, AttributeError):
            pass
    # Not seekable: spool to a temporary file (on disk above 16 MiB), within the limit.
    spool = tempfile.SpooledTemporaryFile(max_size=16 * MB)
    size = 0
    while chunk := f.read(MB):
        size += len(chunk)
        if size > max_file_size:
            spool.close()
            raise _error("too_large")
        spool.write(chunk)
    spool.seek(0)
    return _Source(fileobj=spool, owned=True), size


# --------------------------------------------------------------------------- OLE2

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENDOFCHAIN = 0xFFFFFFFE
_MAX_SECT = 0xFFFFFFFA


def _ole_stream_names(f: IO[bytes], size: int) -> set[str] | None:
    """Names of all directory entries of an OLE2 compound file (lower-cased).

    Follows the directory sector chain through the FAT with seeks, so only a few
    sectors are read. Returns None when the structure does not make sense.
    """
    try:
        f.seek(0)
        header = f.read(512)
        if len(header) < 512 or header[:8] != _OLE_MAGIC:
            return None
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            return None
        ssz = 1 << shift
        per_sector = ssz // 4
        first_dir = struct.unpack_from("<I", header, 0x30)[0]
        difat_next = struct.unpack_from("<I", header, 0x44)[0]
        difat = list(struct.unpack_from("<109I", header, 0x4C))
        max_sectors = max(1, size // ssz)

        def read_sector_u32(sector: int, index: int) -> int:
            if sector > _MAX_SECT or sector >= max_sectors:
                raise ValueError("sector out of range")
            f.seek((sector + 1) * ssz + index * 4)
            data = f.read(4)
            if len(data) != 4:
                raise ValueError("short read")
            return struct.unpack("<I", data)[0]

        def fat_sector(k: int) -> int:
            nonlocal difat_next
            guard = 0
            while k >= len(difat):
                if difat_next > _MAX_SECT or guard > 10_000:
                    raise ValueError("DIFAT chain too short")
                difat.extend(read_sector_u32(difat_next, i) for i in range(per_sector - 1))
                difat_next = read_sector_u32(difat_next, per_sector - 1)
                guard += 1
            return difat[k]

        names: set[str] = set()
        sector, seen = first_dir, set()
        while sector != _ENDOFCHAIN:
            if sector > _MAX_SECT or sector in seen or len(seen) > 100_000:
                raise ValueError("bad directory chain")
            seen.add(sector)
            if sector >= max_sectors:
                raise ValueError("sector out of range")
            f.seek((sector + 1) * ssz)
            data = f.read(ssz)
            for off in range(0, len(data) - 127, 128):
                name_len = struct.unpack_from("<H", data, off + 0x40)[0]
                kind = data[off + 0x42]
                if kind in (1, 2, 5) and 2 <= name_len <= 64:
                    names.add(data[off : off + name_len - 2].decode("utf-16-le", "replace").lower())
            sector = read_sector_u32(fat_sector(sector // per_sector), sector % per_sector)
        return names
    except (ValueError, struct.error, OSError):
        return None


def _ole_mentions_encryption(f: IO[bytes]) -> bool:
    """Fallback when the OLE2 directory cannot be walked: look for the stream name."""
    f.seek(0)
    head = f.read(TEXT_SAMPLE_SIZE)
    return "EncryptionInfo".encode("utf-16-le") in head


# --------------------------------------------------------------------------- text


_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "ms936"}


def _decode_sample(sample: bytes, encoding: str, complete: bool) -> str | None:
    try:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        return decoder.decode(sample, final=complete)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_chinese(text: str) -> bool:
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return False
    cjk = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f")
    return cjk * 2 >= len(non_ascii)


def _detect_encoding(sample: bytes, complete: bool) -> tuple[str, str] | None:
    """(encoding, decoded sample) for text content, or None for binary data.

    UTF-8 (``utf-8-sig`` with a BOM) is tried strictly first, then UTF-16 by BOM,
    then charset_normalizer on the sample; any GB2312/GBK answer is read as
    GB18030, its superset. Chinese-looking GB18030 beats a western guess.
    """
    if sample.startswith(codecs.BOM_UTF8):
        text = _decode_sample(sample, "utf-8-sig", complete)
        return ("utf-8-sig", text) if text is not None else None
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_sample(sample, "utf-16", complete)
        return ("utf-16", text) if text is not None else None
    if b"\x00" in sample:
        return None
    text = _decode_sample(sample, "utf-8", complete)
    if text is not None:
        return "utf-8", text

    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    guess = None
    if best is not None and best.encoding:
        try:
            guess = codecs.lookup(best.encoding).name
        except LookupError:
            guess = None
    if guess in _GB_FAMILY or guess in {None, "ascii", "utf-8"}:
        guess = "gb18030"
    gb_text = _decode_sample(sample, "gb18030", complete)
    if guess != "gb18030" and gb_text is not None and _looks_chinese(gb_text):
        guess = "gb18030"
    text = gb_text if guess == "gb18030" else _decode_sample(sample, guess, complete)
    if text is None:
        return None
    return guess, text


def _is_binary_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    )
    return bad * 100 > len(text)


def _sniff_delimiter(text: str, complete: bool) -> str:
    lines = text.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # last line may be cut off
    lines = [ln for ln in lines if ln.strip()][:30]
    best, best_score = ",", (0, 0)
    for delimiter in (",", "\t", ";"):
        try:
            parsed = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in parsed if len(r) > 1]
        score = (len(widths), max(widths, default=0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


_EXCEL_TEXT_RE = re.compile(r'^="(.*)"$', re.S)


class _HTMLTableParser(HTMLParser):
    """Collects ``<tr>`` rows of an HTML document (an "xls" exported as HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: deque[tuple[list[str | None], frozenset[int]]] = deque()
        self._row: list[str | None] | None = None
        self._filled: set[int] = set()
        self._cell: list[str] | None = None
        self._colspan = self._rowspan = 1
        self._spans: dict[int, list[Any]] = {}  # column -> [rows left, value]

    def _consume_spans(self, to_end: bool) -> None:
        """Put values of cells spanning down from earlier rows at the cursor.

        With ``to_end``, also pad up to (and fill) every later spanned column.
        """
        assert self._row is not None
        while True:
            col = len(self._row)
            span = self._spans.get(col)
            if span is not None:
                if span[1] is not None:
                    self._filled.add(col)
                self._row.append(span[1])
                span[0] -= 1
                if span[0] <= 0:
                    del self._spans[col]
            elif to_end and any(c > col for c in self._spans):
                self._row.append(None)
            else:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
            self._row = []
            self._filled = set()
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
                self._filled = set()
            values = dict(attrs)
            self._colspan = _span(values.get("colspan"), 256)
            self._rowspan = _span(values.get("rowspan"), 100_000)
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        text = " ".join("".join(self._cell).split()) or None
        self._cell = None
        for i in range(self._colspan):
            self._consume_spans(to_end=False)
            col = len(self._row)
            self._row.append(text)
            if i and text is not None:
                self._filled.add(col)
            if self._rowspan > 1:
                self._spans[col] = [self._rowspan - 1, text]

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is None:
            return
        self._consume_spans(to_end=True)
        self.done.append((self._row, frozenset(self._filled)))
        self._row = None
        self._filled = set()


def _span(value: str | None, limit: int) -> int:
    try:
        return max(1, min(int(str(value).strip()), limit))
    except (TypeError, ValueError):
        return 1


# --------------------------------------------------------------------------- readers


class _Reader:
    """Format-specific raw row access. ``iter_rows`` yields consecutive 1-based lines."""

    format = ""
    fill_down = False

    def sheets(self) -> list[str | None]:
        return [None]

    def iter_rows(self, sheet: str | None) -> Iterator[_RawRow]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _XlsxReader(_Reader):
    format = "xlsx"
    fill_down = True

    def __init__(self, source: _Source):
        from openpyxl import load_workbook

        # The workbook is loaded once and kept open until close(): every load
        # re-reads each sheet's <dimension>, which openpyxl does by parsing the
        # whole sheet when a generator left the tag out.
        self._stream = open(source.path, "rb") if source.path is not None else None
        stream = self._stream if self._stream is not None else source.fileobj
        assert stream is not None
        stream.seek(0)
        try:
            self._wb = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:
            self._close_stream()
            raise _error("corrupt") from exc
        # Our own exports mean blank when a cell is blank: no "same as above" guessing.
        if (self._wb.properties.creator or "").strip().lower() == "sanwei":
            self.fill_down = False
        self._merges: dict[str, list[tuple[int, int, int, int]]] = {}
        self._sheets: list[str] = [
            ws.title
            for ws in self._wb.worksheets
            if getattr(ws, "sheet_state", "visible") == "visible" and hasattr(ws, "iter_rows")
        ]

    def _close_stream(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def close(self) -> None:
        with suppress(Exception):
            self._wb.close()
        self._close_stream()

    def sheets(self) -> list[str | None]:
        return list(self._sheets)

    def _merged_ranges(self, wb: Any, ws: Any) -> list[tuple[int, int, int, int]]:
        if ws.title not in self._merges:
            ranges: list[tuple[int, int, int, int]] = []
            try:
                with wb._archive.open(ws._worksheet_path) as part:
                    ranges = _scan_merged_ranges(part)
            except (AttributeError, KeyError, ValueError, OSError, zipfile.BadZipFile):
                ranges = []
            self._merges[ws.title] = ranges
        return self._merges[ws.title]

    def iter_rows(self, sheet: str | None) -> Iterator[_RawRow]:
        wb = self._wb
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        try:
            merges = self._merged_ranges(wb, ws)
            ws.reset_dimensions()  # dimension tags written by some tools are wrong
            raw = ((i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1))
            yield from _apply_merges(raw, merges)
        except ReadError:
            raise
        except Exception as exc:
            raise _error("corrupt") from exc


class _CalamineReader(_Reader):
    """xlsx and ods through python-calamine (a Rust reader, ten times openpyxl's speed).

    calamine gives merged ranges itself and yields each row from column A's line 1 on,
    but starting at the sheet's first used column: rows are padded back to column A.
    Whole numbers come as floats and are given back as ints, as xlrd's are; an empty cell
    comes as "" and is given back as None. Our own exports (creator "sanwei") are not
    filled down, as with openpyxl.
    """

    fill_down = True

    def __init__(self, source: _Source, format: str):
        import python_calamine

        self.format = format
        try:
            if source.path is not None:
                self._wb = python_calamine.CalamineWorkbook.from_path(source.path)
            else:
                with source.open() as f:
                    self._wb = python_calamine.CalamineWorkbook.from_filelike(f)
            visible = python_calamine.SheetVisibleEnum.Visible
            worksheet = python_calamine.SheetTypeEnum.WorkSheet
            self._sheets = [
                m.name
                for m in self._wb.sheets_metadata
                if m.visible == visible and m.typ == worksheet
            ]
        except Exception as exc:
            raise _error("corrupt") from exc
        if format == "xlsx" and _xlsx_creator(source) == "sanwei":
            self.fill_down = False
        self._loaded: tuple[str | None, Any] | None = None

    def sheets(self) -> list[str | None]:
        return list(self._sheets)

    def _sheet(self, sheet: str | None) -> Any:
        # Parsing a sheet costs most of the read: keep the last one (header scan, then rows).
        if self._loaded is None or self._loaded[0] != sheet:
            ws = (
                self._wb.get_sheet_by_name(sheet)
                if sheet is not None
                else self._wb.get_sheet_by_index(0)
            )
            self._loaded = (sheet, ws)
        return self._loaded[1]

    def iter_rows(self, sheet: str | None) -> Iterator[_RawRow]:
        try:
            ws = self._sheet(sheet)
            if ws.start is None:
                return
            merges = [
                (top + 1, bottom + 1, left + 1, right + 1)
                for (top, left), (bottom, right) in (ws.merged_cell_ranges or [])
            ][:_MAX_MERGED_RANGES]
            pad = [None] * ws.start[1]
            raw = (
                (line, [*pad, *map(_calamine_value, row)])
                for line, row in enumerate(ws.iter_rows(), 1)
            )
            yield from _apply_merges(raw, merges)
        except ReadError:
            raise
        except Exception as exc:
            raise _error("corrupt") from exc

    def close(self) -> None:
        self._loaded = None
        with suppress(Exception):
            self._wb.close()


def _calamine_value(value: Any) -> Any:
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


_CREATOR_RE = re.compile(rb"<dc:creator>([^<]*)</dc:creator>")


def _xlsx_creator(source: _Source) -> str:
    """The workbook's creator (docProps/core.xml), lower-cased; "" when there is none."""
    with suppress(Exception), source.open() as f, zipfile.ZipFile(f) as archive:
        with archive.open("docProps/core.xml") as part:
            m = _CREATOR_RE.search(part.read(64 * 1024))
        if m:
            return m.group(1).decode("utf-8", "replace").strip().lower()
    return ""


class _XlsReader(_Reader):
    format = "xls"

    def __init__(self, data: bytes):
        self.book = self._open_book(data)
        self._sheets: list[str] = []
        for index in range(self.book.nsheets):
            try:
                sheet = self.book.sheet_by_index(index)
            except Exception as exc:
                raise _error("corrupt") from exc
            if getattr(sheet, "visibility", 0) == 0:
                self._sheets.append(sheet.name)

    @staticmethod
    def _open_book(data: bytes) -> Any:
        """``formatting_info=True`` is what fills ``merged_cells``; if an odd file
        fails with it, retry without (merges are then lost). BIFF5 files without
        a CODEPAGE record hold byte strings in the local code page: GB18030 here."""
        import xlrd

        log = io.StringIO()  # xlrd writes warnings to stdout by default
        failure: Exception | None = None
        book = None
        for formatting_info in (True, False):
            try:
                book = xlrd.open_workbook(
                    file_contents=data, on_demand=True, formatting_info=formatting_info, logfile=log
                )
                break
            except xlrd.XLRDError as exc:
                if "encrypted" in str(exc).lower():
                    raise _error("encrypted") from exc
                failure = exc
            except Exception as exc:
                failure = exc
        if book is None:
            raise _error("corrupt") from failure
        if book.biff_version < 80 and book.codepage is None:
            with suppress(Exception):
                book = xlrd.open_workbook(
                    file_contents=data,
                    on_demand=True,
                    formatting_info=book.formatting_info,
                    logfile=log,
                    encoding_override="gb18030",
                )
        return book

    def sheets(self) -> list[str | None]:
        return list(self._sheets)

    def _value(self, cell: Any) -> Any:
        import xlrd

        ctype, value = cell.ctype, cell.value
        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return None
        if ctype == xlrd.XL_CELL_NUMBER:
            if value.is_integer() and abs(value) < 1e15:
                return int(value)
            return value
        if ctype == xlrd.XL_CELL_DATE:
            try:
                dt = xlrd.xldate.xldate_as_datetime(value, self.book.datemode)
            except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                return value
            return dt.date() if dt.time() == time(0, 0) else dt
        if ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        return value

    def iter_rows(self, sheet: str | None) -> Iterator[_RawRow]:
        ws = self.book.sheet_by_name(sheet) if sheet is not None else self.book.sheet_by_index(0)
        merges = [(rlo + 1, rhi, clo + 1, chi) for rlo, rhi, clo, chi in ws.merged_cells]
        raw = ((r + 1, [self._value(c) for c in ws.row(r)]) for r in range(ws.nrows))
        yield from _apply_merges(raw, merges)

    def close(self) -> None:
        with suppress(Exception):
            self.book.release_resources()


class _CsvReader(_Reader):
    format = "csv"

    def __init__(self, source: _Source, encoding: str, delimiter: str):
        self.source = source
        self.encoding = encoding
        self.delimiter = delimiter

    def iter_rows(self, sheet: str | None) -> Iterator[_RawRow]:
        with self.source.open_text(self.encoding) as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            try:
                for line, record in enumerate(reader, 1):
                    yield line, [_unwrap_excel_text(v) for v in record], _NO_FILL
            except csv.Error as exc:
                raise _error("corrupt") from exc


def _unwrap_excel_text(value: str) -> str:
    if not value.startswith('="'):  # nearly every cell: no regex
        return value
    m = _EXCEL_TEXT_RE.match(value)
    return m.group(1) if m else value


class _HtmlReader(_Reader):
    format = "html"

    def __init__(self, source: _Source, encoding: str):
        self.source = source
        self.encoding = encoding

    def iter_rows(self, sheet: str | None) -> Iterator[_RawRow]:
        parser = _HTMLTableParser()
        line = 0
        with self.source.open_text(self.encoding) as text:
            while chunk := text.read(256 * 1024):
                parser.feed(chunk)
                while parser.done:
                    line += 1
                    yield (line, *parser.done.popleft())
            parser.close()
            parser._end_row()
            while parser.done:
                line += 1
                yield (line, *parser.done.popleft())


# --------------------------------------------------------------------------- table


@dataclass(eq=False)
class Table:
    """A detected table. Iterate :meth:`rows`; close it (or use ``with``) when done.

    ``header_row_number`` is the 1-based line of the header (the first one when a
    two-level merged header spans several lines; data starts after
    ``header_last_row_number``). ``columns`` are the raw header texts, ``mapping``
    maps column index → field key; use :meth:`with_mapping` to change it (the copy
    shares the open file with this table: close just one of them). ``format`` is
    ``xlsx``, ``xls``, ``html`` or ``csv``; ``encoding``/``delimiter`` are set for
    text formats. Iterations of :meth:`rows` must not be interleaved.
    """

    filename: str
    format: str
    sheet_name: str | None
    header_row_number: int
    header_last_row_number: int
    columns: list[str]
    mapping: dict[int, str]
    encoding: str | None = None
    delimiter: str | None = None
    _reader: _Reader = field(repr=False, default_factory=_Reader)
    _source: _Source | None = field(repr=False, default=None)
    _name_key: str = field(repr=False, default="")

    def with_mapping(self, mapping: dict[int, str]) -> Table:
        """A copy of this table reading with another column → field mapping.

        Raises ValueError for a negative/non-int column, an unknown field key or a
        field mapped twice.
        """
        clean: dict[int, str] = {}
        for col, key in mapping.items():
            if not isinstance(col, int) or isinstance(col, bool) or col < 0:
                raise ValueError(f"invalid column index: {col!r}")
            if key not in HEADER_ALIASES:
                raise ValueError(f"unknown field: {key!r}")
            if key in clean.values():
                raise ValueError(f"field mapped twice: {key!r}")
            clean[col] = key
        table = Table(**{f: getattr(self, f) for f in self.__dataclass_fields__})
        table.mapping = dict(sorted(clean.items()))
        return table

    def rows(self) -> Iterator[SourceRow]:
        """Stream the data rows below the header.

        Rows with no value of their own in any mapped column are skipped (a value
        that only comes from a merged range above does not count), and so are
        repeats of the header row (page headers in exports).

        Fill-down heuristic (xlsx only): openpyxl's read-only mode does not expose
        merged ranges, and township rosters often merge a village name (or group,
        household head, address) down over many rows, which read-only mode yields
        as None below the first row. Merged ranges found by scanning the sheet XML
        are filled exactly; in addition, for columns mapped to ``village``,
        ``group``, ``household_head_name`` and ``address``, an empty cell takes
        the value of the same column in the previous line when that line was a
        yielded row with a value there AND this row has a value in some other
        mapped column. This is a heuristic: it also fills cells that were left
        blank on purpose, which in these rosters nearly always means "same as
        above". xls and HTML files carry real merge information and are filled
        exactly; CSV is never filled.
        """
        mapping = dict(self.mapping)
        name_cols = [c for c, f in mapping.items() if f == "name"]
        name_col = name_cols[0] if name_cols else None
        fill_cols = (
            [c for c, f in mapping.items() if f in FILL_DOWN_FIELDS]
            if self._reader.fill_down
            else []
        )
        prev_line, prev_values = -1, {}
        is_header: dict[Any, bool] = {}  # name cell → it repeats the header (page headers)
        columns = list(mapping.items())
        for line, cells, filled in self._reader.iter_rows(self.sheet_name):
            if line <= self.header_last_row_number:
                continue
            values: dict[str, object] = {}
            own: set[str] = set()  # keys whose value is in the row itself, not from a merge
            width = len(cells)
            for col, key in columns:  # `_clean(_cell(cells, col))`, inline: every cell
                value = cells[col] if col < width else None
                if value is None:
                    continue
                if type(value) is str:
                    value = value.strip().strip(_STRIP_CHARS)
                    if not value:
                        continue
                else:
                    value = _clean(value)
                    if value is None:
                        continue
                values[key] = value
                if col not in filled:
                    own.add(key)
            if not own:
                continue
            if name_col is not None and self._name_key:
                name = values.get("name")
                repeat = is_header.get(name)  # names repeat: each normalised once
                if repeat is None:
                    repeat = normalize_header(_text(name)) == self._name_key
                    if len(is_header) < 50_000:
                        is_header[name] = repeat
                if repeat:
                    continue
            # A row naming another village starts afresh: its blanks are not "same as above".
            same_village = "village" not in own or values["village"] == prev_values.get("village")
            if fill_cols and prev_line == line - 1 and same_village:
                if any(k not in FILL_DOWN_FIELDS for k in own):
                    for col in fill_cols:
                        key = mapping[col]
                        if key not in values and prev_values.get(key) is not None:
                            values[key] = prev_values[key]
            prev_line, prev_values = line, values
            yield SourceRow(line_number=line, values=values)

    def close(self) -> None:
        self._reader.close()
        if self._source is not None:
            self._source.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(
    path_or_file: str | os.PathLike[str] | IO[bytes],
    filename: str = "",
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    max_uncompressed_size: int = DEFAULT_MAX_UNCOMPRESSED_SIZE,
    max_compression_ratio: float = DEFAULT_MAX_COMPRESSION_RATIO,
    max_xls_size: int = DEFAULT_MAX_XLS_SIZE,
    aliases: dict[str, list[str]] | None = None,
) -> Table:
    """Open a roster file (path or binary file object) and detect its header.

    `aliases` (field key → header texts) reads another kind of table with the same
    machinery; it must have a ``name`` key (the column a header row is found by).

    The format is decided by content. Raises :class:`ReadError` with code
    ``empty``, ``too_large``, ``not_spreadsheet``, ``encrypted``, ``corrupt`` or
    ``no_header``. A caller's file object is read from position 0 and not closed.
    """
    source, size = _make_source(path_or_file, max_file_size)
    if not filename and source.path:
        filename = os.path.basename(source.path)
    try:
        if size == 0:
            raise _error("empty")
        if size > max_file_size:
            raise _error("too_large")
        reader = _open_reader(
            source, size, max_uncompressed_size, max_compression_ratio, max_xls_size
        )
        try:
            return _build_table(reader, source, filename, alias_index(aliases) if aliases else None)
        except BaseException:
            reader.close()
            raise
    except BaseException:
        source.close()
        raise


def _open_reader(
    source: _Source,
    size: int,
    max_uncompressed_size: int,
    max_compression_ratio: float,
    max_xls_size: int,
) -> _Reader:
    with source.open() as f:
        magic = f.read(8)
        if magic[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            names = _check_zip(f, max_uncompressed_size, max_compression_ratio)
            if "[content_types].xml" in names and "xl/workbook.xml" in names:
                zip_format = "xlsx"
            elif "content.xml" in names and _is_ods(f):
                zip_format = "ods"
            else:
                raise _error("not_spreadsheet")
            is_zip, data = True, None
        elif magic == _OLE_MAGIC:
            names = _ole_stream_names(f, size)
            if names is None:
                encrypted = _ole_mentions_encryption(f)
            else:
                encrypted = bool({"encryptioninfo", "encryptedpackage"} & names)
            if encrypted:
                raise _error("encrypted")
            if names is not None and not ({"workbook", "book"} & names):
                raise _error("not_spreadsheet")
            if size > max_xls_size:
                raise _error("too_large")
            f.seek(0)
            is_zip, data = False, f.read()
        else:
            is_zip, data = False, None
            f.seek(0)
            sample = f.read(TEXT_SAMPLE_SIZE)
    if is_zip:
        try:
            return _CalamineReader(source, zip_format)
        except ReadError:
            if zip_format == "ods":
                raise
            return _XlsxReader(source)  # what calamine cannot read, openpyxl may
    if data is not None:
        return _XlsReader(data)

    complete = len(sample) >= size
    detected = _detect_encoding(sample, complete)
    if detected is None or _is_binary_text(detected[1]):
        raise _error("not_spreadsheet")
    encoding, text = detected
    head = text.lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<"):
        if "<table" in head:
            return _HtmlReader(source, encoding)
        if "urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise _error("not_spreadsheet", "xml_spreadsheet")
    return _CsvReader(source, encoding, _sniff_delimiter(text, complete))


def _is_ods(f: IO[bytes]) -> bool:
    """An OpenDocument spreadsheet: its `mimetype` member says so."""
    f.seek(0)
    with suppress(Exception), zipfile.ZipFile(f) as archive:
        with archive.open("mimetype") as part:
            return part.read(100).strip() == b"application/vnd.oasis.opendocument.spreadsheet"
    return False


def _check_zip(f: IO[bytes], max_uncompressed_size: int, max_ratio: float) -> set[str]:
    """Member names (lower-cased), after refusing zip bombs from the central directory.

    zipfile stops a member at its declared size (and fails its CRC beyond it),
    so the declared sizes checked here bound what openpyxl can inflate.
    """
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _error("corrupt") from exc
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _error("too_large", "zip_too_large")
    if sum(i.file_size for i in infos) > max_uncompressed_size:
        raise _error("too_large", "zip_too_large")
    for info in infos:
        if info.file_size >= RATIO_CHECK_MIN_MEMBER_SIZE and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise _error("too_large", "zip_too_large")
    return {i.filename.lower() for i in infos}


def _build_table(
    reader: _Reader, source: _Source, filename: str, index: dict[str, str] | None = None
) -> Table:
    for sheet in reader.sheets():
        head: list[tuple[int, list[Any]]] = []
        rows = reader.iter_rows(sheet)
        try:
            for line, cells, _filled in rows:
                head.append((line, cells))
                if len(head) >= HEADER_SCAN_ROWS:
                    break
        finally:
            rows.close()  # type: ignore[attr-defined]
        header = _detect_header(head, index)
        if header is None:
            continue
        return Table(
            filename=filename,
            format=reader.format,
            sheet_name=sheet,
            header_row_number=header.first_line,
            header_last_row_number=header.last_line,
            columns=header.columns,
            mapping=header.mapping,
            encoding=getattr(reader, "encoding", None),
            delimiter=getattr(reader, "delimiter", None),
            _reader=reader,
            _source=source,
            _name_key=header.name_key,
        )
    raise _error("no_header")
