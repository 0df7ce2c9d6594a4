"""`kg ingest`, `kg extract` and `kg eval`: read -> extract (-> load), and extraction scored against gold."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import click

from kg.cli import output
from kg.cli.common import db_option, extractor_option, fail, format_option, open_store_or_fail, workers_option
from kg.cli.problems import ProblemPrinter
from kg.read import ReadProblem

if TYPE_CHECKING:
    from kg.eval.folds import CVReport
    from kg.eval.score import EvalReport


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))
@db_option
@format_option
@workers_option
@extractor_option
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Papers per atomic write.")
@click.option("--force", is_flag=True, help="Re-extract and rewrite papers even when unchanged.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any record had a problem.")
@click.option("--bulk/--no-bulk", default=None,
              help="First load of an empty embedded graph through FalkorDB's bulk insert (default: when the "
                   "graph is empty and the input is 16 MiB or more).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], db: str, fmt: str, workers: int, extractor: str,
           batch_size: int, force: bool, strict: bool, bulk: Optional[bool]) -> None:
    """Read PATHS (files or directories), extract entities and claims, load them into the graph."""
    from kg.pipeline import ingest as run_ingest

    quiet = ctx.obj["quiet"]
    printer = ProblemPrinter()
    with open_store_or_fail(db) as store, output.progress("papers", disable=quiet) as bar:
        try:
            report = run_ingest(list(paths), store, fmt=fmt, extractor=extractor, workers=workers,
                                batch_size=batch_size, force=force, on_problem=printer,
                                progress=bar.update, bulk=bulk)
        except ValueError as exc:  # a bad --extractor
            fail(str(exc), 2)
    printer.finish()
    if not quiet:
        click.echo(report.summary(), err=True)
    if report.read == 0 and report.problems:
        fail("nothing could be read")
    if strict and report.problems:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write JSON Lines here (default: standard output).")
@format_option
@workers_option
@extractor_option
@click.pass_context
def extract(ctx: click.Context, paths: tuple[Path, ...], out: Optional[Path], fmt: str, workers: int,
            extractor: str) -> None:
    """Extraction only, no database: one JSON object per paper."""
    from kg.pipeline import extract_papers

    problems: list[object] = []
    printer = ProblemPrinter()

    def on_problem(problem: ReadProblem) -> None:
        problems.append(problem)
        printer(problem)

    written = 0
    try:
        stream = out.open("w", encoding="utf-8") if out else sys.stdout
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    try:
        for extraction in extract_papers(list(paths), fmt=fmt, extractor=extractor, workers=workers,
                                         on_problem=on_problem):
            stream.write(extraction.model_dump_json(exclude={"extractor"}) + "\n")
            written += 1
    except ValueError as exc:
        fail(str(exc), 2)
    finally:
        if out:
            stream.close()
    printer.finish()
    if not ctx.obj["quiet"]:
        click.echo(f"papers extracted: {written}, errors: {len(problems)}", err=True)
    if written == 0 and problems:
        fail("nothing could be read")


# -- query / stats --------------------------------------------------------------------------------


@click.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@extractor_option
@click.option("--folds", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="K-fold cross-validation over the records of all GOLD files: mean and spread of each figure "
                   "over the K held-out folds (1: score all records as one set).")
@click.option("--seed", type=int, default=0, show_default=True, help="Shuffle of the records into folds.")
@click.option("--misses", type=click.Path(dir_okay=False, path_type=Path),
              help="Write per-abstract false positives and negatives (JSON Lines) here.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_cmd(gold: tuple[Path, ...], extractor: str, folds: int, seed: int, misses: Optional[Path],
             as_json: bool) -> None:
    """Score extraction against gold annotations (format and scoring: docs/annotation.md), or cross-validate it (--folds K)."""
    from kg.eval import GoldFormatError, cross_validate, evaluate, score_all
    from kg.extractors.base import load_extractor

    report: EvalReport | CVReport
    try:
        chosen = load_extractor(extractor)
        if folds >= 2:
            report = cross_validate(list(gold), chosen, k=folds, seed=seed)
        elif len(gold) == 1:
            report = evaluate(gold[0], chosen)
        else:
            report = score_all(list(gold), chosen)
    except GoldFormatError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc), 2)
    if misses:
        report.write_misses(misses)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.to_text())
