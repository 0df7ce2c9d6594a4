"""A batch whose statements fail part-way must never leave a paper stamped as complete.

On Neo4j a batch is one transaction: a failing statement rolls the whole batch back. FalkorDB runs a batch as
MULTI/EXEC, which has no rollback: the statements before and *after* a failing one are applied, the final
content-hash stamp included. The loader's promise ("a paper whose stamp matches its input was written
completely", which `kg ingest` relies on to skip unchanged papers) therefore needs the stamps of a failed
batch removed, so the next run rewrites those papers instead of skipping them as unchanged.
"""
from __future__ import annotations

import math

import pytest
from keyword_extractor import KeywordExtractor
from test_reliability_helpers import assert_same_graph, canonical_dump, expected_versions, paper_fingerprints

from kg.load.loader import GraphLoader
from kg.models import Claim, Entity, Extraction, Paper
from kg.stores import StoreError

EXTRACTOR = KeywordExtractor()
V1 = Paper(id="p", title="T", abstract="We propose LoRA. LoRA outperforms BERT by 2.5% on GLUE.")
V2 = Paper(id="p", title="T", abstract="We propose DPO. DPO outperforms GPT-4 by 1.5% on MMLU. BERT too.")
OTHER = Paper(id="q", title="Q", abstract="RoBERTa outperforms BERT by 1% on GLUE with accuracy.")
BROKEN = ("MATCH (n) RETURN n.(", {})  # rejected by both stores when it runs


def check_stamps_tell_the_truth(store, papers) -> dict:
    """Every stamped paper holds exactly what a clean load of the version with that stamp gives."""
    versions = expected_versions(papers, EXTRACTOR)
    found = paper_fingerprints(store)
    for pid, (chash, fingerprint) in found.items():
        if chash is not None:
            assert (pid, chash) in versions, f"{pid} is stamped with the hash of no version"
            assert fingerprint == versions[(pid, chash)][1], f"{pid} is stamped complete but half-written"
    return {pid: chash for pid, (chash, _) in found.items()}


def fresh_dump(store, papers) -> dict:
    store.clear()
    store.ensure_schema()
    GraphLoader(store).load((p, EXTRACTOR.extract(p)) for p in papers)
    return canonical_dump(store)


@pytest.mark.parametrize("where", ["before the stamp", "in the middle"])
def test_a_statement_failing_inside_a_batch_leaves_no_false_stamp(store, where, monkeypatch):
    loader = GraphLoader(store)
    loader.load((p, EXTRACTOR.extract(p)) for p in (V1, OTHER))
    original = store.write_atomic

    def failing(statements):
        statements = list(statements)
        statements.insert(len(statements) - 1 if where == "before the stamp" else len(statements) // 2, BROKEN)
        original(statements)

    monkeypatch.setattr(store, "write_atomic", failing)
    with pytest.raises(StoreError):
        loader.load([(V2, EXTRACTOR.extract(V2))])
    monkeypatch.setattr(store, "write_atomic", original)

    stamps = check_stamps_tell_the_truth(store, [V1, V2, OTHER])
    assert stamps["p"] != V2.content_hash, "the failed version must not count as written"
    assert stamps["q"] == OTHER.content_hash
    # What `kg ingest` does next time: a paper whose stamp differs from its input is written again.
    todo = [p for p in (V2, OTHER) if loader.stored_hashes([p.id]).get(p.id) != p.content_hash]
    assert todo == [V2]
    loader.load((p, EXTRACTOR.extract(p)) for p in todo)
    repaired = canonical_dump(store)
    assert_same_graph(repaired, fresh_dump(store, [V2, OTHER]), "the repaired graph")


def test_a_value_the_store_rejects_costs_no_false_stamp(falkordb_store):
    """A real trigger: FalkorDB cannot take NaN as a parameter (a plug-in extractor's NaN). The store refuses it
    before sending the batch; whatever the store does, the paper must not look complete afterwards."""
    loader = GraphLoader(falkordb_store)
    loader.load([(V1, EXTRACTOR.extract(V1))])
    bad = Extraction(id="p", entities=[Entity(name="DPO", type="Method")],
                     claims=[Claim(kind="achieves", subject="DPO", value=math.nan, dataset="MMLU")])
    with pytest.raises(StoreError):
        loader.load([(V2, bad)])
    stamp = loader.stored_hashes(["p"])["p"]
    assert stamp != V2.content_hash, "the new version was not written: it must not look written"
    assert stamp is None or check_stamps_tell_the_truth(falkordb_store, [V1, V2])
    loader.load([(V2, EXTRACTOR.extract(V2))])
    assert_same_graph(canonical_dump(falkordb_store), fresh_dump(falkordb_store, [V2]))
