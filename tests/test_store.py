"""The store interface, on the real embedded FalkorDB (and Neo4j when configured)."""
from __future__ import annotations

import pytest

from kg.stores import ReadOnlyViolation, StoreError

HOSTILE_NAMES = [
    'quote " inside', "single ' quote", "back`tick`", "{braces: 1}", "// a comment", "/* block */",
    "$param", "\\ backslash \\\\", "MATCH (n) DETACH DELETE n", "Ünïcödé — 模型 🚀", "rtl \u202e and zero\u200bwidth",
    "x" * 10_000,
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_parameters_round_trip_hostile_strings(store, name):
    store.query("CREATE (:Paper {id: $id, title: $title})", {"id": "p", "title": name}, write=True)
    assert store.query("MATCH (p:Paper {id: 'p'}) RETURN p.title").scalar() == name
    assert store.query("MATCH (p:Paper) WHERE p.title = $t RETURN count(p)", {"t": name}).scalar() == 1
    assert store.query("MATCH (n) RETURN count(n)").scalar() == 1


@pytest.mark.parametrize("cypher", [
    "CREATE (:Paper {id: 'new'})",
    "MATCH (p:Paper) SET p.title = 'changed'",
    "MATCH (p:Paper) DETACH DELETE p",
    "MERGE (:Paper {id: 'merged'})",
    "MATCH (p:Paper) REMOVE p.title",
])
def test_read_only_by_default(store, cypher):
    store.query("CREATE (:Paper {id: 'p', title: 'original'})", write=True)
    with pytest.raises(ReadOnlyViolation, match="--write"):
        store.query(cypher)
    assert store.query("MATCH (p:Paper) RETURN p.id, p.title").rows == [["p", "original"]]


def test_write_flag_allows_writes(store):
    result = store.query("CREATE (:Paper {id: 'p'})", write=True)
    assert result.stats.get("nodes_created") == 1


def test_schema_is_idempotent_and_enforces_unique_keys(store):
    store.ensure_schema()
    store.ensure_schema()
    store.query("CREATE (:Entity {key: 'bert'})", write=True)
    with pytest.raises(StoreError):
        store.query("CREATE (:Entity {key: 'bert'})", write=True)
    assert store.query("MATCH (e:Entity) RETURN count(e)").scalar() == 1


def test_bad_cypher_is_a_store_error_with_the_reason(store):
    with pytest.raises(StoreError) as info:
        store.query("MATCH (n RETURN n")
    assert "rejected" in str(info.value) or "Invalid" in str(info.value)


def test_nodes_and_relationships_come_back_as_plain_dicts(store):
    store.query("CREATE (:Entity:Model {key: 'a', name: 'A'})-[:VARIANT_OF]->(:Entity:Model {key: 'b', name: 'B'})",
                write=True)
    row = store.query("MATCH (a)-[r]->(b) RETURN a, r, b").records()[0]
    assert row["a"]["name"] == "A" and row["a"]["_labels"] == ["Entity", "Model"]
    assert row["r"]["_type"] == "VARIANT_OF"
    assert row["b"]["key"] == "b"


def test_write_atomic_applies_all_statements(store):
    store.write_atomic([
        ("UNWIND $rows AS r CREATE (:Paper {id: r})", {"rows": ["a", "b"]}),
        ("MATCH (p:Paper) SET p.done = true", {}),
    ])
    assert store.query("MATCH (p:Paper) WHERE p.done RETURN count(p)").scalar() == 2
