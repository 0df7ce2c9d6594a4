"""Per-record messages on standard error, capped: one wrong `--format` used to print 141 identical lines.

Messages of one kind (the same file and the same text once numbers are set aside) are shown the first
`SHOWN_PER_KIND` times; the rest are counted and summed up at the end (`... and 137 more like this`).
"""
from __future__ import annotations

import re
from collections import Counter

import click

SHOWN_PER_KIND = 3
_NUMBER = re.compile(r"\d+")


def problem_kind(problem: object) -> tuple[str, str]:
    """(file, message with its numbers blanked): `invalid JSON: Expecting value (column 1)` on lines 2 and 9
    of one file is one kind."""
    path = str(getattr(problem, "path", ""))
    message = str(getattr(problem, "message", problem))
    return path, _NUMBER.sub("#", message)


class ProblemPrinter:
    """Call it with each problem; `finish()` prints the counts of those left out."""

    def __init__(self, shown_per_kind: int = SHOWN_PER_KIND):
        self.shown_per_kind = shown_per_kind
        self.seen: Counter[tuple[str, str]] = Counter()
        self.examples: dict[tuple[str, str], str] = {}

    def __call__(self, problem: object) -> None:
        kind = problem_kind(problem)
        self.seen[kind] += 1
        if self.seen[kind] <= self.shown_per_kind:
            click.echo(f"kg: {problem}", err=True)
            self.examples[kind] = str(problem)

    @property
    def left_out(self) -> int:
        return sum(max(0, n - self.shown_per_kind) for n in self.seen.values())

    def finish(self) -> None:
        for kind, count in self.seen.items():
            extra = count - self.shown_per_kind
            if extra > 0:
                path, _ = kind
                click.echo(f"kg: {path}: ... and {extra} more like this", err=True)
