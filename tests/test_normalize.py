"""Entity identity (`entity_key`) and model families (`variant_base`)."""
import pytest

from kg.extractors.normalize import entity_key, same_name, variant_base


@pytest.mark.parametrize("a, b", [
    ("LLaMA 3 8B", "Llama-3-8B"),
    ("Llama-3-8B", "llama3-8b"),
    ("GPT-4o", "gpt 4o"),
    ("CIFAR-10-C", "cifar10-c"),
    ("Qwen2.5-7B", "Qwen 2.5 7B"),
])
def test_spellings_of_one_name_share_a_key(a, b):
    assert entity_key(a) == entity_key(b)


@pytest.mark.parametrize("a, b", [
    ("Llama-3-8B", "Llama-38B"),   # digits are never merged
    ("GPT-4", "GPT-4o"),
    ("Qwen2.5", "Qwen25"),         # a dot between digits stays
    ("ResNet-50", "ResNet-101"),
])
def test_different_names_have_different_keys(a, b):
    assert entity_key(a) != entity_key(b)


def test_key_ignores_invisible_characters_and_width():
    assert entity_key("GPT\u200b-4") == entity_key("ＧＰＴ-4") == entity_key("GPT-4")
    assert same_name("BERT", "bert")


@pytest.mark.parametrize("name, family", [
    ("Llama-3-8B-Instruct", "Llama-3"),
    ("Qwen2.5-7B", "Qwen2.5"),
    ("GPT-4o-mini", "GPT-4o"),
    ("ResNet-50", "ResNet"),
    ("Llama3.1-8B-Instruct", "Llama3.1"),
    ("Mistral-7B-v0.1", "Mistral"),
    ("GPT-4-0613", "GPT-4"),
    ("BERT-base-uncased", "BERT"),
    ("ViT-B/16", "ViT"),
    ("Mixtral-8x7B", "Mixtral"),
    ("Llama 3 8B", "Llama 3"),       # the author's spelling is kept
    ("Llama-38B", "Llama"),          # a size, not version 38
])
def test_variant_base(name, family):
    assert variant_base(name) == family


@pytest.mark.parametrize("name", ["Llama-3", "GPT-4", "BERT", "CIFAR-10", "ImageNet", "ResFormer-B-MR", "8B", ""])
def test_not_a_variant(name):
    assert variant_base(name) is None


def test_variant_chain_ends():
    # The loader follows variant_base until None; the family of a family is None here.
    assert variant_base(variant_base("Llama-2-70B-chat")) is None


def test_a_greek_letter_and_its_spelled_name_share_a_key():
    assert entity_key("Quux-α") == entity_key("Quux-alpha") == entity_key("quux alpha")
    assert entity_key("β-Widget") == entity_key("beta-Widget")
    assert entity_key("Quux-α") != entity_key("Quux-β")
