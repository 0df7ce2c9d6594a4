"""Entity identity: one node per real thing, across the papers of a corpus.

Each test writes a few abstracts whose entities are marked up (`[[reinforcement learning (RL)|Method]]` is
an abbreviation defined in the paper), ingests them, and reads the graph back. Both stores.
"""
from __future__ import annotations

import pytest
from resolve_helpers import collisions, entities, ingest_markup, write_papers
from test_reliability_helpers import assert_same_graph, canonical_dump

from kg.extractors.mining.lexicon import Expansion, Lexicon, TypeEvidence
from kg.queries.graph import Graph


def test_an_abbreviation_and_its_expansion_are_one_entity(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "We train agents with [[reinforcement learning (RL)|Method]].",
        "p2": "Our [[RL|Method]] agent plays Go.",
        "p3": "Plain [[reinforcement learning|Method]] again.",
        "p4": "Offline [[Reinforcement Learning|Method]] too.",
        "p5": "[[offline RL|Method]] and [[MT Bench|Dataset]].",  # a short form in a phrase is spelled out
        "p6": "[[offline reinforcement learning|Method]], [[machine translation (MT)|Task]].",
    })
    ingest_markup(store, path)
    found = entities(store)
    assert found.pop("offline-reinforcement-learning")["papers"] == 2
    assert found.pop("mt-bench")["papers"] == 1  # a capitalised word: a name, not a phrase
    assert found.pop("machine-translation")["papers"] == 1
    assert list(found) == ["reinforcement-learning"]
    assert found["reinforcement-learning"]["papers"] == 4
    assert "RL" in [found["reinforcement-learning"]["name"], *found["reinforcement-learning"]["aliases"]]
    assert collisions(store) == 0


def test_an_inner_first_letter_and_function_words_do_not_split_a_reading(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "Methods of [[explainable AI (XAI)|Method]] and [[RL from human feedback (RLHF)|Method]].",
        "p2": "[[RL with human feedback (RLHF)|Method]] again.",
        "p3": "[[XAI|Method]] and [[RLHF|Method]] here.",
    })
    ingest_markup(store, path)
    assert {k: e["papers"] for k, e in entities(store).items()} == {"explainable-ai": 2, "rl-from-human-feedback": 3}
    assert collisions(store) == 0


def test_a_later_definition_re_points_the_earlier_mentions(store, tmp_path):
    first = write_papers(tmp_path / "first.jsonl", {"p1": "Our [[RL|Method]] agent."})
    later = write_papers(tmp_path / "later.jsonl", {"p2": "We use [[reinforcement learning (RL)|Method]]."})
    ingest_markup(store, first)
    assert list(entities(store)) == ["rl"]  # nothing says what RL is yet
    report = ingest_markup(store, later)
    assert report.repointed >= 1  # p1 (and p2, which votes for the expansion now in force)
    assert {k: e["papers"] for k, e in entities(store).items()} == {"reinforcement-learning": 2}
    assert collisions(store) == 0


def test_re_pointing_within_a_run_resolves_again_without_extracting_again(store, tmp_path):
    from markup_extractor import CountingMarkupExtractor

    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "Our [[RL|Method]] agent.",
        "p2": "We use [[reinforcement learning (RL)|Method]].",
    })
    CountingMarkupExtractor.extracted.clear()
    report = ingest_markup(store, path, extractor="markup_extractor:CountingMarkupExtractor")
    assert report.repointed >= 1
    assert {k: e["papers"] for k, e in entities(store).items()} == {"reinforcement-learning": 2}
    assert sorted(CountingMarkupExtractor.extracted) == ["p1", "p2"]  # once each


def test_ingesting_twice_changes_nothing(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "Our [[RL|Method]] agent on [[ImageNet-C|Dataset]].",
        "p2": "We use [[reinforcement learning (RL)|Method]] on [[ImageNetC|Dataset]].",
        "p3": "[[text-to-speech (TTS)|Task]] and [[test-time scaling (TTS)|Method]] differ.",
    })
    ingest_markup(store, path)
    before = canonical_dump(store)
    ingest_markup(store, path)
    assert_same_graph(canonical_dump(store), before, "after the second ingest")
    ingest_markup(store, path, force=True)  # even re-extracting and re-resolving every paper
    assert_same_graph(canonical_dump(store), before, "after a forced ingest")


def test_an_ambiguous_short_form_is_split_by_each_papers_own_expansion_then_by_context(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "A [[text-to-speech (TTS)|Task]] system for audio.",
        "p2": "We study [[test-time scaling (TTS)|Method]] for reasoning.",
        "p3": "Our [[TTS|Task]] voices sound natural: speech quality improves.",  # context: speech
        "p4": "[[TTS|Model]] is discussed.",  # no definition, no context, no reading of its type: kept apart
        "p5": "[[TTS|Method]] is discussed.",  # no context but its type: test-time scaling is the Method
    })
    ingest_markup(store, path)
    found = entities(store)
    assert found["text-to-speech"]["papers"] == 2
    assert found["test-time-scaling"]["papers"] == 2
    assert found["tts"]["papers"] == 1 and found["tts"]["ambiguous"] is True
    assert sorted(found["tts"]["expansions"]) == ["test-time scaling", "text-to-speech"]
    assert collisions(store) == 0
    # No entity holds two expansions its papers define differently.
    defined = store.query("MATCH ()-[m:MENTIONS]->(e:Entity) WHERE m.expansion IS NOT NULL "
                          "WITH e, collect(DISTINCT toLower(m.expansion)) AS xs WHERE size(xs) > 1 "
                          "RETURN e.key").rows
    assert defined == []


def test_the_users_definitions_outvote_lexicon_readings_that_name_no_entity_of_the_graph(store, tmp_path):
    lexicon = Lexicon(acronyms=[  # as mined from other papers: readings this corpus may not share
        Expansion("AoT", "Arrow of Time", "arrow-of-time", 2, 5),
        Expansion("MT", "machine translation", "machine-translation", 10, 40),
        Expansion("RL", "reinforcement learning", "reinforcement-learning", 50, 90)])
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "We propose [[Atom of Thoughts (AoT)|Method]].",
        "p2": "[[AoT|Method]] as a plug-in.",
        "p3": "A [[mean teacher (MT)|Method]] for segmentation.",
        "p4": "[[machine translation|Task]] of news.",  # the lexicon's reading is an entity here: its votes count
        "p5": "Our [[MT|Task]] systems.",
        "p6": "An [[RL|Method]] agent.",  # the corpus is silent about RL: the lexicon decides
    })
    ingest_markup(store, path, lexicon=lexicon)
    found = entities(store)
    assert found["atom-of-thoughts"]["papers"] == 2
    assert "AoT" in [found["atom-of-thoughts"]["name"], *found["atom-of-thoughts"]["aliases"]]
    assert [e.key for e in Graph(store).entity("aot")] == ["atom-of-thoughts"]
    assert "arrow-of-time" not in found and "aot" not in found
    assert found["machine-translation"]["papers"] == 2 and found["mean-teacher"]["papers"] == 1
    assert found["reinforcement-learning"]["papers"] == 1
    assert collisions(store) == 0


def test_a_size_variant_in_brackets_is_no_definition(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {"p1": "[[GPT-3 175B (GPT-3)|Model]] answers.", "p2": "[[GPT-3|Model]]."})
    ingest_markup(store, path)
    assert {k: e["papers"] for k, e in entities(store).items()} == {"gpt-3": 2}


def test_a_spelling_that_is_another_entitys_key_is_no_alias_key(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "We prompt with [[chain-of-thought (CoT)|Method]]; [[CoTs|Method]] help.",
        "p2": "Cheap [[COTS|Method]] hardware.",  # commercial off-the-shelf: its key is `cots` too
    })
    ingest_markup(store, path)
    found = entities(store)
    assert found["chain-of-thought"]["papers"] == 1 and found["cots"]["papers"] == 1
    assert collisions(store) == 0
    assert [e.key for e in Graph(store).entity("COTS")] == ["cots"]
    assert [e.key for e in Graph(store).entity("CoT")] == ["chain-of-thought"]


def test_a_short_form_many_papers_use_and_one_defines_is_a_name_of_its_own(store, tmp_path):
    papers = {"p0": "A [[multimodal time series benchmark (MTB)|Dataset]]."}
    papers.update({f"p{i}": f"Scores on [[MTB|Dataset]] number {i}." for i in range(1, 25)})
    path = write_papers(tmp_path / "p.jsonl", papers)
    ingest_markup(store, path)
    assert {k: e["papers"] for k, e in entities(store).items()} == {"multimodal-time-series-benchmark": 1, "mtb": 24}
    assert collisions(store) == 0
    before = canonical_dump(store)
    ingest_markup(store, path, force=True)  # the graph's uses count as the run's did
    assert_same_graph(canonical_dump(store), before, "after a forced ingest")


def test_spelling_variants_plurals_and_score_suffixes_are_one_key(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "[[ImageNet-C|Dataset]], [[MS COCO|Dataset]], [[ViT|Model]], [[BLEU score|Metric]], [[AIME2024|Dataset]].",
        "p2": "[[ImageNetC|Dataset]], [[MSCOCO|Dataset]], [[ViTs|Model]], [[BLEU|Metric]], [[AIME 24|Dataset]].",
    })
    ingest_markup(store, path)
    found = entities(store)
    assert {k: e["papers"] for k, e in found.items()} == {"imagenet-c": 2, "ms-coco": 2, "vit": 2, "bleu": 2,
                                                          "aime-2024": 2}
    graph = Graph(store)
    for spelling in ("ImageNetC", "MSCOCO", "ViTs", "BLEU score", "AIME24", "AIME-2024"):
        assert len(graph.entity(spelling)) == 1, spelling
    assert collisions(store) == 0


def test_x_score_is_x_only_when_x_is_a_metric(store, tmp_path):
    lexicon = Lexicon(types=[TypeEvidence("clip", "CLIP", 9, {"Model": 8, "Metric": 1}, ""),
                             TypeEvidence("dice", "Dice", 9, {"Metric": 9}, "")])
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "[[CLIP|Model]] features; [[Dice|Metric]].",
        "p2": "[[CLIP score|Metric]] and [[Dice score|Metric]] and [[BLEU score|Metric]], [[macro F1 score|Metric]].",
        "p3": "[[BLEU|Metric]] only, and [[macro F1|Metric]].",
    })
    ingest_markup(store, path, lexicon=lexicon)
    assert {k: e["papers"] for k, e in entities(store).items()} == {"clip": 1, "clip-score": 1, "dice": 2, "bleu": 2,
                                                                    "macro-f-1": 2}
    assert collisions(store) == 0


def test_the_type_is_the_corpus_vote(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "[[BLiMP|Dataset]]", "p2": "[[BLiMP|Dataset]]", "p3": "[[BLiMP|Method]]",
    })
    ingest_markup(store, path)
    row = store.query("MATCH (e:Entity {key: 'blimp'}) RETURN e.type AS type, e.tally_types AS types, "
                      "e.tally_type_n AS votes").records()[0]
    assert row["type"] == "Dataset"
    assert dict(zip(row["types"], row["votes"])) == {"Dataset": 2, "Method": 1}  # the evidence, counted


def test_a_model_is_a_named_artefact_a_lowercase_name_is_a_method(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "[[latent diffusion|Model]], [[vision transformer (ViT)|Model]] and [[bert-base-uncased|Model]].",
    })
    ingest_markup(store, path)
    assert {k: e["type"] for k, e in entities(store).items()} == {
        "latent-diffusion": "Method", "vision-transformer": "Model", "bert-base-uncased": "Model"}


def test_variant_trees_chain_family_version_size_tuned_and_stay_within_a_type(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "[[Llama|Model]] and [[Llama-2|Model]].",
        "p2": "[[Llama-3|Model]], [[Llama-3-8B|Model]] and [[Llama-3-8B-Instruct|Model]].",
        "p3": "[[Iterative DPO|Method]] on [[ImageNet|Dataset]] with [[ImageNet-G-v1|Model]].",
    })
    ingest_markup(store, path)
    edges = sorted(tuple(r) for r in store.query(
        "MATCH (v:Entity)-[:VARIANT_OF]->(b:Entity) RETURN v.key, b.key").rows)
    assert edges == [("llama-2", "llama"), ("llama-3", "llama"), ("llama-3-8-b", "llama-3"),
                     ("llama-3-8-b-instruct", "llama-3-8-b")]
    assert "iterative" not in entities(store)  # a root must itself be an entity
    family = Graph(store).variants("Llama")
    assert sorted(v.name for v in family) == ["Llama", "Llama-2", "Llama-3", "Llama-3-8B", "Llama-3-8B-Instruct"]


@pytest.mark.parametrize("split", [False, True])
def test_the_bulk_load_gives_the_graph_of_the_incremental_load(new_falkordb_graph, tmp_path, split):
    papers = {
        "p1": "Our [[RL|Method]] agent on [[ImageNet-C|Dataset]] with [[Llama-3-8B|Model]].",
        "p2": "We use [[reinforcement learning (RL)|Method]] on [[ImageNetC|Dataset]] and [[Llama-3|Model]].",
        "p3": "[[text-to-speech (TTS)|Task]] then [[TTS|Task]] speech; [[test-time scaling (TTS)|Method]].",
        "p4": "[[TTS|Task]] alone.",
    }
    path = write_papers(tmp_path / "p.jsonl", papers)
    bulk, incremental = new_falkordb_graph(), new_falkordb_graph()
    report = ingest_markup(bulk, path, bulk=True, batch_size=2 if split else 200)
    assert report.bulk and report.repointed >= 1
    ingest_markup(incremental, path, bulk=False, batch_size=2 if split else 200)
    assert_same_graph(canonical_dump(bulk), canonical_dump(incremental), "bulk and incremental")


def test_big_o_notation_from_any_extractor_never_meets_a_model(store, tmp_path):
    # `O(1)` and `o(1)` fold to the key of `o1`; whichever extractor gives them, they are a cost, not a name
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "Zorblet costs [[O(1)|Model]] per step and [[O(n log n)|Method]] overall.",
        "p2": "Its error is [[o(1)|Model]] and its memory [[\\mathcal{O}(N^2)|Model]].",
        "p3": "We compare [[o1|Model]], [[o1-mini|Model]] and [[o3|Model]].",
    })
    ingest_markup(store, path)
    found = entities(store)
    assert set(found) == {"o-1", "o-1-mini", "o-3"}
    assert found["o-1"]["papers"] == 1 and found["o-1"]["name"] == "o1"
    assert not any("(" in form for e in found.values() for form in (e["name"], *(e["aliases"] or [])))


def test_spellings_that_differ_in_case_stay_apart_only_when_their_papers_type_them_apart(store, tmp_path):
    check_case_spellings(store, tmp_path, bulk=False)


def test_a_bulk_load_keeps_the_same_case_spellings_apart(new_falkordb_graph, tmp_path):
    check_case_spellings(new_falkordb_graph(), tmp_path, bulk=True)  # a bulk load is FalkorDB's (docs/scaling.md)


def check_case_spellings(store, tmp_path, bulk):
    # The method's papers come first: what is kept apart is settled by the whole corpus, then re-pointed.
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "We propose [[QuZi|Method]].",
        "p2": "[[QuZi|Method]] again, with [[Vexo|Model]].",
        "p3": "Results on [[QUZI|Dataset]] with [[VEXO|Model]].",
        "p4": "The [[QUZI|Dataset]] benchmark and [[Vexo|Model]].",
        "p5": "[[QUZI|Dataset]] once more; [[BlorP|Method]] and [[BLORP|Dataset]].",
        "p6": "[[BLORP|Dataset]] and [[BLORP|Dataset]] here.",
    })
    report = ingest_markup(store, path, bulk=bulk)
    found = entities(store)
    assert (found["quzi"]["name"], found["quzi"]["type"], found["quzi"]["papers"]) == ("QUZI", "Dataset", 3)
    apart = found["quzi~QuZi"]
    assert (apart["name"], apart["type"], apart["papers"]) == ("QuZi", "Method", 2)
    assert found["vexo"]["papers"] == 3 and "vexo~VEXO" not in found  # typed alike: one node
    assert "blorp~BlorP" not in found  # one paper's other type, not proposed there: not enough to split
    assert report.repointed >= 1
    assert collisions(store) == 0


def test_a_case_split_gives_the_same_graph_in_bulk_and_incrementally(new_falkordb_graph, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "We propose [[QuZi|Method]].", "p2": "[[QuZi|Method]] again.",
        "p3": "On [[QUZI|Dataset]].", "p4": "On [[QUZI|Dataset]] too.", "p5": "[[QUZI|Dataset]], [[QuZi|Method]].",
    })
    bulk, incremental = new_falkordb_graph(), new_falkordb_graph()
    ingest_markup(bulk, path, bulk=True, batch_size=2)
    ingest_markup(incremental, path, bulk=False, batch_size=2)
    assert_same_graph(canonical_dump(bulk), canonical_dump(incremental), "bulk and incremental")
    assert "quzi~QuZi" in entities(bulk)


def test_a_case_split_key_is_told_from_an_entity_key_with_a_tilde():
    from kg.resolve.cases import is_case_key
    assert is_case_key("quzi~QuZi")
    assert not is_case_key("na-~-ve-zorb")  # `entity_key` of a name with a tilde: lower case
    assert not is_case_key("quzi")


def test_a_later_ingest_splits_a_case_spelling_off_a_stored_node_and_back(store, tmp_path):
    first = write_papers(tmp_path / "first.jsonl", {
        "p1": "On [[QUZI|Dataset]].", "p2": "On [[QUZI|Dataset]] too.", "p3": "[[QuZi|Method]].",
        "p4": "[[QuZi|Method]] again."})
    later = write_papers(tmp_path / "later.jsonl", {
        "p5": "[[QuZi|Dataset]] results.", "p6": "[[QuZi|Dataset]] again.", "p7": "[[QuZi|Dataset]] once more."})
    ingest_markup(store, first)
    assert entities(store)["quzi~QuZi"]["papers"] == 2
    report = ingest_markup(store, later)  # the graph's papers count too: QuZi typed Dataset by 3 of its 5, one node
    assert report.repointed >= 2
    found = entities(store)
    assert "quzi~QuZi" not in found and found["quzi"]["papers"] == 7
    assert collisions(store) == 0


def test_the_graphs_spellings_count_for_a_later_ingest(store, tmp_path):
    ingest_markup(store, write_papers(tmp_path / "a.jsonl", {"p1": "On [[QUZI|Dataset]].", "p2": "[[QUZI|Dataset]]."}))
    ingest_markup(store, write_papers(tmp_path / "b.jsonl", {"p3": "[[QuZi|Method]].", "p4": "[[QuZi|Method]] too."}))
    found = entities(store)
    assert (found["quzi"]["papers"], found["quzi~QuZi"]["papers"]) == (2, 2)
