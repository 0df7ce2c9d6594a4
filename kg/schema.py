"""The fixed graph schema: every label and relationship type the code may write, and the indexes.

Labels and relationship types are never built from input text; Cypher that needs one picks it from here.
"""
from __future__ import annotations

# Here rather than in kg.models so that a query (which needs the labels) does not import pydantic's models.
ENTITY_TYPES: tuple[str, ...] = ("Model", "Method", "Dataset", "Metric", "Task")
NODE_LABELS: tuple[str, ...] = ("Paper", "Entity", "Claim", *ENTITY_TYPES)
RELATIONSHIP_TYPES: tuple[str, ...] = (
    "MENTIONS", "PROPOSES", "REPORTS", "SUBJECT", "OBJECT", "ON_DATASET", "USES_METRIC",
    "OUTPERFORMS", "EVALUATED_ON", "VARIANT_OF",
)

# (label, property) pairs that are unique.
UNIQUE: tuple[tuple[str, str], ...] = (("Entity", "key"), ("Paper", "id"), ("Claim", "id"))
# Extra lookups the loader and the named queries make. (`Claim.sota`: sota_claims starts from the
# state-of-the-art claims; at 100k papers the index takes it from ~117 to ~45 ms.)
LOOKUP_INDEXES: tuple[tuple[str, str], ...] = (
    ("Entity", "name"), ("Entity", "type"), ("Claim", "kind"), ("Claim", "sota"), ("Paper", "content_hash"),
    ("Paper", "arxiv_id"), ("Paper", "title_key"),  # paper identity across sources (kg.resolve.papers)
)


# FalkorDB answers `$key IN e.alias_keys` (the named queries' lookup by any spelling) from a range index on
# the array: 0.3 ms instead of a 25-50 ms scan of 100k entities. Neo4j has no index for list membership.
FALKORDB_ARRAY_INDEXES: tuple[tuple[str, str], ...] = (("Entity", "alias_keys"),)


def falkordb_range_indexes() -> tuple[tuple[str, str], ...]:
    # FalkorDB needs an exact-match (range) index under every unique constraint.
    return UNIQUE + LOOKUP_INDEXES + FALKORDB_ARRAY_INDEXES


def neo4j_schema_statements() -> list[str]:
    """Idempotent Neo4j 5 DDL (IF NOT EXISTS); names are fixed so reruns are no-ops."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_{prop}_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
        for label, prop in UNIQUE
    ]
    statements += [
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in LOOKUP_INDEXES
    ]
    statements.append(
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.key]")
    return statements


def check_label(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(f"{label!r} is not a label of the schema ({', '.join(NODE_LABELS)})")
    return label


def check_relationship_type(rel_type: str) -> str:
    if rel_type not in RELATIONSHIP_TYPES:
        raise ValueError(f"{rel_type!r} is not a relationship type of the schema")
    return rel_type


# Bookkeeping the loader keeps on Entity nodes (running mention tallies, see kg.load.loader.TALLIES):
# part of the stored graph, not of what exports and pictures show.
INTERNAL_PROPERTY_PREFIX = "tally_"


def is_internal_property(name: str) -> bool:
    return name.startswith(INTERNAL_PROPERTY_PREFIX)
