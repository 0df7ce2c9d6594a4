"""Names that name nothing by their shape, or by what the mined lexicon says they stand for
(`extractors/generic_names.py`). Invented names only; the lexicon's acronyms are those shipped."""
from __future__ import annotations

from kg.extractors.generic_names import (
    CONDITION,
    DESCRIPTION,
    FRAGMENT,
    HEAD_NOUN,
    LABEL,
    OBJECT,
    generic_name,
    model_families,
)
from kg.extractors.mining.lexicon import Lexicon, TypeEvidence


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
    assert generic_name("zorblax detection method", "Method") is None  # techniques are written in lower case
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


def test_a_lower_case_method_ending_in_a_model_noun_is_a_description():
    assert generic_name("zorblax detection model", "Method") == DESCRIPTION
    assert generic_name("residual zorblax networks", "Method") == DESCRIPTION
    assert generic_name("zorblax learning", "Method") is None  # a technique
    assert generic_name("Zorblax Network", "Method") is None  # capitalised: a name
    assert generic_name("zorblax detection model", "Task") is None
    # the shipped lexicon: the corpus also writes `Graph Attention Networks` capitalised, as a name
    assert generic_name("graph attention networks", "Method") is None


def test_a_letter_and_a_digit_is_a_label_unless_the_lexicon_knows_it():
    """The shipped lexicon types `T5` (`T5 model`), `C4` (`trained on C4`) and `F1` (`F1 score`)."""
    assert generic_name("Q7", "Method") == LABEL
    assert generic_name("Q7", "Dataset") == LABEL
    assert generic_name("T5", "Model") is None
    assert generic_name("C4", "Dataset") is None
    assert generic_name("F1", "Metric") is None
    assert generic_name("Q7X", "Method") is None  # a coined name, not a letter and a digit
    assert generic_name("q7", "Model") is None  # lower-case first letter: another shape


def test_a_letter_and_a_digit_whose_variants_are_models_is_a_model_family_in_any_case():
    """`z7-mini` and `Z7-8B` typed Model: `Z7` and `z7` are a family, not a label; a variant typed otherwise,
    a longer base, or a base that is no letter and digit adds nothing."""
    def row(name: str, **votes: int) -> TypeEvidence:
        return TypeEvidence(name.lower(), name, sum(votes.values()), votes, "")
    lexicon = Lexicon(types=[row("z7-mini", Model=3), row("Y4-8B", Model=2, Method=1), row("Q2-large", Dataset=2),
                             row("W3-mini", Model=1, Dataset=1), row("ZorbNet-7B", Model=4), row("K5", Model=5)])
    families = model_families(lexicon)
    assert families == {"z-7", "y-4"}


def test_a_condition_is_no_model_method_or_data_set():
    assert generic_name("Zorblax's disease", "Method") == CONDITION
    assert generic_name("Zorblax syndrome", "Dataset") == CONDITION
    assert generic_name("Zorblax disorders", "Model") == CONDITION
    assert generic_name("Zorblax's disease", "Task") is None  # the problem a method addresses
    assert generic_name("Zorblax disease detection", "Method") is None
    assert generic_name("disease", "Method") is None  # one word: a head, not a condition's name


def test_a_model_or_method_headed_by_a_noun_of_objects_is_no_technique():
    assert generic_name("Zorblax User Interface", "Method") == OBJECT
    assert generic_name("Zorb's-Eye-View", "Method") == OBJECT  # hyphens split the words
    assert generic_name("Zorblax Reality", "Model") == OBJECT
    assert generic_name("Theory of Zorbs", "Method") == OBJECT  # the head is the word before `of`
    assert generic_name("Zorb Assistance Systems", "Method") == OBJECT
    assert generic_name("Mixture of Zorbs", "Method") is None  # `mixture` is no object noun
    assert generic_name("Multi-View Zorbing", "Method") is None  # `view` not the head
    assert generic_name("Zorblax User Interface", "Task") is None  # a task may be about one
    assert generic_name("Zorblax Systems", "Dataset") == OBJECT
    assert generic_name("Zorblax Systems", "Task") is None
    assert generic_name("view", "Method") is None  # one word: a head, not a name
