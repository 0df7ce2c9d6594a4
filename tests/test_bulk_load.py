"""The first load of an empty graph through FalkorDB's bulk insert writes the graph the loader writes."""
from __future__ import annotations

import os

import pytest
from test_reliability_helpers import assert_same_graph, canonical_dump

from kg.extractors.rules import RuleExtractor
from kg.load.bulk_load import TEMP_SUFFIX, BulkLoad, encode_value, remove_stale_temp_graphs
from kg.load.loader import GraphLoader
from kg.models import Claim, Entity, Extraction, Paper
from kg.read import ReadProblem, read_papers
from kg.stores.base import StoreError


@pytest.fixture
def two_graphs(new_falkordb_graph):
    """A graph for the bulk load and one for the incremental loader, on the session's server."""
    return new_falkordb_graph(), new_falkordb_graph()


@pytest.fixture(scope="module")
def corpus_pairs(corpus_dir):
    papers = [p for p in read_papers([str(corpus_dir)]) if not isinstance(p, ReadProblem)]
    extractor = RuleExtractor()
    return [(paper, extractor.extract(paper)) for paper in papers]


def bulk_load(store, pairs):
    with BulkLoad(store) as bulk:
        bulk.add(pairs)
        return bulk.finish()


def test_the_bulk_load_of_the_corpus_equals_the_incremental_load(two_graphs, corpus_pairs):
    bulk_store, loader_store = two_graphs
    stats = bulk_load(bulk_store, corpus_pairs)
    loader_store.ensure_schema()
    GraphLoader(loader_store).load(corpus_pairs)
    assert not stats.fell_back
    # the corpus lists 580 abstracts of 538 papers: the last listing of each wins, as with the loader
    assert stats.load.papers == 538 == bulk_store.query("MATCH (p:Paper) RETURN count(p)").scalar()
    assert_same_graph(canonical_dump(bulk_store), canonical_dump(loader_store), "the bulk-loaded graph")


def test_the_bulk_loaded_graph_has_the_schema_and_takes_incremental_loads(two_graphs, corpus_pairs):
    bulk_store, loader_store = two_graphs
    first, rest = corpus_pairs[:300], corpus_pairs[300:]
    bulk_load(bulk_store, first)
    indexed = {(row[0], prop) for row in bulk_store.query(
        "CALL db.indexes() YIELD label, properties RETURN label, properties").rows for prop in row[1]}
    assert {("Entity", "key"), ("Paper", "id"), ("Claim", "id"), ("Entity", "alias_keys")} <= indexed
    with pytest.raises(StoreError):  # the unique constraint holds on the swapped-in graph
        bulk_store.query("CREATE (:Paper {id: $id})", {"id": first[0][0].id}, write=True)
    GraphLoader(bulk_store).load(rest)  # a daily feed on top of the first load
    loader_store.ensure_schema()
    GraphLoader(loader_store).load(corpus_pairs)
    assert_same_graph(canonical_dump(bulk_store), canonical_dump(loader_store), "bulk load + incremental load")


def test_a_write_to_the_target_during_the_bulk_load_makes_it_load_incrementally(two_graphs, corpus_pairs):
    bulk_store, loader_store = two_graphs
    pairs = corpus_pairs[:120]
    with BulkLoad(bulk_store) as bulk:
        bulk.add(pairs[20:])
        # another client loads some papers into the target before the swap: nothing may be lost
        bulk_store.ensure_schema()
        GraphLoader(bulk_store.on_graph(bulk_store.graph_name)).load(pairs[:20])
        stats = bulk.finish()
    assert stats.fell_back
    loader_store.ensure_schema()
    GraphLoader(loader_store).load(pairs)
    assert_same_graph(canonical_dump(bulk_store), canonical_dump(loader_store), "after the fallback")
    assert not [k for k in bulk_store.db.connection.keys(f"{bulk_store.graph_name}{TEMP_SUFFIX}*")]


def test_an_empty_target_with_only_its_schema_is_replaced(two_graphs, corpus_pairs):
    bulk_store, _ = two_graphs
    bulk_store.ensure_schema()  # e.g. a `kg ingest` that found nothing to load created the schema
    stats = bulk_load(bulk_store, corpus_pairs[:50])
    assert not stats.fell_back and stats.load.papers == len({p.id for p, _ in corpus_pairs[:50]})


def test_temporary_graphs_of_dead_processes_are_removed(two_graphs):
    bulk_store, _ = two_graphs
    dead = f"{bulk_store.graph_name}{TEMP_SUFFIX}{2**22 + 12345}"  # above any pid this machine hands out
    mine = f"{bulk_store.graph_name}{TEMP_SUFFIX}{os.getpid()}"
    for name in (dead, mine):
        bulk_store.on_graph(name).query("CREATE (:Paper {id: 'half-written'})", write=True)
    assert remove_stale_temp_graphs(bulk_store) == [dead]
    conn = bulk_store.db.connection
    assert not conn.exists(dead) and conn.exists(mine)
    conn.delete(mine)


def test_values_are_encoded_as_cypher_parameters_would_be_or_refused():
    assert encode_value(None) == b"\x00"
    assert encode_value(True) == b"\x01\x01"  # a bool is not taken for an int
    assert encode_value("ab") == b"\x03ab\x00"
    assert encode_value([1]) == b"\x05" + (1).to_bytes(8, "little") + b"\x04" + (1).to_bytes(8, "little")
    for bad in ("a\x00b", float("nan"), 2**63, object()):
        with pytest.raises(StoreError):
            encode_value(bad)


def test_variants_and_claim_only_entities_come_out_the_same(two_graphs):
    bulk_store, loader_store = two_graphs
    pairs = [
        (Paper(id="v", title="t", abstract="Llama-3-8B-Instruct beats Foo."),
         Extraction(id="v", entities=[Entity(name="Llama-3-8B-Instruct", type="Model", count=2)],
                    claims=[Claim(kind="outperforms", subject="Llama-3-8B-Instruct", object="Foo", dataset="Bar",
                                  metric="F1", value=1.5, unit="%", sota=True)])),
        (Paper(id="w", title="t", abstract="Foo on Bar."), Extraction(id="w")),
    ]
    bulk_load(bulk_store, pairs)
    loader_store.ensure_schema()
    GraphLoader(loader_store).load(pairs)
    assert_same_graph(canonical_dump(bulk_store), canonical_dump(loader_store), "variants and claim-only entities")
    # A family no paper mentions is no entity (variant trees are settled after the load: kg.resolve.variants).
    assert bulk_store.query("MATCH (e:Entity) WHERE e.key STARTS WITH 'llama' RETURN collect(e.key)"
                            ).scalar() == ["llama-3-8-b-instruct"]


# -- through `kg ingest` -----------------------------------------------------------------------------

def test_kg_ingest_bulk_writes_what_the_incremental_ingest_writes(tmp_path, corpus_dir):
    from test_reliability_helpers import graph_of, run_kg

    runs = {}
    for flag in ("--bulk", "--no-bulk"):
        data_dir = tmp_path / flag.strip("-")
        result = run_kg("ingest", str(corpus_dir), "--db", str(data_dir), flag)
        assert result.returncode == 0, result.stderr
        assert ("bulk load into the empty graph" in result.stderr) == (flag == "--bulk")
        runs[flag] = graph_of(data_dir)
    assert_same_graph(runs["--bulk"][0], runs["--no-bulk"][0], "kg ingest --bulk")
    # a second --bulk is refused (the graph has data): a message, exit 1, the graph unchanged
    again = run_kg("ingest", str(corpus_dir), "--db", str(tmp_path / "bulk"), "--bulk")
    assert again.returncode == 1 and "nothing in it yet" in again.stderr and "Traceback" not in again.stderr
    assert_same_graph(graph_of(tmp_path / "bulk")[0], runs["--no-bulk"][0], "after the refused --bulk")


def test_auto_bulk_only_for_an_empty_falkordb_graph_and_a_big_input(two_graphs, tmp_path, monkeypatch):
    from kg import pipeline

    store, _ = two_graphs
    small = tmp_path / "in.jsonl"
    small.write_text('{"id": "1", "title": "t", "abstract": "BERT on GLUE."}\n')
    assert not pipeline.use_bulk_load(store, [small], None)  # small input: incremental
    monkeypatch.setattr(pipeline, "BULK_MIN_INPUT_BYTES", 10)
    assert pipeline.use_bulk_load(store, [small], None)
    assert pipeline.use_bulk_load(store, [tmp_path], None)  # a directory counts its files
    assert not pipeline.use_bulk_load(store, [small], False)
    # a FalkorDB server that is not our embedded one (others may load into it): only when asked
    remote_like = store.on_graph(store.graph_name)
    assert remote_like.server is None
    assert not pipeline.use_bulk_load(remote_like, [small], None)
    assert pipeline.use_bulk_load(remote_like, [small], True)
    report = pipeline.ingest([small], store)
    assert report.bulk and store.query("MATCH (p:Paper) RETURN p.id").rows == [["1"]]
    assert not pipeline.use_bulk_load(store, [small], None)  # no longer empty
    with pytest.raises(StoreError, match="nothing in it yet"):
        pipeline.use_bulk_load(store, [small], True)


def test_entities_sent_in_many_calls(two_graphs, corpus_pairs, monkeypatch):
    import kg.load.bulk_load

    monkeypatch.setattr(kg.load.bulk_load, "ENTITIES_PER_CALL", 7)  # the entity nodes go in many GRAPH.BULK calls
    bulk_store, loader_store = two_graphs
    pairs = corpus_pairs[:60]
    stats = bulk_load(bulk_store, pairs)
    assert stats.calls > 20
    loader_store.ensure_schema()
    GraphLoader(loader_store).load(pairs)
    assert_same_graph(canonical_dump(bulk_store), canonical_dump(loader_store), "entities in many calls")


def test_papers_with_nothing_extracted_are_bulk_loaded_too(two_graphs):
    bulk_store, loader_store = two_graphs
    pairs = [(Paper(id=f"e{i}", title=f"t{i}", abstract="Nothing to find here."), Extraction(id=f"e{i}"))
             for i in range(3)]
    stats = bulk_load(bulk_store, pairs)
    assert not stats.fell_back and stats.load.papers == 3
    loader_store.ensure_schema()
    GraphLoader(loader_store).load(pairs)
    assert_same_graph(canonical_dump(bulk_store), canonical_dump(loader_store), "papers without entities")


def test_the_entity_rows_a_bulk_load_wrote_are_those_the_graph_gives_back_after_settling(two_graphs, corpus_pairs):
    """`finish.settle_graph` computes the variant trees of a bulk load from what it wrote: the rows must be the
    graph's own, in its order (the first entity listing an alias key takes it), once unmentioned entities and
    alias keys that are another entity's key are gone."""
    from kg.resolve.finish import ALIAS_KEYS_OF_OTHERS, DROP_ALIAS_KEYS, REMOVE_UNMENTIONED, written_entities
    from kg.resolve.variants import ALL_ENTITIES, ALL_VARIANT_EDGES

    store, _ = two_graphs
    made_up = [(Paper(id="z1", title="t", abstract="Zorb-2 and Zorb."),
                Extraction(id="z1", entities=[Entity(name="Zorb-2", type="Model", aliases=["Zorb"]),
                                              Entity(name="Zorb", type="Model")]))]
    stats = bulk_load(store, corpus_pairs + made_up)
    store.query(REMOVE_UNMENTIONED, write=True)
    taken = store.query(ALIAS_KEYS_OF_OTHERS).records()
    assert {"key": "zorb-2", "keys": ["zorb"]} in taken  # `Zorb` is an entity's own key: Zorb-2 loses it
    store.query(DROP_ALIAS_KEYS, {"rows": taken}, write=True)
    entities, have = written_entities(stats, {r["key"]: r["keys"] for r in taken})
    assert entities == [dict(row) for row in store.query(ALL_ENTITIES).records()]
    assert have == {(r["key"], r["base"]) for r in store.query(ALL_VARIANT_EDGES).records()}
    assert len(entities) > 500
