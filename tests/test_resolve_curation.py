"""Curation: when resolution gets an entity wrong, a person says so once, and every later ingest respects it.

    kg merge A B                    A's mentions go to B
    kg split A --by expansion       A's short form is resolved by each paper's own expansion (else context),
                                    never by the corpus's majority
    kg split A --by paper           one entity per paper
    kg retype A Type                A's type, whatever the mentions vote

The decisions live in a plain file of the data directory (`curation.tsv`), which can be exported and imported
into another graph. These tests call the library the commands call (kg.resolve.curate), on both stores, and
the command line once at the end.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from resolve_helpers import MARKUP, collisions, entities, ingest_markup, write_papers

from kg.extract_workers import lazy_extract
from kg.resolve.curate import apply_lines, decide
from kg.resolve.curation import Curation, CurationError

PAPERS = {
    "p1": "We use [[training cost|Metric]] and [[inference cost|Metric]].",
    "p2": "Lower [[compute cost|Metric]] overall; [[MT|Task]] for teachers.",
    "p3": "[[machine translation (MT)|Task]] on news.",
    "p4": "[[Gemma|Method]] and [[Gemma|Method]] again.",
}


def curate(store, tmp_path, action: str, name: str, argument: str):
    """What `kg <action> <name> <argument>` does: record the decision, then resolve the touched papers again."""
    path = tmp_path / "curation.tsv"
    lines = decide(store, action, name, argument)
    apply_lines(store, lines, lazy_extract(MARKUP), path=path)
    return Curation.read(path)


def test_merge_makes_two_entities_one_now_and_in_later_ingests(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", PAPERS)
    ingest_markup(store, path)
    assert {"training-cost", "compute-cost"} <= set(entities(store))
    curation = curate(store, tmp_path, "merge", "compute cost", "training cost")
    assert curation.lines == [("merge", "compute-cost", "training-cost")]
    found = entities(store)
    assert "compute-cost" not in found and found["training-cost"]["papers"] == 2
    # A later paper mentioning `compute cost` follows the decision.
    later = write_papers(tmp_path / "later.jsonl", {"p5": "Its [[compute cost|Metric]] is low."})
    ingest_markup(store, later, curation=curation)
    assert "compute-cost" not in entities(store) and entities(store)["training-cost"]["papers"] == 3
    assert collisions(store) == 0


def test_split_by_expansion_stops_the_majority_reading_taking_a_short_form(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", PAPERS)
    ingest_markup(store, path)
    # p2's `MT` (no definition) went to machine translation, the only expansion the corpus knows.
    assert entities(store)["machine-translation"]["papers"] == 2
    curation = curate(store, tmp_path, "split", "MT", "expansion")
    assert curation.lines == [("split", "mt", "expansion")]
    found = entities(store)
    assert found["machine-translation"]["papers"] == 1  # p3 defines it
    assert found["mt"]["papers"] == 1 and found["mt"]["ambiguous"] is True  # p2: kept apart, marked


def test_split_by_paper_gives_each_paper_its_own_entity(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {"p1": "[[Gemma|Method]] one.", "p2": "[[Gemma|Method]] two."})
    ingest_markup(store, path)
    curate(store, tmp_path, "split", "Gemma", "paper")
    assert sorted(entities(store)) == ["gemma@p1", "gemma@p2"]


def test_retype_sets_the_type_whatever_the_mentions_vote(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", PAPERS)
    ingest_markup(store, path)
    assert entities(store)["gemma"]["type"] == "Method"
    curation = curate(store, tmp_path, "retype", "Gemma", "Model")
    assert entities(store)["gemma"]["type"] == "Model"
    ingest_markup(store, path, curation=curation, force=True)  # re-extracted and re-resolved: still a Model
    assert entities(store)["gemma"]["type"] == "Model"


def test_decisions_are_checked(store, tmp_path):
    ingest_markup(store, write_papers(tmp_path / "p.jsonl", PAPERS))
    with pytest.raises(CurationError, match="no entity"):
        decide(store, "merge", "no such thing", "Gemma")
    with pytest.raises(CurationError, match="not an entity type"):
        Curation().add("retype", "gemma", "Planet")
    curation = Curation()
    curation.add("merge", "a", "b")
    with pytest.raises(CurationError, match="loop"):
        curation.add("merge", "b", "a")
    with pytest.raises(CurationError, match="line 2"):
        Curation.parse(["merge\ta\tb\n", "merge\tjust two\n"])


def _kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_commands_keep_the_file_in_the_data_directory_and_it_imports_into_another_graph(tmp_path):
    tests_dir = os.path.dirname(__file__)
    env = {**os.environ, "PYTHONPATH": tests_dir + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("KG_CURATION", None)
    papers = tmp_path / "p.jsonl"
    papers.write_text("".join(json.dumps({"id": k, "title": k, "abstract": v}) + "\n" for k, v in PAPERS.items()))
    first, second = tmp_path / "first", tmp_path / "second"
    try:
        for db in (first, second):
            ran = _kg("ingest", str(papers), "--db", str(db), "--extractor", MARKUP, env=env)
            assert ran.returncode == 0, ran.stderr
        ran = _kg("merge", "compute cost", "training cost", "--db", str(first), "--extractor", MARKUP, env=env)
        assert ran.returncode == 0, ran.stderr
        assert "recorded: merge compute-cost training-cost" in ran.stdout
        assert (first / "curation.tsv").read_text().splitlines()[-1] == "merge\tcompute-cost\ttraining-cost"
        exported = tmp_path / "decisions.tsv"
        assert _kg("curation", "export", str(exported), "--db", str(first), env=env).returncode == 0
        ran = _kg("curation", "import", str(exported), "--db", str(second), "--extractor", MARKUP, env=env)
        assert ran.returncode == 0, ran.stderr
        shown = _kg("query", "--db", str(second), "--format", "json",
                    "MATCH (e:Entity) WHERE e.key ENDS WITH 'cost' RETURN e.key AS key ORDER BY key", env=env)
        assert [row["key"] for row in json.loads(shown.stdout)] == ["inference-cost", "training-cost"]
        bad = _kg("retype", "Gemma", "Planet", "--db", str(first), env=env)
        assert bad.returncode == 2 and "Planet" in bad.stderr
    finally:
        for db in (first, second):
            _kg("db", "stop", "--db", str(db), env=env)
