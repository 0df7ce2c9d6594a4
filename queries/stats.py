"""Counts by label and relationship type (`kg stats`)."""
from __future__ import annotations

from kg.schema import NODE_LABELS, RELATIONSHIP_TYPES
from kg.stores.base import GraphStore


def graph_stats(store: GraphStore) -> dict[str, dict[str, int]]:
    """Every schema label and type is listed, with 0 where there is none, so outputs compare across runs."""
    nodes = {label: 0 for label in NODE_LABELS}
    for row in store.query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").rows:
        nodes[row[0]] = row[1]
    rels = {rel: 0 for rel in RELATIONSHIP_TYPES}
    for row in store.query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").rows:
        rels[row[0]] = row[1]
    return {"nodes": nodes, "relationships": rels}


# One statement per label: each is a count the stores answer from their label counts, not a scan.
_LABEL_COUNTS = {"papers": "MATCH (n:Paper) RETURN count(n) AS n", "entities": "MATCH (n:Entity) RETURN count(n) AS n",
                 "claims": "MATCH (n:Claim) RETURN count(n) AS n"}


def core_counts(store: GraphStore) -> dict[str, int]:
    """Papers, entities and claims in the graph (what an ingest summary reports)."""
    return {name: int(store.query(cypher).rows[0][0]) for name, cypher in _LABEL_COUNTS.items()}
