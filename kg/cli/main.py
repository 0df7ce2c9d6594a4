"""`kg`: a thin command-line shell over the library (read -> extract -> resolve -> load -> query).

One module per command group; they share `kg.cli.common` and none imports another.
"""
from __future__ import annotations

import signal
import sys

import click

from kg.cli import curate, db, ingest, leaderboard, lexicon, queries, query, viz
from kg.cli.common import add_logging_options, setup_logging


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.version_option(package_name="claims-kg")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """A claims knowledge graph for machine-learning papers."""
    setup_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    ctx.obj["verbose"] = verbose


for command in (ingest.ingest, ingest.extract, query.query, query.stats, db.db_group, ingest.eval_cmd,
                queries.queries_cmd, queries.export_cmd, viz.viz, lexicon.lexicon_group, leaderboard.leaderboard,
                leaderboard.site, *curate.COMMANDS):
    add_logging_options(command)
    cli.add_command(command)


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
