"""`kg`: a thin command-line shell over the library (read -> extract -> resolve -> load -> query).

One module per command group; they share `kg.cli.common` and none imports another. A command's module is
imported when that command runs (`kg --help` imports them all), so `kg query` does not pay for spaCy, the
pipeline or the charts: the start-up is most of a command's time once the server is warm.
"""
from __future__ import annotations

import importlib
import sys
from typing import Optional

import click

from kg.cli import signals
from kg.cli.common import add_logging_options, setup_logging

# command name -> (module, attribute): the module is imported only when its command is needed
COMMANDS = {
    "ingest": ("kg.cli.ingest", "ingest"),
    "extract": ("kg.cli.ingest", "extract"),
    "eval": ("kg.cli.ingest", "eval_cmd"),
    "query": ("kg.cli.query", "query"),
    "stats": ("kg.cli.query", "stats"),
    "db": ("kg.cli.db", "db_group"),
    "queries": ("kg.cli.queries", "queries_cmd"),
    "export": ("kg.cli.queries", "export_cmd"),
    "viz": ("kg.cli.viz", "viz"),
    "lexicon": ("kg.cli.lexicon", "lexicon_group"),
    "leaderboard": ("kg.cli.leaderboard", "leaderboard"),
    "site": ("kg.cli.leaderboard", "site"),
    "merge": ("kg.cli.curate", "merge_cmd"),
    "split": ("kg.cli.curate", "split_cmd"),
    "retype": ("kg.cli.curate", "retype_cmd"),
    "curation": ("kg.cli.curate", "curation_group"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            add_logging_options(command)
            self.commands[cmd_name] = command
        return self.commands[cmd_name]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    # SIGTERM unwinds like Ctrl-C so the embedded server is released cleanly; neither is lost in a finaliser.
    signals.install()
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
