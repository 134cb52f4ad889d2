"""Benchmark of the opinion classifier and near-duplicate grouping (issue 9, part 3).

    python bench/topics_bench.py                  # both halves (the report)
    python bench/topics_bench.py --split train    # the train half only (for development)
    python bench/topics_bench.py --split train --cv 5   # + the threshold by cross-validation

Reads sanwei/seminar/data/opinions_labelled.tsv (split fixed in the file). The classifier
is trained on the TRAIN half only; the duplicate threshold was tuned on the TRAIN half only.
Prints, for BOTH halves: category accuracy, and pairwise grouping precision and recall
(a pair of opinions is "grouped" when they get the same group; the truth is the file's group
column). Each half is grouped as one region. Also the speed of classify + group.
Targets on the test half: accuracy ≥ 85%, precision ≥ 90% with recall ≥ 70%.

The test half is for a final look, not for development: `--split train` prints nothing about
it. `--cv K` picks the duplicate threshold by K-fold cross-validation WITHIN the train half
(folds by duplicate group, so a group never straddles two folds; on K-1 folds the threshold
with the highest recall at precision ≥ 95%; then the pairs touching the held-out fold, the
whole train half grouped) and prints each fold, the pooled held-out figures, and the
threshold the whole train half picks.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sanwei.seminar import topics


def pairs(labels):
    return {
        (i, j)
        for i, j in combinations(range(len(labels)), 2)
        if labels[i] is not None and labels[i] == labels[j]
    }


def evaluate(examples, classifier, threshold=topics.DUPLICATE_THRESHOLD):
    texts = [e.text for e in examples]
    correct = sum(classifier.classify(e.text) == e.category for e in examples)
    truth = pairs([e.group or None for e in examples])
    found = pairs(topics.group(texts, threshold))
    hit = len(truth & found)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(truth) if truth else 1.0
    return {
        "n": len(examples),
        "accuracy": correct / len(examples),
        "correct": correct,
        "pairs_true": len(truth),
        "pairs_found": len(found),
        "pairs_hit": hit,
        "precision": precision,
        "recall": recall,
    }


def grouping_counts(examples, threshold):
    """(pairs found, pairs true, pairs hit) of one set of examples grouped as one region."""
    truth = pairs([e.group or None for e in examples])
    found = pairs(topics.group([e.text for e in examples], threshold))
    return len(found), len(truth), len(truth & found)


THRESHOLDS = [round(0.30 + 0.01 * i, 2) for i in range(51)]  # 0.30 … 0.80
CV_PRECISION = 0.95


def pick_threshold(examples):
    """The threshold with the highest recall at precision ≥ CV_PRECISION (the middle one of
    the best plateau; if none reaches it, the most precise)."""
    rows = []
    for t in THRESHOLDS:
        found, true, hit = grouping_counts(examples, t)
        rows.append((t, hit / found if found else 1.0, hit / true if true else 1.0))
    ok = [r for r in rows if r[1] >= CV_PRECISION]
    if not ok:
        best = max(r[1] for r in rows)
        ok = [r for r in rows if r[1] == best]
    top = max(r[2] for r in ok)
    plateau = [r[0] for r in ok if r[2] == top]
    return plateau[len(plateau) // 2]


def folds_of(examples, k):
    """K folds of the examples, by duplicate group (a singleton is its own group); groups
    dealt round-robin in order of first appearance, so the folds are fixed."""
    keys = []
    for i, e in enumerate(examples):
        key = e.group or f"#{i}"
        if key not in keys:
            keys.append(key)
    fold_of = {key: n % k for n, key in enumerate(keys)}
    return [
        [e for i, e in enumerate(examples) if fold_of[e.group or f"#{i}"] == f] for f in range(k)
    ]


def cross_validate(train, k):
    """Per fold: the threshold picked on the other folds, then the whole train half grouped
    at it, counting the pairs with at least one member in the held-out fold (so a held-out
    opinion wrongly joined to a seen one counts against precision too)."""
    folds = folds_of(train, k)
    index = {id(e): i for i, e in enumerate(train)}
    truth = pairs([e.group or None for e in train])
    total_found = total_true = total_hit = 0
    for f, held in enumerate(folds):
        rest = [e for g, fold in enumerate(folds) if g != f for e in fold]
        t = pick_threshold(rest)
        held_ids = {index[id(e)] for e in held}
        found = {p for p in pairs(topics.group([e.text for e in train], t)) if held_ids & set(p)}
        true = {p for p in truth if held_ids & set(p)}
        hit = len(found & true)
        total_found, total_true = total_found + len(found), total_true + len(true)
        total_hit += hit
        p = hit / len(found) if found else 1.0
        r = hit / len(true) if true else 1.0
        print(
            f"cv fold {f + 1}/{k}: threshold {t:.2f} (from the other folds)"
            f"  held-out precision {p:.1%} ({hit}/{len(found)})  recall {r:.1%} ({hit}/{len(true)})"
        )
    p = total_hit / total_found if total_found else 1.0
    r = total_hit / total_true if total_true else 1.0
    print(
        f"cv pooled held-out: precision {p:.1%} ({total_hit}/{total_found})"
        f"  recall {r:.1%} ({total_hit}/{total_true})"
    )
    print(f"cv: the whole train half picks threshold {pick_threshold(train):.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "test", "both"), default="both")
    parser.add_argument("--cv", type=int, default=0, metavar="K")
    args = parser.parse_args(argv)
    splits = ("train", "test") if args.split == "both" else (args.split,)
    examples = topics.load_examples()
    classifier = topics.default_classifier()
    print(f"labelled set: {topics.DATA_FILE.name}, {len(examples)} opinions")
    print(
        f"duplicate threshold {topics.DUPLICATE_THRESHOLD}, keyword weight {topics.KEYWORD_WEIGHT}"
    )
    ok = True
    for split in splits:
        half = [e for e in examples if e.split == split]
        r = evaluate(half, classifier)
        print(
            f"{split:5}  n={r['n']:3}  accuracy {r['accuracy']:.1%} ({r['correct']}/{r['n']})"
            f"  grouping precision {r['precision']:.1%} ({r['pairs_hit']}/{r['pairs_found']})"
            f"  recall {r['recall']:.1%} ({r['pairs_hit']}/{r['pairs_true']})"
        )
        if split == "test":
            ok = r["accuracy"] >= 0.85 and r["precision"] >= 0.90 and r["recall"] >= 0.70
    if args.cv:
        cross_validate([e for e in examples if e.split == "train"], args.cv)
    if "test" not in splits:
        return 0
    texts = [e.text for e in examples] * 10
    start = time.perf_counter()
    for text in texts:
        classifier.classify(text)
    elapsed = time.perf_counter() - start
    print(f"speed: {len(texts) / elapsed:,.0f} opinions/s classified")
    start = time.perf_counter()
    topics.group([e.text for e in examples])
    elapsed = time.perf_counter() - start
    print(f"speed: {len(examples)} opinions grouped in {elapsed * 1000:.0f} ms")
    print("targets on the test half (≥85% / ≥90% / ≥70%):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
