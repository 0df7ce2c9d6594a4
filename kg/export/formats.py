"""Export the graph, or the part of it a query result touches, to networkx and from there to files:
GraphML and GEXF (for Gephi, yEd, Cytoscape) and JSON Lines (one node or relationship per line).

    >>> from kg.stores import open_store
    >>> store = open_store()                                  # doctest: +SKIP
    >>> g = graph_to_networkx(store)                          # doctest: +SKIP
    >>> write_graph(g, "claims.graphml")                      # doctest: +SKIP

Nodes are keyed by what identifies them in the graph model, so exports from Neo4j and FalkorDB agree:
`entity:<key>`, `paper:<id>`, `claim:<id>` (anything else, e.g. a node a user query made up, `node:<internal id>`).
Node attributes are the node's properties plus `_labels`; edge attributes the relationship's properties plus
`_type`. A query result is exported from the nodes, relationships and paths it returns; a result of plain
values (like the named queries') is exported as the subgraph its identifier columns point at:
`key`/`*_key`/`*_keys` (entities), `paper`/`papers`/`*_paper` (papers), `claim`/`*_claim` (claims).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any, Iterable, Optional, Union

import networkx as nx

from kg.schema import is_internal_property
from kg.stores.base import GraphStore, QueryResult

FORMATS = ("graphml", "gexf", "jsonl")

# -- statements (shared by both stores; checked by tools/cypher-lint) -----------------------------------------

ALL_NODES = """
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props"""

ALL_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN labels(a) AS a_labels, a.key AS a_key, a.id AS a_id, type(r) AS type, properties(r) AS props,
       labels(b) AS b_labels, b.key AS b_key, b.id AS b_id"""

ENTITY_NODES = """
MATCH (n:Entity)
WHERE n.key IN $keys
RETURN labels(n) AS labels, properties(n) AS props"""

PAPER_NODES = """
MATCH (n:Paper)
WHERE n.id IN $papers
RETURN labels(n) AS labels, properties(n) AS props"""

CLAIM_NODES = """
MATCH (n:Claim)
WHERE n.id IN $claims
RETURN labels(n) AS labels, properties(n) AS props"""

# Relationships between the chosen nodes; each branch starts from an indexed lookup.
RELATIONSHIPS_AMONG = """
MATCH (a:Entity)-[r]->(b)
WHERE a.key IN $keys
  AND ((b:Entity AND b.key IN $keys) OR (b:Paper AND b.id IN $papers) OR (b:Claim AND b.id IN $claims))
RETURN labels(a) AS a_labels, a.key AS a_key, a.id AS a_id, type(r) AS type, properties(r) AS props,
       labels(b) AS b_labels, b.key AS b_key, b.id AS b_id
UNION ALL
MATCH (a:Paper)-[r]->(b)
WHERE a.id IN $papers
  AND ((b:Entity AND b.key IN $keys) OR (b:Paper AND b.id IN $papers) OR (b:Claim AND b.id IN $claims))
RETURN labels(a) AS a_labels, a.key AS a_key, a.id AS a_id, type(r) AS type, properties(r) AS props,
       labels(b) AS b_labels, b.key AS b_key, b.id AS b_id
UNION ALL
MATCH (a:Claim)-[r]->(b)
WHERE a.id IN $claims
  AND ((b:Entity AND b.key IN $keys) OR (b:Paper AND b.id IN $papers) OR (b:Claim AND b.id IN $claims))
RETURN labels(a) AS a_labels, a.key AS a_key, a.id AS a_id, type(r) AS type, properties(r) AS props,
       labels(b) AS b_labels, b.key AS b_key, b.id AS b_id"""


class ExportError(ValueError):
    """The thing asked for cannot be exported (message fit for a user)."""


# -- identity -------------------------------------------------------------------------------------------------

def node_id(labels: Iterable[str], props: dict[str, Any], internal: Any = None) -> str:
    """The export id of a node: `entity:<key>`, `paper:<id>`, `claim:<id>`, else `node:<internal id>`."""
    labels = set(labels)
    if "Entity" in labels and props.get("key") is not None:
        return f"entity:{props['key']}"
    if "Paper" in labels and props.get("id") is not None:
        return f"paper:{props['id']}"
    if "Claim" in labels and props.get("id") is not None:
        return f"claim:{props['id']}"
    return f"node:{internal}"


def _add_node(graph: nx.MultiDiGraph, labels: Iterable[str], props: dict[str, Any], internal: Any = None) -> str:
    labels = sorted(labels)
    nid = node_id(labels, props, internal)
    graph.add_node(nid, _labels=labels, **{k: v for k, v in props.items() if not is_internal_property(k)})
    return nid


def _add_relationship_rows(graph: nx.MultiDiGraph, result: QueryResult) -> None:
    for row in result.records():
        start = node_id(row["a_labels"], {"key": row["a_key"], "id": row["a_id"]})
        end = node_id(row["b_labels"], {"key": row["b_key"], "id": row["b_id"]})
        graph.add_edge(start, end, _type=row["type"], **(row["props"] or {}))


# -- to networkx ------------------------------------------------------------------------------------------------

def graph_to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph as a networkx MultiDiGraph (parallel relationships kept)."""
    graph = nx.MultiDiGraph()
    for row in store.query(ALL_NODES).records():
        _add_node(graph, row["labels"], row["props"] or {})
    _add_relationship_rows(graph, store.query(ALL_RELATIONSHIPS))
    return graph


def result_to_networkx(result: QueryResult, store: Optional[GraphStore] = None) -> nx.MultiDiGraph:
    """A query result as a networkx MultiDiGraph.

    Nodes, relationships and paths in the result are taken as they are. A result without any is read by its
    identifier columns (see the module docstring) and the subgraph they name is fetched from `store`:
    the entities, papers and claims, and every relationship among them.
    """
    graph = nx.MultiDiGraph()
    internal_ids: dict[Any, str] = {}
    relationships: list[dict[str, Any]] = []
    for row in result.rows:
        for value in row:
            _collect(value, graph, internal_ids, relationships)
    for rel in relationships:
        start = internal_ids.get(rel["_start"]) or _placeholder(graph, rel["_start"])
        end = internal_ids.get(rel["_end"]) or _placeholder(graph, rel["_end"])
        props = {k: v for k, v in rel.items() if k not in ("_id", "_type", "_start", "_end")}
        graph.add_edge(start, end, _type=rel["_type"], **props)
    if graph.number_of_nodes():
        return graph
    ids = identifier_columns(result)
    if not any(ids.values()):
        raise ExportError("the result has no nodes, relationships or paths to export, and no key, paper or claim "
                          "columns to find them by; return graph elements (e.g. RETURN a, r, b)")
    if store is None:
        raise ExportError("exporting a result by its key, paper and claim columns needs the store it came from")
    return subgraph_to_networkx(store, **ids)


def subgraph_to_networkx(store: GraphStore, keys: Iterable[str] = (), papers: Iterable[str] = (),
                         claims: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The entities, papers and claims named, with every relationship among them."""
    params = {"keys": sorted(set(keys)), "papers": sorted(set(papers)), "claims": sorted(set(claims))}
    graph = nx.MultiDiGraph()
    for statement, param in ((ENTITY_NODES, "keys"), (PAPER_NODES, "papers"), (CLAIM_NODES, "claims")):
        if params[param]:
            for row in store.query(statement, {param: params[param]}).records():
                _add_node(graph, row["labels"], row["props"] or {})
    _add_relationship_rows(graph, store.query(RELATIONSHIPS_AMONG, params))
    return graph


def identifier_columns(result: QueryResult) -> dict[str, list[str]]:
    """Entity keys, paper ids and claim ids found in a result's identifier columns."""
    found: dict[str, list[str]] = {"keys": [], "papers": [], "claims": []}
    kinds = {column: _column_kind(column) for column in result.columns}
    for row in result.records():
        for column, kind in kinds.items():
            if kind is None:
                continue
            values = row[column] if isinstance(row[column], list) else [row[column]]
            found[kind].extend(str(v) for v in values if v is not None and not isinstance(v, (dict, list)))
    return found


def _column_kind(column: str) -> Optional[str]:
    if column in ("key", "keys") or column.endswith(("_key", "_keys")):
        return "keys"
    if column in ("paper", "papers") or column.endswith("_paper"):
        return "papers"
    if column in ("claim", "claims") or column.endswith("_claim"):
        return "claims"
    return None


def _collect(value: Any, graph: nx.MultiDiGraph, internal_ids: dict[Any, str], rels: list[dict[str, Any]]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, graph, internal_ids, rels)
    elif isinstance(value, dict):
        if "_labels" in value and "_id" in value:
            props = {k: v for k, v in value.items() if k not in ("_id", "_labels")}
            internal_ids[value["_id"]] = _add_node(graph, value["_labels"], props, value["_id"])
        elif "_type" in value and "_start" in value:
            rels.append(value)
        elif set(value) == {"nodes", "relationships"}:
            _collect(value["nodes"], graph, internal_ids, rels)
            _collect(value["relationships"], graph, internal_ids, rels)


def _placeholder(graph: nx.MultiDiGraph, internal: Any) -> str:
    nid = f"node:{internal}"
    if nid not in graph:
        graph.add_node(nid, _labels=[])
    return nid


# -- to files ---------------------------------------------------------------------------------------------------

Target = Union[str, os.PathLike[str], IO[bytes]]

# Attribute names the GEXF writer treats as its own (ids, labels, time intervals, weights, edge direction).
_GEXF_RESERVED_NODE = {"id", "label", "pid", "start", "end", "viz", "parents", "slices", "spells"}
_GEXF_RESERVED_EDGE = {"id", "label", "weight", "type", "start", "end", "slices", "spells", "networkx_key"}


def format_for(path: Union[str, os.PathLike[str], None], fmt: Optional[str] = None) -> str:
    """The format asked for, or the one the file name ends with, or graphml."""
    if fmt:
        if fmt not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".") if path else ""
    return suffix if suffix in FORMATS else "graphml"


def write_graph(graph: nx.MultiDiGraph, target: Target, fmt: Optional[str] = None) -> None:
    """Write `graph` as GraphML, GEXF or JSON Lines to a path or a binary stream."""
    path = target if isinstance(target, (str, os.PathLike)) else None
    fmt = format_for(path, fmt)
    if fmt == "jsonl":
        if path is not None:
            with open(path, "wb") as handle:
                write_jsonl(graph, handle)
        else:
            write_jsonl(graph, target)  # type: ignore[arg-type]
    elif fmt == "graphml":
        nx.write_graphml(for_xml(graph), target)
    else:
        nx.write_gexf(for_xml(graph, gexf=True), target)


def write_jsonl(graph: nx.MultiDiGraph, stream: IO[bytes]) -> None:
    """One JSON object a line: nodes first (`{"type": "node", "id", "labels", "properties"}`), then
    relationships (`{"type": "relationship", "label", "start", "end", "properties"}`); like APOC's JSON export."""
    for nid, data in graph.nodes(data=True):
        props = {k: v for k, v in data.items() if k != "_labels"}
        record = {"type": "node", "id": nid, "labels": list(data.get("_labels", [])), "properties": props}
        stream.write((json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
    for start, end, data in graph.edges(data=True):
        props = {k: v for k, v in data.items() if k != "_type"}
        record = {"type": "relationship", "label": data.get("_type"), "start": start, "end": end, "properties": props}
        stream.write((json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8"))


def for_xml(graph: nx.MultiDiGraph, *, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy fit for GraphML/GEXF: only scalar attributes (lists become JSON text, nulls are left out),
    one type per attribute name (mixed ones become text), a `label` for display, and for GEXF the names
    its writer reserves renamed with a `kg_` prefix (a Paper's `id` becomes `kg_id`)."""
    out = nx.MultiDiGraph()
    node_attrs = {nid: _scalars(data) for nid, data in graph.nodes(data=True)}
    edge_attrs = [(s, t, _scalars(data)) for s, t, data in graph.edges(data=True)]
    _one_type_per_name(node_attrs.values())
    _one_type_per_name(attrs for _, _, attrs in edge_attrs)
    for nid, attrs in node_attrs.items():
        caption = attrs.get("name") or attrs.get("title") or attrs.get("kind") or nid
        if gexf:
            attrs = {(f"kg_{k}" if k in _GEXF_RESERVED_NODE else k): v for k, v in attrs.items()}
        attrs.setdefault("label", str(caption))
        out.add_node(nid, **attrs)
    for start, end, attrs in edge_attrs:
        if gexf:
            attrs = {(f"kg_{k}" if k in _GEXF_RESERVED_EDGE else k): v for k, v in attrs.items()}
        attrs.setdefault("label", str(attrs.get("_type", "")))
        out.add_edge(start, end, **attrs)
    return out


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        if value is None:
            continue
        if name == "_labels" and isinstance(value, list):
            out[name] = ":".join(value)
        elif isinstance(value, (list, dict)):
            out[name] = json.dumps(value, ensure_ascii=False, default=str)
        elif isinstance(value, (str, int, float, bool)):
            out[name] = value
        else:
            out[name] = str(value)
    return out


def _one_type_per_name(attr_dicts: Iterable[dict[str, Any]]) -> None:
    """GraphML declares one type per attribute name: where values of a name differ in type, use text.
    (int and float together become float; bool is kept apart from int.)"""
    dicts = list(attr_dicts)
    kinds: dict[str, set[type]] = {}
    for attrs in dicts:
        for name, value in attrs.items():
            kinds.setdefault(name, set()).add(type(value))
    for name, types in kinds.items():
        if len(types) <= 1:
            continue
        to = float if types == {int, float} else str
        for attrs in dicts:
            if name in attrs:
                attrs[name] = to(attrs[name]) if to is float else _text(attrs[name])


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)
