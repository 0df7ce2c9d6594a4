"""A mention's type from its own head noun and the generic-name check, after the votes (invented names)."""
from kg.resolve.head_types import head_type, settled_type


def test_a_spelled_out_name_takes_its_own_heads_type():
    assert head_type("Sparse Flurbo Autoencoder") == "Model"  # a compound ending in the model head `encoder`
    assert head_type("Quintic Ranking Framework") == "Method"
    assert head_type("Zorblat Consistency Metric") == "Metric"
    assert head_type("Zorblat") is None  # one word: a short form or a coined name, its votes decide
    assert head_type("Zorblat Transformer") is None  # no head noun at the end


def test_a_short_forms_other_reading_does_not_type_the_spelled_out_name():
    # `ZAE` read as a metric elsewhere gave the mention Metric votes; its own head says Model.
    assert settled_type("Masked Zorblat Autoencoders", "Metric") == "Model"
    assert settled_type("Zorblat", "Metric") == "Metric"


def test_a_compound_needs_four_letters_before_a_model_head():
    assert head_type("Quick Geometric") is None  # `geometric` is no `metric` head: not a model head either


def test_a_lower_case_description_typed_model_by_the_votes_is_a_method():
    assert settled_type("flurbo segmentation model", "Model") == "Method"
    assert settled_type("Flurbo-7B", "Model") == "Model"
    assert settled_type("flurbo segmentation model", "Task") == "Method"  # head says Model, the shape no name
