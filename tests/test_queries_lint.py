"""The Neo4j side of the shared Cypher: tools/cypher-lint runs Neo4j's own parser and semantic analysis.

The check of every shared statement is `make lint-cypher` (a CI step before the tests; about 15 s, so it is not
repeated here). These tests check the check: what it is given, and that it fails where it must, with file:line:col.
They need Node.js and `npm ci` in tools/cypher-lint (`make lint-cypher` does both); without them the tests that
call the linter are skipped with that reason.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from queries_graph import build

from kg.queries import QUERY_DIR, all_queries

REPO = Path(__file__).resolve().parents[1]
LINT = REPO / "tools" / "cypher-lint" / "lint.py"
INSTALLED = (LINT.parent / "node_modules" / "@neo4j-cypher" / "language-support").is_dir()
needs_linter = pytest.mark.skipif(not (INSTALLED and shutil.which("node")),
                                  reason="the Neo4j Cypher linter is not installed: run `make lint-cypher`")


def load_lint():
    spec = importlib.util.spec_from_file_location("cypher_lint", LINT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(LINT), *args], capture_output=True, text=True, timeout=300, cwd=REPO)


def test_the_lint_input_covers_every_query_file_and_the_loader():
    lint = load_lint()
    document = json.loads(run("--dump").stdout)
    sources = [s["source"] for s in document["statements"]]
    for path in QUERY_DIR.glob("*.cypher"):
        assert f"queries/{path.name}" in sources
    from kg.load import statements as loader

    texts = {s["text"] for s in document["statements"]}
    for statement in (loader.UPSERT_PAPERS, loader.CREATE_CLAIMS, loader.CREATE_OUTPERFORMS, loader.STORED_STATE,
                      *loader.CREATE_CLAIM_LINK.values()):
        assert statement.strip() in texts
    assert "kg/export/formats.py" in sources and "kg/schema.py" in sources
    query = next(s for s in document["statements"] if s["source"] == "queries/leaderboard.cypher")
    assert sorted(query["params"]) == sorted(all_queries()["leaderboard"].params)
    assert {"Paper", "Entity", "Claim", "Model"} <= set(document["schema"]["labels"])
    assert lint.RecordingStore().query("RETURN 1").rows == []


def test_the_property_keys_the_linter_accepts_are_the_ones_a_loaded_graph_has(falkordb_store):
    build(falkordb_store)
    in_graph = {row[0] for row in falkordb_store.query("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey").rows}
    assert in_graph == set(load_lint().property_keys())


@needs_linter
def test_bad_queries_are_reported_with_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.cypher"
    bad.write_text("// name: bad\n// param entity_key: x\nMATCH (x:Entity)\n"
                   "WHERE x.key = $entity_key AND exists(x.name)\nRETURN x.nmae, $other, y, x:Modle\n")
    # What FalkorDB accepts but Neo4j 5 does not (its own functions), and what Neo4j 5 deprecates, fail too.
    falkordb_only = tmp_path / "falkordb_only.cypher"
    falkordb_only.write_text("// name: x\nMATCH (e:Entity) RETURN vecf32([1.0, 2.0]) AS v, id(e) AS i\n")
    result = run(str(bad), str(falkordb_only))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{bad}:4:31: error: The property existence syntax")
    assert f"{bad}:5:10: warning: nmae is not present in the database." in result.stdout
    assert f"{bad}:5:16: error: Parameter $other is not defined." in result.stdout
    assert f"{bad}:5:24: error: Variable `y` not defined" in result.stdout
    assert f"{bad}:5:29: warning: Label or relationship type Modle is not present" in result.stdout
    assert f"{falkordb_only}:2:25: error: Function vecf32 is not present" in result.stdout
    assert f"{falkordb_only}:2:50: warning: Function id is deprecated." in result.stdout
    assert "problem(s) in 2 statements" in lines[-1]


def test_a_missing_file_is_a_clear_error():
    result = run("no/such/file.cypher")
    assert result.returncode == 2 and "no such file: no/such/file.cypher" in result.stderr
