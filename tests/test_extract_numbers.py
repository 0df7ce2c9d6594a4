"""Numbers, units and qualifiers as the claim rules see them (every format of the annotation guide).

Token facts of the blank English tokenizer: `3\\%` is one token, `+14.4%` is `+14.4 %`, `10-20x` is `10 - 20x`.
"""
import pytest
import spacy

from kg.extractors.numbers import find_quantities, parse_number


@pytest.fixture(scope="module")
def tokenize():
    nlp = spacy.blank("en")
    return lambda text: [t.text for t in nlp.make_doc(text)]


def only(tokenize, text):
    qs = find_quantities(tokenize(text))
    assert len(qs) == 1, qs
    q = qs[0]
    return q.value, q.unit, q.qualifier


@pytest.mark.parametrize("text, expected", [
    ("outperforms CLIP by 8.2% on ImageNet", (8.2, "%", None)),
    ("reduces cost by 3\\% overall", (3.0, "%", None)),
    ("(+14.4% on Math-Hard)", (14.4, "%", None)),
    ("a gain of 3.4 points", (3.4, "points", None)),
    ("is 2.3x faster", (2.3, "x", None)),
    ("is 2.3× faster", (2.3, "x", None)),
    ("a 10-20x speed-up", (20.0, "x", "range")),
    ("reduces up to 40% of training time", (40.0, "%", "up to")),
    ("improves by over 20 points", (20.0, "points", "over")),
    ("reaches 0.85 F1", (0.85, None, None)),
    ("by 3.2 percentage points", (3.2, "pp", None)),
    ("by 5.1 pp", (5.1, "pp", None)),
    ("by more than 50\\%", (50.0, "%", "over")),
    ("up to approximately 20\\% accuracy", (20.0, "%", "up to")),
    ("~2x faster", (2.0, "x", "about")),
    ("roughly 0.35% of the parameters", (0.35, "%", "about")),
    ("an average success rate of 86.5%", (86.5, "%", "average")),
    ("improves by 3.2% on average", (3.2, "%", "average")),
    ("by +9 accuracy points", (9.0, "points", None)),
    ("in 1877.67 seconds", (1877.67, "s", None)),
    ("38.82 samples per second", (38.82, "samples/s", None)),
    ("context of up to 1 million tokens", (1_000_000.0, "tokens", "up to")),
    ("3 to 5 times faster", (5.0, "x", "range")),
    ("between 0-15\\% in error", (15.0, "%", "range")),
    ("uses 1,000 samples", (1000.0, None, None)),
])
def test_number_formats(tokenize, text, expected):
    assert only(tokenize, text) == expected


def test_from_to_keeps_both_ends(tokenize):
    # `from 36.1 to 41.2` is one quantity: the claim rules turn it into an improvement of 5.1 and a score of 41.2.
    q, = find_quantities(tokenize("improves accuracy from 36.1 to 41.2 on GSM8K"))
    assert (q.low, q.value, q.form) == (36.1, 41.2, "from_to")


def test_from_to_with_units_on_both_ends(tokenize):
    q, = find_quantities(tokenize("ranging from 6.83% to 16.98%"))
    assert (q.low, q.value, q.unit) == (6.83, 16.98, "%")


def test_several_numbers_in_one_sentence(tokenize):
    qs = find_quantities(tokenize("which are 48% and 7.49% better than DeiT-B"))
    assert [(q.value, q.unit) for q in qs] == [(48.0, "%"), (7.49, "%")]


def test_signed_numbers_are_marked(tokenize):
    q, = find_quantities(tokenize("MMLU +8.1%"))
    assert q.form == "signed" and q.value == 8.1


def test_negative_numbers_keep_magnitude(tokenize):
    q, = find_quantities(tokenize("a change of -3.5%"))
    assert q.negative and q.value == 3.5


@pytest.mark.parametrize("text", ["published in 2023 at a venue", "as shown in [12], prior work", "no numbers here"])
def test_not_quantities(tokenize, text):
    assert find_quantities(tokenize(text)) == []


@pytest.mark.parametrize("token, parsed", [
    ("8.2", (8.2, None, None, "")),
    ("3\\%", (3.0, "%", None, "")),
    ("+14.4", (14.4, None, None, "+")),
    ("2.3×", (2.3, "x", None, "")),
    ("10x-20x", (20.0, "x", 10.0, "")),
    ("1,024", (1024.0, None, None, "")),
    ("GPT-4", None),
    ("7B", None),
])
def test_parse_one_token(token, parsed):
    assert parse_number(token) == parsed


@pytest.mark.parametrize("text, expected", [
    ("state of the art on 12 of 17 datasets", (12.0, "datasets")),
    ("best on 8 out of 10 tasks", (8.0, "tasks")),
])
def test_counts_of_things(tokenize, text, expected):
    q, = find_quantities(tokenize(text))
    assert (q.value, q.unit, q.form) == (*expected, "count")
