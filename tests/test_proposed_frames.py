"""The paper's own entity in the sentence frames that name it, and `we` / `our method` resolving to it.

Every sentence is invented; the gazetteer is the test's own (as in test_extract_claims.py).
"""
import pytest
from conftest import rule_extractor_with

GAZETTEER = {
    "models.txt": "BERT\nGPT-4\n",
    "datasets.txt": "MMLU\nGSM8K\n",
    "metrics.txt": "accuracy\nword error rate\n",
    "methods.txt": "LoRA\n",
}


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    return rule_extractor_with(tmp_path_factory, GAZETTEER, "p")


def proposed(x):
    return [(e.name, e.type) for e in x.entities if e.proposed]


def subjects(x):
    return [(c.kind, c.subject, c.value) for c in x.claims]


def test_a_suite_of_models_is_a_model_family_and_stands_for_we(extract):
    # `suite` alone types a data set; `a suite of models` counts models.
    x = extract("We introduce Zorbix, a suite of models for translation. Our models outperform GPT-4 by 3% on MMLU.")
    assert [name for name, type_ in proposed(x) if type_ in ("Model", "Method")] == ["Zorbix"]
    assert subjects(x) == [("outperforms", "Zorbix", 3.0)]


def test_a_suite_of_benchmarks_stays_a_data_set(extract):
    x = extract("We release Zorbench, a suite of benchmarks for reasoning.")
    assert proposed(x) == [("Zorbench", "Dataset")]


def test_a_latex_subscript_name_keeps_its_closing_brace(extract):
    x = extract("We find that a growth operator, called G_{mix}, trains fast. G_{mix} outperforms BERT by 4% on MMLU.")
    assert [name for name, _ in proposed(x)] == ["G_{mix}"]
    assert subjects(x) == [("outperforms", "G_{mix}", 4.0)]


@pytest.mark.parametrize("phrase", ["our parameter-efficient QDA", "our proposed QDA", "our simple yet effective QDA"])
def test_our_before_modifiers_and_a_defined_name_marks_the_proposal(extract, phrase):
    x = extract("We study Quiet Domain Adapters (QDA) for speech. Our method reduces word error rate by 12%. "
                f"We show that {phrase} matches full fine-tuning.")
    assert proposed(x) == [("QDA", "Method")]
    assert ("reduces", "QDA", 12.0) in subjects(x)


def test_our_before_modifiers_and_a_listed_name_is_not_a_proposal(extract):
    x = extract("We study adapters for speech. We show that our fine-tuned BERT matches GPT-4.")
    assert proposed(x) == []


def test_a_name_right_after_the_head_noun_of_the_proposal(extract):
    x = extract("In this paper, we propose a feature smoothing method FSMO. The proposed method outperforms LoRA "
                "by 2% on GSM8K.")
    assert proposed(x) == [("FSMO", "Method")]
    assert subjects(x) == [("outperforms", "FSMO", 2.0)]


def test_a_bracketed_short_form_after_a_loosely_spelled_long_name_is_the_proposal(extract):
    # The capitals of the long form do not spell the short form, so only the brackets pair them.
    x = extract("We propose a framework called qUick Robust Tuning (QUART) for math. Experiments show that "
                "our method improves accuracy by 3.5% on GSM8K.")
    assert "QUART" in [name for name, _ in proposed(x)]
    assert subjects(x) == [("improves", "QUART", 3.5)]


def test_a_description_the_title_opens_with_is_the_proposal(extract):
    x = extract("Few-shot learners forget. We propose retrieval-guided meta tuning, where each example brings "
                "neighbours. Our approach outperforms LoRA by 4% on MMLU.",
                "Retrieval-guided Meta Tuning for Few-shot Learners")
    assert proposed(x) == [("retrieval-guided meta tuning", "Method")]
    assert subjects(x) == [("outperforms", "retrieval-guided meta tuning", 4.0)]


@pytest.mark.parametrize("title, abstract", [
    # The words stand in the middle of the title, not at the head of its main phrase.
    ("Pretraining for Parsing: Trees Meet Optimal Transport",
     "We propose a pretraining method combining trees and optimal transport to close the gap."),
    # A named proposal is better evidence than a description.
    ("Retrieval-guided Meta Tuning for Few-shot Learners",
     "We propose retrieval-guided meta tuning, where examples help, in a system called Zorblax."),
])
def test_a_description_is_no_proposal_without_the_title_head_or_beside_a_name(extract, title, abstract):
    names = [name for name, _ in proposed(extract(abstract, title))]
    assert not any(name.islower() for name in names)


def test_a_digit_standing_for_a_word_in_the_short_form_of_the_proposal(extract):
    # `2` stands for `to`: the short form names the proposal, the long form is its alias.
    x = extract("We propose Learn-to-Rank Experts (L2RE) for search. L2RE outperforms BERT by 3% on MMLU.")
    assert proposed(x) == [("L2RE", "Method")]
    assert [e.aliases for e in x.entities if e.name == "L2RE"] == [["Learn-to-Rank Experts"]]
