"""Names that name nothing by their shape, or by what the mined lexicon says they stand for
(`extractors/generic_names.py`). Invented names only; the lexicon's acronyms are those shipped."""
from __future__ import annotations

from kg.extractors.generic_names import DESCRIPTION, FRAGMENT, HEAD_NOUN, generic_name


def test_a_version_without_its_family_is_a_fragment():
    assert generic_name("v2", "Method") == FRAGMENT
    assert generic_name("v1.5", "Model") == FRAGMENT
    assert generic_name("Zorblax-v2", "Model") is None
    assert generic_name("T5", "Model") is None


def test_a_bare_head_noun_is_no_name():
    assert generic_name("score", "Metric") == HEAD_NOUN
    assert generic_name("framework", "Method") == HEAD_NOUN
    assert generic_name("Zorblax score", "Metric") is None
    assert generic_name("accuracy", "Metric") is None


def test_a_lower_case_model_is_a_description():
    assert generic_name("zorblax detection model", "Model") == DESCRIPTION
    assert generic_name("zorblax detection model", "Method") is None  # techniques are written in lower case
    assert generic_name("Zorblax Detector", "Model") is None
    assert generic_name("zorblax", "Model") is None  # one coined word


def test_a_short_form_of_a_lower_case_expansion_is_no_model():
    """The shipped lexicon: `NMT` is expanded `neural machine translation`, an area; `ViT` is `Vision
    Transformer`, `CLIP` is `Contrastive Language-Image Pre-training`: named models."""
    assert generic_name("NMT", "Model") == DESCRIPTION
    assert generic_name("NMT", "Task") is None
    assert generic_name("ViT", "Model") is None
    assert generic_name("CLIP", "Model") is None
    assert generic_name("ZQXW", "Model") is None  # no expansion known
