"""Multi-part model names: family, version, size and variant word stay one name; a list of sizes names one
model per size (issue 12, cause 1)."""
import pytest

from kg.extractors.model_names import size_list, variant_word
from kg.extractors.rules import RuleExtractor
from kg.models import Paper


@pytest.fixture(scope="module")
def names():
    ex = RuleExtractor()
    return lambda text: {e.name: e.type for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


@pytest.mark.parametrize("name,parts", [
    ("Gemma-2B/7B", ["Gemma-2B", "Gemma-7B"]),
    ("Zorb-7B/13B/70B", ["Zorb-7B", "Zorb-13B", "Zorb-70B"]),
    ("Vizor-Ti/S/B", ["Vizor-Ti", "Vizor-S", "Vizor-B"]),
    ("Base-A/B/C", ["Base-A", "Base-B", "Base-C"]),
])
def test_a_size_list_names_one_model_per_size(name, parts):
    assert size_list(name) == parts


@pytest.mark.parametrize("name", ["ViT-B/16", "LLM/VLM", "ImageNet/COCO", "Zorb-7B"])
def test_a_patch_size_or_a_pair_of_names_is_no_size_list(name):
    assert size_list(name) == []


def test_variant_words_are_capitalised_or_versions():
    assert variant_word("Instruct") and variant_word("v0.3") and variant_word("Chat")
    assert not variant_word("it") and not variant_word("models")


def test_a_sized_model_keeps_its_variant_word(names):
    got = names("We tune Zorblax 2.5 14B Instruct and Quux 7B v0.2 on our data.")
    assert got.get("Zorblax 2.5 14B Instruct") == "Model"
    assert got.get("Quux 7B v0.2") == "Model"


def test_sizes_listed_after_one_family_give_one_entity_each(names):
    got = names("We train Zorb-1B/3B/8B models from scratch.")
    assert {"Zorb-1B", "Zorb-3B", "Zorb-8B"} <= set(got)
