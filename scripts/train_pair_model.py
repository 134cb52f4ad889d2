"""Retrain the near-duplicate pair model, sanwei/seminar/data/pair_model.json.

    python scripts/train_pair_model.py            # write it
    python scripts/train_pair_model.py --check    # exit 1 when the shipped file differs

Trained on the TRAIN rows of every shipped labelled set only (each file's rows paired
within the file), with the default classifier (itself trained on those rows); see
`sanwei.seminar.topics.PairModel`. Deterministic: the same data give the same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sanwei.seminar import topics


def train() -> topics.PairModel:
    sets = [
        [e for e in topics.load_examples(path) if e.split == "train"] for path in topics.DATA_FILES
    ]
    return topics.PairModel.train(sets, topics.default_classifier())


def main(argv: list[str]) -> int:
    model = train()
    notes = {
        "about": "scripts/train_pair_model.py: logistic regression over the pair features, "
        "trained on the TRAIN rows of " + ", ".join(p.name for p in topics.DATA_FILES),
        "penalty": topics.PAIR_PENALTY,
    }
    if "--check" in argv:
        shipped = topics.PairModel.load()
        same = shipped.weights == model.weights and dict(shipped.idf) == dict(model.idf)
        print("pair model is up to date" if same else "pair model differs: retrain it")
        return 0 if same else 1
    model.dump(**notes)
    print(dict(zip(topics.PAIR_FEATURES, model.weights, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
