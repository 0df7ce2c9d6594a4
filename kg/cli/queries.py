"""`kg queries` (the named queries: list, show, paste into Neo4j Browser) and `kg export` (GraphML, GEXF, JSON Lines).

Thin shells over `queries` and `kg.export.formats`.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from kg.cli.common import db_option, fail, open_store_or_fail, parse_params
from kg.queries import NamedQuery


def _describe_param(query: NamedQuery, param: str) -> str:
    from kg.queries import DERIVED, user_name

    name = user_name(param)
    optional = param in query.optional
    default = query.defaults.get(param)
    text = f"{name}{'?' if optional else ''}"
    if default is not None:
        text += f" (default {default})"
    if param in DERIVED:
        text += " (filled in)"
    return f"{text}: {query.param_help.get(param, '')}".rstrip(": ")


@click.command("queries")
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="With NAME: print `:param` lines for Neo4j Browser with these values, then the query.")
@click.option("--json", "as_json", is_flag=True, help="List the queries as JSON.")
def queries_cmd(name: Optional[str], params: tuple[str, ...], as_json: bool) -> None:
    """List the named queries of queries/, or show one (its parameters, example and Cypher).

    Every query runs with `kg query NAME --param k=v`, from Python (`kg.graph.Graph`), and pasted into
    Neo4j Browser: `kg queries NAME --param k=v` prints the `:param` lines to paste first (entity names
    become keys there, the way `kg query` turns them into keys).

    \b
    Examples:
      kg queries
      kg queries leaderboard
      kg queries outperformers --param entity="LLaMA 3 8B" | pbcopy
    """
    import json

    from kg.queries import all_queries, find_query

    if name is None:
        if params:
            fail("--param goes with a query NAME", 2)
        found = all_queries()
        if as_json:
            click.echo(json.dumps([{"name": q.name, "description": q.description, "params": list(q.inputs()),
                                    "required": [p for p in q.inputs() if p in map(_user, q.required)],
                                    "example": q.example, "file": q.path.name if q.path else None}
                                   for q in found.values()], indent=2))
            return
        width = max(len(n) for n in found)
        for query in found.values():
            args = ", ".join(f"{p}?" if p not in map(_user, query.required) else p for p in query.inputs())
            click.echo(f"{query.name:<{width}}  ({args})")
            click.echo(f"{'':<{width}}  {query.description}")
        click.echo(f"\n{len(found)} queries; `kg queries NAME` shows one, `kg query NAME --param k=v` runs it.")
        return
    chosen = find_query(name)
    if chosen is None:
        from kg.queries.lookup import closest_query_names

        close = closest_query_names(name)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "`kg queries` lists them"
        fail(f"no query named {name!r}; {hint}", 2)
    if params:
        try:
            click.echo(chosen.browser_params(parse_params(params)))
        except ValueError as exc:
            fail(str(exc), 2)
        click.echo()
        click.echo(chosen.cypher.rstrip())
        return
    click.echo(f"{chosen.name}: {chosen.description}")
    if chosen.params:
        click.echo("parameters:")
        for param in chosen.params:
            click.echo(f"  {_describe_param(chosen, param)}")
    if chosen.example is not None:
        example = f" {chosen.example}" if chosen.example else ""
        args = "".join(f" --param {item}" for item in _split(example))
        click.echo(f"example: kg query {chosen.name}{args}")
    click.echo(f"file: queries/{chosen.path.name if chosen.path else name + '.cypher'}\n")
    click.echo(chosen.cypher.rstrip())


def _user(param: str) -> str:
    from kg.queries import user_name

    return user_name(param)


def _split(example: str) -> list[str]:
    import shlex

    return [shlex.quote(item) for item in shlex.split(example)]


@click.command("export")
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "jsonl"]), default=None,
              help="Output format (default: from the -o file name, else graphml).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--timeout", "timeout_ms", type=click.IntRange(1), default=None, help="Query timeout in ms.")
@db_option
def export_cmd(query: Optional[str], params: tuple[str, ...], fmt: Optional[str], out: Optional[Path],
               timeout_ms: Optional[int], db: str) -> None:
    """Export the whole graph, or what QUERY returns, as GraphML or GEXF (Gephi, yEd, Cytoscape) or JSON Lines.

    QUERY is a named query (`kg queries`) or read-only Cypher. A result of nodes, relationships or paths
    is exported as it is; a result of values (like the named queries') as the entities, papers and claims
    its key, paper and claim columns name, with every relationship among them.

    \b
    Examples:
      kg export -o claims.graphml
      kg export --format gexf -o claims.gexf
      kg export outperformers --param entity=GPT-4 -o gpt4.graphml
      kg export "MATCH p=(:Model)-[:OUTPERFORMS]->(:Model) RETURN p" --format jsonl
    """
    from kg.export.formats import ExportError, format_for, graph_to_networkx, result_to_networkx, write_graph
    from kg.queries.lookup import UnknownQuery, named_or_cypher

    if query is None and params:
        fail("--param goes with a QUERY", 2)
    fmt = format_for(out, fmt)
    values = parse_params(params)
    with open_store_or_fail(db) as store:
        if query is None:
            graph = graph_to_networkx(store)
        else:
            try:
                named = named_or_cypher(query)
            except UnknownQuery as exc:
                fail(str(exc), 2)
            if named is not None:
                try:
                    values = named.bind(values)
                except ValueError as exc:
                    fail(str(exc), 2)
            result = store.query(named.cypher if named else query, values, timeout_ms=timeout_ms)
            try:
                graph = result_to_networkx(result, store)
            except ExportError as exc:
                fail(str(exc), 1)
    try:
        write_graph(graph, out if out else sys.stdout.buffer, fmt)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    if out:
        click.echo(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships "
                   f"to {out} ({fmt})", err=True)
    else:
        sys.stdout.flush()

