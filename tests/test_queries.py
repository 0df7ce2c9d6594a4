"""Every named query on a hand-built graph whose answers are known (tests/queries_graph.py), on each store.

The graph is loaded once per store through the real GraphLoader; the queries only read, so the tests share it.
"""
from __future__ import annotations

import doctest
import os
import uuid

import pytest
from queries_graph import BIG, HUGE, NASTY, build

import kg.queries
from kg.queries import all_queries, find_query, lower_is_better, parse_example
from kg.queries.graph import Graph
from kg.queries.rows import ROW_MODELS

NAMED = sorted(name for name in all_queries() if name in ROW_MODELS)


@pytest.fixture(scope="module", params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def g(request, embedded_dir):
    if request.param == "falkordb":
        from kg.stores.falkordb_store import FalkorDBStore

        store = FalkorDBStore(data_dir=embedded_dir, graph=f"test_queries_{uuid.uuid4().hex[:8]}")
    else:
        if not os.environ.get("NEO4J_URI"):
            pytest.skip("Neo4j tests need a running Neo4j: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)")
        from kg.stores.neo4j_store import Neo4jStore

        store = Neo4jStore(os.environ["NEO4J_URI"])
        store.clear()
    store.ensure_schema()
    build(store)
    graph = Graph(store)
    yield graph
    store.clear()
    store.close()


# -- the files themselves ---------------------------------------------------------------------------------------

def test_every_query_file_has_a_description_a_typed_row_and_declares_exactly_the_parameters_it_uses():
    import re

    for name, query in all_queries().items():
        assert query.description, f"{name} has no description"
        body = "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))
        used = set(re.findall(r"\$(\w+)", body))
        assert used == set(query.params), f"{name}: uses {sorted(used)}, declares {sorted(query.params)}"
        if not name.startswith("starter_"):  # the starter queries of `kg viz` return graph elements
            assert name in ROW_MODELS, f"{name} has no row model in queries/rows.py"


def test_the_issue_questions_are_all_there():
    wanted = {"leaderboard", "outperformers", "beaten_by", "claims_about", "evaluations", "papers_mentioning",
              "proposed_by", "entity", "contradictions", "dominance_path", "top_entities", "variants"}
    assert wanted <= set(all_queries())


def test_docstring_examples_of_the_query_module_hold():
    failures, tried = doctest.testmod(kg.queries, verbose=False)
    assert tried >= 3 and failures == 0


def test_bind_normalises_names_fills_defaults_and_derived_parameters():
    assert find_query("outperformers").bind({"entity": "LLaMA 3 8B"}) == {"entity_key": "llama-3-8-b"}
    assert find_query("outperformers").bind({"entity_key": "Llama-3-8B"}) == {"entity_key": "llama-3-8-b"}
    bound = find_query("leaderboard").bind({"dataset": "ImageNet"})
    assert bound["dataset_key"] == "imagenet" and bound["metric_key"] is None
    assert "error" in bound["lower_is_better"] and "accuracy" not in bound["lower_is_better"]
    assert find_query("top_entities").bind({"type": "datasets"}) == {"type": "Dataset", "n": 20}


@pytest.mark.parametrize("values, message", [
    ({}, "needs --param entity=VALUE"),
    ({"entity": "x", "colour": "red"}, "has no parameter colour"),
    ({"entiy": "x"}, "has no parameter entiy; it takes: entity"),  # a misspelling is named, not just "missing"
    ({"entity": "x", "entity_key": "x"}, "not both"),
    ({"entity": "--"}, "has no letters or digits"),
    ({"entity": ["a"]}, "must be a name"),
])
def test_bind_rejects_bad_parameters_with_a_clear_message(values, message):
    with pytest.raises(ValueError, match=message):
        find_query("outperformers").bind(values)


def test_bind_rejects_a_bad_type_and_n():
    with pytest.raises(ValueError, match="not an entity type; use one of Model"):
        find_query("top_entities").bind({"type": "gadget"})
    for n in (0, -1, "5", 2.5, True):
        with pytest.raises(ValueError, match="n must be a whole number"):
            find_query("top_entities").bind({"n": n})


def test_lower_is_better_is_decided_by_the_metric_and_without_one_by_the_unit():
    assert [lower_is_better(m) for m in ("word error rate", "WER", "perplexity", "latency", "FID", "top-1 error",
                                         "training time", "peak memory", "gFID", "EPE", "HD95", "PA-MPJPE",
                                         "FPR95")] == [True] * 13
    assert [lower_is_better(m) for m in ("accuracy", "F1", "BLEU", "mIoU", "throughput", "tokens per second",
                                         "speed-up")] == [False] * 7
    assert lower_is_better(None, "ms") and lower_is_better(None, "GB") and not lower_is_better(None, "%")
    assert not lower_is_better("BLEU", "hours")  # the metric decides


def test_browser_params_are_cypher_literals_for_every_parameter():
    text = find_query("leaderboard").browser_params({"dataset": "WMT'14", "metric": 'say "hi"'})
    lines = text.splitlines()
    assert lines[0] == ':param dataset_key => "wmt-14"'
    assert lines[1] == ':param metric_key => "say-hi"'
    assert lines[2].startswith(':param lower_is_better => ["error", ')


# -- answers on the hand-built graph ----------------------------------------------------------------------------

def test_every_named_query_returns_exactly_the_columns_of_its_row_model(g):
    for name in NAMED:
        query = all_queries()[name]
        values = {p: "x" for p in query.inputs() if p not in ("type", "n")}
        rows = g.run(name, **values)
        assert rows.columns == list(ROW_MODELS[name].model_fields), name


def test_entity_finds_an_entity_by_any_spelling_or_alias(g):
    for spelling in ("LLaMA 3 8B", "llama-3-8b", "Llama3 8B", "LLAMA 3 8 B"):
        found = g.entity(spelling)
        assert [(e.key, e.exact) for e in found] == [("llama-3-8-b", True)], spelling
    llama = g.entity("llama3-8b")[0]
    assert llama.paper_count == 2 and llama.claim_count == 3 and llama.type == "Model"
    clip = g.entity("contrastive language image pre-training")
    assert [(e.name, e.exact) for e in clip] == [("CLIP", False)]
    assert g.entity("no such thing") == []


def test_search_finds_entities_by_part_of_a_name_or_alias(g):
    assert [e.name for e in g.search("net")] == ["AlphaNet", "DeltaNet", "ImageNet"]
    assert [e.name for e in g.search("NET", type="Method")] == ["AlphaNet", "DeltaNet"]
    assert [e.name for e in g.search("language-image")] == ["CLIP"]
    assert len(g.search("e", n=2)) == 2


def test_leaderboard_is_best_first_in_the_direction_of_each_metric(g):
    glue = g.leaderboard("glue")
    assert [(s.model, s.value, s.metric, s.lower_is_better) for s in glue] == [
        ("AlphaNet", 91.5, "accuracy", False), ("RoBERTa", 90.1, "accuracy", False), ("BERT", 88.0, "accuracy", False)]
    assert [(s.model, s.value) for s in g.leaderboard("WikiText 103")] == [("AlphaNet", 18.2), ("BERT", 21.7)]
    assert [(s.model, s.value, s.lower_is_better) for s in g.leaderboard("LibriSpeech", metric="WER")] == []
    assert [(s.model, s.value, s.lower_is_better) for s in g.leaderboard("LibriSpeech", metric="Word-Error-Rate")] \
        == [("AlphaNet", 4.1, True), ("BERT", 6.3, True)]
    imagenet = [(s.metric, s.model, s.value, s.unit, s.lower_is_better) for s in g.leaderboard("ImageNet")]
    assert imagenet == [
        ("latency", "AlphaNet", 12.0, "ms", True), ("latency", "BERT", 20.0, "ms", True),
        (None, "BERT", 75.0, "%", False), (None, "RoBERTa", 70.0, "%", False), (None, "RoBERTa", 15.0, "ms", True)]
    row = glue[0]
    assert row.dataset == "GLUE" and row.paper == "p1" and row.title == "AlphaNet: a new network" and row.evidence


def test_outperformers_and_beaten_by_give_margin_dataset_metric_and_paper(g):
    beats_bert = [(c.winner, c.margin, c.unit, c.dataset, c.metric, c.paper) for c in g.outperformers("BERT")]
    assert beats_bert == [("AlphaNet", 2.0, "%", "GLUE", "accuracy", "p1"),
                          ("RoBERTa", 1.5, "points", "GLUE", "accuracy", "p2")]
    bert_beats = [(c.loser, c.margin, c.paper) for c in g.beaten_by("bert")]
    assert bert_beats == [("ELMo", 4.0, "p4"), ("AlphaNet", 1.0, "p2")]
    first = g.outperformers("BERT")[0]
    assert first.evidence == "AlphaNet beats BERT by 2.0%" and first.loser == "BERT" and first.title
    assert g.beaten_by("ELMo") == []


def test_head_to_head_lists_claims_in_both_directions_and_of_every_kind(g):
    rows = [(c.subject, c.kind, c.object, c.paper) for c in g.head_to_head("RoBERTa", "BERT")]
    assert rows == [("RoBERTa", "outperforms", "BERT", "p2"), ("RoBERTa", "matches", "BERT", "p4")]
    both = {(c.subject, c.paper) for c in g.head_to_head("BERT", "AlphaNet")}
    assert both == {("AlphaNet", "p1"), ("BERT", "p2")}


def test_claims_about_covers_subject_and_object_roles_with_sentence_and_paper(g):
    rows = g.claims_about("AlphaNet")
    roles = [(c.paper, c.role, c.kind, c.subject, c.object) for c in rows]
    assert roles == [
        ("p1", "subject", "outperforms", "AlphaNet", "BERT"),
        ("p1", "subject", "achieves", "AlphaNet", None),
        ("p1", "subject", "achieves", "AlphaNet", None),
        ("p1", "subject", "achieves", "AlphaNet", None),
        ("p1", "subject", "achieves", "AlphaNet", None),
        ("p2", "object", "outperforms", "BERT", "AlphaNet"),
        ("p3", "object", "outperforms", "GammaLM", "AlphaNet"),
    ]
    assert all(c.evidence and c.title for c in rows)


def test_evaluations_lists_datasets_and_metrics_with_counts(g):
    rows = [(e.dataset, e.metric, e.claim_count, e.paper_count, e.papers) for e in g.evaluations("AlphaNet")]
    assert rows[0] == ("GLUE", "accuracy", 4, 3, sorted(rows[0][4]))
    assert sorted(rows[0][4]) == ["p1", "p2", "p3"]
    assert sorted(r[:4] for r in rows[1:]) == [("ImageNet", "latency", 1, 1), ("LibriSpeech", "word error rate", 1, 1),
                                               ("WikiText-103", "perplexity", 1, 1)]


def test_papers_mentioning_puts_the_proposing_paper_first(g):
    rows = [(p.paper, p.mentions, p.proposes) for p in g.papers_mentioning("alphanet")]
    assert rows == [("p1", 4, True), ("p2", 1, False), ("p3", 1, False)]
    assert g.papers_mentioning("AlphaNet")[0].published == "2024-01-10"


def test_proposed_by_and_introduced_in_are_each_others_inverse(g):
    assert [(p.name, p.type) for p in g.proposed_by("p3")] == [("GammaLM", "Model")]
    assert [p.name for p in g.proposed_by("alphanet: A NEW NETWORK")] == ["AlphaNet"]
    assert g.proposed_by("p2") == []
    assert [(i.paper, i.published) for i in g.introduced_in("gammaLM")] == [("p3", "2023-12-24")]


def test_paper_claims_come_in_the_order_of_the_abstract(g):
    rows = g.paper_claims("p3")
    assert [(c.subject, c.object, c.value) for c in rows] == [
        ("GammaLM", "AlphaNet", 0.5), ("GammaLM", "DeltaNet", 3.0), ("DeltaNet", "GammaLM", 1.0)]
    assert [c.start for c in rows] == sorted(c.start for c in rows)


def test_contradictions_pair_opposite_claims_from_different_papers_on_the_same_dataset_and_metric(g):
    rows = [(c.a, c.b, c.dataset, c.metric, c.a_paper, c.b_paper, c.a_margin, c.b_margin) for c in g.contradictions()]
    assert rows == [
        ("AlphaNet", "BERT", "GLUE", "accuracy", "p1", "p2", 2.0, 1.0),
        # No dataset or metric on either side; the reverse claim in the same paper (p3) is not a contradiction.
        ("DeltaNet", "GammaLM", None, None, "p5", "p3", 2.0, 3.0),
    ]
    assert [c.b for c in g.contradictions("GAMMALM")] == ["GammaLM"]
    assert g.contradictions("ELMo") == []


def test_contradictions_need_the_same_dataset_and_metric_on_both_sides(store):
    """Only q4 contradicts q1: q2 is on another dataset, q3 uses another metric, q5 names no dataset."""
    from kg.load.loader import GraphLoader
    from kg.models import Claim, Entity, Extraction, Paper

    def paper(pid: str, winner: str, loser: str, dataset, metric, value: float):
        names = [Entity(name=n, type=t) for n, t in ((winner, "Model"), (loser, "Model"), (dataset, "Dataset"),
                                                      (metric, "Metric")) if n]
        claim = Claim(kind="outperforms", subject=winner, object=loser, dataset=dataset, metric=metric, value=value,
                      unit="%", evidence=f"{winner} beats {loser} ({pid})", start=0, end=10)
        return (Paper(id=pid, title=pid, abstract=pid, url=f"https://example.org/{pid}"),
                Extraction(id=pid, title=pid, entities=names, claims=[claim], extractor="hand"))

    GraphLoader(store).load([paper("q1", "Ant", "Bee", "SQuAD", "F1", 1.0),
                             paper("q2", "Bee", "Ant", "GLUE", "F1", 2.0),
                             paper("q3", "Bee", "Ant", "SQuAD", "exact match", 3.0),
                             paper("q4", "Bee", "Ant", "SQuAD", "F1", 4.0),
                             paper("q5", "Bee", "Ant", None, "F1", 5.0)])
    rows = Graph(store).contradictions()
    assert [(c.a, c.b, c.dataset, c.metric, c.a_paper, c.b_paper, c.a_margin, c.b_margin, c.b_evidence)
            for c in rows] == [("Ant", "Bee", "SQuAD", "F1", "q1", "q4", 1.0, 4.0, "Bee beats Ant (q4)")]
    assert (rows[0].dataset_key, rows[0].metric_key) == ("squad", "f-1")
    assert [c.b_paper for c in Graph(store).contradictions("bee")] == ["q4"]


def test_dominance_path_is_the_shortest_chain_with_its_claims(g):
    path = g.dominance_path("GammaLM", "ELMo")
    assert [(s.step, s.hops, s.winner, s.loser, s.margin, s.paper) for s in path] == [
        (1, 2, "GammaLM", "DeltaNet", 3.0, "p3"), (2, 2, "DeltaNet", "ELMo", 1.2, "p4")]
    assert path[1].dataset == "GLUE" and path[1].metric == "accuracy" and path[0].evidence
    long = g.dominance_path("GammaLM", "BERT")
    assert [(s.winner, s.loser) for s in long] == [("GammaLM", "AlphaNet"), ("AlphaNet", "BERT")]
    assert g.dominance_path("ELMo", "GammaLM") == []
    assert g.dominance_path("BERT", "BERT") == []


def test_top_entities_ranks_by_papers_and_filters_by_type(g):
    top = g.top_entities(n=3)
    assert [(e.name, e.paper_count) for e in top] == [("GLUE", 4), ("accuracy", 4), ("AlphaNet", 3)]
    models = g.top_entities("models", n=2)
    assert [(e.name, e.type, e.paper_count, e.mention_count) for e in models] == [
        ("BERT", "Model", 3, 6), ("LLaMA 3 8B", "Model", 2, 3)]
    assert all(e.type == "Metric" for e in g.top_entities("metric", n=50))


def test_variants_gives_the_whole_family_from_any_member(g):
    expected = [("Llama-3", [], 0), ("LLaMA 3 8B", ["Llama-3"], 1),
                ("Llama-3-8B-Instruct", ["LLaMA 3 8B", "Llama-3"], 2)]
    for member, key in (("llama-3", "llama-3"), ("Llama 3 8B", "llama-3-8-b"),
                        ("llama-3-8b-instruct", "llama-3-8-b-instruct")):
        rows = g.variants(member)
        assert [(v.name, v.parents, v.depth) for v in rows] == expected, member
        assert {v.family for v in rows} == {"Llama-3"}
        assert [v.key for v in rows if v.is_query] == [key]
    assert [(v.name, v.depth) for v in g.variants("BERT")] == [("BERT", 0)]


def test_confident_claims_are_ranked_by_confidence_and_filtered_by_kind_dataset_and_range(g):
    glue = g.confident_claims(kind="outperforms", dataset="GLUE", max_confidence=0.9)
    assert [(c.subject, c.object, c.confidence) for c in glue] == [
        ("GammaLM", "AlphaNet", 0.8), ("RoBERTa", "BERT", 0.7), ("BERT", "ELMo", 0.5)]
    assert all(c.evidence and c.end > c.start for c in glue)
    assert [(c.kind, c.confidence) for c in g.confident_claims(min_confidence=0.55, max_confidence=0.65)] == [
        ("matches", 0.6)]
    top = g.confident_claims(n=3)
    assert len(top) == 3 and {c.confidence for c in top} == {1.0}
    assert g.confident_claims(kind="reduces") == []


def test_sota_claims_and_co_mentioned(g):
    assert [(c.subject, c.dataset, c.value) for c in g.sota_claims()] == [("AlphaNet", "LibriSpeech", 4.1)]
    assert g.sota_claims("GLUE") == []
    co = [(e.name, e.paper_count) for e in g.co_mentioned("DeltaNet", type="Model")]
    assert co == [("GammaLM", 2), ("BERT", 1), (BIG, 1), ("CLIP", 1), ("ELMo", 1), ("LLaMA 3 8B", 1), ("RoBERTa", 1)]
    assert [(e.name, e.paper_count) for e in g.co_mentioned("DeltaNet", n=2)] == [("GLUE", 2), ("GammaLM", 2)]


# -- safety: names round-trip through parameters ----------------------------------------------------------------

def test_names_with_quotes_backticks_braces_comments_unicode_and_long_text_round_trip(g):
    nasty = g.entity(NASTY)
    assert [e.name for e in nasty] == [NASTY]
    assert [(c.winner, c.evidence) for c in g.beaten_by(NASTY)] == [(NASTY, NASTY + " wins")]
    assert [e.name for e in g.search("drop \"x\" `tick` {y} // z")] == [NASTY]
    big = g.entity(BIG)
    assert [e.name for e in big] == [BIG] and len(BIG) > 3000
    beaten = g.beaten_by(BIG)
    assert [(c.winner, c.evidence) for c in beaten] == [(BIG, HUGE)] and len(HUGE) == 10_240
    assert {c.winner for c in g.outperformers("LLaMA 3 8B")} == {NASTY, BIG}
    # 10 kB parameters: looked up safely, found nowhere
    assert g.entity(HUGE) == [] and g.search(HUGE) == []
    assert g.query("RETURN $x AS x", {"x": HUGE}) == [{"x": HUGE}]


def test_every_query_file_runs_with_its_example_parameters(g):
    for name, query in all_queries().items():
        rows = g.run(name, **parse_example(query.example))
        assert rows.columns, name  # a RETURN clause answered (rows may be empty on this graph)


def test_starter_neighbourhood_sends_the_entity_once_and_caps_each_part_at_n(g):
    from kg.viz.graph import collect

    q = find_query("starter_neighbourhood")

    def drawn(**values):
        rows = g.store.query(q.cypher, q.bind({"entity": "BERT", **values})).rows
        graph = collect(rows)
        labels = [set(node["_labels"]) for node in graph.nodes.values()]
        return rows, graph, sum("Paper" in l for l in labels), sum("Claim" in l for l in labels)

    rows, graph, papers, claims = drawn()
    assert len(rows) == 1 and rows[0][0]["key"] == "bert"
    assert (papers, claims) == (3, 10)  # p1, p2, p4; BERT is the subject or baseline of 10 claims
    assert {n["name"] for n in graph.nodes.values() if "Entity" in n["_labels"]} >= {"AlphaNet", "RoBERTa", "ELMo",
                                                                                    "GLUE", "accuracy"}
    assert not graph.missing  # every relationship comes with both its nodes
    rows, graph, papers, claims = drawn(n=1)
    assert (papers, claims) == (1, 1) and not graph.missing
    assert sum(r["_type"] in ("OUTPERFORMS", "EVALUATED_ON", "VARIANT_OF") for r in graph.relationships.values()) == 1


def test_starter_leaderboard_draws_the_claims_on_a_dataset_up_to_n_sota_first(g):
    from kg.viz.graph import collect

    q = find_query("starter_leaderboard")

    def claims(**values):
        graph = collect(g.store.query(q.cypher, q.bind({"dataset": "LibriSpeech", **values})).rows)
        assert not graph.missing
        return [(n["kind"], n["value"]) for n in graph.nodes.values() if "Claim" in n["_labels"]]

    assert sorted(claims()) == [("achieves", 4.1), ("achieves", 6.3)]
    assert claims(n=1) == [("achieves", 4.1)]  # the state-of-the-art claim first


def test_starter_contradictions_draws_exactly_the_claims_of_contradictions(g):
    from kg.viz.graph import collect

    q = find_query("starter_contradictions")
    for entity in (None, "GammaLM", "ELMo"):
        graph = collect(g.store.query(q.cypher, q.bind({"entity": entity})).rows)
        drawn = {n["id"] for n in graph.nodes.values() if "Claim" in n["_labels"]}
        expected = {c for row in g.contradictions(entity) for c in (row.a_claim, row.b_claim)}
        assert drawn == expected and (entity == "ELMo") == (not drawn), entity
        assert not graph.missing
