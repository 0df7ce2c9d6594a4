"""Pictures of the graph: `kg viz` writes any query result (or an entity's neighbourhood) as one
self-contained HTML page, and `browser/claims.grass` styles Neo4j Browser with the same palette.

    read the result -> cap it -> complete it from the store -> style it -> inline it into one page

The renderer is this project's own small canvas script (`view.js`): no dependency to license or vendor,
a page of tens of kilobytes instead of megabytes, and every caption decided in Python where it is tested.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from kg.stores.base import GraphStore
from kg.viz.fetch import (
    EntityNotFound,
    around_rows,
    connect,
    hover_details,
    load_missing_nodes,
    named_node_rows,
    suggest_limit,
)
from kg.viz.graph import DEFAULT_AROUND_NODES, DEFAULT_MAX_NODES, DEFAULT_MAX_RELATIONSHIPS, cap, collect, nearest_first
from kg.viz.html import render_page
from kg.viz.view import view_data

__all__ = ["View", "EntityNotFound", "NothingToDraw", "query_view", "around_view", "DEFAULT_MAX_NODES",
           "DEFAULT_AROUND_NODES",
           "DEFAULT_MAX_RELATIONSHIPS"]


class NothingToDraw(ValueError):
    """The query returned no node, relationship or path."""


@dataclass
class View:
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        return render_page(self.data)

    def write(self, path: Path) -> int:
        text = self.html
        path.write_text(text, encoding="utf-8")
        return len(text.encode("utf-8"))

    @property
    def counts(self) -> tuple[int, int]:
        return len(self.data["nodes"]), len(self.data["edges"])


def _build(store: GraphStore, rows: list[list[Any]], *, title: str, subtitle: str, max_nodes: int,
           max_relationships: int, connect_nodes: bool, around: str | None = None, counted_all: bool = True) -> View:
    graph = collect(rows)
    if not len(graph):
        raise NothingToDraw("the query returned no nodes, relationships or paths to draw "
                            "(return whole nodes or relationships, e.g. RETURN a, r, b, or paths: RETURN p)")
    if around is not None:  # the paths start at the entity: its id is the first seen
        graph = nearest_first(graph, graph.order[0])
        if len(graph) > max_nodes:
            of = f"{len(graph):,}" if counted_all else f"more than {len(graph):,}"
            graph.notes.append(f"showing the {max_nodes:,} nodes nearest {around} of {of} "
                               f"(raise the cap with --max-nodes, or use a smaller --depth)")
            graph.order = graph.order[:max_nodes]
    graph = cap(graph, max_nodes, max_relationships)
    load_missing_nodes(store, graph)
    if connect_nodes:
        connect(store, graph, max_relationships)
    data = view_data(graph, title=title, subtitle=subtitle, details=hover_details(store, graph))
    return View(data=data, notes=list(graph.notes))


def query_view(store: GraphStore, cypher: str, params: Optional[Mapping[str, Any]] = None, *, title: str,
               subtitle: str = "", max_nodes: int = DEFAULT_MAX_NODES,
               max_relationships: int = DEFAULT_MAX_RELATIONSHIPS, connect_nodes: bool = True,
               timeout_ms: Optional[int] = None) -> View:
    """Draw whatever a (read-only) query returns."""
    result = store.query(cypher, dict(params or {}), timeout_ms=timeout_ms)
    rows = result.rows
    if not rows:
        raise NothingToDraw("the query returned no rows (nothing matched: check the parameters, e.g. the spelling "
                            "of a name with `kg query entity --param name=...`)")
    if not len(collect(rows)):
        # A table (leaderboard, outperformers, ...): draw the entities, papers and claims its key, paper and
        # claim columns name, with the relationships among them (without those the picture is loose dots).
        from kg.export.formats import identifier_columns

        named = named_node_rows(store, identifier_columns(result), max_nodes)
        if named:
            view = _build(store, named, title=title, subtitle=subtitle, max_nodes=max_nodes,
                          max_relationships=max_relationships, connect_nodes=True)
            view.notes.insert(0, f"a table of {len(rows)} row{'s' if len(rows) != 1 else ''}: drawn as the "
                                 "entities, papers and claims it names")
            return view
    return _build(store, rows, title=title, subtitle=subtitle, max_nodes=max_nodes,
                  max_relationships=max_relationships, connect_nodes=connect_nodes)


def around_view(store: GraphStore, name: str, depth: int = 1, *, max_nodes: int = DEFAULT_AROUND_NODES,
                max_relationships: int = DEFAULT_MAX_RELATIONSHIPS, connect_nodes: bool = True) -> View:
    """Draw everything within `depth` hops of the entity called `name`."""
    # Enough paths to count the neighbourhood (the note says how much was left out), bounded for a dense graph.
    limit = suggest_limit(max(max_nodes, DEFAULT_MAX_NODES))
    rows = around_rows(store, name, depth, limit)
    hops = "hop" if depth == 1 else "hops"
    return _build(store, rows, title=f"Around {name}", subtitle=f"everything within {depth} {hops}",
                  max_nodes=max_nodes, max_relationships=max_relationships, connect_nodes=connect_nodes,
                  around=name, counted_all=len(rows) < limit)
