"""The `kg` command: `kg.cli.main` holds the group, one module per command group beside it."""
from kg.cli.main import cli, main

__all__ = ["cli", "main"]
