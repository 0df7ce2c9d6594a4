"""`kg query` (Cypher or a named query) and `kg stats` (counts by label and type)."""
from __future__ import annotations

import json
import sys
from typing import Optional

import click

from kg.cli import output
from kg.cli.common import db_option, fail, open_store_or_fail, parse_params


@click.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--write", is_flag=True, help="Allow the query to modify the graph.")
@click.option("--timeout", "timeout_ms", type=click.IntRange(1), default=None, help="Query timeout in ms.")
@click.option("--all-columns", is_flag=True,
              help="In a table, also show the key and id columns named queries return for linking.")
@click.option("--strict", is_flag=True, help="Exit 1 when an entity a named query asks about is not in the graph.")
@db_option
def query(query: str, params: tuple[str, ...], fmt: str, write: bool, timeout_ms: Optional[int],
          all_columns: bool, strict: bool, db: str) -> None:
    """Run QUERY: a Cypher statement, or the name of a query in queries/ (see `kg queries`)."""
    from kg.queries.lookup import UnknownQuery, missing_entities, named_or_cypher

    try:
        named = named_or_cypher(query)
    except UnknownQuery as exc:
        fail(str(exc), 2)
    cypher = named.cypher if named else query
    given = values = parse_params(params)
    if named:
        try:
            values = named.bind(values)
        except ValueError as exc:
            fail(str(exc), 2)
    missing: list[str] = []
    with open_store_or_fail(db) as store:
        result = store.query(cypher, values, write=write, timeout_ms=timeout_ms)
        if named and not result.rows:  # no rows: say so when it is because a name matches no entity
            missing = missing_entities(store, named, given)
    if named and fmt == "table" and not all_columns:
        result = output.without_link_columns(result)
    output.write_result(result, fmt, sys.stdout)
    for message in missing:
        click.echo(f"kg: {message}", err=True)
    if missing and strict:
        sys.exit(1)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(db: str, fmt: str) -> None:
    """Counts of nodes by label and of relationships by type."""
    from kg.queries.stats import graph_stats

    with open_store_or_fail(db) as store:
        counts = graph_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    for section in ("nodes", "relationships"):
        click.echo(f"{section}:")
        for name, count in counts[section].items():
            click.echo(f"  {name:<14} {count:>9,}")


