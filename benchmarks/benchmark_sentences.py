"""Every sentence of a corpus that names a benchmark (GSM8K, MMLU and their variants) next to a number.

The ceiling of a leaderboard: a board can hold no more true rows than the corpus states scores of named models
on the benchmark. This lists the candidate sentences, one a line, for a person to read and count:

    python benchmarks/benchmark_sentences.py ../shared/arxiv/arxiv-2025.jsonl.gz --name GSM8K --name MMLU > out.tsv

Columns: paper id, the benchmark names found (variants kept apart: `MMLU-Pro`, `GSM8K-Platinum`), whether a
percentage is in the sentence, the sentence (line wraps made spaces). Sentences are split at `.!?` followed by
a space and a capital letter, digit or bracket, not after a decimal point; numbers inside a benchmark's own name
(`GSM8K`, `MMLU-5shot`) and years are not counted as numbers (any other number is, `1.5K samples` too: the list is
a superset for a person to read, not a count of scores).

With `--following`, a sentence with a number that comes after the abstract's first naming of the benchmark and
does not name it is listed too (found column `(follows)`): a score stated in a later sentence of an abstract that
evaluates on the benchmark (`We evaluate on GSM8K. Our model reaches 85.2%.`). These are candidates only; most
are scores on the abstract's other benchmarks.
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
    parser.add_argument("--following", action="store_true",
                        help="also list the sentences with a number after the first one naming the benchmark")
    args = parser.parse_args(argv)
    patterns = {n: name_pattern(n) for n in args.name}
    opener = gzip.open if args.corpus.endswith(".gz") else open
    count: Counter[str] = Counter()
    papers: dict[str, set[str]] = {n: set() for n in args.name}
    out = sys.stdout
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            named: set[str] = set()
            for sent in sentences(rec.get("summary", "")):
                for base, pat in patterns.items():
                    found = sorted({m.group(1) for m in pat.finditer(sent)})
                    if not found and not (args.following and base in named):
                        continue
                    if found:
                        named.add(base)
                    nums = numbers(sent, found)
                    if not nums:
                        continue
                    pct = any(n.endswith("%") for n in nums)
                    count[base] += 1
                    count[base + (" %" if pct else " no %")] += 1
                    papers[base].add(rec["id"])
                    if not found:
                        count[base + " follows"] += 1
                    out.write(f"{rec['id']}\t{base}\t{','.join(found) or '(follows)'}\t{'%' if pct else '-'}\t{sent}\n")
    for base in args.name:
        follows = f", {count[base + ' follows']} not naming it but after one that does" if args.following else ""
        print(f"{base}: {count[base]} sentences with a number ({count[base + ' %']} with a percentage{follows}) "
              f"in {len(papers[base])} abstracts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
