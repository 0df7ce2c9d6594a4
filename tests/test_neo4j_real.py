"""Neo4j end to end, against the real server (`make test-neo4j`): the same input gives the same graph as on
FalkorDB, through `kg ingest` killed with -9 half way and run again, and through the CSV export imported by
`neo4j-admin database import full`.

The reference is the clean FalkorDB run of test_reliability_helpers (the corpus plus synthetic papers with
claims, keyword extractor; it includes edited versions of papers, so a re-run replaces them), compared as
canonical dumps: every node and relationship with all properties and their types, no internal ids.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import test_reliability_helpers as helpers
from test_reliability_helpers import (
    Reference,
    assert_same_graph,
    canonical_dump,
    kg_env,
    paper_fingerprints,
    paper_sources,
    reap_processes_under,
    run_kg,
    start_kg,
    wait_until,
)

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[1]
SERVER = REPO / "tools" / "neo4j-server" / "neo4j.sh"
BATCH = "25"  # Neo4j commits are dearer than FalkorDB's; 25 papers still give dozens of commit points


@pytest.fixture(autouse=True)
def leave_nothing_running(tmp_path):
    yield
    reap_processes_under(tmp_path)


@pytest.fixture(scope="module")
def keyword_reference(tmp_path_factory, corpus_dir) -> Reference:
    return helpers.keyword_reference(tmp_path_factory, corpus_dir)


@pytest.fixture
def neo4j():
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("needs a running Neo4j: set NEO4J_URI (make test-neo4j)")
    from kg.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(os.environ["NEO4J_URI"])
    store.clear()
    yield store
    store.clear()
    store.close()


def neo4j_env() -> dict[str, str]:
    return kg_env({name: os.environ[name] for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")
                   if name in os.environ})


def ingest_args(ref: Reference) -> list[str]:
    return ["-q", "ingest", *map(str, ref.inputs), "--db", os.environ["NEO4J_URI"], "--extractor", ref.extractor,
            "--batch-size", BATCH]


def test_kill_ingest_into_neo4j_then_rerun_equals_the_clean_falkordb_run(neo4j, keyword_reference, tmp_path):
    ref = keyword_reference
    proc = start_kg(*ingest_args(ref), workdir=tmp_path, env=neo4j_env())
    # Killed once some batches have committed (and so some papers are whole in the graph) but not all.
    landed = wait_until(lambda: neo4j.query("MATCH (p:Paper) RETURN count(p)").scalar() >= 2 * int(BATCH), 300,
                        interval=0.05)
    assert landed, f"no batch committed: {proc.stderr[-2000:]}"
    assert proc.proc.poll() is None, "the ingest finished before the kill; the test did not crash it"
    proc.kill9()

    fingerprints = paper_fingerprints(neo4j)
    sources = paper_sources(neo4j)
    assert 0 < len(fingerprints) < ref.distinct_ids
    for pid, (chash, fingerprint) in fingerprints.items():
        assert chash is not None, f"paper {pid} is in the graph without its completion stamp"
        assert (pid, chash) in ref.versions, f"paper {pid} carries a hash of no input version"
        assert fingerprint == ref.versions[(pid, chash)][1], f"paper {pid} is half-written"
        assert (pid, chash, sources[pid]) in ref.occurrences

    result = run_kg(*ingest_args(ref), env=neo4j_env())
    assert result.returncode == 0, result.stderr
    assert_same_graph(canonical_dump(neo4j, mask_unmentioned_entities=True), ref.dump,
                      "the Neo4j graph after a crash and a re-run")
    # And once more, all unchanged: skipped by content hash, the graph as it was.
    again = run_kg(*ingest_args(ref), env=neo4j_env())
    assert again.returncode == 0, again.stderr
    assert_same_graph(canonical_dump(neo4j, mask_unmentioned_entities=True), ref.dump, "after an unchanged re-run")


def test_neo4j_admin_import_of_the_csv_export_is_the_loaders_graph(keyword_reference, tmp_path):
    """Extraction, our CSV exporter, the real `neo4j-admin database import full`, a server started on the
    imported database: the graph equals the clean load (the import path of docs/scaling.md, proven)."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("needs the Neo4j test server (make test-neo4j)")
    from kg.export.neo4j_csv import export_files, import_command, post_import_statements
    from kg.pipeline import extract_papers
    from kg.stores.neo4j_store import Neo4jStore

    ref = keyword_reference
    # Written here rather than by `kg extract`, whose output leaves out the extractor's name (the exporter would
    # then record the default, "rules", on every paper, where the loader records "keywords").
    extractions = tmp_path / "extractions.jsonl"
    with extractions.open("w", encoding="utf-8") as out:
        for extraction in extract_papers([str(p) for p in ref.inputs], extractor=ref.extractor):
            out.write(extraction.model_dump_json() + "\n")
    csv_dir, home = tmp_path / "csv", tmp_path / "home"
    # The reference ingest's batch size: which versions of a paper listed twice get resolved depends on it.
    export_files([str(p) for p in ref.inputs], [str(extractions)], csv_dir, batch_size=int(helpers.BATCH))
    # cwd: neo4j-admin writes its import.report into the working directory.
    done = subprocess.run([str(SERVER), "admin", str(home), *import_command(csv_dir)[1:]],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout

    password = os.environ.get("NEO4J_PASSWORD") or "imported-db-password"
    env = {**os.environ, "KG_NEO4J_STATE": str(tmp_path / "state"), "KG_NEO4J_COPY_FROM": str(home),
           "NEO4J_PASSWORD": password}
    up = subprocess.run([str(SERVER), "up"], env=env, capture_output=True, text=True, timeout=700)
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        info = dict(line.split("=", 1) for line in (tmp_path / "state" / "server.info").read_text().split())
        with Neo4jStore(info["bolt_uri"], user="neo4j", password=password) as store:
            for statement in post_import_statements():  # schema.cypher, as the import script tells users
                store.query(statement, write=True)
            imported = canonical_dump(store, mask_unmentioned_entities=True)
    finally:
        subprocess.run([str(SERVER), "down"], env=env, capture_output=True, timeout=120)
    assert_same_graph(imported, ref.dump, "the graph neo4j-admin imported from the CSV export")
