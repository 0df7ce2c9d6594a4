"""`kg merge`, `kg split`, `kg retype`, `kg curation show|export|import`: a person's decisions about identity.

Each decision goes to the curation file of the data directory (kg.resolve.curation) and is applied to the
graph at once; every later ingest respects it.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from kg.cli.common import db_option, extractor_option, fail, open_store_or_fail
from kg.extract_workers import lazy_extract
from kg.models import ENTITY_TYPES
from kg.resolve.curate import apply_lines, decide
from kg.resolve.curation import Curation, CurationError, curation_path


def _apply(db: str, extractor: str, action: str, name: str, argument: str) -> None:
    with open_store_or_fail(db) as store:
        try:
            lines = decide(store, action, name, argument)
            report = apply_lines(store, lines, lazy_extract(extractor))
        except CurationError as exc:
            fail(str(exc))
        for line in lines:
            click.echo("recorded: " + " ".join(line))
        click.echo(f"papers resolved again: {report.repointed}; curation file: {curation_path(store)}")


@click.command("merge")
@click.argument("entity")
@click.argument("into")
@db_option
@extractor_option
def merge_cmd(entity: str, into: str, db: str, extractor: str) -> None:
    """Make ENTITY one with INTO (names or keys): its mentions, now and in every later ingest."""
    _apply(db, extractor, "merge", entity, into)


@click.command("split")
@click.argument("entity")
@click.option("--by", "by", type=click.Choice(["expansion", "paper"]), required=True,
              help="expansion: each paper's own expansion of the short form, else context, else the short form's "
                   "own node; paper: one entity per paper.")
@db_option
@extractor_option
def split_cmd(entity: str, by: str, db: str, extractor: str) -> None:
    """Split ENTITY apart: by the expansion each paper gives its short form, or by paper."""
    _apply(db, extractor, "split", entity, by)


@click.command("retype")
@click.argument("entity")
@click.argument("type_", metavar="TYPE", type=click.Choice(ENTITY_TYPES))
@db_option
@extractor_option
def retype_cmd(entity: str, type_: str, db: str, extractor: str) -> None:
    """Give ENTITY the type TYPE, whatever its mentions vote."""
    _apply(db, extractor, "retype", entity, type_)


@click.group("curation")
def curation_group() -> None:
    """Show, export or import the curation file (merge, split and retype decisions)."""


@curation_group.command("show")
@db_option
def curation_show(db: str) -> None:
    """Print the curation file of the store."""
    with open_store_or_fail(db) as store:
        path = curation_path(store)
    click.echo(Curation.read(path).text(), nl=False)


@curation_group.command("export")
@click.argument("target", type=click.Path(dir_okay=False, writable=True), required=False)
@db_option
def curation_export(target: str | None, db: str) -> None:
    """Write the curation file to TARGET (standard output without one)."""
    with open_store_or_fail(db) as store:
        path = curation_path(store)
    if target is None:
        sys.stdout.write(Curation.read(path).text())
    elif path.exists():
        shutil.copyfile(path, target)
    else:
        Path(target).write_text(Curation().text(), encoding="utf-8")


@curation_group.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@db_option
@extractor_option
def curation_import(source: str, db: str, extractor: str) -> None:
    """Add the decisions of SOURCE (a curation file) to this store's and apply them."""
    try:
        incoming = Curation.read(source)
    except CurationError as exc:
        fail(str(exc))
    with open_store_or_fail(db) as store:
        try:
            report = apply_lines(store, incoming.lines, lazy_extract(extractor))
        except CurationError as exc:
            fail(str(exc))
        click.echo(f"imported {len(incoming.lines)} decisions; papers resolved again: {report.repointed}")


COMMANDS = (merge_cmd, split_cmd, retype_cmd, curation_group)
