"""Loading extractions: idempotent, batched, with replace semantics for changed abstracts."""
from __future__ import annotations

from keyword_extractor import KeywordExtractor

from kg.load.loader import GraphLoader, batch_rows, batch_statements
from kg.models import Claim, Entity, Extraction, Paper
from kg.queries.stats import graph_stats
from kg.schema import NODE_LABELS, RELATIONSHIP_TYPES

EXTRACTOR = KeywordExtractor()


def paper(pid: str, abstract: str, title: str = "") -> Paper:
    return Paper(id=pid, title=title or f"Paper {pid}", abstract=abstract)


def load(store, *papers: Paper, batch_size: int = 200) -> None:
    GraphLoader(store, batch_size=batch_size).load((p, EXTRACTOR.extract(p)) for p in papers)


def claim_ids(store) -> list[str]:
    return sorted(row[0] for row in store.query("MATCH (c:Claim) RETURN c.id").rows)


PAPERS = [
    paper("a", "We propose LoRA. LoRA outperforms BERT by 2.5% on GLUE. BERT is evaluated on GLUE with accuracy."),
    paper("b", "RoBERTa outperforms BERT by 1.5% on GLUE. We use F1."),
    paper("c", "Llama-3-8B outperforms GPT-4 by 0.5% on MMLU for question answering."),
]


def test_one_paper_becomes_the_documented_graph(store):
    load(store, PAPERS[0])
    stats = graph_stats(store)
    assert stats["nodes"]["Paper"] == 1
    assert stats["nodes"]["Claim"] == 1
    assert stats["nodes"]["Entity"] == 4  # LoRA, BERT, GLUE, accuracy
    assert stats["relationships"]["PROPOSES"] == 1
    row = store.query(
        "MATCH (p:Paper {id: 'a'})-[:REPORTS]->(c:Claim)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity), "
        "(c)-[:ON_DATASET]->(d:Dataset) RETURN s.name, o.name, d.name, c.value, c.unit, c.evidence").rows
    assert row == [["LoRA", "BERT", "GLUE", 2.5, "%", "LoRA outperforms BERT by 2.5% on GLUE"]]
    edge = store.query("MATCH (:Entity {key: 'lora'})-[o:OUTPERFORMS]->(:Entity {key: 'bert'}) "
                       "RETURN o.value, o.dataset, o.paper").rows
    assert edge == [[2.5, "GLUE", "a"]]
    assert store.query("MATCH (:Entity {key: 'lora'})-[r:EVALUATED_ON]->(d:Dataset) RETURN d.name, r.paper").rows \
        == [["GLUE", "a"]]
    assert store.query("MATCH (p:Paper)-[m:MENTIONS]->(e:Entity {key: 'bert'}) RETURN m.count").scalar() == 2


def test_loading_twice_leaves_the_graph_unchanged(store):
    load(store, *PAPERS)
    first, first_claims = graph_stats(store), claim_ids(store)
    load(store, *PAPERS)
    assert graph_stats(store) == first
    assert claim_ids(store) == first_claims


def test_batching_does_not_change_the_result(store):
    load(store, *PAPERS, batch_size=1)
    one_by_one, ids = graph_stats(store), claim_ids(store)
    store.clear()
    store.ensure_schema()
    load(store, *PAPERS, batch_size=100)
    assert graph_stats(store) == one_by_one
    assert claim_ids(store) == ids


def test_a_changed_abstract_replaces_that_papers_mentions_and_claims_only(store):
    load(store, *PAPERS)
    load(store, paper("b", "DPO outperforms RoBERTa by 4% on MMLU."))
    # Paper b's old claim (RoBERTa > BERT on GLUE) is gone, its new one is there.
    assert store.query("MATCH (:Entity {key: 'roberta'})-[o:OUTPERFORMS]->() RETURN count(o)").scalar() == 0
    assert store.query("MATCH (:Entity {key: 'dpo'})-[o:OUTPERFORMS]->(x) RETURN x.name, o.value").rows \
        == [["RoBERTa", 4.0]]
    # F1 was only mentioned by the old version of b: it is removed, nothing refers to it.
    assert store.query("MATCH (e:Entity {key: 'f-1'}) RETURN count(e)").scalar() == 0
    # Papers a and c are untouched.
    assert store.query("MATCH (:Paper {id: 'a'})-[:REPORTS]->(c) RETURN count(c)").scalar() == 1
    assert store.query("MATCH (:Paper {id: 'c'})-[:REPORTS]->(c) RETURN count(c)").scalar() == 1


def test_replacing_gives_the_same_graph_as_loading_the_final_versions(store):
    load(store, *PAPERS)
    edited = paper("a", "GPT-4 outperforms LoRA by 9% on ImageNet.")
    load(store, edited)
    replaced, ids = graph_stats(store), claim_ids(store)
    store.clear()
    store.ensure_schema()
    load(store, edited, PAPERS[1], PAPERS[2])
    assert graph_stats(store) == replaced
    assert claim_ids(store) == ids


def test_spellings_share_one_entity_named_by_the_most_common_form(store):
    load(store, paper("x", "Llama-3-8B is strong."), paper("y", "Llama-3-8B again."),
         paper("z", "LLaMA 3 8B once."))
    rows = store.query("MATCH (e:Entity {key: 'llama-3-8-b'}) RETURN e.name, e.aliases, e.type, labels(e)").rows
    assert len(rows) == 1
    name, aliases, etype, labels = rows[0]
    assert name == "Llama-3-8B" and aliases == ["LLaMA 3 8B"]
    assert etype == "Model" and sorted(labels) == ["Entity", "Model"]


def test_entity_type_label_follows_the_majority_of_mentions(store):
    loader = GraphLoader(store)

    def as_type(pid: str, etype: str):
        p = paper(pid, "CLIP is used.")
        return p, Extraction(id=pid, entities=[Entity(name="CLIP", type=etype)])

    loader.load([as_type("1", "Method")])
    assert store.query("MATCH (e:Method {key: 'clip'}) RETURN count(e)").scalar() == 1
    loader.load([as_type("2", "Model"), as_type("3", "Model")])
    assert store.query("MATCH (e:Entity {key: 'clip'}) RETURN e.type, labels(e)").rows[0][0] == "Model"
    assert store.query("MATCH (e:Method) RETURN count(e)").scalar() == 0


def test_claim_entities_missing_from_the_entity_list_are_still_linked(store):
    p = paper("m", "Foo beats Bar on Baz.")
    extraction = Extraction(id="m", claims=[Claim(kind="outperforms", subject="Foo", object="Bar", dataset="Baz")])
    GraphLoader(store).load([(p, extraction)])
    assert store.query("MATCH (c:Claim)-[:ON_DATASET]->(d:Dataset) RETURN d.name").rows == [["Baz"]]
    assert store.query("MATCH (:Paper {id: 'm'})-[:MENTIONS]->(e) RETURN count(e)").scalar() == 3


def test_deleting_papers_removes_what_only_they_wrote(store):
    load(store, *PAPERS)
    GraphLoader(store).delete_papers(["c"])
    assert store.query("MATCH (p:Paper {id: 'c'}) RETURN count(p)").scalar() == 0
    assert store.query("MATCH (e:Entity {key: 'mmlu'}) RETURN count(e)").scalar() == 0
    assert store.query("MATCH (e:Entity {key: 'bert'}) RETURN count(e)").scalar() == 1


def test_statements_use_only_schema_labels_and_types():
    rows = batch_rows([(p, EXTRACTOR.extract(p)) for p in PAPERS])
    text = " ".join(cypher for cypher, _ in batch_statements(rows, ["x"]))
    import re

    labels = set(re.findall(r"\(\w*:(\w+)", text)) | set(re.findall(r"\be:(\w+)", text))
    rel_types = {t for group in re.findall(r"\[\w*:([\w|]+)", text) for t in group.split("|")}
    assert labels and labels <= set(NODE_LABELS)
    assert rel_types <= set(RELATIONSHIP_TYPES)
    assert "$" in text and "'" not in text.replace("'Model'", "").replace("'Method'", "").replace(
        "'Dataset'", "").replace("'Metric'", "").replace("'Task'", ""), "input values travel only as parameters"


def test_an_absurdly_long_entity_name_is_skipped_not_fatal(store):
    p = paper("long", "Text.")
    extraction = Extraction(id="long", entities=[Entity(name="x" * 5000, type="Method"), Entity(name="BERT", type="Model")],
                            claims=[Claim(kind="achieves", subject="y" * 5000, value=1.0)])
    GraphLoader(store).load([(p, extraction)])
    assert store.query("MATCH (e:Entity) RETURN e.key").rows == [["bert"]]
    assert store.query("MATCH (c:Claim) RETURN count(c)").scalar() == 1


def counts_from_edges(store) -> dict[str, tuple[int, int]]:
    rows = store.query("MATCH (e:Entity) OPTIONAL MATCH (p:Paper)-[m:MENTIONS]->(e) "
                       "RETURN e.key, count(m), sum(coalesce(m.count, 0))").rows
    return {key: (papers, int(mentions)) for key, papers, mentions in rows}


def stored_counts(store) -> dict[str, tuple[int, int]]:
    rows = store.query("MATCH (e:Entity) RETURN e.key, e.paper_count, e.mention_count").rows
    return {key: (papers, mentions) for key, papers, mentions in rows}


def test_entity_paper_and_mention_counts_follow_loads_replacements_and_deletions(store):
    load(store, *PAPERS)
    assert stored_counts(store)["bert"] == (2, 3)  # paper a names BERT twice, paper b once
    assert stored_counts(store) == counts_from_edges(store)
    load(store, paper("b", "RoBERTa is evaluated on SQuAD."))  # b no longer mentions BERT
    assert stored_counts(store)["bert"] == (1, 2)
    assert stored_counts(store) == counts_from_edges(store)
    GraphLoader(store).delete_papers(["a"])
    assert "bert" not in stored_counts(store)
    assert stored_counts(store) == counts_from_edges(store)


def test_outperforms_edges_carry_the_keys_of_their_dataset_and_metric(store):
    p = paper("k", "Foo beats Bar on Baz.")
    extraction = Extraction(id="k", claims=[Claim(kind="outperforms", subject="Foo", object="Bar",
                                                  dataset="ImageNet 1K", metric="Top-1 Acc")])
    GraphLoader(store).load([(p, extraction)])
    assert store.query("MATCH ()-[o:OUTPERFORMS]->() RETURN o.dataset, o.dataset_key, o.metric, o.metric_key").rows \
        == [["ImageNet 1K", "imagenet-1-k", "Top-1 Acc", "top-1-acc"]]


def test_an_entity_without_tallies_gets_them_counted_again_from_its_mentions(store):
    # A graph written before tallies existed: the loader notices once and counts them from the edges.
    load(store, *PAPERS)
    expected = store.query("MATCH (e:Entity {key: 'bert'}) RETURN e.tally_surfaces, e.tally_surface_n, "
                           "e.paper_count, e.mention_count").rows
    store.query("MATCH (e:Entity {key: 'bert'}) REMOVE e.tally_surfaces, e.tally_surface_n, e.paper_count, "
                "e.mention_count", write=True)
    load(store, paper("d", "BERT is evaluated on SQuAD."))
    surfaces, surface_n, papers, mentions = store.query(
        "MATCH (e:Entity {key: 'bert'}) RETURN e.tally_surfaces, e.tally_surface_n, e.paper_count, "
        "e.mention_count").rows[0]
    assert (surfaces, surface_n) == (expected[0][0], [expected[0][1][0] + 1])
    assert (papers, mentions) == (expected[0][2] + 1, expected[0][3] + 1)
    assert stored_counts(store) == counts_from_edges(store)


def test_per_paper_rows_merged_are_the_rows_of_the_batch():
    from kg.load.loader import merge_rows

    pairs = [(p, EXTRACTOR.extract(p)) for p in PAPERS + [paper("d", "LoRA and Llama-3-8B beat BERT on GLUE.")]]
    assert merge_rows(batch_rows([pair]) for pair in pairs) == batch_rows(pairs)
