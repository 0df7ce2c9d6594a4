"""Two more uses that tell a kind from a named thing (`extractors/mining/kinds.py`): a name written before a
lower-case content word in nearly every paper and almost never at the end of a noun phrase is a modifier;
a name written before nouns of fields (`X applications`, `X education`) or after `the field of` is an area.
Neither is an entity. The abstracts are invented; the names in them (Blorf-Zint, QVX, Marmot-7B) are made up."""
from __future__ import annotations

from kg.extractors.mining import Thresholds, build_lexicon
from kg.extractors.mining.kinds import AREA, MODIFIER, KindThresholds, decide, names_area

ONE = Thresholds(acronym_papers=1, type_papers=1, name_papers=1, surface_papers=1, common_word_min=1)

MODIFIER_PAPERS = [("Teams", "We study Blorf-Zint collaboration in small teams.")] * 12 + \
    [("Pose", "Marmot-7B improves Blorf-Zint alignment.")] * 10
NAMED_PAPERS = [("Model", "Marmot-7B answers questions, and we fine-tune Marmot-7B .")] * 22
AREA_PAPERS = [("Apps", "QVX applications need fast rendering.")] * 4 + \
    [("Field", "Work in the field of QVX is growing; QVX education lags.")] * 4 + \
    [("Other", "Headsets for QVX are cheap.")] * 8


def test_a_name_that_only_modifies_nouns_is_a_modifier():
    lex = build_lexicon(MODIFIER_PAPERS + NAMED_PAPERS, ONE)
    assert lex.kind("Blorf-Zint") == MODIFIER
    row = next(k for k in lex.kinds if k.kind == MODIFIER)
    assert (row.papers, row.premod_papers, row.head_papers) == (22, 22, 0)
    assert lex.kind("Marmot-7B") is None  # stands alone before `,` and `.`


def test_a_name_used_for_a_field_is_an_area():
    lex = build_lexicon(AREA_PAPERS + NAMED_PAPERS, ONE)
    assert lex.kind("QVX") == AREA
    assert lex.kind("Marmot-7B") is None


def test_area_frames_before_and_after_the_name():
    toks = "in the field of QVX , QVX applications and QVX models".split()
    assert names_area(toks, 4, 5)  # `the field of QVX`
    assert names_area(toks, 6, 7)  # `QVX applications`
    assert not names_area(toks, 9, 10)  # `QVX models` is a typing frame, not an area


def test_the_rules_weigh_uses_against_mentions_and_frames():
    th = KindThresholds()
    assert decide(40, 0, 0, None, th, premod=36, ends=2) == MODIFIER
    assert decide(40, 0, 0, None, th, premod=36, ends=10) is None  # often a head: a named thing
    assert decide(40, 0, 0, None, th, premod=30, ends=0) is None
    assert decide(10, 0, 0, None, th, premod=10, ends=0) is None  # too few papers
    assert decide(60, 0, 0, None, th, area=15, typed=10) == AREA
    assert decide(60, 0, 0, None, th, area=15, typed=11) is None  # typed as a method or data set about as often
    assert decide(400, 0, 0, None, th, area=15, typed=0) is None  # a rare use of a common name
    assert decide(20, 0, 0, None, th, area=4, typed=0) is None


def test_a_short_form_in_parentheses_is_read_by_the_word_after_them():
    defined = [("Buffer", "We compress the zorp-value (ZPV) buffer of long inputs.")] * 12 + \
        [("Reuse", "Reusing ZPV buffers cuts memory.")] * 10
    named = [("Tool", "We release Quell Tracer (QTR) , and QTR runs fast.")] * 22
    lex = build_lexicon(defined + named, ONE)
    assert lex.kind("ZPV") == MODIFIER
    row = next(k for k in lex.kinds if k.key == "zpv")
    assert (row.premod_papers, row.head_papers) == (22, 0)  # `(ZPV) buffer` counts as before `buffer`
    assert lex.kind("QTR") is None  # `(QTR) ,` ends its noun phrase
