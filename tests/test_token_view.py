"""The token view's facts read from lexeme columns (`extractors/tokens.py`) agree with the plain Python rules."""
import spacy

from kg.extractors.pipeline import blank
from kg.extractors.tokens import view, watch

TEXT = "The Qlorb-7B model reaches 81.2% on ZetaBench, e.g. with café-style batches and user@host links."


def python_marked(texts):
    return [k for k, t in enumerate(texts) if t != t.lower() or (not t.isalpha() and any(
        c.isdigit() or c == "@" or (c.isalnum() and not ("a" <= c <= "z")) for c in t))]


def test_marked_tokens_and_lower_forms_match_the_python_rule():
    nlp = blank()
    v = view(nlp.make_doc(TEXT))
    assert v.marked() == python_marked(v.texts)
    assert "Qlorb-7B" in [v.texts[k] for k in v.marked()] and "model" not in [v.texts[k] for k in v.marked()]
    assert v.lowers == [t.lower() for t in v.texts]


def test_a_vocab_whose_flag_bit_is_taken_falls_back_to_the_python_rule():
    nlp = spacy.blank("en")
    nlp.vocab.add_flag(lambda text: True, 63)  # another user of the same bit: its values must not be read
    v = view(nlp.make_doc(TEXT))
    assert v.marked() == python_marked(v.texts)


def test_watched_words_are_found_also_when_registered_after_the_vocab_met_them():
    nlp = blank()
    first = view(nlp.make_doc(TEXT))
    assert first.positions({"zetabench"}) == []  # not watched yet: never reported
    watch({"zetabench", "batches"})
    v = view(nlp.make_doc(TEXT))
    assert v.positions({"zetabench", "batches"}) == [v.lowers.index("zetabench"), v.lowers.index("batches")]
