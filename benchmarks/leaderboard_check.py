"""The leaderboard check of issue 15, for a person to do: the datasets with the most results, their row and board
counts, and the first rows of each page in page order, each with the part of its abstract around the evidence, to
read and mark right (model, value, metric and dataset as the sentence says) or wrong.

    python benchmarks/leaderboard_check.py --db /tmp/arxiv-db            # 10 datasets, 10 rows each
    python benchmarks/leaderboard_check.py --db /tmp/arxiv-db --datasets 5 --rows 20

Counts are of results reported on the dataset itself (a dataset's page also shows its variants', labelled).
"""
from __future__ import annotations

import argparse
from collections import Counter

from kg.leaderboard import build
from kg.queries.graph import Graph

ABSTRACTS = "MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id AS id, p.abstract AS abstract"
CONTEXT = 150  # characters of abstract shown on each side of the evidence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the graph, as kg --db")
    parser.add_argument("--datasets", type=int, default=10)
    parser.add_argument("--rows", type=int, default=10)
    args = parser.parse_args()
    with Graph.open(args.db) as g:
        results = list(g.run("all_results"))
        counts = Counter(r.dataset_key for r in results)
        top = sorted(counts, key=lambda k: (-counts[k], k))[:args.datasets]
        pages = []
        for key in top:
            boards = build(r for r in results if r.dataset_key == key)
            rows = [(b.title, s) for b in boards for s in b.rows][:args.rows]
            pages.append((key, boards, rows))
        ids = sorted({s.best.result.paper for _, _, rows in pages for _, s in rows})
        abstracts = {r["id"]: " ".join((r["abstract"] or "").split()) for r in g.query(ABSTRACTS, {"ids": ids})}
    print("| dataset | results | rows | boards |\n| --- | --- | --- | --- |")
    for key, boards, _ in pages:
        print(f"| {boards[0].dataset} | {counts[key]} | {sum(len(b.rows) for b in boards)} | {len(boards)} |")
    for _, boards, rows in pages:
        print(f"\n### {boards[0].dataset}")
        for i, (title, s) in enumerate(rows, start=1):
            r = s.best.result
            text = abstracts.get(r.paper, "")
            evidence = " ".join((r.evidence or "").split())
            at = text.find(evidence[:40]) if evidence else -1
            around = text[max(0, at - CONTEXT):at + len(evidence) + CONTEXT] if at >= 0 else f"(evidence) {evidence}"
            unit = r.unit or ""
            print(f"{i}. [{title}] #{s.rank} {s.best.model} = {r.value:g}{unit} ({r.paper})\n   ...{around}...")


if __name__ == "__main__":
    main()
