"""Turn driver-specific result values (nodes, relationships, paths) into plain Python.

Both stores return the same shapes, so queries, the CLI and the exporters never see a driver type:
a node is `{"_id", "_labels", **properties}`, a relationship `{"_id", "_type", "_start", "_end", **properties}`,
a path `{"nodes": [...], "relationships": [...]}`.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Mapping

from kg.stores.base import StoreError


class ParameterError(StoreError):
    """A query parameter no store may receive (the message names it and says what is accepted)."""


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


# -- parameters going in ----------------------------------------------------------------------------

_MAX_PARAM_DEPTH = 32


def json_like_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Query parameters as exact JSON-like values: str, int, finite float, bool, None, lists and str-keyed dicts.

    The FalkorDB client pastes any other value into the query as `str(value)`, unquoted (an object whose str()
    holds Cypher would run as Cypher, a `Path("42")` arrives as the integer 42). So subclasses of the allowed
    types are converted to the exact type (their own `__str__` is never used) and everything else is refused."""
    if not params:
        return {}
    if not isinstance(params, Mapping):
        raise ParameterError(f"query parameters must be a dict of names to values, not {type(params).__name__}")
    out: dict[str, Any] = {}
    for name, value in params.items():
        if type(name) is not str or not name.isidentifier():
            raise ParameterError(f"invalid parameter name {name!r}: use letters, digits and _")
        out[name] = _json_like(name, value, 0)
    return out


def _json_like(name: str, value: Any, depth: int) -> Any:
    if depth > _MAX_PARAM_DEPTH:
        raise ParameterError(f"parameter {name!r} is nested more than {_MAX_PARAM_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return _fits(name, value)
    if kind is float:
        return _finite(name, value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):  # IntEnum, numpy ints registered as int: the number, not its str()
        return _fits(name, int.__index__(value))
    if isinstance(value, float):
        return _finite(name, float.__float__(value))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (list, tuple)):
        return [_json_like(name, item, depth + 1) for item in value]
    if isinstance(value, Mapping):
        converted = {}
        for key, item in value.items():
            if not isinstance(key, str) or not key or "`" in key:
                raise ParameterError(f"parameter {name!r}: map key {key!r} must be non-empty text "
                                     f"without a backtick")
            converted[str.__str__(key)] = _json_like(name, item, depth + 1)
        return converted
    raise ParameterError(f"parameter {name!r} is a {kind.__name__}; pass text, a number, true/false, null, "
                         f"or a list or dict of those (convert it first, e.g. str(path))")


def _fits(name: str, value: int) -> int:
    if not -(2**63) <= value < 2**63:
        raise ParameterError(f"parameter {name!r}: {value} does not fit in a 64-bit integer")
    return value


def _finite(name: str, value: float) -> float:
    if not math.isfinite(value):
        raise ParameterError(f"parameter {name!r} is {value}, which a graph store cannot hold "
                             f"(only finite numbers)")
    return value
