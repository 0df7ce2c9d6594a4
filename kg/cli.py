"""`kg`: a thin command-line shell over the library (read -> extract -> load -> query)."""
from __future__ import annotations

import json
import logging
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import click

from kg import output
from kg.stores import DEFAULT_DATA_DIR, GraphStore, ReadOnlyViolation, StoreError, open_store

log = logging.getLogger("kg")

db_option = click.option(
    "--db", envvar="KG_DB", default=DEFAULT_DATA_DIR, show_default=True, metavar="URI",
    help="Embedded store directory, or bolt:// neo4j:// neo4j+s:// (Neo4j), falkordb://host:port, unix:///sock.")


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s",
                        stream=sys.stderr)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"kg: {message}", err=True)
    sys.exit(code)


@contextmanager
def _store(db: str) -> Iterator[GraphStore]:
    try:
        store = open_store(db)
    except StoreError as exc:
        _fail(str(exc))
    try:
        yield store
    except ReadOnlyViolation as exc:
        _fail(str(exc))
    except StoreError as exc:
        _fail(str(exc))
    finally:
        store.close()


def _parse_params(items: tuple[str, ...]) -> dict[str, Any]:
    """`k=v`: v is read as JSON when it is a number, boolean, null, list or quoted string; else as text."""
    params: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.isidentifier():
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
        try:
            value = json.loads(raw)
            if isinstance(value, dict):
                value = raw
        except ValueError:
            value = raw
        params[name] = value
    return params


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.version_option(package_name="claims-kg")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """A claims knowledge graph for machine-learning papers."""
    _setup_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


# -- ingest / extract ----------------------------------------------------------------------------

format_option = click.option("--format", "fmt", type=click.Choice(["auto", "daily", "jsonl", "arxiv", "csv"]),
                             default="auto", show_default=True, help="Input format.")
workers_option = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                              help="Extraction processes.")
extractor_option = click.option("--extractor", default="rules", show_default=True,
                                help="'rules' or a plug-in as module:Class.")


def _problem_printer(quiet: bool):
    def show(problem) -> None:
        click.echo(f"kg: {problem}", err=True)
    return show


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    with _store(db) as store, output.progress("papers", disable=quiet) as bar:
        try:
            report = run_ingest(list(paths), store, fmt=fmt, extractor=extractor, workers=workers,
                                batch_size=batch_size, force=force, on_problem=_problem_printer(quiet),
                                progress=bar.update, bulk=bulk)
        except ValueError as exc:  # a bad --extractor
            _fail(str(exc), 2)
    if not quiet:
        click.echo(report.summary(), err=True)
    if report.read == 0 and report.problems:
        _fail("nothing could be read")
    if strict and report.problems:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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

    problems = []

    def on_problem(problem) -> None:
        problems.append(problem)
        click.echo(f"kg: {problem}", err=True)

    written = 0
    try:
        stream = out.open("w", encoding="utf-8") if out else sys.stdout
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror}")
    try:
        for extraction in extract_papers(list(paths), fmt=fmt, extractor=extractor, workers=workers,
                                         on_problem=on_problem):
            stream.write(extraction.model_dump_json(exclude={"extractor"}) + "\n")
            written += 1
    except ValueError as exc:
        _fail(str(exc), 2)
    finally:
        if out:
            stream.close()
    if not ctx.obj["quiet"]:
        click.echo(f"papers extracted: {written}, errors: {len(problems)}", err=True)
    if written == 0 and problems:
        _fail("nothing could be read")


# -- query / stats --------------------------------------------------------------------------------

@cli.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--write", is_flag=True, help="Allow the query to modify the graph.")
@click.option("--timeout", "timeout_ms", type=click.IntRange(1), default=None, help="Query timeout in ms.")
@click.option("--all-columns", is_flag=True,
              help="In a table, also show the key and id columns named queries return for linking.")
@db_option
def query(query: str, params: tuple[str, ...], fmt: str, write: bool, timeout_ms: Optional[int],
          all_columns: bool, db: str) -> None:
    """Run QUERY: a Cypher statement, or the name of a query in queries/ (see `kg queries`)."""
    from queries import find_query

    named = find_query(query)
    cypher = named.cypher if named else query
    values = _parse_params(params)
    if named:
        try:
            values = named.bind(values)
        except ValueError as exc:
            _fail(str(exc), 2)
    with _store(db) as store:
        result = store.query(cypher, values, write=write, timeout_ms=timeout_ms)
    if named and fmt == "table" and not all_columns:
        result = output.without_link_columns(result)
    output.write_result(result, fmt, sys.stdout)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(db: str, fmt: str) -> None:
    """Counts of nodes by label and of relationships by type."""
    from kg.graph_stats import graph_stats

    with _store(db) as store:
        counts = graph_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    for section in ("nodes", "relationships"):
        click.echo(f"{section}:")
        for name, count in counts[section].items():
            click.echo(f"  {name:<14} {count:>9,}")


# -- the embedded server -------------------------------------------------------------------------

@cli.group("db")
def db_group() -> None:
    """Start, stop or inspect the embedded store's server."""


def _embedded(db: str):
    from kg.stores.embedded_server import EmbeddedServer
    from kg.stores.neo4j_store import redact

    if "://" in db:
        _fail(f"--db {redact(db)} is not an embedded store; `kg db` manages the embedded server only", 2)
    return EmbeddedServer(db[len("embedded:"):] if db.startswith("embedded:") else db)


@db_group.command("start")
@db_option
def db_start(db: str) -> None:
    """Start the server and keep it running between commands (until `kg db stop`)."""
    server = _embedded(db)
    try:
        server.start(keep_running=True)
    except StoreError as exc:
        _fail(str(exc))
    status = server.status()
    click.echo(f"running (pid {status['pid']}) on {status['socket']}")


@db_group.command("stop")
@db_option
def db_stop(db: str) -> None:
    """Compact the log and stop the server (refused while another kg process uses it)."""
    try:
        was_running = _embedded(db).stop()
    except StoreError as exc:
        _fail(str(exc))
    click.echo("stopped" if was_running else "not running")


@db_group.command("status")
@db_option
@click.option("--json", "as_json", is_flag=True)
def db_status(db: str, as_json: bool) -> None:
    """Whether the server is running, where, and how big the store is."""
    status = _embedded(db).status()
    if as_json:
        click.echo(json.dumps(status, indent=2))
        return
    state = status["state"]
    click.echo(f"{state}" + (f" (pid {status['pid']})" if status["pid"] else ""))
    click.echo(f"data:   {status['data_dir']} ({status['disk_bytes']:,} bytes on disk)")
    click.echo(f"socket: {status['socket']}")
    if status["keep_running"]:
        click.echo("kept running by `kg db start`")


# -- evaluation -----------------------------------------------------------------------------------

@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@extractor_option
@click.option("--misses", type=click.Path(dir_okay=False, path_type=Path),
              help="Write per-abstract false positives and negatives (JSON Lines) here.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_cmd(gold: Path, extractor: str, misses: Optional[Path], as_json: bool) -> None:
    """Score extraction against gold annotations (see ANNOTATION.md)."""
    from extractors.base import load_extractor
    from kg.eval import GoldFormatError, evaluate

    try:
        report = evaluate(gold, load_extractor(extractor))
    except GoldFormatError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc), 2)
    if misses:
        report.write_misses(misses)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.to_text())


from kg.cli_viz import register as _register_viz  # noqa: E402  (`kg viz` lives in its own module)

_register_viz(cli)

from kg.cli_queries import register as _register_queries  # noqa: E402  (`kg queries`, `kg export`)

_register_queries(cli)


def main() -> None:
    # SIGTERM should unwind like Ctrl-C so the embedded server is released cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        # Not standalone: click would turn Ctrl-C into "Aborted!" and exit code 1.
        cli.main(obj={}, standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("kg: interrupted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
