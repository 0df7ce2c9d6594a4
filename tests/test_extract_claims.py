"""Claims on small handwritten sentences: one test per rule of docs/annotation.md's claim section.

Names here are invented or common; the gazetteer is the test's own (see test_extract_entities.py).
"""
import pytest
from conftest import rule_extractor_with

GAZETTEER = {
    "models.txt": "CLIP\nGPT-4\nBERT\nT5\nLlama-3-8B\n",
    "datasets.txt": "ImageNet\nMMLU\nGSM8K\nCOCO\n",
    "metrics.txt": "accuracy\ntop-1 accuracy\nF1\nBLEU\nlatency\ntraining time\nmemory\nthroughput\n",
    "methods.txt": "LoRA\n",
}


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    return rule_extractor_with(tmp_path_factory, GAZETTEER, "c")


def fields(c):
    return (c.kind, c.subject, c.object, c.dataset, c.metric, c.value, c.unit, c.qualifier)


def claims(x):
    return [fields(c) for c in x.claims]


# -- the five kinds --------------------------------------------------------------------------------

def test_outperforms_with_margin_dataset_and_metric(extract):
    x = extract("ZorbNet outperforms CLIP by 8.2% top-1 accuracy on ImageNet.")
    assert claims(x) == [("outperforms", "ZorbNet", "CLIP", "ImageNet", "top-1 accuracy", 8.2, "%", None)]


def test_achieves(extract):
    x = extract("ZorbNet achieves a top-1 accuracy of 75.3% on ImageNet.")
    assert claims(x) == [("achieves", "ZorbNet", None, "ImageNet", "top-1 accuracy", 75.3, "%", None)]


def test_improves(extract):
    x = extract("Adding LoRA improves accuracy on GSM8K by 3.4 points.")
    assert claims(x) == [("improves", "LoRA", None, "GSM8K", "accuracy", 3.4, "points", None)]


def test_reduces_with_qualifier(extract):
    x = extract("QuuxNet reduces training time by up to 40%.")
    assert claims(x) == [("reduces", "QuuxNet", None, None, "training time", 40.0, "%", "up to")]


def test_fewer_than_is_reduces_with_object(extract):
    x = extract("QuuxNet uses 7x fewer parameters than BERT.")
    assert claims(x) == [("reduces", "QuuxNet", "BERT", None, None, 7.0, "x", None)]


def test_faster_than_is_outperforms(extract):
    x = extract("QuuxNet is 3.5x faster than BERT.")
    assert claims(x) == [("outperforms", "QuuxNet", "BERT", None, None, 3.5, "x", None)]


def test_matches(extract):
    x = extract("QuuxNet-7B is on par with GPT-4.")
    assert claims(x) == [("matches", "QuuxNet-7B", "GPT-4", None, None, None, None, None)]


# -- numbers ---------------------------------------------------------------------------------------

def test_from_a_to_b_is_an_improvement_and_a_score(extract):
    x = extract("ZorbNet improves accuracy on GSM8K from 36.1 to 41.2.")
    assert claims(x) == [("improves", "ZorbNet", None, "GSM8K", "accuracy", 5.1, None, None),
                         ("achieves", "ZorbNet", None, "GSM8K", "accuracy", 41.2, None, None)]


def test_range_gives_upper_bound(extract):
    x = extract("ZorbNet gives a 10-20x speed-up over BERT.")
    assert claims(x) == [("outperforms", "ZorbNet", "BERT", None, None, 20.0, "x", "range")]


def test_latex_percent_and_signed_numbers(extract):
    x = extract("ZorbNet boosts accuracy by 3\\% on MMLU. On GSM8K it gains +14.4%.")
    assert [(c.kind, c.value, c.unit, c.dataset) for c in x.claims] == [
        ("improves", 3.0, "%", "MMLU"), ("improves", 14.4, "%", "GSM8K")]


def test_bare_score_has_no_unit(extract):
    x = extract("ZorbNet reaches 0.85 F1 on COCO.")
    assert claims(x) == [("achieves", "ZorbNet", None, "COCO", "F1", 0.85, None, None)]


def test_over_n_points(extract):
    x = extract("ZorbNet beats BERT by over 20 points on MMLU.")
    assert claims(x) == [("outperforms", "ZorbNet", "BERT", "MMLU", None, 20.0, "points", "over")]


# -- several claims in one sentence ----------------------------------------------------------------

def test_achieves_and_outperforms_in_one_sentence(extract):
    # The margin is in the metric of the score before it.
    x = extract("ZorbNet achieves 80.6% F1 on COCO, surpassing GPT-4 by 3.4%.")
    assert claims(x) == [("achieves", "ZorbNet", None, "COCO", "F1", 80.6, "%", None),
                         ("outperforms", "ZorbNet", "GPT-4", "COCO", "F1", 3.4, "%", None)]


def test_one_claim_per_object(extract):
    x = extract("ZorbNet outperforms BERT and T5.")
    assert [(c.kind, c.object) for c in x.claims] == [("outperforms", "BERT"), ("outperforms", "T5")]


def test_numbers_pair_with_objects_in_order(extract):
    x = extract("ZorbNet surpasses BERT and T5 by 4.2% and 4.97%, respectively.")
    assert [(c.object, c.value) for c in x.claims] == [("BERT", 4.2), ("T5", 4.97)]


def test_two_numbers_one_comparison(extract):
    x = extract("ZorbNet reaches 75.9% and 81.7%, which are 48% and 7.5% better than BERT.")
    assert [(c.kind, c.value, c.object) for c in x.claims] == [
        ("achieves", 75.9, None), ("achieves", 81.7, None), ("outperforms", 48.0, "BERT"), ("outperforms", 7.5, "BERT")]


# -- subjects --------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "We outperform BERT by 2% on MMLU.",
    "Our model outperforms BERT by 2% on MMLU.",
    "It outperforms BERT by 2% on MMLU.",
    "The proposed method outperforms BERT by 2% on MMLU.",
])
def test_self_references_resolve_to_the_proposed_entity(extract, sentence):
    x = extract("We propose ZorbNet, a new method for reasoning. " + sentence)
    assert [(c.subject, c.object, c.value) for c in x.claims] == [("ZorbNet", "BERT", 2.0)]


def test_model_trained_with_the_method_enables_it(extract):
    x = extract("We propose ZorbTune, a new recipe. ZorbTune enables Llama-3-8B to outperform GPT-4 on MMLU.")
    assert [(c.kind, c.subject, c.object) for c in x.claims] == [("outperforms", "ZorbTune", "GPT-4")]


def test_no_named_subject_and_no_proposal_gives_null_subject(extract):
    x = extract("Accuracy on MMLU improves by 5% with more data.")
    assert [(c.kind, c.subject, c.value) for c in x.claims] == [("improves", None, 5.0)]


def test_bracketed_examples_are_not_subjects(extract):
    x = extract("We propose ZorbTune, a new recipe. ZorbTune-trained models (e.g., T5) achieve state-of-the-art results.")
    assert [(c.kind, c.subject, c.sota) for c in x.claims] == [("achieves", "ZorbTune", True)]


# -- what is not a claim ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "To improve robustness, we study data augmentation.",              # an aim
    "This significantly improves performance.",                        # no named subject, no number
    "ZorbNet does not outperform BERT.",                               # negated
    "The ZorbSet dataset contains 12,000 images from 2023.",           # a data set's size
    "We train on 57 billion tokens.",                                  # a size, not a result
])
def test_not_claims(extract, text):
    assert extract(text).claims == []


def test_sota_flag(extract):
    x = extract("ZorbNet achieves state-of-the-art accuracy of 91.2% on COCO.")
    assert x.claims[0].sota and x.claims[0].value == 91.2


# -- evidence --------------------------------------------------------------------------------------

def test_evidence_is_the_whole_sentence_with_its_offsets_in_the_abstract(extract):
    abstract = "Intro sentence here. Then ZorbNet outperforms CLIP by 8.2% on ImageNet, as expected.  Outro."
    x = extract(abstract)
    c, = x.claims
    assert abstract[c.start:c.end] == c.evidence
    assert c.evidence == "Then ZorbNet outperforms CLIP by 8.2% on ImageNet, as expected."


def test_each_claim_has_its_frames_measured_confidence(extract):
    from kg.extractors.claim_confidence import frame_of, load_table

    table = load_table()
    x = extract("ZorbNet outperforms CLIP by 8.2% on ImageNet. ZorbNet matches GPT-4.")
    assert [c.confidence for c in x.claims] == [table(frame_of("outperforms", True, "explicit")),
                                                table(frame_of("matches", False, "explicit"))]
    assert all(0.0 < c.confidence < 1.0 for c in x.claims)


def test_evidence_offsets_survive_unicode_and_latex(extract):
    abstract = "Ünïcödé prelude — naïve. ZorbNet reduces latency by 3\\% on COCO."
    c, = extract(abstract).claims
    assert abstract[c.start:c.end] == c.evidence and c.evidence.startswith("ZorbNet")


def test_claim_ids_are_deterministic(extract):
    a = extract("ZorbNet outperforms CLIP by 8.2% on ImageNet.")
    b = extract("ZorbNet outperforms CLIP by 8.2% on ImageNet.")
    assert [c.id for c in a.claims] == [c.id for c in b.claims] and a.claims[0].id.startswith("c_")


def test_confidence_prefers_numbers_and_named_subjects(extract):
    x = extract("We propose ZorbNet, a new model. ZorbNet outperforms CLIP by 8.2% on ImageNet. "
                "It also outperforms BERT.")
    by_object = {c.object: c.confidence for c in x.claims}
    assert by_object["CLIP"] > by_object["BERT"]
    assert all(0.0 < c.confidence <= 1.0 for c in x.claims)


def test_each_number_goes_with_the_name_before_it(extract):
    x = extract("ZorbNet outperforms BERT by 6.4% points, T5 by 19.8% points and CLIP by 3.8% points.")
    assert [(c.object, c.value, c.unit) for c in x.claims] == [("BERT", 6.4, "pp"), ("T5", 19.8, "pp"), ("CLIP", 3.8, "pp")]


def test_numbers_pair_with_data_sets_respectively(extract):
    x = extract("ZorbNet beats BERT by 1.3% and 3.6% on MMLU and GSM8K, respectively.")
    assert [(c.dataset, c.value) for c in x.claims] == [("MMLU", 1.3), ("GSM8K", 3.6)]


def test_score_pairs_are_two_achieves(extract):
    x = extract("Accuracy was higher for ZorbNet (74.7% vs. 72.7%) than for BERT. "
                "ZorbNet completes training in 1877 seconds versus BERT's 3090 seconds.")
    assert [(c.kind, c.subject, c.value, c.unit) for c in x.claims if c.kind == "achieves"] == [
        ("achieves", "ZorbNet", 74.7, "%"), ("achieves", "BERT", 72.7, "%"),
        ("achieves", "ZorbNet", 1877.0, "s"), ("achieves", "BERT", 3090.0, "s")]


def test_a_noun_cue_belongs_to_its_own_number(extract):
    # `faster` belongs to 1.65x, not to the throughput before it.
    x = extract("ZorbNet reaches a throughput of 38.8 samples per second during training (1.65x faster than BERT).")
    assert [(c.kind, c.value, c.unit) for c in x.claims] == [("achieves", 38.8, "samples/s"), ("outperforms", 1.65, "x")]


def test_a_proposed_data_set_does_not_achieve_results(extract):
    x = extract("We release ZorbBench, a new benchmark. Our experiments show it improves accuracy by 4%.")
    assert [(c.subject, c.value) for c in x.claims] == [(None, 4.0)]


def test_a_count_of_wins_is_the_value(extract):
    x = extract("ZorbNet reaches state-of-the-art results on 12 of 17 datasets.")
    assert [(c.kind, c.value, c.unit, c.sota) for c in x.claims] == [("achieves", 12.0, "datasets", True)]


def test_an_improvement_noun_restates_the_comparison(extract):
    x = extract("ZorbNet outperformed BERT with average improvements of 6.3% in F1.")
    assert [(c.kind, c.object, c.value, c.qualifier) for c in x.claims] == [("outperforms", "BERT", 6.3, "average")]


def test_a_proportion_is_no_margin(extract):
    # `N% of the parameters` is a reduction of a cost (ANNOTATION.md review conventions), not the margin of
    # the comparison before it.
    x = extract("ZorbNet outperforms strong baselines while training only 0.35% of the parameters of BERT.")
    assert [(c.kind, c.value) for c in x.claims] == [("reduces", 0.35), ("outperforms", None)]
