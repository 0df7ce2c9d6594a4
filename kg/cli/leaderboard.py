"""`kg leaderboard DATASET`: ranked results on a dataset; `kg site OUTDIR`: the whole graph as static pages."""
from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Optional

import click

from kg.cli.common import db_option, fail, open_store_or_fail
from kg.cli.output import write_table
from kg.stores.base import QueryResult

FORMATS = ("table", "json", "csv", "html", "png", "svg")
# Columns of the table format, in order (json and csv carry every field of a row)
TABLE_COLUMNS = ("rank", "model", "value", "published", "paper", "confidence", "evidence")


def _since(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value if len(value) > 7 else (value + "-01" if len(value) == 7 else value + "-01-01"))
    except ValueError:
        fail(f"--since {value!r}: give a date as YYYY-MM-DD (or YYYY-MM, YYYY)", 2)


def _value(record: dict[str, object]) -> str:
    text = f"{record['value']:g}" if isinstance(record["value"], float) else str(record["value"])
    if record.get("unit"):
        text += f" {record['unit']}" if str(record["unit"])[0].isalpha() else str(record["unit"])
    if record.get("score") not in (None, record["value"]):
        text += f" (= {record['score']:g}%)"  # a fraction ranked on a board in percent
    return f"{record['qualifier']} {text}" if record.get("qualifier") else text


@click.command("leaderboard")
@click.argument("dataset")
@click.option("--metric", help="Only this metric (any spelling; else every metric found).")
@click.option("--since", metavar="DATE", help="Only results published on or after DATE (YYYY-MM-DD, YYYY-MM).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table, json and csv to stdout (or -o); html, png and svg to a file.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default for html/png/svg: leaderboard-DATASET.FORMAT).")
@click.option("--top", type=click.IntRange(1), default=None, help="At most this many rows a board.")
@click.option("--boards", "max_boards", type=click.IntRange(1), default=6, show_default=True,
              help="png/svg: chart at most this many boards (the largest).")
@db_option
def leaderboard(dataset: str, metric: Optional[str], since: Optional[str], fmt: str, out: Optional[Path],
                top: Optional[int], max_boards: int, db: str) -> None:
    """Every reported result on DATASET, best first: one board per metric, setting (zero-shot, 5-shot,
    fine-tuned, ...) and unit, one row per model with its best value, the paper, its date, the evidence
    sentence and the extractor's confidence. Lower is better for error, loss, perplexity, latency, ...
    (queries/lower_is_better.txt). DATASET takes any spelling or alias, and its variants' results come too,
    labelled as such (ImageNet finds ImageNet-1K).

    \b
    Examples:
      kg leaderboard GSM8K
      kg leaderboard ImageNet --metric "top-1 accuracy" --since 2025-06
      kg leaderboard GSM8K --format png -o gsm8k.png
    """
    from kg.leaderboard import leaderboards
    from kg.queries.graph import Graph

    day = _since(since)
    with open_store_or_fail(db) as store:
        try:
            boards = leaderboards(Graph(store), dataset, metric=metric, since=day)
        except ValueError as exc:
            fail(str(exc), 2)
    if not boards:
        what = f" under the metric {metric!r}" if metric else ""
        when = f" published since {since}" if since else ""
        fail(f"no results on {dataset!r}{what}{when} (is it a dataset in the graph? try `kg query search "
             f"--param text=...`)")
    if top:
        for board in boards:
            board.rows = board.rows[:top]
    if fmt in ("html", "png", "svg"):
        target = out or Path(f"leaderboard-{_slug(dataset)}.{fmt}")
        if not target.parent.is_dir():
            fail(f"cannot write {target}: {target.parent} is not a directory", 2)
        if fmt == "html":
            from kg.site.pages import leaderboard_page

            target.write_text(leaderboard_page(dataset, boards), encoding="utf-8")
        else:
            from kg.leaderboard.chart import has_chart, save

            charted = [b for b in boards if has_chart(b)][:max_boards] or boards[:1]
            save(charted, str(target), fmt)
        click.echo(f"wrote {target.resolve()} ({len(boards)} board{'s' if len(boards) != 1 else ''})")
        return
    stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "json":
            json.dump([b.record() for b in boards], stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        elif fmt == "csv":
            records = [s.record() for b in boards for s in b.rows]
            writer = csv.DictWriter(stream, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        else:
            for i, board in enumerate(boards):
                stream.write(("\n" if i else "") + f"== {board.title} ({board.direction})\n")
                rows = [[s.rank, s.best.model, _value(s.record()), s.best.result.published, s.best.result.paper,
                         None if s.best.result.confidence is None else round(s.best.result.confidence, 2),
                         s.best.result.evidence] for s in board.rows]
                write_table(QueryResult(columns=list(TABLE_COLUMNS), rows=rows), stream)
                if board.unranked:
                    stream.write(f"({board.not_ranked()})\n")
    finally:
        if out:
            stream.close()


def _slug(name: str) -> str:
    from kg.extractors.normalize import entity_key

    return entity_key(name) or "dataset"


@click.command("site")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--min-results", type=click.IntRange(1), default=1, show_default=True,
              help="Give a dataset a page when it has at least this many results.")
@db_option
def site(outdir: Path, min_results: int, db: str) -> None:
    """Write the graph as a static site in OUTDIR: an index of datasets and tasks with search, a page per
    dataset (its leaderboards with state-of-the-art charts) and per entity (claims, papers, variants, whom it
    beats, who beats it, with evidence). Open OUTDIR/index.html from disk: no server, no network."""
    from kg.queries.graph import Graph
    from kg.site.build import build_site

    started = time.perf_counter()
    with open_store_or_fail(db) as store:
        try:
            report = build_site(Graph(store), outdir, min_results=min_results)
        except OSError as exc:
            fail(f"cannot write {outdir}: {exc.strerror or exc}")
    click.echo(f"wrote {report} to {outdir.resolve()} in {time.perf_counter() - started:.1f} s")
