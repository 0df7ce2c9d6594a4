"""A new system the abstract gives a size is a Model (ANNOTATION.md; extractors/model_names.py, kg_types)."""
import pytest

from kg.extractors.rules import RuleExtractor
from kg.models import Paper


@pytest.fixture(scope="module")
def names():
    ex = RuleExtractor()
    return lambda text: {e.name: e.type for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


def test_a_new_system_with_a_parameter_count_is_a_model(names):
    got = names("We present Zorbulon, a 310 million parameter decoder language model for recipes. "
                "Zorbulon beats larger models.")
    assert got.get("Zorbulon") == "Model"


def test_models_named_with_a_size_after_the_name_are_a_model(names):
    got = names("We train language models named Quillborn, with up to 40 billion parameters. Quillborn is fast.")
    assert got.get("Quillborn") == "Model"


def test_a_suite_of_models_is_a_model(names):
    got = names("In this paper, we introduce Brimvale, a suite of models designed for widget translation.")
    assert got.get("Brimvale") == "Model"


def test_a_new_system_called_a_model_without_a_size_stays_a_method(names):
    got = names("In this paper, we introduce Brimvale, a unified model for widget translation.")
    assert got.get("Brimvale") == "Method"


def test_a_size_of_other_models_does_not_type_the_name(names):
    got = names("We apply our approach, Brimvale, to large models of up to 4B parameters.")
    assert got.get("Brimvale") != "Model"


def test_a_name_after_a_suite_of_models_and_a_colon_is_a_model(names):
    got = names("Applying this recipe, we present a suite of LLMs: BrimLM, tuned for widget manuals.")
    assert got.get("BrimLM") == "Model"
