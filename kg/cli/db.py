"""`kg db start|stop|status`: the embedded store's server."""
from __future__ import annotations

import json

import click

from kg.cli.common import db_option, fail
from kg.stores import StoreError
from kg.stores.embedded_server import EmbeddedServer

# -- the embedded server -------------------------------------------------------------------------

@click.group("db")
def db_group() -> None:
    """Start, stop or inspect the embedded store's server."""


def embedded_server(db: str) -> EmbeddedServer:
    from kg.stores.neo4j_store import redact

    if "://" in db:
        fail(f"--db {redact(db)} is not an embedded store; `kg db` manages the embedded server only", 2)
    try:
        return EmbeddedServer(db[len("embedded:"):] if db.startswith("embedded:") else db)
    except StoreError as exc:
        fail(str(exc))


@db_group.command("start")
@db_option
def db_start(db: str) -> None:
    """Start the server and keep it running until `kg db stop` (without it, the server any command starts
    stops by itself after $KG_IDLE seconds without use, default 600)."""
    server = embedded_server(db)
    try:
        server.start(keep_running=True)
    except StoreError as exc:
        fail(str(exc))
    status = server.status()
    click.echo(f"running (pid {status['pid']}) on {status['socket']}")


@db_group.command("stop")
@db_option
def db_stop(db: str) -> None:
    """Compact the log and stop the server (refused while another kg process uses it)."""
    try:
        was_running = embedded_server(db).stop()
    except StoreError as exc:
        fail(str(exc))
    click.echo("stopped" if was_running else "not running")


@db_group.command("status")
@db_option
@click.option("--json", "as_json", is_flag=True)
def db_status(db: str, as_json: bool) -> None:
    """Whether the server is running, where, how big the store is, and when it stops by itself."""
    try:
        status = embedded_server(db).status()
    except StoreError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(status, indent=2))
        return
    state = status["state"]
    click.echo(f"{state}" + (f" (pid {status['pid']})" if status["pid"] else ""))
    click.echo(f"data:   {status['data_dir']} ({status['disk_bytes']:,} bytes on disk)")
    click.echo(f"socket: {status['socket']}")
    if status["keep_running"]:
        click.echo("kept running by `kg db start` (until `kg db stop`)")
    idle = status.get("idle")
    if idle:
        if idle["in_use"]:
            click.echo(f"in use; stops after {idle['idle_s']:g} s without use (KG_IDLE)")
        elif "stops_in_s" in idle:
            click.echo(f"idle; stops in {idle['stops_in_s']:.0f} s (after {idle['idle_s']:g} s without use, KG_IDLE)")


