"""`kg viz`: draw a query result, or an entity's neighbourhood, as one self-contained HTML page."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from kg.cli.common import db_option, fail, open_store_or_fail, parse_params
from kg.viz.graph import DEFAULT_AROUND_NODES, DEFAULT_MAX_NODES, DEFAULT_MAX_RELATIONSHIPS

DEFAULT_QUERY = "starter_overview"


@click.command("viz")
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter (repeatable).")
@click.option("--around", metavar="NAME", help="Draw the neighbourhood of this entity (any spelling) instead.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="Hops from the --around entity.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default="graph.html",
              show_default=True, help="The HTML file to write.")
# The page lays out every pair of nodes in the browser: a few thousand nodes take seconds, more would freeze it.
@click.option("--max-nodes", type=click.IntRange(1, 5000), default=None,
              help=f"Draw at most this many nodes (default {DEFAULT_MAX_NODES}; with --around, the "
                   f"{DEFAULT_AROUND_NODES} nearest); the rest are left out, with a note on the page. Layouts of "
                   "thousands of nodes take seconds.")
@click.option("--max-relationships", type=click.IntRange(1, 100_000), default=DEFAULT_MAX_RELATIONSHIPS, show_default=True,
              help="Draw at most this many relationships.")
@click.option("--connect/--no-connect", "connect_nodes", default=True, show_default=True,
              help="Also draw the relationships between the returned nodes, as Neo4j Browser does.")
@click.option("--title", help="Title shown on the page (default: the query's name).")
@click.option("--timeout", "timeout_ms", type=click.IntRange(1), default=None, help="Query timeout in ms.")
@db_option
def viz(query: Optional[str], params: tuple[str, ...], around: Optional[str], depth: int, out: Path,
        max_nodes: Optional[int], max_relationships: int, connect_nodes: bool, title: Optional[str],
        timeout_ms: Optional[int], db: str) -> None:
    """Write QUERY's result as an HTML graph you open from disk (no server, no network).

    QUERY is the name of a query in queries/ (see `kg queries`) or Cypher that returns nodes, relationships
    or paths; without QUERY (and without --around) it draws starter_overview: who beats whom, on what.
    Nodes are coloured by label as in browser/claims.grass; hover a node or edge for its details.

    \b
    Examples:
      kg viz -o demo-view.html
      kg viz starter_leaderboard --param dataset=ImageNet -o imagenet.html
      kg viz --around "GPT-4" --depth 2 -o gpt4.html
      kg viz "MATCH p=(:Model)-[:OUTPERFORMS]->(:Model) RETURN p LIMIT 50"
    """
    from kg.queries.lookup import UnknownQuery, missing_entities, named_or_cypher
    from kg.stores import ReadOnlyViolation
    from kg.viz import EntityNotFound, NothingToDraw, around_view, query_view

    if around and query:
        fail("give a QUERY or --around NAME, not both", 2)
    if around is None and depth != 1:
        fail("--depth goes with --around NAME", 2)
    values = parse_params(params)
    if around is not None and values:
        fail("--param goes with a QUERY, not with --around", 2)
    query = query or (None if around is not None else DEFAULT_QUERY)
    try:
        named = named_or_cypher(query) if query else None
    except UnknownQuery as exc:
        fail(str(exc), 2)
    if named:
        try:
            values = named.bind(values)
        except ValueError as exc:
            fail(str(exc), 2)
    if query and not named and not query.strip():
        fail("the query is empty", 2)
    if not out.parent.is_dir():
        fail(f"cannot write {out}: {out.parent} is not a directory", 2)

    if max_nodes is None:
        max_nodes = DEFAULT_AROUND_NODES if around is not None else DEFAULT_MAX_NODES
    with open_store_or_fail(db) as store:
        try:
            if around is not None:
                view = around_view(store, around, depth, max_nodes=max_nodes, max_relationships=max_relationships,
                                   connect_nodes=connect_nodes)
            else:
                cypher = named.cypher if named else (query or "")
                page_title = title or (named.name if named else "Query result")
                subtitle = named.description if named else " ".join(cypher.split())
                view = query_view(store, cypher, values, title=page_title, subtitle=subtitle,
                                  timeout_ms=timeout_ms, max_nodes=max_nodes,
                                  max_relationships=max_relationships, connect_nodes=connect_nodes)
        except NothingToDraw as exc:
            missing = missing_entities(store, named, parse_params(params)) if named else []
            if missing:
                fail("; ".join(missing))
            if named and named.name == DEFAULT_QUERY and not params:
                fail("the graph has no OUTPERFORMS claims to draw yet: ingest abstracts first (kg ingest PATH), "
                      "or give a QUERY or --around NAME")
            fail(str(exc))
        except EntityNotFound as exc:
            fail(str(exc))
        except ReadOnlyViolation:
            fail("this query writes to the graph; kg viz only draws queries that read (write with `kg query --write`)")
        except ValueError as exc:
            fail(str(exc), 2)
    if title and around is not None:
        view.data["title"] = title
    try:
        size = view.write(out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    for note in view.notes:
        click.echo(f"kg: {note}", err=True)
    nodes, edges = view.counts
    click.echo(f"wrote {out.resolve()} ({nodes} nodes, {edges} relationships, {size / 1024:.0f} kB)")

