"""ANNOTATION.md's settled conventions, as the shipped lists apply them: broad paradigms are no entities,
even when the text defines an abbreviation for them; learning settings are Tasks."""
import pytest

from kg.extractors.rules import RuleExtractor
from kg.models import Paper


@pytest.fixture(scope="module")
def names():
    ex = RuleExtractor()
    return lambda text: {e.name: e.type for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


def test_a_paradigm_with_a_defined_abbreviation_is_no_entity(names):
    got = names("After Supervised Fine-Tuning (SFT) and Continued Pre-training (CPT), Zorblax-7B beats "
                "a Mixture-of-Experts (MoE) baseline; SFT alone helps less.")
    assert not {"SFT", "CPT", "MoE", "Supervised Fine-Tuning"} & set(got)
    assert got.get("Zorblax-7B") == "Model"


def test_reinforcement_learning_is_a_paradigm(names):
    assert "reinforcement learning" not in names("We train the planner with reinforcement learning on 3 games.")


def test_in_context_learning_is_a_learning_setting_and_so_a_task(names):
    assert names("We study in-context learning in small models.").get("in-context learning") == "Task"
