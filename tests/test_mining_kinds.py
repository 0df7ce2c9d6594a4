"""Kinds of things mined from unlabelled text (`extractors/mining/kinds.py`) and the typing rule that uses them:
a name written before data nouns (`X scans`, `X point clouds`) is a modality or sensor, a name written mostly
in the plural is a class; neither is an entity. The abstracts are invented; the names in them (ZQR, Quokkaset,
GLORP, Marmot-7B) are made up."""
from __future__ import annotations

import pytest

from kg.extractors.corpus_types import corpus_kind, load_kinds
from kg.extractors.mining import Lexicon, Thresholds, build_lexicon
from kg.extractors.mining.kinds import CLASS, MODALITY, KindThresholds, decide, modifies_data

ONE = Thresholds(acronym_papers=1, type_papers=1, name_papers=1, surface_papers=1, common_word_min=1)

MODALITY_PAPERS = [
    ("Knees", "We acquire ZQR scans of the knee and align them with ZQR images from a second site."),
    ("Hips", "Hip fractures are found in ZQR data with a small network."),
    ("Spines", "ZQR point clouds of the spine are segmented."),
    ("Noise", "We denoise ZQR volumes; our method is trained on ZQR datasets from three hospitals."),
]
DATASET_PAPERS = [
    ("Bench", "We evaluate on the Quokkaset dataset and reach 85.1% on Quokkaset."),
    ("Bench 2", "Marmot-7B is trained on Quokkaset and tested on Quokkaset."),
    ("Bench 3", "The Quokkaset benchmark holds Quokkaset images of animals."),
    ("Bench 4", "Results on the Quokkaset benchmark improve by 2.0 points."),
]
CLASS_PAPERS = [("Glorps", "GLORPs are popular; we compare three GLORPs with Marmot-7B.")] * 12 + \
    [("Glorp", "A GLORP is trained with Marmot-7B.")] * 10


@pytest.fixture(scope="module")
def rules():
    from kg.extractors.base import load_extractor

    return load_extractor("rules")


def mined() -> Lexicon:
    return build_lexicon(MODALITY_PAPERS + DATASET_PAPERS + CLASS_PAPERS, ONE)


def test_data_nouns_after_a_name_are_recognised():
    toks = "ZQR point clouds and ZQR scans of the ZQR dataset".split()
    assert modifies_data(toks, 1) and modifies_data(toks, 5)
    assert not modifies_data(toks, 9)  # `dataset` is a data-set frame, not a data noun
    assert not modifies_data(["ZQR", "point", "estimates"], 1)


def test_a_name_used_before_data_nouns_is_a_modality():
    lex = mined()
    assert lex.kind("ZQR") == MODALITY
    row = next(k for k in lex.kinds if k.key == "zqr")
    assert row.modifier_papers == 4  # a plural head (`ZQR datasets`) is not counted for the data set
    assert row.frame_papers == 0


def test_a_data_set_written_in_data_set_frames_is_no_modality():
    lex = mined()
    assert lex.kind("Quokkaset") is None  # one paper writes `Quokkaset images`, four name the data set
    assert lex.kind("Marmot-7B") is None


def test_a_name_mostly_written_in_the_plural_is_a_class():
    lex = mined()
    assert lex.kind("GLORP") == CLASS and lex.kind("GLORPs") == CLASS


def test_the_rule_weighs_modifier_uses_against_frames_and_mentions():
    th = KindThresholds()
    assert decide(papers=40, modifier=10, frames=2, plural=None, th=th) == MODALITY
    assert decide(papers=40, modifier=10, frames=6, plural=None, th=th) is None  # named data set, often imaged
    assert decide(papers=400, modifier=10, frames=0, plural=None, th=th) is None  # a rare use of a common name
    assert decide(papers=40, modifier=2, frames=0, plural=None, th=th) is None
    assert decide(papers=40, modifier=0, frames=0, plural=(0.6, 30), th=th) == CLASS
    assert decide(papers=40, modifier=0, frames=0, plural=(0.2, 300), th=th) is None
    assert decide(papers=40, modifier=0, frames=0, plural=(0.6, 10), th=th) is None
    assert decide(papers=40, modifier=0, frames=0, plural=(0.6, 30), th=th, by_head=True) is None  # a family often written `X models`


def test_kinds_are_written_and_read_back(tmp_path):
    lex = mined()
    lex.write(tmp_path)
    again = Lexicon.read(tmp_path)
    assert again.kinds == lex.kinds
    assert load_kinds(tmp_path / "kinds.tsv")["zqr"] == MODALITY
    assert corpus_kind("ZQR", tmp_path / "kinds.tsv") == MODALITY
    assert corpus_kind("GLORPs", tmp_path / "kinds.tsv") == CLASS
    assert corpus_kind("Quokkaset", tmp_path / "kinds.tsv") is None
    assert corpus_kind("ZQR", tmp_path / "missing.tsv") is None


def test_modalities_joined_are_a_modality(tmp_path):
    """ZQR is a modality of the invented corpus: ZQR with a channel letter, or joined to itself, is one too;
    ZQR before a coined word or a long code is a name."""
    mined().write(tmp_path)
    kinds = tmp_path / "kinds.tsv"
    assert corpus_kind("ZQR-T", kinds) == MODALITY
    assert corpus_kind("ZQR/ZQR", kinds) == MODALITY
    assert corpus_kind("ZQR-Net", kinds) is None
    assert corpus_kind("ZQR-XYZ", kinds) is None
    assert corpus_kind("GLORP-T", kinds) is None  # a class, not a modality, before the letter
    assert corpus_kind("Quokka-T", kinds) is None


def test_the_extractor_drops_modalities_and_keeps_named_data_sets(rules):
    """With the shipped lexicon: MRI and LiDAR are used before data nouns across arXiv, so they are no data
    sets or methods; the claim keeps its number without them."""
    from kg.models import Paper

    text = ("Our network reaches 91.3% accuracy on MRI and outperforms U-Net by 2.1% on KITTI. "
            "We fuse LiDAR point clouds with camera images.")
    ex = rules.extract(Paper(id="p1", title="A fusion study", abstract=text))
    names = {e.name for e in ex.entities}
    assert "MRI" not in names and "LiDAR" not in names
    assert "KITTI" in names
    assert all(c.dataset != "MRI" for c in ex.claims)
    assert any(c.dataset == "KITTI" for c in ex.claims)


def test_a_proposed_name_is_kept_whatever_the_corpus_says(rules):
    from kg.models import Paper

    ex = rules.extract(Paper(id="p2", title="MRI: a new data set of knee scans",
                                           abstract="We introduce MRI, a dataset of 4,000 knees."))
    assert any(e.name == "MRI" and e.proposed for e in ex.entities)


def test_a_named_system_spelled_like_a_class_keeps_its_key():
    """`zORB` (a named system, its usual spelling) shares a spelling class with the class `ZORB`/`ZORBs`: only
    the keys spelled as the singular or the plural are a class."""
    records = [("Serving", "We serve requests with zORB on one machine.")] * 25
    records += [("Classes", "Three ZORBs and a ZORB are compared.")] * 8 + [("More", "ZORBs are common.")] * 15
    lex = build_lexicon(records, ONE)
    assert lex.kind("ZORBs") == CLASS
    assert lex.kind("zORB") is None


def test_capitalised_words_mostly_before_a_plural_head_are_a_class():
    """`Quibbling Lexical Models` in most papers: `Quibbling Lexical` names a class; `the Snork Anything Model`
    names one thing."""
    records = [("Q", "We study how Quibbling Lexical Models answer questions.")] * 18
    records += [("Q1", "Our Quibbling Lexical Model is small.")] * 4
    records += [("S", "We prompt the Snork Anything Model with points.")] * 22
    records += [("S2", "Two Snork Anything Models are compared.")] * 2
    lex = build_lexicon(records, ONE)
    assert lex.kind("Quibbling Lexical") == CLASS
    assert lex.kind("Snork Anything") is None
