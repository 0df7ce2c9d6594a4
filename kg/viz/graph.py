"""The drawable part of a query result: every node, relationship and path it returned, in order, capped.

Values come from `kg.stores.values`: a node is a dict with `_labels`, a relationship one with `_type`,
a path `{"nodes", "relationships"}`; they may sit anywhere in a row (a column, a list, a map).
Order is kept (first appearance), so a query's ORDER BY decides which nodes survive the cap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

DEFAULT_MAX_NODES = 300
DEFAULT_MAX_RELATIONSHIPS = 1500
# An entity's neighbourhood: two hops from a popular model reach hundreds of nodes (GPT-4 on the 580-paper
# corpus: 233), a hairball at any zoom. The nearest ones are drawn, with a note saying how many were left out.
DEFAULT_AROUND_NODES = 80


def is_node(value: Any) -> bool:
    return isinstance(value, dict) and "_labels" in value and "_id" in value


def is_relationship(value: Any) -> bool:
    return isinstance(value, dict) and "_type" in value and "_start" in value and "_end" in value


def is_path(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"nodes", "relationships"}


@dataclass
class VizGraph:
    """Nodes and relationships by id, in first-seen order; `order` also lists endpoints not yet loaded."""

    nodes: dict[Any, dict[str, Any]] = field(default_factory=dict)
    relationships: dict[Any, dict[str, Any]] = field(default_factory=dict)
    order: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def _see(self, node_id: Any) -> None:
        if node_id not in self._seen:
            self._seen.add(node_id)
            self.order.append(node_id)

    def __post_init__(self) -> None:
        self._seen: set[Any] = set(self.order)

    def add_node(self, node: dict[str, Any]) -> None:
        self._see(node["_id"])
        self.nodes.setdefault(node["_id"], node)

    def add_relationship(self, rel: dict[str, Any]) -> None:
        self._see(rel["_start"])
        self._see(rel["_end"])
        self.relationships.setdefault(rel["_id"], rel)

    def add_value(self, value: Any) -> None:
        """Walk one returned value; scalars are not drawn."""
        if is_node(value):
            self.add_node(value)
        elif is_relationship(value):
            self.add_relationship(value)
        elif is_path(value):
            for node in value["nodes"]:
                self.add_value(node)
            for rel in value["relationships"]:
                self.add_value(rel)
        elif isinstance(value, dict):
            for item in value.values():
                self.add_value(item)
        elif isinstance(value, list):
            for item in value:
                self.add_value(item)

    @property
    def missing(self) -> list[Any]:
        """Endpoints of returned relationships whose nodes the query did not return."""
        return [node_id for node_id in self.order if node_id not in self.nodes]

    def __len__(self) -> int:
        return len(self.order)


def collect(rows: Iterable[Iterable[Any]]) -> VizGraph:
    graph = VizGraph()
    for row in rows:
        for value in row:
            graph.add_value(value)
    return graph


def cap(graph: VizGraph, max_nodes: int, max_relationships: int = DEFAULT_MAX_RELATIONSHIPS) -> VizGraph:
    """Keep the first `max_nodes` nodes and the relationships between them (at most `max_relationships`).

    Adds a note that says what was left out and how to see more, so a big result is a readable picture
    with an explanation rather than a frozen browser tab.
    """
    kept_ids = graph.order[:max_nodes]
    kept = set(kept_ids)
    rels = {rid: r for rid, r in graph.relationships.items() if r["_start"] in kept and r["_end"] in kept}
    notes = list(graph.notes)
    if len(graph.order) > max_nodes:
        notes.append(f"showing the first {max_nodes:,} of {len(graph.order):,} nodes "
                     f"(raise the cap with --max-nodes)")
    if len(rels) > max_relationships:
        notes.append(f"showing {max_relationships:,} of {len(rels):,} relationships "
                     f"(raise the cap with --max-relationships)")
        rels = dict(list(rels.items())[:max_relationships])
    return VizGraph(nodes={i: graph.nodes[i] for i in kept_ids if i in graph.nodes}, relationships=rels,
                    order=kept_ids, notes=notes)


def nearest_first(graph: VizGraph, centre: Any) -> VizGraph:
    """The same graph with its nodes ordered by hops from `centre`, then by how connected they are (so that a
    cap keeps the centre, its neighbours, and the hubs among the nodes further out)."""
    neighbours: dict[Any, set[Any]] = {node_id: set() for node_id in graph.order}
    for rel in graph.relationships.values():
        neighbours.setdefault(rel["_start"], set()).add(rel["_end"])
        neighbours.setdefault(rel["_end"], set()).add(rel["_start"])
    hops = {centre: 0}
    frontier = [centre]
    while frontier:
        following = []
        for node_id in frontier:
            for other in sorted(neighbours.get(node_id, ()), key=graph.order.index):
                if other not in hops:
                    hops[other] = hops[node_id] + 1
                    following.append(other)
        frontier = following
    far = len(graph.order) + 1
    position = {node_id: i for i, node_id in enumerate(graph.order)}
    order = sorted(graph.order, key=lambda n: (hops.get(n, far), -len(neighbours.get(n, ())), position[n]))
    return VizGraph(nodes=dict(graph.nodes), relationships=dict(graph.relationships), order=order,
                    notes=list(graph.notes))
