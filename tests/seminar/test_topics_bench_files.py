"""The topics benchmark reads several labelled files: it prints each file's half and the
pooled figures, and never groups two files' opinions together (group ids are per file)."""

from __future__ import annotations

from tests.bench_support import load_bench

HEADER = "split\tcategory\tgroup\ttext\n"


def write(path, rows):
    path.write_text(HEADER + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")


def test_each_file_then_the_pooled_figures_are_printed_per_half(tmp_path, capsys):
    bench = load_bench("topics_bench")
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    # group "1" in both files: two different groups, never one
    write(
        first,
        [
            ("train", "roads", "1", "村口路灯坏了"),
            ("train", "roads", "1", "村口的路灯晚上不亮"),
            ("train", "health", "", "医保费太贵了"),
        ],
    )
    write(
        second,
        [
            ("train", "water", "1", "自来水经常停水"),
            ("train", "water", "1", "六组又停水了，做饭没水"),
            ("train", "roads", "", "二组的路灯坏了"),
        ],
    )
    assert bench.main(["--split", "train", "--data", str(first), str(second)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "labelled sets: a.tsv (3 opinions), b.tsv (3 opinions)"
    # 二组的路灯坏了 (b.tsv) is like a.tsv's lamps, but the files are grouped apart: it
    # finds no pair, and each file's one true pair is found
    assert [line.split()[:2] for line in lines[2:]] == [
        ["train", "a.tsv"],
        ["train", "b.tsv"],
        ["train", "pooled"],
    ]
    assert lines[4].endswith(
        "n=  6  accuracy 100.0% (6/6)  grouping precision 100.0% (2/2)  recall 100.0% (2/2)"
    )


def test_cross_validation_over_two_files_keeps_a_group_id_of_each_file_apart(capsys):
    bench = load_bench("topics_bench")
    Example = bench.Example
    first = [
        Example("train", "roads", "1", "村口路灯坏了"),
        Example("train", "roads", "1", "村口的路灯晚上不亮"),
    ]
    second = [
        Example("train", "water", "1", "自来水经常停水"),
        Example("train", "water", "1", "六组又停水了"),
    ]
    bench.cross_validate([first, second], 2)
    out = capsys.readouterr().out.splitlines()
    # the two files' group "1" are two groups, so one lands in each fold; each fold holds one
    # true pair, found with a threshold picked on the other file
    assert [line.split("  ")[1:] for line in out[:2]] == [
        ["held-out precision 100.0% (1/1)", "recall 100.0% (1/1)"],
        ["held-out precision 100.0% (1/1)", "recall 100.0% (1/1)"],
    ]
