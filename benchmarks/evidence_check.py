"""Whether every claim's evidence is its whole sentence (issue 12): the evidence must be the abstract's text at the
claim's offsets, start at the abstract's start or after `.`, `!`, `?`, `:` or `;`, and end with `.`, `!` or `?` (or
at the abstract's end). Prints the counts and a few claims that fail each test.

    python benchmarks/evidence_check.py --db /tmp/arxiv-db
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from kg.queries.graph import Graph

CLAIMS = ("MATCH (p:Paper)-[:REPORTS]->(c:Claim) "
          "RETURN p.id AS id, p.abstract AS abstract, c.evidence AS evidence, c.start AS start, c.end AS end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the graph, as kg --db")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    with Graph.open(args.db) as g:
        rows = list(g.query(CLAIMS, {}))
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        text, evidence, start, end = r["abstract"] or "", r["evidence"] or "", r["start"], r["end"]
        before, after = text[:start].rstrip(), text[end:].strip()
        failed = {
            "not the abstract's text at its offsets": text[start:end] != evidence,
            "under 25 characters": len(evidence) < 25,
            "starts mid-sentence": bool(before) and before[-1] not in ".!?:;",
            "ends mid-sentence": bool(after) and evidence.rstrip()[-1:] not in ".!?",
        }
        for test, fails in failed.items():
            if fails:
                counts[test] += 1
                examples[test].append(f"{r['id']}: ...{before[-30:]} [{' '.join(evidence.split())[:80]}]")
    print(f"{len(rows)} claims")
    for test in ("not the abstract's text at its offsets", "under 25 characters", "starts mid-sentence",
                 "ends mid-sentence"):
        print(f"{test}: {counts[test]}")
        for line in examples[test][:args.examples]:
            print(f"    {line}")


if __name__ == "__main__":
    main()
