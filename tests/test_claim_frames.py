"""Claim frames, one test each, on sentences written for the test (names invented or common).

Each test is the documentation of one frame: the shape of text it reads, and the claim it makes.
"""
import pytest
from conftest import rule_extractor_with

GAZETTEER = {
    "models.txt": "GPT-4\nBERT\nT5\nClaude-3\nLlama-3\n",
    "datasets.txt": "MMLU\nGLUE\nSQuAD\n",
    "metrics.txt": "accuracy\nexact match\nF1\nmemory\n",
    "methods.txt": "ZorbNet\nzorb training\n",
}


@pytest.fixture(scope="module")
def extract_paper(tmp_path_factory):
    return rule_extractor_with(tmp_path_factory, GAZETTEER, "f")


@pytest.fixture(scope="module")
def extract(extract_paper):
    return lambda abstract: extract_paper(abstract).claims


def kinds(claims):
    return [(c.kind, c.subject, c.object, c.value, c.unit, c.qualifier) for c in claims]


# -- shapes ----------------------------------------------------------------------------------------

def test_a_score_in_brackets_after_a_name_is_that_names_score(extract):
    claims = extract("On MMLU, GPT-4 (86.4%), Claude-3 (80.1%) and Llama-3 (70.2%) lead the table.")
    assert kinds(claims) == [("achieves", "GPT-4", None, 86.4, "%", None),
                             ("achieves", "Claude-3", None, 80.1, "%", None),
                             ("achieves", "Llama-3", None, 70.2, "%", None)]
    assert {c.dataset for c in claims} == {"MMLU"}


def test_more_adjective_than_is_a_comparison(extract):
    claims = extract("ZorbNet is more robust than BERT.")
    assert kinds(claims) == [("outperforms", "ZorbNet", "BERT", None, None, None)]


def test_more_noun_than_is_no_comparison(extract):
    assert extract("ZorbNet needs more tokens than BERT.") == []


def test_comparably_is_a_match(extract):
    claims = extract("ZorbNet performs comparably to GPT-4 on MMLU.")
    assert kinds(claims) == [("matches", "ZorbNet", "GPT-4", None, None, None)]


def test_going_beyond_is_outperforming(extract):
    assert kinds(extract("ZorbNet goes beyond BERT on GLUE.")) == [("outperforms", "ZorbNet", "BERT", None, None, None)]


def test_a_metric_of_n_needs_no_verb(extract):
    claims = extract("For ZorbNet, an F1 of 85.2 on SQuAD.")
    assert [(c.kind, c.value, c.metric, c.dataset) for c in claims] == [("achieves", 85.2, "F1", "SQuAD")]


def test_n_percent_of_the_time_is_a_score(extract):
    assert kinds(extract("Raters prefer ZorbNet 65% of the time.")) == [("achieves", "ZorbNet", None, 65.0, "%", None)]


def test_n_percent_of_a_cost_is_a_reduction(extract):
    assert kinds(extract("ZorbNet trains only 10% of the parameters.")) == [
        ("reduces", "ZorbNet", None, 10.0, "%", None)]


def test_each_listed_baseline_gets_its_own_claim(extract):
    claims = extract("ZorbNet outperforms baselines such as GPT-4, Claude-3, and Llama-3 by 5% on MMLU.")
    assert [(c.kind, c.object, c.value) for c in claims] == [
        ("outperforms", "GPT-4", 5.0), ("outperforms", "Claude-3", 5.0), ("outperforms", "Llama-3", 5.0)]


# -- kinds -----------------------------------------------------------------------------------------

def test_a_signed_margin_after_a_beat_verb_is_the_comparisons_margin(extract):
    assert kinds(extract("ZorbNet beats BERT with +3.2% on GLUE.")) == [
        ("outperforms", "ZorbNet", "BERT", 3.2, "%", None)]


def test_a_signed_margin_alone_is_an_improvement(extract):
    assert kinds(extract("ZorbNet adds +3.2% on GLUE.")) == [("improves", "ZorbNet", None, 3.2, "%", None)]


def test_a_range_of_gains_is_one_improvement_with_its_upper_bound(extract):
    assert kinds(extract("ZorbNet yields 3% to 5% gains on GLUE.")) == [
        ("improves", "ZorbNet", None, 5.0, "%", "range")]


@pytest.mark.parametrize("sentence", ["On GLUE, ZorbNet attains a 2% accuracy boost over BERT.",
                                      "On GLUE, ZorbNet shows a further 2% performance gain over BERT."])
def test_a_number_a_noun_and_a_gain_word_is_an_improvement(extract, sentence):
    assert [(c.kind, c.value) for c in extract(sentence)] == [("improves", 2.0)]


def test_n_to_m_after_by_is_a_range_of_changes(extract):
    claims = extract("ZorbNet boosts accuracy by 3% to 5% on GLUE.")
    assert [(c.kind, c.value, c.qualifier) for c in claims] == [("improves", 5.0, "range")]


def test_match_as_a_noun_is_no_cue(extract):
    claims = extract("ZorbNet reaches an exact match of 43.4% on SQuAD.")
    assert [(c.kind, c.value, c.metric) for c in claims] == [("achieves", 43.4, "exact match")]


# -- text noise ------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, value, unit, qualifier", [
    (r"4\times", 4.0, "x", None),            # LaTeX times
    (r"$4\times$", 4.0, "x", None),          # inside math dollars
    (r"3\,\%", 3.0, "%", None),              # a thin space before the percent sign
    (r"10+%", 10.0, "%", "over"),            # ten or more
    (r"3%sim5%", 5.0, "%", "range"),         # `3\%\sim5\%` with its backslashes lost
    (r"3\%\sim5\%", 5.0, "%", "range"),
    (r"sim 2%", 2.0, "%", "about"),
])
def test_latex_residue_around_numbers(extract, written, value, unit, qualifier):
    claims = extract(f"ZorbNet improves accuracy by {written} on GLUE.")
    assert [(c.kind, c.value, c.unit, c.qualifier) for c in claims] == [("improves", value, unit, qualifier)]


def test_a_missing_space_after_a_full_stop_still_ends_the_sentence(extract):
    claims = extract("ZorbNet beats BERT by 2% on GLUE.It also beats T5 by 3% on SQuAD.")
    assert [(c.object, c.value) for c in claims] == [("BERT", 2.0), ("T5", 3.0)]
    assert claims[0].evidence == "ZorbNet beats BERT by 2% on GLUE."


def test_a_missing_space_after_a_full_stop_ends_the_name_before_it(extract):
    claims = extract("ZorbNet beats BERT by 2% on GLUE.It also beats T5 by 3% on SQuAD.")
    assert claims[0].dataset == "GLUE"


@pytest.mark.parametrize("written", ["71.5% ± 1.2 accuracy", "71.5\\% ($\\pm$ 1.2) accuracy", "71.5% +/- 1.2 accuracy"])
def test_the_spread_after_a_score_is_no_result(extract, written):
    claims = extract(f"ZorbNet reaches {written} on GLUE.")
    assert [(c.kind, c.value) for c in claims] == [("achieves", 71.5)]


def test_a_change_inside_an_if_clause_is_the_condition_of_the_result(extract):
    claims = extract("On GLUE, ZorbNet beats BERT if the batch size increases by 8x.")
    assert [(c.kind, c.subject, c.object, c.value) for c in claims] == [("outperforms", "ZorbNet", "BERT", 8.0)]


# -- subjects --------------------------------------------------------------------------------------

def test_coordinated_predicates_share_their_subject(extract):
    claims = extract("ZorbNet beats BERT by 2% on GLUE and even surpasses T5 by 1% on SQuAD.")
    assert [(c.kind, c.subject, c.object, c.value) for c in claims] == [
        ("outperforms", "ZorbNet", "BERT", 2.0), ("outperforms", "ZorbNet", "T5", 1.0)]


def test_not_only_but_also_shares_the_subject(extract):
    claims = extract("We propose ZorbNet. Small BERT variants not only use far less memory but also "
                     "stay competitive with T5.")
    assert [(c.kind, c.subject, c.object) for c in claims] == [("reduces", "BERT", None), ("matches", "BERT", "T5")]


def test_the_papers_object_of_study_named_in_the_title_is_a_lower_case_subject(extract_paper):
    abstract = ("We study sparse routing at scale. Our tests show that sparse routing is competitive with BERT "
                "for short inputs.")
    claims = extract_paper(abstract, title="How Does Sparse Routing Scale?").claims
    assert [(c.kind, c.subject, c.object) for c in claims] == [("matches", "sparse routing", "BERT")]
    assert extract_paper(abstract, title="Dense layers at scale").claims == []  # not the paper's topic
    assert extract_paper("Images are compressed by 40% with our codec. We study image compression.",
                         title="Image compression").claims[0].subject is None  # a passive: what undergoes it


@pytest.mark.parametrize("sentence, subject", [
    ("Although big encoders such as BERT bring clear gains on GLUE, their cost is high.", "BERT"),
    ("Chat systems like GPT-4 or T5 offer superior answers in dialogue.", "GPT-4"),
])
def test_the_first_example_of_an_opening_class_is_the_subject(extract, sentence, subject):
    assert [c.subject for c in extract(sentence)] == [subject]


def test_an_example_inside_a_prepositional_phrase_is_no_subject(extract):
    claims = extract("In tests on models like GPT-4, we show that sparse heads outperform dense ones.")
    assert [c.subject for c in claims if c.kind == "outperforms"] in ([], [None])


def test_a_name_alone_in_brackets_after_a_description_is_the_subject(extract):
    claims = extract("On MMLU, the strongest open model (Llama-3) reaches only 41.5%.")
    assert kinds(claims) == [("achieves", "Llama-3", None, 41.5, "%", None)]


def test_an_example_in_brackets_is_no_subject(extract):
    claims = extract("We show that ZorbNet, unlike open models (e.g., Llama-3), reaches 41.5% on MMLU.")
    assert [(c.kind, c.subject) for c in claims] == [("achieves", "ZorbNet")]


def test_a_change_verb_to_n_is_the_level_reached(extract):
    claims = extract("ZorbNet raises accuracy on GLUE to 91.5%.")
    assert [(c.kind, c.subject, c.value, c.metric) for c in claims] == [("achieves", "ZorbNet", 91.5, "accuracy")]


def test_a_change_verb_up_to_n_is_the_size_of_the_change(extract):
    claims = extract("ZorbNet raises accuracy on GLUE by up to 4.5%.")
    assert [(c.kind, c.value, c.qualifier) for c in claims] == [("improves", 4.5, "up to")]


def test_an_adjective_before_metric_of_n_describes_a_score(extract):
    claims = extract("ZorbNet reaches a competitive accuracy of 84.6% on GLUE.")
    assert [(c.kind, c.subject, c.value, c.metric) for c in claims] == [("achieves", "ZorbNet", 84.6, "accuracy")]


# -- results stated by a noun after a light verb ---------------------------------------------------

def test_gains_after_a_light_verb_are_an_improvement(extract):
    claims = extract("ZorbNet shows consistent gains on GLUE.")
    assert [(c.kind, c.subject, c.value, c.dataset) for c in claims] == [("improves", "ZorbNet", None, "GLUE")]


def test_superior_performance_after_a_light_verb_is_a_comparison(extract):
    claims = extract("ZorbNet demonstrates superior performance over BERT.")
    assert kinds(claims) == [("outperforms", "ZorbNet", "BERT", None, None, None)]


@pytest.mark.parametrize("sentence", [
    "The gains of ZorbNet are discussed in the appendix.",        # a noun alone states nothing
    "To achieve better performance, ZorbNet caches its keys.",   # an aim
    "Larger models have shown large gains in recent years.",     # whose gains: no named subject
])
def test_a_result_noun_without_a_carrying_verb_or_subject_is_no_claim(extract, sentence):
    assert extract(sentence) == []


@pytest.mark.parametrize("sentence", [
    "ZorbNet reaches parity with GPT-4 on MMLU.",
    "ZorbNet performs competitively with GPT-4 on MMLU.",
])
def test_parity_and_competitively_are_a_match(extract, sentence):
    assert kinds(extract(sentence)) == [("matches", "ZorbNet", "GPT-4", None, None, None)]


def test_mitigating_is_reducing(extract):
    claims = extract("ZorbNet mitigates forgetting by 30% on GLUE.")
    assert [(c.kind, c.subject, c.value) for c in claims] == [("reduces", "ZorbNet", 30.0)]


def test_the_owner_of_a_result_noun_follows_of(extract):
    claims = extract("Experiments on GLUE confirm the superiority of ZorbNet over BERT.")
    assert kinds(claims) == [("outperforms", "ZorbNet", "BERT", None, None, None)]


def test_a_qualified_margin_after_by_reaches_back_to_its_verb(extract):
    claims = extract("ZorbNet surpasses the strongest state-of-the-art instruction-tuned open models such as BERT "
                     "by more than 20% on GLUE.")
    assert [(c.kind, c.object, c.value, c.qualifier) for c in claims] == [("outperforms", "BERT", 20.0, "over")]


def test_this_approach_stands_for_the_papers_own_method(extract):
    claims = extract("We propose ZorbNet, a routing method for transformers. "
                     "When BERT runs out of memory, this simple approach still reduces memory by 40% on GLUE.")
    assert [(c.kind, c.subject, c.value) for c in claims] == [("reduces", "ZorbNet", 40.0)]


def test_this_with_several_describing_words_before_approach_is_the_papers_own_method(extract):
    claims = extract("We propose ZorbNet, a routing method. On GLUE this cheap sparse token routing approach "
                     "lifts accuracy.")
    assert [(c.kind, c.subject, c.metric) for c in claims] == [("improves", "ZorbNet", "accuracy")]


def test_a_method_name_ending_in_ing_is_the_subject_of_the_verb_after_it(extract):
    claims = extract("Zorb training improves the accuracy of small students.")
    assert [(c.kind, c.subject, c.metric) for c in claims] == [("improves", "Zorb training", "accuracy")]


@pytest.mark.parametrize("sentence, subject", [
    ("We propose ZorbNet. We see that distilling with BERT reaches higher accuracy.", "BERT"),
    ("Tuning with BERT and T5 raises the recall of small parsers.", "BERT"),
])
def test_a_gerund_with_a_name_opening_the_clause_makes_the_name_the_subject(extract, sentence, subject):
    assert [c.subject for c in extract(sentence)] == [subject]


def test_a_name_after_with_inside_the_clause_is_no_subject(extract):
    claims = extract("We propose ZorbNet. On GLUE, ZorbNet combined with BERT beats T5.")
    assert [(c.subject, c.object) for c in claims] == [("ZorbNet", "T5")]


def test_a_participle_carrying_a_result_noun_takes_the_sentence_subject(extract):
    claims = extract("ZorbNet halves memory on GLUE while achieving comparable accuracy.")
    assert ("matches", "ZorbNet", None, None, None, None) in kinds(claims)


def test_not_only_improves_but_also_keeps_comparable_results_is_two_claims(extract):
    claims = extract("We propose ZorbNet, a routing method. Our router not only lifts the memory use of each "
                     "layer but also keeps comparable results.")
    assert [(c.kind, c.subject, c.metric) for c in claims] == [("improves", "ZorbNet", "memory"),
                                                                ("matches", "ZorbNet", None)]


def test_a_participle_before_a_match_phrase_takes_the_sentence_subject(extract):
    claims = extract("Experiments on GLUE show that ZorbNet outperforms BERT and T5 models, achieving comparable "
                     "performance to GPT-4 on several benchmarks.")
    assert ("matches", "ZorbNet", "GPT-4") in [(c.kind, c.subject, c.object) for c in claims]


def test_comparable_or_even_better_is_one_match(extract):
    claims = extract("ZorbNet uses less memory on GLUE while achieving comparable or even better accuracy.")
    assert [c.kind for c in claims if c.value is None and c.kind != "reduces"] == ["matches"]


def test_a_participle_describing_a_noun_states_no_result(extract):
    assert extract("We train ZorbNet inside a pipeline enhanced by caching.") == []


def test_a_throughput_is_a_result(extract):
    claims = extract("During inference ZorbNet processed 140 samples per second.")
    assert [(c.kind, c.subject, c.value, c.unit) for c in claims] == [("achieves", "ZorbNet", 140.0, "samples/s")]


def test_a_list_of_name_by_margin_items_shares_the_verb(extract):
    claims = extract("ZorbNet outperformed general-purpose open baselines such as BERT by 8.1 points, T5 by 6.4 "
                     "points, Claude-3 by 5.5 points, GPT-4 by 4.1 points, and the far larger, instruction-tuned and domain-adapted "
                     "language models such as Llama-3 by 2.2 points on the GLUE reading comprehension tasks.")
    assert [(c.kind, c.object, c.value) for c in claims] == [
        ("outperforms", "BERT", 8.1), ("outperforms", "T5", 6.4), ("outperforms", "Claude-3", 5.5),
        ("outperforms", "GPT-4", 4.1), ("outperforms", "Llama-3", 2.2)]


def test_a_number_after_and_repeats_the_statement_before(extract):
    claims = extract("ZorbNet surpasses BERT by 12% on the hardest multi-hop open-domain reading comprehension "
                     "benchmarks such as SQuAD and 4% on GLUE.")
    assert [(c.kind, c.object, c.value, c.dataset) for c in claims] == [
        ("outperforms", "BERT", 12.0, "SQuAD"), ("outperforms", "BERT", 4.0, "GLUE")]


def test_a_hyphenated_compound_between_number_and_cue_is_one_word(extract):
    claims = extract("ZorbNet delivers up to 2.5x end-to-end speedup on GLUE.")
    assert [(c.kind, c.value, c.unit, c.qualifier) for c in claims] == [("outperforms", 2.5, "x", "up to")]


def test_a_participle_after_a_comma_and_an_adverb_states_the_subjects_result(extract):
    claims = extract("ZorbNet routes tokens by length, significantly improving accuracy on GLUE.")
    assert [(c.kind, c.subject, c.value, c.metric) for c in claims] == [("improves", "ZorbNet", None, "accuracy")]


def test_a_participle_after_comma_further_states_the_subjects_result(extract):
    claims = extract("We propose ZorbNet. We add a warm-up stage, further raising the accuracy.")
    assert [(c.kind, c.subject) for c in claims] == [("improves", "ZorbNet")]


def test_a_participle_as_a_means_states_no_result(extract):
    assert extract("ZorbNet is trained by improving the accuracy of its router on GLUE.") == []


def test_with_no_proposal_a_name_after_an_opening_adverbial_is_the_subject(extract):
    claims = extract("Notably, SQuAD yields an accuracy of 71.5% for small readers.")
    assert [(c.kind, c.subject, c.value) for c in claims] == [("achieves", "SQuAD", 71.5)]


# -- data sets -------------------------------------------------------------------------------------

def test_the_abstracts_only_data_set_is_where_an_unplaced_number_was_measured(extract):
    claims = extract("We evaluate ZorbNet on SQuAD. ZorbNet beats BERT by 3.5%.")
    assert [(c.kind, c.value, c.dataset) for c in claims] == [("outperforms", 3.5, "SQuAD")]


def test_a_number_with_its_own_place_takes_no_other_data_set(extract):
    claims = extract("ZorbNet gains on GLUE and SQuAD, including +8.2 on Zorbdown, +4.5 on GLUE and +5.3 on SQuAD.")
    assert [(c.value, c.dataset) for c in claims] == [(8.2, None), (4.5, "GLUE"), (5.3, "SQuAD")]


def test_with_two_data_sets_an_unplaced_number_stays_unplaced(extract):
    claims = extract("We evaluate ZorbNet on SQuAD and GLUE. ZorbNet beats BERT by 3.5%.")
    assert [(c.kind, c.value, c.dataset) for c in claims] == [("outperforms", 3.5, None)]


def test_a_cost_or_speed_claim_does_not_take_the_abstracts_only_data_set(extract):
    claims = extract("We evaluate ZorbNet on SQuAD. ZorbNet uses 40% less memory and runs 3x faster than BERT.")
    assert [(c.kind, c.value, c.dataset) for c in claims] == [("reduces", 40.0, None), ("outperforms", 3.0, None)]


def test_a_cue_word_inside_a_name_is_part_of_the_name(extract):
    claims = extract("We propose ZorbNet and two strategies, boosted zorb routing (BZR) and sparse heads, to "
                     "speed up training. BZR is cheap.")
    assert claims == []


def test_a_participle_after_a_light_verb_is_an_adjective(extract):
    assert extract("ZorbNet provides improved routing for long inputs.") == []


# -- nothing lost ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "ZorbNet is 3x faster than BERT without any sacrifice in accuracy.",
    "ZorbNet is 3x faster than BERT and maintains accuracy.",
])
def test_saying_nothing_was_lost_is_a_match(extract, sentence):
    assert ("matches", "ZorbNet", None) in [(c.kind, c.subject, c.value) for c in extract(sentence)]


def test_a_number_before_without_degradation_measures_something_else(extract):
    claims = extract("ZorbNet can be trained on 40% of the data without degradation in accuracy.")
    assert ("reduces", "ZorbNet", 40.0) in [(c.kind, c.subject, c.value) for c in claims]
    assert all(c.value is None for c in claims if c.kind == "matches")


def test_using_less_of_a_cost_is_a_reduction(extract):
    claims = extract("ZorbNet matches BERT on GLUE while using far less memory.")
    assert ("reduces", "ZorbNet", None) in [(c.kind, c.subject, c.value) for c in claims]


def test_an_infinitive_after_a_noun_phrase_is_an_aim(extract):
    assert extract("ZorbNet combines two views of each page to improve recall.") == []


@pytest.mark.parametrize("sentence", [
    "ZorbNet is shown to improve recall on SQuAD.",
    "ZorbNet enables small readers to outperform BERT on SQuAD.",
])
def test_an_attested_or_enabled_infinitive_is_a_result(extract, sentence):
    assert extract(sentence) != []


def test_leading_to_is_a_consequence_not_a_rank(extract):
    claims = extract("ZorbNet exhibits strong routing, leading to lower latency.")
    assert all(c.kind != "achieves" and not c.sota for c in claims)


@pytest.mark.parametrize("sentence", [
    "On Llama-3, our ZorbNet gains 4.1% on MMLU.",
    "Applied on Llama-3, ZorbNet yields improvements of 4.1% on MMLU.",
    "ZorbNet improves Llama-3's accuracy by 4.1% on MMLU.",
])
def test_the_model_an_improvement_is_applied_to_is_its_object(extract, sentence):
    claims = [c for c in extract(sentence) if c.kind == "improves"]
    assert [(c.subject, c.object, c.value, c.dataset) for c in claims] == [("ZorbNet", "Llama-3", 4.1, "MMLU")]


def test_an_improvement_on_a_data_set_has_no_object(extract):
    claims = [c for c in extract("ZorbNet improves accuracy by 4.1% on MMLU.") if c.kind == "improves"]
    assert [(c.subject, c.object, c.value) for c in claims] == [("ZorbNet", None, 4.1)]


@pytest.mark.parametrize("sentence, value, unit, qualifier", [
    ("ZorbNet takes only 20 hours to train.", 20.0, "hours", None),
    ("ZorbNet finishes training in 41.5 seconds.", 41.5, "s", None),
    ("ZorbNet took about 12 minutes per run.", 12.0, "minutes", "about"),
])
def test_the_time_a_run_takes_is_a_score(extract, sentence, value, unit, qualifier):
    assert kinds(extract(sentence)) == [("achieves", "ZorbNet", None, value, unit, qualifier)]


def test_a_duration_without_a_word_of_taking_time_is_no_claim(extract):
    assert extract("ZorbNet was trained on GLUE for 3 epochs over 20 hours of data.") == []


def test_a_comparison_stated_with_its_number_after_a_score_verb_is_one_claim(extract):
    claims = extract("ZorbNet obtains 3.5 points higher accuracy than BERT.")
    assert kinds(claims) == [("outperforms", "ZorbNet", "BERT", 3.5, "points", None)]


def test_more_hyphenated_adjective_than_is_a_comparison(extract):
    assert kinds(extract("ZorbNet is more sample-efficient than BERT.")) == [
        ("outperforms", "ZorbNet", "BERT", None, None, None)]


def test_unnamed_baselines_leave_the_object_empty(extract):
    claims = extract("ZorbNet outperforms strong baselines with only 1% of the parameters of BERT.")
    assert [(c.kind, c.subject, c.object) for c in claims if c.kind == "outperforms"] == [
        ("outperforms", "ZorbNet", None)]


def test_baselines_named_by_example_are_the_objects(extract):
    claims = extract("ZorbNet outperforms strong baselines (e.g., BERT) on GLUE.")
    assert [(c.kind, c.subject, c.object) for c in claims] == [("outperforms", "ZorbNet", "BERT")]


def test_state_of_the_art_as_the_baseline_of_a_gain_is_no_record(extract):
    claims = extract("ZorbNet achieves large gains over state-of-the-art methods on GLUE.")
    assert [(c.kind, c.subject, c.dataset) for c in claims] == [("improves", "ZorbNet", "GLUE")]


def test_achieving_state_of_the_art_results_is_a_record(extract):
    claims = extract("ZorbNet achieves state-of-the-art results on GLUE.")
    assert [(c.kind, c.subject, c.dataset) for c in claims] == [("achieves", "ZorbNet", "GLUE")]


def test_a_metric_nearer_to_another_kinds_cue_is_not_the_claims(extract):
    claims = extract("ZorbNet improves accuracy during training but also keeps comparable performance to BERT.")
    matches = [(c.kind, c.subject, c.object, c.metric) for c in claims if c.kind == "matches"]
    assert matches == [("matches", "ZorbNet", "BERT", None)]


def test_the_one_metric_of_a_sentence_goes_to_its_one_cue(extract):
    claims = extract("ZorbNet achieves comparable accuracy to BERT.")
    assert [(c.kind, c.metric) for c in claims] == [("matches", "accuracy")]


# -- scores reached and whose they are (leaderboard rows) -------------------------------------------

def scores(claims):
    return [(c.kind, c.subject, c.value, c.dataset, c.metric) for c in claims]


def test_a_change_noun_from_a_to_b_is_a_change_and_the_score_reached(extract):
    claims = extract("On MMLU, ZorbNet yields an improvement from 60.1% to 64.2%.")
    assert scores(claims) == [("improves", "ZorbNet", 4.1, "MMLU", None), ("achieves", "ZorbNet", 64.2, "MMLU", None)]


def test_a_stated_gain_then_from_a_to_b_adds_only_the_score_on_the_same_data(extract):
    claims = extract("ZorbNet brings an accuracy gain of 4.1% on MMLU from 60.1% to 64.2%, while BERT reaches "
                     "50.0% on GLUE.")
    got = scores(claims)
    assert ("achieves", "ZorbNet", 64.2, "MMLU", None) in got  # the metric `accuracy gain` names the change
    assert [c for c in got if c[2] == 64.2 and c[0] != "achieves"] == []
    assert ("achieves", "BERT", 50.0, "GLUE") in [c[:4] for c in got]


def test_gains_ranging_from_a_to_b_are_no_score(extract):
    claims = extract("ZorbNet brings gains ranging from 3% to 5% on MMLU.")
    assert [c.kind for c in claims] == ["improves"]


def test_a_backbone_with_the_papers_method_is_the_methods_result(extract_paper):
    result = extract_paper("We propose ZorbNet, a new tuning method. Llama-3 with ZorbNet reaches 66.2% on MMLU.")
    assert [(c.subject, c.value) for c in result.claims if c.value is not None] == [("ZorbNet", 66.2)]


def test_a_backbone_with_another_method_stays_the_subject(extract_paper):
    result = extract_paper("We propose ZorbNet, a new tuning method. Llama-3 with BERT reaches 66.2% on MMLU.")
    assert [(c.subject, c.value) for c in result.claims if c.value is not None] == [("Llama-3", 66.2)]


def test_a_pair_of_scores_takes_the_data_named_after_it(extract):
    claims = extract("ZorbNet nearly matches BERT (93.9% vs 94.3% on SQuAD).")
    assert ("achieves", "ZorbNet", 93.9, "SQuAD", None) in scores(claims)


def test_n_for_a_name_after_a_comparison_is_that_names_score(extract):
    claims = extract("ZorbNet reaches 81.2% accuracy on MMLU, versus 75.0% for BERT and 73.1% for T5.")
    assert [(c.subject, c.value, c.dataset) for c in claims] == [
        ("ZorbNet", 81.2, "MMLU"), ("BERT", 75.0, "MMLU"), ("T5", 73.1, "MMLU")]


def test_n_for_a_name_without_a_comparison_names_a_backbone(extract):
    claims = extract("ZorbNet reaches 85.0% accuracy for Llama-3 on MMLU.")
    assert [(c.subject, c.value) for c in claims] == [("ZorbNet", 85.0)]


def test_a_quantified_class_is_no_subject(extract_paper):
    result = extract_paper("We propose ZorbNet. On GLUE, all models achieve near 90% accuracy, and ZorbNet reaches 93.0%.")
    assert [(c.subject, c.value) for c in result.claims if c.value is not None] == [(None, 90.0), ("ZorbNet", 93.0)]


def test_the_example_after_a_hyphenated_class_is_the_subject(extract):
    claims = extract("We find that even a state-of-the-art model like GPT-4 reaches only 27.5% accuracy on MMLU.")
    assert [(c.subject, c.value) for c in claims] == [("GPT-4", 27.5)]
