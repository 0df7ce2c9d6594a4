"""Every sentence of a corpus that names a benchmark (GSM8K, MMLU and their variants) next to a number.

The ceiling of a leaderboard: a board can hold no more true rows than the corpus states scores of named models
on the benchmark. This lists the candidate sentences, one a line, for a person to read and count:

    python benchmarks/benchmark_sentences.py ../shared/arxiv/arxiv-2025.jsonl.gz --name GSM8K --name MMLU > out.tsv

Columns: paper id, the benchmark names found (variants kept apart: `MMLU-Pro`, `GSM8K-Platinum`), whether a
percentage is in the sentence, the sentence (line wraps made spaces). Sentences are split at `.!?` followed by
a space and a capital letter, digit or bracket, not after a decimal point; numbers inside a benchmark's own name
(`GSM8K`, `MMLU-5shot`) and years are not counted as numbers (any other number is, `1.5K samples` too: the list is
a superset for a person to read, not a count of scores).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from typing import Iterator

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")
_NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?\s*(?:\\?%|points?|pp\b)?")
_YEAR = re.compile(r"^(19|20)\d\d$")


def name_pattern(name: str) -> re.Pattern[str]:
    """`name` and its variants written as one token: `MMLU`, `MMLU-Pro`, `MMLU-Redux`, `GSM8K-Platinum`, `GSM-8K`."""
    body = re.escape(name).replace("GSM8K", "GSM-?8K")
    return re.compile(r"(?<![\w-])(" + body + r"(?:[-_][\w.]+)*)(?![\w])", re.IGNORECASE)


def sentences(text: str) -> Iterator[str]:
    flat = re.sub(r"\s+", " ", text).strip()
    yield from _SPLIT.split(flat)


def numbers(sentence: str, names: list[str]) -> list[str]:
    """The numbers of `sentence` outside the benchmark names and not years."""
    blank = sentence
    for n in names:
        blank = blank.replace(n, " " * len(n))
    return [m.group().strip() for m in _NUMBER.finditer(blank) if not _YEAR.match(m.group().strip())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a .jsonl or .jsonl.gz of abstracts (`id`, `summary`)")
    parser.add_argument("--name", action="append", required=True, help="a benchmark name (repeatable)")
    args = parser.parse_args(argv)
    patterns = {n: name_pattern(n) for n in args.name}
    opener = gzip.open if args.corpus.endswith(".gz") else open
    count: Counter[str] = Counter()
    papers: dict[str, set[str]] = {n: set() for n in args.name}
    out = sys.stdout
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for sent in sentences(rec.get("summary", "")):
                for base, pat in patterns.items():
                    found = sorted({m.group(1) for m in pat.finditer(sent)})
                    if not found:
                        continue
                    nums = numbers(sent, found)
                    if not nums:
                        continue
                    pct = any(n.endswith("%") for n in nums)
                    count[base] += 1
                    count[base + (" %" if pct else " no %")] += 1
                    papers[base].add(rec["id"])
                    out.write(f"{rec['id']}\t{base}\t{','.join(found)}\t{'%' if pct else '-'}\t{sent}\n")
    for base in args.name:
        print(f"{base}: {count[base]} sentences with a number ({count[base + ' %']} with a percentage) "
              f"in {len(papers[base])} abstracts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
