"""The topics benchmark can be run on the train half alone, so development never looks at
the test half; its cross-validation keeps each duplicate group inside one fold."""

from __future__ import annotations

from sanwei.seminar.topics import Example
from tests.bench_support import load_bench


def test_the_benchmark_on_the_train_half_prints_nothing_about_the_test_half(capsys):
    bench = load_bench("topics_bench")
    assert bench.main(["--split", "train"]) == 0
    lines = capsys.readouterr().out.splitlines()
    firsts = [line.split()[0] for line in lines]
    assert firsts[:2] == ["labelled", "duplicate"]
    assert set(firsts[2:]) == {"train"}  # one line per labelled file (and pooled): train only


def test_the_cross_validation_folds_keep_each_duplicate_group_in_one_fold():
    bench = load_bench("topics_bench")
    examples = [
        Example("train", "roads", "a", "一"),
        Example("train", "roads", "", "二"),
        Example("train", "roads", "a", "三"),
        Example("train", "water", "b", "四"),
        Example("train", "water", "b", "五"),
    ]
    # groups in order of first appearance: a, the lone 二, b → folds 1, 2, 1
    folds = bench.folds_of(examples, 2)
    assert [[e.text for e in fold] for fold in folds] == [["一", "三", "四", "五"], ["二"]]
