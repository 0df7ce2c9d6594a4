"""The leaderboard check of issues 12 and 15, for a person to do: the datasets with the most results (or the ones
named), their row and board counts, and the first rows of each page in page order, each with the part of its
abstract around the evidence, to read and mark right (model, value, metric and dataset as the sentence says) or
wrong. Marks are kept in a file (one row a line, tab-separated: paper, dataset, model, value, metric, `right` or
`wrong`, a note), so the check is re-run on a new graph and only rows never read are left to read.

    python benchmarks/leaderboard_check.py --db /tmp/arxiv-db                        # 10 datasets, 10 rows each
    python benchmarks/leaderboard_check.py --db /tmp/arxiv-db --dataset GSM8K --dataset MMLU --rows 20
    python benchmarks/leaderboard_check.py --db /tmp/arxiv-db --marks benchmarks/leaderboard_marks.tsv
    python benchmarks/leaderboard_check.py --db /tmp/arxiv-db --marks benchmarks/leaderboard_marks.tsv \
        --todo /tmp/unmarked.tsv     # also write the rows never read, as lines of the marks file to fill in

Counts are of results reported on the dataset itself and ranked (a dataset's page also shows its variants',
labelled; a dataset named by --dataset is counted as `kg leaderboard NAME` shows it, its variants included;
numbers that are changes or spreads are left out: kg/leaderboard/scores.py). `not ranked` counts the results kept
on the boards but not ranked as a model's score (no model named, no model, another dataset's or model's number:
kg/leaderboard/attribution.py). Rows come in page order: the largest board first, each best first.
"""
from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from kg.leaderboard import Standing, build
from kg.queries.graph import Graph

ABSTRACTS = "MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id AS id, p.abstract AS abstract"
CONTEXT = 150  # characters of abstract shown on each side of the evidence


def row_key(s: Standing) -> tuple[str, str, str, str, str]:
    r = s.best.result
    return r.paper, r.dataset, s.best.model, f"{r.value:g}", r.metric or ""


def read_marks(path: Path | None) -> dict[tuple[str, ...], tuple[str, str]]:
    if path is None or not path.exists():
        return {}
    marks = {}
    with path.open(encoding="utf-8", newline="") as f:
        for line in csv.reader(f, delimiter="\t"):
            if line and not line[0].startswith("#") and len(line) >= 6:
                marks[tuple(line[:5])] = (line[5], line[6] if len(line) > 6 else "")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the graph, as kg --db")
    parser.add_argument("--datasets", type=int, default=10, help="this many datasets with the most results")
    parser.add_argument("--dataset", action="append", default=[], help="these datasets instead (any spelling)")
    parser.add_argument("--rows", type=int, default=10)
    parser.add_argument("--marks", type=Path, help="marks read so far (tab-separated; see above)")
    parser.add_argument("--todo", type=Path, help="write the rows not yet marked here, verdict left empty")
    args = parser.parse_args()
    with Graph.open(args.db) as g:
        results = list(g.run("all_results"))
        by_key = defaultdict(list)
        for r in results:
            by_key[r.dataset_key].append(r)
        boards_of = {key: build(rows) for key, rows in by_key.items()}
        if args.dataset:  # as `kg leaderboard NAME` shows them: aliases followed, variants' boards included
            boards_of = {name: g.leaderboards(name) for name in args.dataset}
            top = [name for name in args.dataset if boards_of[name]]
        else:
            ranked = {k: sum(len(b.entries) for b in boards) for k, boards in boards_of.items()}
            top = sorted((k for k in ranked if ranked[k]), key=lambda k: (-ranked[k], k))[:args.datasets]
        pages = []
        for key in top:
            boards = boards_of[key]
            rows = [(b.title, s) for b in boards for s in b.rows][:args.rows]
            pages.append((key, boards, rows))
        ids = sorted({s.best.result.paper for _, _, rows in pages for _, s in rows})
        abstracts = {r["id"]: " ".join((r["abstract"] or "").split()) for r in g.query(ABSTRACTS, {"ids": ids})}
    marks = read_marks(args.marks)
    print(f"| dataset | results | not ranked | rows | boards | first {args.rows} rows right |\n"
          "| --- | --- | --- | --- | --- | --- |")
    total_right = total_read = 0
    for _, boards, rows in pages:
        verdicts = [marks.get(row_key(s), ("", ""))[0] for _, s in rows]
        right, read = verdicts.count("right"), sum(v in ("right", "wrong") for v in verdicts)
        total_right, total_read = total_right + right, total_read + read
        unread = f" ({len(rows) - read} unmarked)" if read < len(rows) else ""
        print(f"| {boards[0].dataset} | {sum(len(b.entries) for b in boards)} | "
              f"{sum(len(b.unranked) for b in boards)} | {sum(len(b.rows) for b in boards)} "
              f"| {len(boards)} | {right} / {len(rows)}{unread} |")
    print(f"| **all** | | | | | **{total_right} / {total_read}** |")
    if args.todo:
        todo = [row_key(s) for _, _, rows in pages for _, s in rows if row_key(s) not in marks]
        with args.todo.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter="\t", lineterminator="\n").writerows([*key, "", ""] for key in dict.fromkeys(todo))
        print(f"\n{len(set(todo))} rows to mark written to {args.todo}")
    for _, boards, rows in pages:
        print(f"\n### {boards[0].dataset}")
        for i, (title, s) in enumerate(rows, start=1):
            r = s.best.result
            text = abstracts.get(r.paper, "")
            evidence = " ".join((r.evidence or "").split())
            at = text.find(evidence[:40]) if evidence else -1
            around = text[max(0, at - CONTEXT):at + len(evidence) + CONTEXT] if at >= 0 else f"(evidence) {evidence}"
            verdict, note = marks.get(row_key(s), ("unmarked", ""))
            print(f"{i}. [{title}] #{s.rank} {s.best.model} = {r.value:g}{r.unit or ''} ({r.paper}) "
                  f"-> {verdict}{': ' + note if note else ''}\n   key: {chr(9).join(row_key(s))}\n   ...{around}...")


if __name__ == "__main__":
    main()
