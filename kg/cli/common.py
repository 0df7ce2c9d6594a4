"""What every `kg` command shares: the common options, opening a store, parameters, failing with a message."""
from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from typing import Any, Iterator, NoReturn

import click

from kg.stores import DEFAULT_DATA_DIR, GraphStore, ReadOnlyViolation, StoreError, open_store

db_option = click.option(
    "--db", envvar="KG_DB", show_envvar=True, default=DEFAULT_DATA_DIR, show_default=True, metavar="URI",
    help="Embedded store directory, or bolt:// neo4j:// neo4j+s:// (Neo4j), falkordb://host:port, unix:///sock.")
format_option = click.option("--format", "fmt", type=click.Choice(["auto", "daily", "jsonl", "arxiv", "csv", "tsv"]),
                             default="auto", show_default=True,
                             help="Input format (auto: by extension, then content; .gz files are decompressed).")
workers_option = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                              help="Extraction processes.")
extractor_option = click.option("--extractor", default="rules", show_default=True,
                                help="'rules' or a plug-in as module:Class.")


def setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s",
                        stream=sys.stderr)
    logging.getLogger().setLevel(level)  # a second call (-v after the subcommand) changes the level


def _logging_option_given(ctx: click.Context, param: click.Parameter, value: int | bool) -> None:
    if not value:
        return
    obj = ctx.ensure_object(dict)  # the root's dict: every command of one `kg` run shares it
    if param.name == "verbose":
        obj["verbose"] = int(obj.get("verbose", 0)) + int(value)
    else:
        obj["quiet"] = True
    setup_logging(int(obj.get("verbose", 0)), bool(obj.get("quiet", False)))


def add_logging_options(command: click.Command) -> None:
    """`-v` and `-q` on `command` (and the commands of a group) too, so they work after the subcommand as well
    as before it (`kg ingest x -q` and `kg -q ingest x`)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_logging_options(sub)
        return
    command.params.extend([
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_logging_option_given,
                     help="More log output (-vv for debug)."),
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_logging_option_given,
                     help="Only errors."),
    ])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `kg: message` on standard error and exit with `code` (1: failed, 2: bad usage)."""
    click.echo(f"kg: {message}", err=True)
    sys.exit(code)


@contextmanager
def open_store_or_fail(db: str) -> Iterator[GraphStore]:
    """The store `db` names, closed on exit; a store error becomes a one-line message and exit 1."""
    try:
        store = open_store(db)
    except StoreError as exc:
        fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - a store or disk failure is one line; anything else is a bug
        fail(_described(exc))
    try:
        yield store
    except ReadOnlyViolation as exc:
        fail(str(exc))
    except StoreError as exc:
        fail(str(exc))
    except Exception as exc:  # noqa: BLE001
        fail(_described(exc))
    finally:
        try:
            store.close()
        except Exception:  # noqa: BLE001 - closing a store whose server died: nothing more to say
            pass


def _described(exc: Exception) -> str:
    from kg.stores.errors import describe

    message = describe(exc)
    if message is None:
        raise exc
    return message


def parse_params(items: tuple[str, ...]) -> dict[str, Any]:
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
