"""Tests for sanwei.imports.readers — pure Python, no database, no Django settings.

Run alone with: pytest tests/imports -p no:django
All files are built inside the tests (openpyxl for xlsx, xlwt for xls).
"""

import csv
import io
import random
import struct
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlrd
import xlwt

from sanwei.imports.readers import (
    HEADER_ALIASES,
    ReadError,
    SourceRow,
    Table,
    is_lossy_number,
    match_header,
    normalize_header,
    open_table,
)

HEADER = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码（必填）",
    "联系电话",
    "村（社区）",
    "组",
    "户主姓名",
    "出生日期",
]
HEADER_MAPPING = {
    1: "name",
    2: "gender",
    3: "id_number",
    4: "phone",
    5: "village",
    6: "group",
    7: "household_head_name",
    8: "birth_date",
}


def rows_of(table: Table) -> list[tuple[int, dict]]:
    return [(r.line_number, r.values) for r in table.rows()]


def expect_error(code: str, *args, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as info:
        open_table(*args, **kwargs)
    assert info.value.code == code
    assert info.value.message  # a Chinese message for the user
    return info.value


# --------------------------------------------------------------------------- xlsx


def build_roster_xlsx(path):
    """Title merged across, a village merged down, typical township mess."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws["A1"] = "东岳观镇居民花名册"
    ws.merge_cells("A1:I1")
    ws["A2"] = "填报单位：东岳观村"
    ws["F2"] = "填报日期：2024年5月"
    ws.append(HEADER)  # row 3
    ws.append(["1", "张三", "男", "430821199001011234", 13800138000, "东岳观村", "一组", "张三"])
    ws["I4"] = datetime(1990, 1, 1)
    ws.append([2, " 李四 ", "女", 4.30821195001011e17, None, None, None, "张三", "1992-03-04"])
    ws.append([3, None, None, None, None, None, None, None, None])  # only 序号: template row
    ws.append([4, "王五", "男", "430821198512120011", "13912345678", None, None, None, None])
    ws.merge_cells("F4:F7")  # village merged down over rows 4..7
    ws.append([])  # row 8 fully empty: breaks the fill-down chain
    ws.append([6, "赵六", "女", None, None, None, None, None, None])  # row 9
    ws.append([7, "钱七", None, None, None, "西岳观村", "二组", "钱七", None])  # row 10
    ws.append([8, "孙八", None, None, None, None, None, None, None])  # row 11: heuristic fill
    wb.save(path)


def test_xlsx_title_merged_header_and_village_merged_down(tmp_path):
    path = tmp_path / "roster.xlsx"
    build_roster_xlsx(path)
    with open_table(path, "roster.xlsx") as table:
        assert table.format == "xlsx"
        assert table.sheet_name == "花名册"
        assert table.header_row_number == 3
        assert table.header_last_row_number == 3
        assert table.columns == HEADER
        assert table.mapping == HEADER_MAPPING
        rows = rows_of(table)
    assert rows == [
        (
            4,
            {
                "name": "张三",
                "gender": "男",
                "id_number": "430821199001011234",
                "phone": 13800138000,
                "village": "东岳观村",
                "group": "一组",
                "household_head_name": "张三",
                "birth_date": date(1990, 1, 1),
            },
        ),
        (
            5,
            {
                "name": "李四",
                "gender": "女",
                "id_number": 4.30821195001011e17,
                "village": "东岳观村",  # merged range
                "group": "一组",  # fill-down heuristic
                "household_head_name": "张三",
                "birth_date": "1992-03-04",
            },
        ),
        # row 6 (only 序号 + the merged village) is skipped as empty
        (
            7,
            {
                "name": "王五",
                "gender": "男",
                "id_number": "430821198512120011",
                "phone": "13912345678",
                "village": "东岳观村",  # merged range, though row 6 was skipped
            },
        ),
        (9, {"name": "赵六", "gender": "女"}),  # row 8 empty: nothing to fill from
        (
            10,
            {"name": "钱七", "village": "西岳观村", "group": "二组", "household_head_name": "钱七"},
        ),
        (
            11,
            {"name": "孙八", "village": "西岳观村", "group": "二组", "household_head_name": "钱七"},
        ),
    ]
    assert is_lossy_number(rows[1][1]["id_number"])
    assert not is_lossy_number(rows[0][1]["phone"])


def test_xlsx_from_binary_file_object_is_not_closed(tmp_path):
    path = tmp_path / "roster.xlsx"
    build_roster_xlsx(path)
    upload = io.BytesIO(path.read_bytes())
    upload.seek(5)  # wherever the caller left it
    table = open_table(upload, "上传.xlsx")
    assert table.filename == "上传.xlsx"
    assert len(rows_of(table)) == 6
    assert len(rows_of(table)) == 6  # rows() can be iterated again
    table.close()
    assert not upload.closed


def test_xlsx_detected_by_content_not_extension(tmp_path):
    path = tmp_path / "roster.xls"  # wrong extension
    build_roster_xlsx(path)
    with open_table(path) as table:
        assert table.format == "xlsx"
        assert table.filename == "roster.xls"


def test_xlsx_two_level_merged_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "三微活动参与人员名单"
    ws.merge_cells("A1:E1")
    ws["A2"], ws["B2"], ws["C2"], ws["E2"] = "姓 名", "性别", "联系方式", "备注"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    ws.merge_cells("E2:E3")
    ws["C3"], ws["D3"] = "固定电话", "手机号码"
    ws.append(["刘一", "男", "0731-1234567", "13700000001", None])
    ws.append(["陈二", "女", None, "13700000002", "低保户"])
    path = tmp_path / "two-level.xlsx"
    wb.save(path)

    with open_table(path, "two-level.xlsx") as table:
        assert table.header_row_number == 2
        assert table.header_last_row_number == 3
        assert table.columns == ["姓 名", "性别", "联系方式/固定电话", "联系方式/手机号码", "备注"]
        # the specific 手机号码 wins over the group label 联系方式
        assert table.mapping == {0: "name", 1: "gender", 2: "landline", 3: "phone", 4: "notes"}
        assert rows_of(table) == [
            (
                4,
                {
                    "name": "刘一",
                    "gender": "男",
                    "landline": "0731-1234567",
                    "phone": "13700000001",
                },
            ),
            (5, {"name": "陈二", "gender": "女", "phone": "13700000002", "notes": "低保户"}),
        ]


def test_xlsx_skips_hidden_sheets_and_sheets_without_header(tmp_path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "请按要求填写姓名、身份证号"
    hidden = wb.create_sheet("隐藏")
    hidden.append(["姓名", "性别"])
    hidden.append(["不该读到", "男"])
    hidden.sheet_state = "hidden"
    roster = wb.create_sheet("人员")
    roster.append(["姓名", "身份证号", "备注"])
    roster.append(["周九", "430821199901010000", None])
    path = tmp_path / "multi.xlsx"
    wb.save(path)
    with open_table(path) as table:
        assert table.sheet_name == "人员"
        assert table.header_row_number == 1
        assert rows_of(table) == [(2, {"name": "周九", "id_number": "430821199901010000"})]


def test_xlsx_repeated_header_rows_are_skipped(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别"])
    ws.append(["甲", "男"])
    ws.append(["姓名", "性别"])  # page header repeated by an export
    ws.append(["乙", "女"])
    path = tmp_path / "repeat.xlsx"
    wb.save(path)
    with open_table(path) as table:
        assert rows_of(table) == [
            (2, {"name": "甲", "gender": "男"}),
            (4, {"name": "乙", "gender": "女"}),
        ]


def test_with_mapping(tmp_path):
    path = tmp_path / "roster.xlsx"
    build_roster_xlsx(path)
    with open_table(path) as table:
        remapped = table.with_mapping({1: "name", 0: "household_number"})
        assert remapped.mapping == {0: "household_number", 1: "name"}
        assert table.mapping == HEADER_MAPPING  # original untouched
        first = next(remapped.rows())
        assert first == SourceRow(4, {"household_number": "1", "name": "张三"})
        with pytest.raises(ValueError):
            table.with_mapping({1: "name", 2: "name"})
        with pytest.raises(ValueError):
            table.with_mapping({1: "nickname"})
        with pytest.raises(ValueError):
            table.with_mapping({-1: "name"})


# --------------------------------------------------------------------------- xls


def build_roster_xls(path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write_merge(0, 0, 0, 5, "东岳观镇居民花名册")
    for c, text in enumerate(["姓名", "性别", "身份证号", "出生日期", "所在村", "电话"]):
        ws.write(1, c, text)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    data = [
        ["张三", "男", "430821199001011234", date(1990, 1, 1), None, 13800138000],
        ["李四", "女", 430821195001011234, date(1950, 1, 1), None, None],
        ["王五", "男", "", datetime(1985, 12, 12, 8, 30), None, "13912345678"],
    ]
    for r, row in enumerate(data, start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    ws.write_merge(2, 4, 4, 4, "东岳观村")  # village merged down
    wb.save(str(path))


def test_xls_merged_cells_dates_and_numbers(tmp_path):
    path = tmp_path / "roster.xls"
    build_roster_xls(path)
    with open_table(path, "roster.xls") as table:
        assert table.format == "xls"
        assert table.header_row_number == 2
        assert table.columns == ["姓名", "性别", "身份证号", "出生日期", "所在村", "电话"]
        assert table.mapping == {
            0: "name",
            1: "gender",
            2: "id_number",
            3: "birth_date",
            4: "village",
            5: "phone",
        }
        rows = rows_of(table)
    assert rows == [
        (
            3,
            {
                "name": "张三",
                "gender": "男",
                "id_number": "430821199001011234",
                "birth_date": date(1990, 1, 1),
                "village": "东岳观村",
                "phone": 13800138000,  # integral float → int
            },
        ),
        (
            4,
            {
                "name": "李四",
                "gender": "女",
                "id_number": float(430821195001011234),  # Excel stores it as a double
                "birth_date": date(1950, 1, 1),
                "village": "东岳观村",
            },
        ),
        (
            5,
            {
                "name": "王五",
                "gender": "男",
                "birth_date": datetime(1985, 12, 12, 8, 30),
                "village": "东岳观村",
                "phone": "13912345678",
            },
        ),
    ]
    assert type(rows[0][1]["birth_date"]) is date
    assert is_lossy_number(rows[1][1]["id_number"])


def test_xls_over_cap_is_too_large(tmp_path):
    path = tmp_path / "roster.xls"
    build_roster_xls(path)
    expect_error("too_large", path, max_xls_size=1000)


# --------------------------------------------------------------------------- CSV / text


def test_gbk_csv(tmp_path):
    text = "东岳观镇居民花名册,,,\r\n姓名,性别,身份证号码,手机号\r\n张三,男,430821199001011234,13800138000\r\n"
    text += '李四,女,"43082119920304002X",\r\n'
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    with open_table(path, "gbk.csv") as table:
        assert table.format == "csv"
        assert table.encoding == "gb18030"
        assert table.delimiter == ","
        assert table.header_row_number == 2
        assert table.mapping == {0: "name", 1: "gender", 2: "id_number", 3: "phone"}
        assert rows_of(table) == [
            (
                3,
                {
                    "name": "张三",
                    "gender": "男",
                    "id_number": "430821199001011234",
                    "phone": "13800138000",
                },
            ),
            (4, {"name": "李四", "gender": "女", "id_number": "43082119920304002X"}),
        ]


def test_gbk_csv_mostly_ascii_after_header(tmp_path):
    # charset detection only sees a sample; a short Chinese header must still win
    lines = ["姓名,电话,备注"] + [f"A{i},1380013{i:04d},ok" for i in range(3000)]
    lines.append("最后,13800000000,完")
    path = tmp_path / "gbk-long.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    with open_table(path) as table:
        assert table.encoding == "gb18030"
        rows = rows_of(table)
    assert len(rows) == 3001
    assert rows[-1] == (3002, {"name": "最后", "phone": "13800000000", "notes": "完"})


def test_utf8_bom_csv_with_required_marks(tmp_path):
    text = "姓名（必填）,*性别,身份证号(选填),出生年月,现住址,备注\n"
    text += '赵六,女,="430821199001011234",1990/1/1,"东岳观村, 3号",\n'
    path = tmp_path / "bom.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    with open_table(path) as table:
        assert table.encoding == "utf-8-sig"
        assert table.header_row_number == 1
        assert table.columns[0] == "姓名（必填）"  # raw text, BOM removed
        assert table.mapping == {
            0: "name",
            1: "gender",
            2: "id_number",
            3: "birth_date",
            4: "address",
            5: "notes",
        }
        assert rows_of(table) == [
            (
                2,
                {
                    "name": "赵六",
                    "gender": "女",
                    "id_number": "430821199001011234",  # ="..." Excel text wrapper removed
                    "birth_date": "1990/1/1",
                    "address": "东岳观村, 3号",
                },
            )
        ]


def test_tab_delimited_txt(tmp_path):
    text = "序号\t姓名\t性别\t联系电话\n1\t张三\t男\t13800138000\n\n2\t李四\t\t\n"
    path = tmp_path / "roster.txt"
    path.write_text(text, encoding="utf-8")
    with open_table(path) as table:
        assert table.delimiter == "\t"
        assert table.encoding == "utf-8"
        assert table.mapping == {1: "name", 2: "gender", 3: "phone"}
        assert rows_of(table) == [
            (2, {"name": "张三", "gender": "男", "phone": "13800138000"}),
            (4, {"name": "李四"}),
        ]


def test_utf16_unicode_text_from_excel(tmp_path):
    # Excel "Unicode text" = UTF-16LE with BOM, tab-delimited
    text = "姓名\t民族\t政治面貌\r\n张三\t汉族\t中共党员\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    with open_table(path) as table:
        assert table.encoding == "utf-16"
        assert table.delimiter == "\t"
        assert rows_of(table) == [
            (2, {"name": "张三", "ethnicity": "汉族", "political_status": "中共党员"})
        ]


def test_semicolon_csv_from_non_seekable_stream(tmp_path):
    data = "姓名;性别;备注\n张三;男;a,b\n".encode()

    class Pipe(io.RawIOBase):
        def __init__(self):
            self._buf = io.BytesIO(data)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, b):
            chunk = self._buf.read(len(b))
            b[: len(chunk)] = chunk
            return len(chunk)

    with open_table(Pipe(), "pipe.csv") as table:
        assert table.delimiter == ";"
        assert rows_of(table) == [(2, {"name": "张三", "gender": "男", "notes": "a,b"})]


def test_csv_rows_stream_lazily(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["姓名", "电话"])
        for i in range(200_000):
            writer.writerow([f"居民{i}", f"138{i:08d}"])
    with open_table(path) as table:
        rows = table.rows()
        assert next(rows) == SourceRow(2, {"name": "居民0", "phone": "13800000000"})
        assert next(rows).line_number == 3
        rows.close()


def test_html_table_disguised_as_xls(tmp_path):
    html = """<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>
    <meta charset="utf-8"><style>td {mso-number-format:'\\@';}</style></head><body>
    <table border="1">
      <tr><td colspan="4">东岳观镇居民花名册</td></tr>
      <tr><th>姓名</th><th>性别</th><th>村</th><th>备注</th></tr>
      <tr><td>张三</td><td>男</td><td rowspan="2">东岳观村</td><td>&lt;无&gt;</td></tr>
      <tr><td>李四</td><td>女</td><td></td></tr>
    </table></body></html>"""
    path = tmp_path / "export.xls"
    path.write_text(html, encoding="utf-8")
    with open_table(path) as table:
        assert table.format == "html"
        assert table.header_row_number == 2
        assert table.mapping == {0: "name", 1: "gender", 2: "village", 3: "notes"}
        assert rows_of(table) == [
            (3, {"name": "张三", "gender": "男", "village": "东岳观村", "notes": "<无>"}),
            (4, {"name": "李四", "gender": "女", "village": "东岳观村"}),
        ]


# --------------------------------------------------------------------------- errors


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    expect_error("empty", path)
    expect_error("empty", io.BytesIO(b""), "empty.csv")


def test_random_binary_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(8192))
    expect_error("not_spreadsheet", path)
    path.write_bytes(random.Random(1).randbytes(8192))
    expect_error("not_spreadsheet", path)


def test_text_without_header(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议记录\n今天开会讨论三微活动\n姓名 张三\n", encoding="utf-8")
    err = expect_error("no_header", path)
    assert "姓名" in err.message


def test_header_below_row_20_is_not_found(tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("说明\n" * 20 + "姓名,性别\n张三,男\n", encoding="utf-8")
    expect_error("no_header", path)


def test_name_alone_is_not_a_header(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("姓名,年级\n张三,三年级\n", encoding="utf-8")
    expect_error("no_header", path)


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    expect_error("too_large", path, max_file_size=10)
    expect_error("too_large", io.BytesIO(path.read_bytes()), "x.csv", max_file_size=10)


def test_zip_bomb_disguised_as_xlsx(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            zeros = b"\0" * (1024 * 1024)
            for _ in range(20):
                member.write(zeros)
    assert path.stat().st_size < 200_000
    expect_error("too_large", path)


def test_zip_total_uncompressed_limit(tmp_path):
    path = tmp_path / "roster.xlsx"
    build_roster_xlsx(path)
    expect_error("too_large", path, max_uncompressed_size=1000)


def test_zip_that_is_not_xlsx(tmp_path):
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    expect_error("not_spreadsheet", path)


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "not xml at all")
        zf.writestr("xl/workbook.xml", "<<<")
    expect_error("corrupt", path)

    good = tmp_path / "good.xlsx"
    build_roster_xlsx(good)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    expect_error("corrupt", truncated)


# OLE2 / compound file helpers -------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def build_cfb(stream_names: list[str]) -> bytes:
    """Minimal valid compound file (v3, 512-byte sectors) holding empty streams."""
    assert len(stream_names) <= 3
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<III", header, 0x3C, ENDOFCHAIN, 0, ENDOFCHAIN)  # no mini FAT, no DIFAT
    struct.pack_into("<109I", header, 0x4C, 0, *([FREESECT] * 108))
    fat = struct.pack("<128I", FATSECT, ENDOFCHAIN, *([FREESECT] * 126))

    def entry(name: str, kind: int, right=NOSTREAM, child=NOSTREAM) -> bytes:
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 0x40, len(raw), kind, 1)
        struct.pack_into("<III", e, 0x44, NOSTREAM, right, child)
        struct.pack_into("<IQ", e, 0x74, ENDOFCHAIN, 0)
        return bytes(e)

    entries = [entry("Root Entry", 5, child=1 if stream_names else NOSTREAM)]
    for i, name in enumerate(stream_names, start=1):
        entries.append(entry(name, 2, right=i + 1 if i < len(stream_names) else NOSTREAM))
    directory = b"".join(entries).ljust(512, b"\0")
    return bytes(header) + fat + directory


def test_cfb_helper_builds_a_real_compound_file():
    data = build_cfb(["EncryptionInfo", "EncryptedPackage"])
    doc = xlrd.compdoc.CompDoc(data, logfile=io.StringIO())
    names = [d.name for d in doc.dirlist if d.name]
    assert names == ["Root Entry", "EncryptionInfo", "EncryptedPackage"]


def test_encrypted_xlsx_ole2(tmp_path):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(build_cfb(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]))
    err = expect_error("encrypted", path)
    assert err.message == "文件已加密，请取消密码后再导入"


def test_encrypted_detected_by_scan_when_directory_unreadable(tmp_path):
    # magic + the UTF-16LE stream name, but no walkable directory
    data = OLE_MAGIC + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100
    path = tmp_path / "synthetic.xlsx"
    path.write_bytes(data)
    expect_error("encrypted", path)


def test_ole2_without_workbook_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "letter.xls"
    path.write_bytes(build_cfb(["WordDocument", "1Table"]))
    expect_error("not_spreadsheet", path)


def test_real_xls_is_not_mistaken_for_encrypted(tmp_path):
    path = tmp_path / "roster.xls"
    build_roster_xls(path)
    from sanwei.imports.readers import _ole_stream_names

    with open(path, "rb") as f:
        names = _ole_stream_names(f, path.stat().st_size)
    assert names is not None and "workbook" in names and "encryptioninfo" not in names


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("姓名", "name"),
        (" 姓 名 ", "name"),
        ("姓名（必填）", "name"),
        ("*姓名", "name"),
        ("姓名*", "name"),
        ("姓名:", "name"),
        ("身份证号码(选填)", "id_number"),
        ("身份证号码（18位）", "id_number"),
        ("公民身份\n号码", "id_number"),
        ("村（社区）", "village"),
        ("村(社区)", "village"),
        ("ＶＩＰ", None),
        ("手机号码", "phone"),
        ("村民小组", "group"),
        ("与户主关系", "relation_to_head"),
        ("是否党员", "political_status"),
        ("入党时间", "party_joined_on"),
        ("所在党支部", "party_branch"),
        ("是否志愿者", "volunteer"),
        ("技能特长", "skills"),
        ("户编号", "household_number"),
        ("备注", "notes"),
        ("序号", None),
        ("", None),
        (None, None),
    ],
)
def test_match_header(text, expected):
    assert match_header(text) == expected


def test_every_alias_matches_its_field():
    for key, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            assert match_header(alias) == key, alias


def test_normalize_header():
    assert normalize_header("\u3000联系电话（必填）＊") == "联系电话"
    assert normalize_header("村（社区）") == "村(社区)"


def test_is_lossy_number():
    assert is_lossy_number(4.30821195001011e17)
    assert is_lossy_number(1e15)
    assert is_lossy_number("4.30821E+17")
    assert not is_lossy_number(13800138000.0)
    assert not is_lossy_number(430821199001011234)  # an int is exact
    assert not is_lossy_number("430821199001011234")
    assert not is_lossy_number(None)
    assert not is_lossy_number(float("nan"))
