"""Benchmark of the opinion classifier and near-duplicate grouping (issue 9, part 3).

    python bench/topics_bench.py

Reads sanwei/seminar/data/opinions_labelled.tsv (split fixed in the file). The classifier
is trained on the TRAIN half only; the duplicate threshold was tuned on the TRAIN half only.
Prints, for BOTH halves: category accuracy, and pairwise grouping precision and recall
(a pair of opinions is "grouped" when they get the same group; the truth is the file's group
column). Each half is grouped as one region. Also the speed of classify + group.
Targets on the test half: accuracy ≥ 85%, precision ≥ 90% with recall ≥ 70%.
"""

from __future__ import annotations

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


def main() -> int:
    examples = topics.load_examples()
    classifier = topics.default_classifier()
    print(f"labelled set: {topics.DATA_FILE.name}, {len(examples)} opinions")
    print(
        f"duplicate threshold {topics.DUPLICATE_THRESHOLD}, keyword weight {topics.KEYWORD_WEIGHT}"
    )
    ok = True
    for split in ("train", "test"):
        half = [e for e in examples if e.split == split]
        r = evaluate(half, classifier)
        print(
            f"{split:5}  n={r['n']:3}  accuracy {r['accuracy']:.1%} ({r['correct']}/{r['n']})"
            f"  grouping precision {r['precision']:.1%} ({r['pairs_hit']}/{r['pairs_found']})"
            f"  recall {r['recall']:.1%} ({r['pairs_hit']}/{r['pairs_true']})"
        )
        if split == "test":
            ok = r["accuracy"] >= 0.85 and r["precision"] >= 0.90 and r["recall"] >= 0.70
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
