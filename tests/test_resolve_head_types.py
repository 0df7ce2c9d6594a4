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


def test_descriptions_conditions_and_labels_are_no_entity_after_the_votes():
    from kg.resolve.head_types import no_entity

    assert no_entity("flurbo segmentation model", "Method")
    assert no_entity("Flurbo's disease", "Method")
    assert no_entity("Q7", "Dataset")
    assert not no_entity("Q7", "Dataset", proposed=True)
    assert not no_entity("flurbo learning", "Method")
    assert not no_entity("Flurbo's disease", "Task")
    assert not no_entity("Flurbo-7B", "Model")


def test_the_resolver_drops_a_condition_read_from_a_short_form_and_the_claims_lose_it():
    """A short form the paper defines as a condition: the entity goes, and a claim naming it keeps its number."""
    from kg.models import Claim, Entity, Extraction, Paper
    from kg.resolve.entities import EntityResolver

    paper = Paper(id="p1", title="Zorb", abstract="Flurbo's disease (FD) is studied with graph zorb networks (GZN). "
                                                 "We detect FD with 91% accuracy.")
    extraction = Extraction(id="p1", entities=[
        Entity(name="FD", type="Method", aliases=["Flurbo's disease"]),
        Entity(name="Zorbnet", type="Method", proposed=True),
        Entity(name="GZN", type="Method", aliases=["graph zorb networks"]),  # a defined short form: one method
        Entity(name="accuracy", type="Metric")],
        claims=[Claim(kind="achieves", subject="FD", metric="accuracy", value=91.0, unit="%", evidence="91% accuracy")])
    out = EntityResolver(use_lexicon=False).resolve_one(paper, extraction)
    assert [e.name for e in out.entities] == ["Zorbnet", "GZN", "accuracy"]
    assert out.claims[0].subject is None and out.claims[0].value == 91.0


def test_objects_read_from_a_short_form_and_plural_classes_are_no_entity(tmp_path):
    from kg.resolve.head_types import no_entity, plural_class

    assert no_entity("ZUI", "Method", reading="Zorb User Interface")
    assert no_entity("Theory of Zorbs", "Method")
    assert not no_entity("ZUI", "Method", proposed=True, reading="Zorb User Interface")
    assert not no_entity("ZUI", "Task", reading="Zorb User Interface")
    kinds = tmp_path / "kinds.tsv"
    kinds.write_text("key\tname\tkind\nznns\tZNNs\tclass\nzrs\tZRs\tmodality\n", encoding="utf-8")
    assert plural_class("ZNNs", kinds)
    assert not plural_class("ZNN", kinds)  # the singular may be one named thing's short form
    assert not plural_class("ZRs", kinds)  # a modality, not a class
    assert not plural_class("Zorb Nets", kinds)
    # the shipped kinds: `CNNs` is a class, so a paper's `Convolutional Neural Networks (CNNs)` is one
    assert no_entity("Convolutional Neural Networks", "Method", forms=("Convolutional Neural Networks", "CNNs"))
    assert no_entity("Convolutional Neural Networks", "Method", proposed=True, forms=("CNNs",))  # never proposed
    assert not no_entity("Convolutional Neural Networks", "Task", forms=("CNNs",))
