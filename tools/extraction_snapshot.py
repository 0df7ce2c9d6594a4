"""Snapshot of the rule extractor's output, to check that a speed change leaves it byte-identical.

Extracts the corpus (`../shared/corpus/`) and the annotated abstracts (`../shared/gold/*.jsonl`) and writes
one JSON line per abstract; `--compare FILE` extracts again and reports the abstracts whose output differs.

    .venv/bin/python tools/extraction_snapshot.py OUT.jsonl
    .venv/bin/python tools/extraction_snapshot.py NEW.jsonl --compare OLD.jsonl
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def papers() -> list:
    from kg.eval.folds import read_gold_files
    from kg.models import Paper
    from kg.read import read_papers

    corpus = sorted((SHARED / "corpus").glob("*.txt"))
    found = [p for p in read_papers(corpus) if isinstance(p, Paper)]
    gold = sorted((SHARED / "gold").glob("*.jsonl"))
    return found + [record.paper for record in read_gold_files(gold)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="where to write the snapshot (JSON lines)")
    ap.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    args = ap.parse_args(argv)
    from kg.extractors.rules import RuleExtractor

    lines = [x.model_dump_json() for x in RuleExtractor().extract_many(papers())]
    args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} extractions written to {args.out}")
    if args.compare is None:
        return 0
    old = args.compare.read_text(encoding="utf-8").splitlines()
    differ = [i for i, (a, b) in enumerate(zip(old, lines)) if a != b]
    if len(old) != len(lines):
        print(f"different counts: {len(old)} before, {len(lines)} now")
    for i in differ[:10]:
        print(f"differs: line {i + 1}")
    print(f"{len(differ)} of {len(lines)} extractions differ")
    return 1 if differ or len(old) != len(lines) else 0


if __name__ == "__main__":
    sys.exit(main())
