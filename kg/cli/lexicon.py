"""`kg lexicon build CORPUS... [-o DIR]`: mine acronyms, type evidence, spellings and names from abstracts."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any, Callable

import click

from kg.extractors.mining.build import Thresholds


@click.group("lexicon")
def lexicon_group() -> None:
    """The lexicon learnt from unlabelled abstracts (kg/extractors/data/lexicon ships one)."""


def _threshold_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for f in reversed(fields(Thresholds)):
        command = click.option("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default,
                               show_default=True, help="Minimum papers (or share) for a row to be kept.")(command)
    return command


@lexicon_group.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory (default: the package's kg/extractors/data/lexicon).")
@_threshold_options
def build(paths: tuple[Path, ...], out: Path | None, **thresholds: float) -> None:
    """Mine PATHS (files or directories in any format kg reads, gzip included) and write the lexicon."""
    from kg.extractors.mining.run import DEFAULT_OUT, build_files

    report = build_files(list(paths), out or DEFAULT_OUT, Thresholds(**thresholds))  # type: ignore[arg-type]
    click.echo(report.summary())
