"""Benchmark of the opinion classifier and near-duplicate grouping (issue 9, part 3).

    python bench/topics_bench.py                  # both halves (the report)
    python bench/topics_bench.py --split train    # the train half only (for development)
    python bench/topics_bench.py --split train --cv 5   # + the threshold by cross-validation
    python bench/topics_bench.py --data FILE ...  # other labelled files (default: all shipped)

Reads every shipped labelled set, sanwei/seminar/data/opinions_labelled*.tsv (the first one,
opinions_labelled.tsv, and any written later by another hand; split fixed in each file,
group ids per file, so a group never spans two files). The classifier is trained on the
TRAIN rows only, and so is the pair model that scores two texts as near-duplicates
(data/pair_model.json, scripts/train_pair_model.py); the duplicate threshold was tuned on the
TRAIN rows only. Prints, per file
and half, then pooled over the files per half: category accuracy, and pairwise grouping
precision and recall (a pair of opinions is "grouped" when they get the same group; the
truth is the file's group column). Each half of each file is grouped as one region; the
pooled figures add up the files' pairs (no pair across two files). Also the speed of
classify + group. Targets on the test half: accuracy ≥ 85%, precision ≥ 90% with
recall ≥ 70%.

The test half is for a final look, not for development: `--split train` prints nothing about
it. `--cv K` picks the duplicate threshold by K-fold cross-validation WITHIN the train half
(folds by duplicate group, so a group never straddles two folds; on K-1 folds the classifier
and the pair model are retrained and the threshold with the highest recall at precision ≥ 90%
is picked; then the pairs touching the held-out fold, the
whole train half grouped) and prints each fold, the pooled held-out figures, and the
threshold the whole train half picks; with several files, over their train rows together
(folds by file and group, each file's train rows grouped on their own).
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sanwei.seminar import topics
from sanwei.seminar.topics import Example


def pairs(labels):
    return {
        (i, j)
        for i, j in combinations(range(len(labels)), 2)
        if labels[i] is not None and labels[i] == labels[j]
    }


def counts(examples, classifier, threshold):
    """(correct, pairs found, pairs true, pairs hit) of one file's half grouped as one region."""
    correct = sum(classifier.classify(e.text) == e.category for e in examples)
    found, true, hit = grouping_counts(examples, threshold)
    return correct, found, true, hit


def figures(n, correct, found, true, hit):
    precision = hit / found if found else 1.0
    recall = hit / true if true else 1.0
    return {
        "n": n,
        "accuracy": correct / n if n else 1.0,
        "correct": correct,
        "pairs_true": true,
        "pairs_found": found,
        "pairs_hit": hit,
        "precision": precision,
        "recall": recall,
    }


def evaluate(examples, classifier, threshold=topics.DUPLICATE_THRESHOLD):
    return figures(len(examples), *counts(examples, classifier, threshold))


def grouping_counts(examples, threshold, classifier=None, model=None):
    """(pairs found, pairs true, pairs hit) of one set of examples grouped as one region
    (`classifier` and `model`, default the shipped ones, give the likely categories and the
    pair scores)."""
    truth = pairs([e.group or None for e in examples])
    found = pairs(topics.group([e.text for e in examples], threshold, classifier, model))
    return len(found), len(truth), len(truth & found)


def pair_scores(examples, classifier=None, model=None):
    """(n, {(i, j): score > 0}) of one set of examples, to group at many thresholds."""
    sigs = [topics.Signature.of(e.text, classifier) for e in examples]
    sims = {}
    for i in range(len(sigs)):
        for j in range(i + 1, len(sigs)):
            sim = topics.similarity(sigs[i], sigs[j], model)
            if sim > 0:
                sims[i, j] = sim
    return len(sigs), sims


def counts_at(scored, truth, threshold):
    """(pairs found, pairs true, pairs hit) of scored sets (`pair_scores`) grouped at a
    threshold, added up over the sets."""
    found = true = hit = 0
    for (n, sims), t in zip(scored, truth, strict=True):
        kept = {p: s for p, s in sims.items() if s >= threshold}
        grouped = pairs(topics.complete_link(n, kept, threshold))
        found, true, hit = found + len(grouped), true + len(t), hit + len(grouped & t)
    return found, true, hit


THRESHOLDS = [round(0.20 + 0.01 * i, 2) for i in range(71)]  # 0.20 … 0.90
CV_PRECISION = 0.90
CURVE = [round(0.30 + 0.05 * i, 2) for i in range(10)]  # 0.30 … 0.75, held out by --cv


def pick_threshold(sets, classifier=None, model=None):
    """The threshold with the highest recall at precision ≥ CV_PRECISION over the files'
    examples (a list per file; the middle one of the best plateau; if none reaches it, the
    most precise)."""
    scored = [pair_scores(examples, classifier, model) for examples in sets]
    truth = [pairs([e.group or None for e in examples]) for examples in sets]
    rows = []
    for t in THRESHOLDS:
        found, true, hit = counts_at(scored, truth, t)
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


def cross_validate(train_sets, k):
    """Per fold: a classifier and a pair model trained on the other folds (they give the
    likely categories and the pair scores that grouping needs, so the held-out fold's are
    guessed as a new opinion's would be) and the threshold picked on them, then each file's train rows
    grouped at it, counting the pairs with at least one member in the held-out fold (so a held-out
    opinion wrongly joined to a seen one counts against precision too). Also the held-out
    figures at each fixed threshold of CURVE (the shipped DUPLICATE_THRESHOLD is read off
    them). Folds are dealt over the files' train rows together, by file and group."""
    tagged = [
        (n, Example(e.split, e.category, f"{n}/{e.group}" if e.group else "", e.text))
        for n, examples in enumerate(train_sets)
        for e in examples
    ]
    folds = folds_of([e for _, e in tagged], k)
    file_of = {id(e): n for n, e in tagged}
    position = {}  # id(tagged example) → (file, index in that file)
    seen = [0] * len(train_sets)
    for n, e in tagged:
        position[id(e)] = (n, seen[n])
        seen[n] += 1
    truth = [pairs([e.group or None for e in examples]) for examples in train_sets]
    total_found = total_true = total_hit = 0
    curve = {c: [0, 0, 0] for c in CURVE}  # fixed threshold → held-out found, true, hit
    for f, held in enumerate(folds):
        rest = [
            [e for g, fold in enumerate(folds) if g != f for e in fold if file_of[id(e)] == n]
            for n in range(len(train_sets))
        ]
        classifier = topics.Classifier.train((e.text, e.category) for es in rest for e in es)
        model = topics.PairModel.train([es for es in rest if es], classifier)
        t = pick_threshold([examples for examples in rest if examples], classifier, model)
        held_ids = [set() for _ in train_sets]
        for e in held:
            n, i = position[id(e)]
            held_ids[n].add(i)
        scored = [pair_scores(examples, classifier, model) for examples in train_sets]
        for c in CURVE:
            for n, (size, sims) in enumerate(scored):
                grouped = pairs(topics.complete_link(size, sims, c))
                found = {p for p in grouped if held_ids[n] & set(p)}
                true = {p for p in truth[n] if held_ids[n] & set(p)}
                curve[c][0] += len(found)
                curve[c][1] += len(true)
                curve[c][2] += len(found & true)
        found_n = true_n = hit_n = 0
        for n, (size, sims) in enumerate(scored):
            grouped = pairs(topics.complete_link(size, sims, t))
            found = {p for p in grouped if held_ids[n] & set(p)}
            true = {p for p in truth[n] if held_ids[n] & set(p)}
            found_n, true_n = found_n + len(found), true_n + len(true)
            hit_n += len(found & true)
        total_found, total_true = total_found + found_n, total_true + true_n
        total_hit += hit_n
        p = hit_n / found_n if found_n else 1.0
        r = hit_n / true_n if true_n else 1.0
        print(
            f"cv fold {f + 1}/{k}: threshold {t:.2f} (from the other folds)"
            f"  held-out precision {p:.1%} ({hit_n}/{found_n})  recall {r:.1%} ({hit_n}/{true_n})"
        )
    for c in CURVE:
        found, true, hit = curve[c]
        print(
            f"cv held-out at a fixed threshold {c:.2f}: precision {hit / found if found else 1.0:.1%}"
            f" ({hit}/{found})  recall {hit / true if true else 1.0:.1%} ({hit}/{true})"
        )
    p = total_hit / total_found if total_found else 1.0
    r = total_hit / total_true if total_true else 1.0
    print(
        f"cv pooled held-out: precision {p:.1%} ({total_hit}/{total_found})"
        f"  recall {r:.1%} ({total_hit}/{total_true})"
    )
    print(f"cv: the whole train half picks threshold {pick_threshold(train_sets):.2f}")


def line(split, name, r):
    return (
        f"{split:5}  {name:24}  n={r['n']:3}  accuracy {r['accuracy']:.1%} ({r['correct']}/{r['n']})"
        f"  grouping precision {r['precision']:.1%} ({r['pairs_hit']}/{r['pairs_found']})"
        f"  recall {r['recall']:.1%} ({r['pairs_hit']}/{r['pairs_true']})"
    )


def meets(r):
    return r["accuracy"] >= 0.85 and r["precision"] >= 0.90 and r["recall"] >= 0.70


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "test", "both"), default="both")
    parser.add_argument("--cv", type=int, default=0, metavar="K")
    parser.add_argument(
        "--data", nargs="+", type=Path, default=list(topics.DATA_FILES), metavar="FILE"
    )
    args = parser.parse_args(argv)
    splits = ("train", "test") if args.split == "both" else (args.split,)
    sets = [(path.name, topics.load_examples(path)) for path in args.data]
    classifier = topics.default_classifier()
    print(
        "labelled sets: "
        + ", ".join(f"{name} ({len(examples)} opinions)" for name, examples in sets)
    )
    print(
        f"duplicate threshold {topics.DUPLICATE_THRESHOLD}, keyword weight {topics.KEYWORD_WEIGHT}"
    )
    verdicts = []
    for split in splits:
        total_n, total = 0, [0, 0, 0, 0]
        for name, examples in sets:
            half = [e for e in examples if e.split == split]
            c = counts(half, classifier, topics.DUPLICATE_THRESHOLD)
            r = figures(len(half), *c)
            print(line(split, name, r))
            total_n += len(half)
            total = [a + b for a, b in zip(total, c, strict=True)]
            if split == "test":
                verdicts.append((name, meets(r)))
        if len(sets) > 1:
            r = figures(total_n, *total)
            print(line(split, "pooled", r))
            if split == "test":
                verdicts.append(("pooled", meets(r)))
    if args.cv:
        cross_validate(
            [[e for e in examples if e.split == "train"] for _, examples in sets],
            args.cv,
        )
    if "test" not in splits:
        return 0
    texts = [e.text for _, examples in sets for e in examples]
    start = time.perf_counter()
    for text in texts * 10:
        classifier.classify(text)
    elapsed = time.perf_counter() - start
    print(f"speed: {len(texts) * 10 / elapsed:,.0f} opinions/s classified")
    start = time.perf_counter()
    topics.group(texts)
    elapsed = time.perf_counter() - start
    print(f"speed: {len(texts)} opinions grouped in {elapsed * 1000:.0f} ms")
    for name, ok in verdicts:
        print(
            f"targets on the test half of {name} (≥85% / ≥90% / ≥70%):",
            "met" if ok else "NOT met",
        )
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
