"""Measure claim confidence: each frame's precision on the gold sets, written to
`extractors/data/claim_confidence.json`, and how well it predicts on folds it was not measured on.

    .venv/bin/python tools/calibrate_claims.py [GOLD...] [--folds 5] [--seed 0] [--check]

Held-out check: for each of K folds the table is measured on the other folds (`RuleExtractor.fit`) and the
fold's claims get their confidence from it; the script prints the Brier score of those confidences against
whether each claim is right (core match), next to the Brier score of one constant (the training folds'
overall precision), and a reliability table (claims binned by confidence: mean confidence vs. share right).
`--check` measures without writing the file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = [ROOT.parent / "shared/gold/dev.jsonl", ROOT.parent / "shared/gold/train.jsonl"]


def main(argv: list[str] | None = None) -> int:
    from kg.eval.folds import read_gold_files, split_folds
    from kg.extractors.claim_confidence import TABLE_FILE, count_frames, precision_table
    from kg.extractors.rules import RuleExtractor

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path, default=GOLD)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", action="store_true", help="measure only; do not write the table")
    args = ap.parse_args(argv)

    records = read_gold_files(args.gold)
    ex = RuleExtractor()
    held_out: list[tuple[float, float, bool]] = []  # (frame confidence, constant, right)
    for i, test in enumerate(split_folds(records, args.folds, args.seed)):
        train = [r for j, fold in enumerate(split_folds(records, args.folds, args.seed)) if j != i for r in fold]
        ex.fit(train)
        assert ex.confidence is not None
        constant = ex.confidence("")
        held_out += [(ex.confidence(frame), constant, right) for frame, right in ex.frame_outcomes(test)]

    def brier(k: int) -> float:
        return sum((row[k] - row[2]) ** 2 for row in held_out) / len(held_out)

    print(f"{len(held_out)} held-out claims over {args.folds} folds (seed {args.seed}); "
          f"{sum(r for *_, r in held_out)} right")
    print(f"Brier score: frame confidence {brier(0):.4f}, one constant {brier(1):.4f} (lower is better)")
    print("Reliability (held-out): confidence bin, claims, mean confidence, share right")
    bins: dict[int, list[tuple[float, bool]]] = {}
    for conf, _, right in held_out:
        bins.setdefault(min(int(conf * 10), 9), []).append((conf, right))
    for b in sorted(bins):
        rows = bins[b]
        print(f"  [{b / 10:.1f}, {(b + 1) / 10:.1f})  {len(rows):4d}  {sum(c for c, _ in rows) / len(rows):.3f}"
              f"  {sum(r for _, r in rows) / len(rows):.3f}")

    counts = count_frames(RuleExtractor().frame_outcomes(records))
    table = precision_table(counts)
    if not args.check:
        payload = {
            "_comment": "Written by tools/calibrate_claims.py: per claim frame (kind:source:subject) the share of "
                        "the rule extractor's claims that core-match a gold claim on the gold sets, smoothed "
                        "towards the parent frame; counts are [right, total].",
            "gold": [str(p.name) for p in args.gold],
            "precision": table,
            "counts": counts,
        }
        TABLE_FILE.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {TABLE_FILE.relative_to(ROOT)} ({len(table)} frames)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
