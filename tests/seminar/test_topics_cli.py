"""`sanwei classify FILE`: category, group number (or -) and text per line, tab-separated,
in input order; a missing or non-UTF-8 file is a Chinese error and exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sanwei.cli import main

ROOT = Path(__file__).resolve().parents[2]

LINES = [
    "村口路灯坏了",
    "医保费太贵了",
    "",
    "村口的路灯晚上不亮",
    "  合作医疗一年比一年贵，交不起  ",
    "希望多放几场电影",
]
EXPECTED = (
    "roads\t1\t村口路灯坏了\n"
    "health\t2\t医保费太贵了\n"
    "roads\t1\t村口的路灯晚上不亮\n"
    "health\t2\t合作医疗一年比一年贵，交不起\n"
    "other\t-\t希望多放几场电影\n"
)


def test_the_console_command_prints_category_group_and_text_per_line(tmp_path):
    path = tmp_path / "opinions.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "sanwei.cli", "classify", str(path)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert (first.returncode, first.stdout, first.stderr) == (0, EXPECTED, "")
    assert second.stdout == first.stdout  # deterministic across processes


def test_a_file_with_a_byte_order_mark_and_windows_line_ends_reads_the_same(tmp_path, capsys):
    path = tmp_path / "opinions.txt"
    path.write_bytes("\ufeff".encode() + "\r\n".join(LINES).encode("utf-8"))
    assert main(["classify", str(path)]) == 0
    assert capsys.readouterr().out == EXPECTED


def test_standard_input_is_read_with_a_dash(monkeypatch, capsys):
    import io

    stdin = io.TextIOWrapper(io.BytesIO("村口路灯坏了\n村口的路灯晚上不亮\n".encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["classify", "-"]) == 0
    assert capsys.readouterr().out == "roads\t1\t村口路灯坏了\nroads\t1\t村口的路灯晚上不亮\n"


def test_a_missing_file_is_a_chinese_error_and_status_2(tmp_path, capsys):
    missing = tmp_path / "none.txt"
    assert main(["classify", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"找不到文件：{missing}\n")


def test_a_file_not_in_utf8_is_a_chinese_error_and_status_2(tmp_path, capsys):
    path = tmp_path / "gbk.txt"
    path.write_bytes("村口路灯坏了\n医保费太贵了\n".encode("gbk"))
    assert main(["classify", str(path)]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"文件 {path} 不是 UTF-8 编码（第 1 行）。请另存为 UTF-8 后再试。\n")


def test_a_directory_is_a_chinese_error_and_status_2(tmp_path, capsys):
    assert main(["classify", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"这是一个目录，不是文件：{tmp_path}\n"


def test_no_file_named_is_a_usage_error_and_status_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["classify"])
    assert exit_.value.code == 2
    assert "usage: sanwei classify" in capsys.readouterr().err
