"""Leaderboards: every reported score on a dataset, ranked per metric, setting and unit, with the state of the
art over time.

    >>> from kg.queries.graph import Graph
    >>> from kg.leaderboard import leaderboards
    >>> with Graph.open() as g:                                        # doctest: +SKIP
    ...     for board in leaderboards(g, "GSM8K", metric="accuracy"):
    ...         print(board.title, [(s.best.model, s.best.result.value) for s in board.rows[:3]])

`kg leaderboard DATASET` prints them (table, json, csv, html, png, svg); `kg site` puts them on pages.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kg.leaderboard.table import Board, Entry, Standing, build, running_best

if TYPE_CHECKING:
    from kg.queries.graph import Graph

__all__ = ["Board", "Entry", "Standing", "build", "leaderboards", "running_best"]


def leaderboards(graph: "Graph", dataset: str, *, metric: str | None = None,
                 since: date | None = None) -> list[Board]:
    """The leaderboards of `dataset` (any spelling or alias; its variants too, labelled as such)."""
    return build(graph.run("results", dataset=dataset), metric=metric, since=since)
