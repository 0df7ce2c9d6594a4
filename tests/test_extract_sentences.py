"""Sentence boundaries: the blank English pipeline has none, `kg_sentences` adds them.

A full stop ends a sentence only when the next token can open one and the word before it is not an
abbreviation; numbers (`8.2%`, `3\\%`) and the tokenizer's own abbreviations (`e.g.`, `i.e.`, `vs.`) never end one.
"""
import pytest

from kg.extractors.pipeline import build_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(until="kg_sentences")


def sentences(nlp, text):
    return [s.text for s in nlp(text).sents]


@pytest.mark.parametrize("text", [
    "Accuracy rises by 8.2% on ImageNet and by 3.4 points on COCO.",
    "Accuracy rises by 3\\% on ImageNet.",
    "We use strong baselines, e.g. BERT and T5, for comparison.",
    "We use one baseline, i.e. BERT, for comparison.",
    "As Smith et al. showed, scaling helps.",
    "BERT vs. T5 is the comparison we make.",
    "The curve in Fig. 2 and the numbers in Tab. 3 agree.",
    "The model is small (approx. 5 M parameters) and fast.",
    "It reaches 0.85 F1. 2.3x faster.".split(". ")[0] + ".",
])
def test_no_boundary_inside_one_sentence(nlp, text):
    assert sentences(nlp, text) == [text]


def test_boundaries_between_sentences(nlp):
    text = "LaCLIP beats CLIP by 8.2%. It is fast! Is it robust? Yes, e.g. on ImageNet-C. We release code."
    assert sentences(nlp, text) == [
        "LaCLIP beats CLIP by 8.2%.", "It is fast!", "Is it robust?", "Yes, e.g. on ImageNet-C.", "We release code.",
    ]


def test_latex_percent_then_new_sentence(nlp):
    assert sentences(nlp, "It saves 40\\% of time. We also find gains.") == [
        "It saves 40\\% of time.", "We also find gains."]


def test_etc_can_end_a_sentence(nlp):
    # `etc.` is split by the tokenizer and is no abbreviation here: a capital after it opens a sentence.
    assert sentences(nlp, "We test images, text, etc. Results are good.") == [
        "We test images, text, etc.", "Results are good."]


def test_missing_space_after_full_stop(nlp):
    # The pipeline's tokenizer splits `GLUE.The`, which the blank tokenizer keeps as one token.
    assert sentences(nlp, "We win on GLUE.The code is public.") == ["We win on GLUE.", "The code is public."]


def test_sentence_may_start_with_a_number_or_bracket(nlp):
    assert len(sentences(nlp, "We improve results. 12 of 17 datasets improve. (Code is public.)")) == 3


def test_name_ending_in_a_capital_letter_ends_a_sentence(nlp):
    # The tokenizer keeps the dot on `C.` in `ImageNet-C.`.
    assert sentences(nlp, "We test on ImageNet-C. Results improve.") == ["We test on ImageNet-C.", "Results improve."]


def test_every_token_has_a_boundary_decision(nlp):
    doc = nlp("One sentence here. Another one.")
    assert all(t.is_sent_start is not None for t in doc)
    assert doc.has_annotation("SENT_START")


def test_a_line_wrap_inside_a_sentence_is_no_boundary(nlp):
    # arXiv abstracts wrap every ~80 characters, often before a capitalised name.
    text = "ZorbNet lowers memory by 30% while\nkeeping accuracy, and beats\nBERT by 3%."
    assert sentences(nlp, text) == [text]


def test_a_line_break_after_a_full_stop_or_a_paragraph_break_is_a_boundary(nlp):
    assert [s.strip() for s in sentences(nlp, "We win.\nWe also\nlose.\n  Then we stop.\n\nNext part")] == [
        "We win.", "We also\nlose.", "Then we stop.", "Next part"]
def test_a_hard_line_wrap_is_no_boundary(nlp):
    # Metadata dumps wrap abstracts at a fixed width: a line break inside a paragraph joins two halves of a sentence.
    from kg.extractors.sentences import unwrap

    wrapped = "Experiments on three benchmarks show that\nQuillNet reaches 88.1% accuracy. It is\nfast."
    text = unwrap(wrapped)
    assert len(text) == len(wrapped) and "\n" not in text
    assert sentences(nlp, text) == ["Experiments on three benchmarks show that QuillNet reaches 88.1% accuracy.",
                                    "It is fast."]


def test_blank_lines_and_list_items_still_separate(nlp):
    from kg.extractors.sentences import unwrap

    text = unwrap("We make two points:\n- first, speed\n- second, size\n\nA new paragraph\nfollows.")
    assert text == "We make two points:\n- first, speed\n- second, size\n\nA new paragraph follows."
    assert sentences(nlp, text)[-1] == "A new paragraph follows."
    assert "- first, speed\n" in sentences(nlp, text)
    # a dash after a plain wrap is punctuation, not a list item
    assert unwrap("it cuts memory in half\n- a large saving.") == "it cuts memory in half - a large saving."
