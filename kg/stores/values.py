"""Turn driver-specific result values (nodes, relationships, paths) into plain Python.

Both stores return the same shapes, so queries, the CLI and the exporters never see a driver type:
a node is `{"_id", "_labels", **properties}`, a relationship `{"_id", "_type", "_start", "_end", **properties}`,
a path `{"nodes": [...], "relationships": [...]}`.
"""
from __future__ import annotations

from typing import Any, Callable


def node(element_id: Any, labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    return {"_id": element_id, "_labels": sorted(labels), **{k: plain(v) for k, v in props.items()}}


def relationship(element_id: Any, rel_type: str, start: Any, end: Any, props: dict[str, Any]) -> dict[str, Any]:
    return {"_id": element_id, "_type": rel_type, "_start": start, "_end": end,
            **{k: plain(v) for k, v in props.items()}}


def plain(value: Any) -> Any:
    """Convert one value from either driver; scalars pass through."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    converter = _falkordb_converter(value) or _neo4j_converter(value)
    if converter is not None:
        return converter(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _falkordb_converter(value: Any) -> Callable[[Any], Any] | None:
    try:
        from falkordb.edge import Edge
        from falkordb.node import Node
        from falkordb.path import Path
    except ImportError:  # pragma: no cover
        return None
    if isinstance(value, Node):
        return lambda v: node(v.id, list(v.labels or []), v.properties or {})
    if isinstance(value, Edge):
        def edge(v: Any) -> Any:
            src = v.src_node.id if hasattr(v.src_node, "id") else v.src_node
            dst = v.dest_node.id if hasattr(v.dest_node, "id") else v.dest_node
            return relationship(v.id, v.relation, src, dst, v.properties or {})
        return edge
    if isinstance(value, Path):
        return lambda v: {"nodes": [plain(n) for n in v.nodes()], "relationships": [plain(e) for e in v.edges()]}
    return None


def _neo4j_converter(value: Any) -> Callable[[Any], Any] | None:
    try:
        from neo4j.graph import Node, Path, Relationship
    except ImportError:  # pragma: no cover
        return None
    if isinstance(value, Node):
        return lambda v: node(v.element_id, list(v.labels), dict(v))
    if isinstance(value, Relationship):
        return lambda v: relationship(v.element_id, v.type, v.start_node.element_id, v.end_node.element_id, dict(v))
    if isinstance(value, Path):
        return lambda v: {"nodes": [plain(n) for n in v.nodes], "relationships": [plain(r) for r in v.relationships]}
    return None
