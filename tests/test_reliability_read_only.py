"""Read-only: a user query without `--write` cannot modify data or schema, on either store.

FalkorDB runs such queries with GRAPH.RO_QUERY, Neo4j in a READ access-mode session; both refuse every
write form on the server side, so no parsing of the user's Cypher on our side is involved. Checked here for
every write form: data (CREATE, MERGE, SET, REMOVE, DELETE, DETACH DELETE, FOREACH, CALL subqueries,
LOAD CSV ... CREATE), labels, and schema (indexes, constraints, writing procedures): the command fails
with a one-line message and the graph and its indexes are exactly as before.
"""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from test_reliability_helpers import canonical_dump, reap_processes_under, run_kg

from kg.stores import ReadOnlyViolation, StoreError

# Writes of data: refused as such (ReadOnlyViolation, "--write" in the message) by both stores.
DATA_WRITES = [
    "CREATE (:Paper {id: 'new'})",
    "MATCH (p:Paper), (e:Entity) CREATE (p)-[:PROPOSES]->(e)",
    "MERGE (:Paper {id: 'merged'})",
    "MATCH (p:Paper {id: 'a'}) MERGE (p)-[:MENTIONS]->(:Entity {key: 'x'})",
    "MATCH (p:Paper) SET p.title = 'changed'",
    "MATCH (p:Paper) SET p += {title: 'changed'}",
    "MATCH (p:Paper) SET p:Claim",
    "MATCH (p:Paper) REMOVE p.title",
    "MATCH (e:Entity) REMOVE e:Model",
    "MATCH ()-[r:MENTIONS]->() DELETE r",
    "MATCH (p:Paper) DETACH DELETE p",
    "UNWIND range(1, 3) AS i CREATE (:Paper {id: toString(i)})",
    "MATCH (p:Paper) FOREACH (x IN [1] | CREATE (:Paper {id: 'fe'}))",
    "MATCH (p:Paper) CALL { WITH p SET p.x = 1 } RETURN p.id",
    "MATCH (p:Paper) WITH p LIMIT 1 CREATE (:Paper {id: 'with'})",
    "MATCH (p:Paper) WITH p WHERE p.id = 'a' DELETE p",
]
# Schema and other writes; refused by each store in its own words.
SCHEMA_WRITES = {
    "falkordb": [
        "CREATE INDEX FOR (n:Paper) ON (n.title)",
        "DROP INDEX FOR (n:Paper) ON (n.content_hash)",
        "CALL db.idx.fulltext.createNodeIndex('Paper', 'title')",
        "CREATE VECTOR INDEX FOR (n:Paper) ON (n.v) OPTIONS {dimension: 2, similarityFunction: 'euclidean'}",
        "LOAD CSV FROM 'file:///etc/hostname' AS row CREATE (:Paper {id: row[0]})",
        "RETURN 1; CREATE (:Paper {id: 'two statements'})",
    ],
    "neo4j": [
        "CREATE INDEX ro_test_index IF NOT EXISTS FOR (n:Paper) ON (n.title)",
        "DROP INDEX paper_content_hash IF EXISTS",
        "CREATE CONSTRAINT ro_test_constraint IF NOT EXISTS FOR (n:Paper) REQUIRE n.title IS UNIQUE",
        "CREATE FULLTEXT INDEX ro_test_fulltext IF NOT EXISTS FOR (n:Paper) ON EACH [n.title]",
        "LOAD CSV FROM 'file:///etc/hostname' AS row CREATE (:Paper {id: row[0]})",
    ],
}


def indexes(store) -> list:
    if store.dialect == "neo4j":
        return sorted(map(tuple, store.query("SHOW INDEXES YIELD name, type RETURN name, type").rows))
    return sorted(json.dumps(row) for row in
                  store.query("CALL db.indexes() YIELD label, properties, types RETURN label, properties, types").rows)


def seed(store) -> None:
    store.query("CREATE (:Paper {id: 'a', title: 'A'})-[:MENTIONS {count: 1}]->(:Entity:Model {key: 'k', name: 'K'})",
                write=True)


@pytest.mark.parametrize("cypher", DATA_WRITES)
def test_data_writes_are_refused_on_each_store(store, cypher):
    seed(store)
    before, schema = canonical_dump(store), indexes(store)
    with pytest.raises(ReadOnlyViolation, match="--write"):
        store.query(cypher)
    assert canonical_dump(store) == before
    assert indexes(store) == schema


def test_schema_writes_are_refused_on_each_store(store):
    seed(store)
    before, schema = canonical_dump(store), indexes(store)
    for cypher in SCHEMA_WRITES[store.dialect]:
        with pytest.raises(StoreError):
            store.query(cypher)
        assert canonical_dump(store) == before, cypher
        assert indexes(store) == schema, cypher


# -- through `kg query` ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kg_dir(tmp_path_factory):
    """An embedded store with a little data, its server kept up for the module by `kg db start`."""
    from kg.stores.falkordb_store import FalkorDBStore

    data_dir = tmp_path_factory.mktemp("read-only") / "kg"
    assert run_kg("db", "start", "--db", str(data_dir)).returncode == 0
    with FalkorDBStore(data_dir=data_dir) as store:
        store.ensure_schema()
        seed(store)
    yield data_dir
    run_kg("db", "stop", "--db", str(data_dir))
    reap_processes_under(data_dir.parent)


def snapshot(data_dir) -> tuple:
    from kg.stores.falkordb_store import FalkorDBStore

    with FalkorDBStore(data_dir=data_dir) as store:
        return canonical_dump(store), indexes(store)


@pytest.mark.parametrize("cypher", ["MATCH (p:Paper) DETACH DELETE p", "MERGE (:Paper {id: 'm'})",
                                    "CREATE INDEX FOR (n:Paper) ON (n.title)",
                                    "MATCH (p:Paper) CALL { WITH p SET p.x = 1 } RETURN p.id"])
def test_kg_query_without_write_fails_cleanly_and_changes_nothing(kg_dir, cypher):
    before = snapshot(kg_dir)
    result = run_kg("query", cypher, "--db", str(kg_dir))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("kg: ") and "--write" in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(kg_dir) == before


def test_every_write_form_through_the_cli_command(kg_dir):
    """All forms through the real `kg query` command, in-process so the list can be long."""
    from kg.cli import cli

    before = snapshot(kg_dir)
    for cypher in DATA_WRITES + SCHEMA_WRITES["falkordb"]:
        result = CliRunner().invoke(cli, ["query", cypher, "--db", str(kg_dir)], obj={})
        assert result.exit_code == 1, (cypher, result.output)
        assert result.stdout == "" and result.stderr.startswith("kg: "), (cypher, result.output)
        assert snapshot(kg_dir) == before, cypher
    # The same query with --write does change the graph: the refusal above was about writing.
    result = CliRunner().invoke(cli, ["query", DATA_WRITES[0], "--write", "--db", str(kg_dir)], obj={})
    assert result.exit_code == 0 and snapshot(kg_dir) != before


@pytest.mark.neo4j
def test_kg_query_without_write_on_neo4j():
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("needs NEO4J_URI")
    from kg.stores.neo4j_store import Neo4jStore

    env = {**os.environ}
    with Neo4jStore(uri) as store:
        store.clear()
        seed(store)
        before = canonical_dump(store), indexes(store)
        for cypher in ["MATCH (p:Paper) DETACH DELETE p", "CREATE INDEX ro_cli IF NOT EXISTS FOR (n:Paper) ON (n.x)"]:
            result = run_kg("query", cypher, "--db", uri, env=env)
            assert result.returncode == 1 and result.stderr.startswith("kg: "), result.stderr
            assert (canonical_dump(store), indexes(store)) == before
        store.clear()
