"""What the picture needs from the store besides the user's query, all read-only and parameterised:
the neighbourhood of an entity, the endpoints a result left out, the relationships between the drawn
nodes (as Neo4j Browser's "connect result nodes" does), and the evidence and paper titles shown on hover.

Node ids differ per store (FalkorDB: integers from `id(n)`, Neo4j: strings from `elementId(n)`), so the
statements that look nodes up by id come in one version per dialect.
"""
from __future__ import annotations

from typing import Any

from kg.extractors.normalize import entity_key
from kg.queries.lookup import similar_entity_names
from kg.stores.base import GraphStore
from kg.viz.graph import VizGraph, collect

MAX_DEPTH = 3

# Variable-length bounds cannot be parameters in Cypher, so there is one fixed statement per depth.
AROUND = {depth: f"""
MATCH (e:Entity)
WHERE e.key = $key OR $key IN e.alias_keys
WITH e ORDER BY e.key = $key DESC, e.key LIMIT 1
MATCH p = (e)-[*1..{depth}]-(x)
RETURN p
LIMIT $limit""".strip() for depth in range(1, MAX_DEPTH + 1)}

AROUND_ALONE = """
MATCH (e:Entity)
WHERE e.key = $key OR $key IN e.alias_keys
RETURN e ORDER BY e.key = $key DESC, e.key LIMIT 1"""

_ID_FUNCTION = {"falkordb": "id", "neo4j": "elementId"}

NODES_BY_ID = {dialect: f"MATCH (n) WHERE {fn}(n) IN $ids RETURN n" for dialect, fn in _ID_FUNCTION.items()}

RELATIONSHIPS_BETWEEN = {dialect: f"""
MATCH (a) WHERE {fn}(a) IN $ids
MATCH (a)-[r]->(b) WHERE {fn}(b) IN $ids
RETURN r LIMIT $limit""".strip() for dialect, fn in _ID_FUNCTION.items()}

CLAIM_DETAILS = """
MATCH (p:Paper)-[:REPORTS]->(c:Claim)
WHERE c.id IN $ids
RETURN c.id AS id, c.kind AS kind, c.evidence AS evidence, p.id AS paper, p.title AS title"""

PAPER_TITLES = """
MATCH (p:Paper)
WHERE p.id IN $ids
RETURN p.id AS id, p.title AS title"""


class EntityNotFound(LookupError):
    """No entity has the name; the message suggests close names when there are any."""


def around_rows(store: GraphStore, name: str, depth: int, limit: int) -> list[list[Any]]:
    """Paths of up to `depth` hops from the entity called `name` (any alias or spelling)."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"--depth must be between 1 and {MAX_DEPTH}")
    key = entity_key(name)
    if not key:
        raise EntityNotFound(f"{name!r} is not a name (it has no letters or digits)")
    rows = store.query(AROUND[depth], {"key": key, "limit": limit}).rows
    if rows:
        return rows
    alone = store.query(AROUND_ALONE.strip(), {"key": key}).rows
    if alone:
        return alone
    similar = similar_entity_names(store, name)
    hint = f"; did you mean {', '.join(repr(s) for s in similar)}?" if similar else ""
    raise EntityNotFound(f"no entity is called {name!r}{hint}")


def _dialect(store: GraphStore) -> str:
    return store.dialect if store.dialect in _ID_FUNCTION else "falkordb"


def load_missing_nodes(store: GraphStore, graph: VizGraph) -> None:
    """Endpoints of returned relationships that the query did not return themselves."""
    missing = graph.missing
    if not missing:
        return
    for row in store.query(NODES_BY_ID[_dialect(store)], {"ids": missing}).rows:
        graph.add_value(row[0])


def connect(store: GraphStore, graph: VizGraph, max_relationships: int) -> None:
    """Add the relationships between the drawn nodes (at most `max_relationships` in all, noted if more)."""
    ids = list(graph.nodes)
    if not ids:
        return
    found = collect(store.query(RELATIONSHIPS_BETWEEN[_dialect(store)],
                                {"ids": ids, "limit": max_relationships + 1}).rows)
    extra = [r for rid, r in found.relationships.items() if rid not in graph.relationships]
    room = max_relationships - len(graph.relationships)
    if len(extra) > room:
        graph.notes.append("some relationships between the shown nodes are left out "
                           "(raise the cap with --max-relationships)")
    for rel in extra[:max(room, 0)]:
        graph.relationships[rel["_id"]] = rel


def hover_details(store: GraphStore, graph: VizGraph) -> dict[str, dict[str, dict[str, Any]]]:
    """Evidence sentences of the claims behind derived edges and the titles of referenced papers."""
    claim_ids: set[str] = set()
    paper_ids: set[str] = set()
    for item in [*graph.nodes.values(), *graph.relationships.values()]:
        if isinstance(item.get("claim"), str):
            claim_ids.add(item["claim"])
        if isinstance(item.get("paper"), str):
            paper_ids.add(item["paper"])
    claims: dict[str, dict[str, Any]] = {}
    if claim_ids:
        for rec in store.query(CLAIM_DETAILS.strip(), {"ids": sorted(claim_ids)}).records():
            claims[rec["id"]] = rec
            paper_ids.discard(rec["paper"])
    papers: dict[str, dict[str, Any]] = {}
    if paper_ids:
        papers = {rec["id"]: rec for rec in store.query(PAPER_TITLES.strip(), {"ids": sorted(paper_ids)}).records()}
    for rec in claims.values():
        papers.setdefault(rec["paper"], {"id": rec["paper"], "title": rec["title"]})
    return {"claims": claims, "papers": papers}


def suggest_limit(max_nodes: int) -> int:
    """How many neighbourhood paths to fetch: enough to fill the node cap, bounded for a dense graph."""
    return max(50, max_nodes * 4)


# A table-style result (a named query returning names, values and keys) names its graph by its identifier
# columns: entity keys, paper ids, claim ids. These fetch those nodes whole, so the picture can draw them.
NAMED_NODES = {
    "keys": "MATCH (n:Entity) WHERE n.key IN $ids RETURN n",
    "papers": "MATCH (n:Paper) WHERE n.id IN $ids RETURN n",
    "claims": "MATCH (n:Claim) WHERE n.id IN $ids RETURN n",
}


def named_node_rows(store: GraphStore, identifiers: dict[str, list[str]], max_rows: int) -> list[list[Any]]:
    """The nodes a table-style result names (first `max_rows` distinct ids of each kind), as result rows."""
    rows: list[list[Any]] = []
    for kind, statement in NAMED_NODES.items():
        ids = list(dict.fromkeys(identifiers.get(kind, ())))[:max_rows]
        if ids:
            rows.extend(store.query(statement, {"ids": ids}).rows)
    return rows
