"""Lower-case techniques a paper introduces, named by a technique noun (extractors/technique_frames.py)."""
import pytest

from kg.extractors.rules import RuleExtractor
from kg.extractors.technique_frames import technique_heads
from kg.models import Paper


@pytest.fixture(scope="module")
def names():
    ex = RuleExtractor()
    return lambda text: {e.name: e.type for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


def test_technique_heads_are_action_nouns_not_system_nouns():
    heads = technique_heads()
    assert {"distillation", "sampling", "parallelism"} <= heads
    assert not heads & {"method", "framework", "strategy", "mechanism", "model"}


def test_two_introduced_techniques_joined_by_and(names):
    got = names("To fix this, we introduce knob-aware widget distillation and staggered gadget distillation.")
    assert got.get("knob-aware widget distillation") == "Method"
    assert got.get("staggered gadget distillation") == "Method"


def test_a_novel_technique_in_the_passive(names):
    got = names("On the server side, a novel sharded lattice sampling is proposed to spread the load.")
    assert got.get("sharded lattice sampling") == "Method"


def test_a_phrase_that_modifies_a_system_noun_is_no_name(names):
    got = names("We propose a novel sharded lattice sampling framework that spreads the load.")
    assert "sharded lattice sampling" not in got


def test_a_phrase_before_and_a_system_noun_is_no_name(names):
    got = names("We propose a novel widget distillation and knob sharing framework for gadgets.")
    assert "widget distillation" not in got


def test_a_description_ending_in_a_system_noun_is_no_name(names):
    got = names("We propose a hybrid widget strategy, which spreads the load.")
    assert "hybrid widget strategy" not in got

