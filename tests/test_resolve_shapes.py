"""Name shapes that name one thing two ways (kg.resolve.shapes), each merged only on the corpus's evidence.

Invented names throughout; the lexicon stands for what mining unlabelled abstracts gives. Ingest tests on both
stores.
"""
from __future__ import annotations

from resolve_helpers import collisions, entities, ingest_markup, write_papers

from kg.extractors.mining.lexicon import Expansion, Lexicon, Surface, TypeEvidence
from kg.resolve.makers import mine
from kg.resolve.shapes import NameShapes

LEXICON = Lexicon(
    acronyms=[
        Expansion("QPM", "Quilted Patch Model", "quilted-patch-model", 40, 60),  # a name plus a generic head
        Expansion("FSC", "Fennel Similarity Coefficient", "fennel-similarity-coefficient", 30, 40),
        Expansion("AWR", "automatic whale recognition", "automatic-whale-recognition", 20, 30),
        Expansion("IoQ", "Intersection over Quotient", "intersection-over-quotient", 50, 60),
        Expansion("DPN", "Dappled Patch Network", "dappled-patch-network", 20, 30),
        Expansion("DP", "Dappled Patch", "dappled-patch", 20, 30),  # `Dappled Patch` is a reading of its own
        Expansion("ToS", "tree-of-sprouts", "tree-of-sprouts", 12, 20),  # a named technique
    ],
    types=[
        TypeEvidence("tree-of-sprouts", "tree-of-sprouts", 12, {"Method": 11, "Model": 1}, ""),
        TypeEvidence("sketch-to-mesh", "sketch-to-mesh", 9, {"Task": 8, "Model": 1}, ""),
        TypeEvidence("leaf-of-thought", "leaf-of-thought", 9, {"Task": 9}, ""),  # a Task: no `prompting` fold
        TypeEvidence("tos", "ToS", 9, {"Method": 9}, ""),
        TypeEvidence("lattice-aware", "Lattice-Aware", 9, {"Method": 9}, ""),  # a Method, but no named technique
        TypeEvidence("sketch", "sketch", 9, {"Task": 9}, ""),  # a Task, but no mapping between modalities
        TypeEvidence("zorbo-3", "Zorbo-3", 20, {"Model": 20}, ""),
        TypeEvidence("learning", "Learning", 20, {"Method": 20}, ""),
    ],
    surface_rows=[Surface("z9", "z-9", "z9", 6)],
)


def test_the_shapes_on_invented_names():
    shapes = NameShapes(LEXICON, makers=frozenset({"Vendra"}))

    def type_of(name: str) -> str | None:
        votes = LEXICON.type_votes(name)
        return max(votes, key=lambda t: votes[t]) if votes else None

    def base(name: str) -> str:
        return shapes.base_name(name, type_of)

    # a maker's prefix, space or hyphen, before a model the lexicon knows (typed Model, or seen with a digit)
    assert base("Vendra Zorbo-3") == "Zorbo-3" and base("Vendra-z9") == "z9"
    assert base("Vendra-Learning") == "Vendra-Learning"  # not a model
    assert base("Ostrel Zorbo-3") == "Ostrel Zorbo-3"  # not a maker
    # an expansion less its generic words, only when the name is no reading of its own
    assert base("Quilted Patch") == "Quilted Patch Model"
    assert base("Fennel") == "Fennel Similarity Coefficient"
    assert base("whale recognition") == "automatic whale recognition"
    assert base("Dappled Patch") == "Dappled Patch"
    # a short form the lexicon reads, then a generic head
    assert base("QPM Transformer") == "QPM" and base("FSC model") == "FSC"
    assert base("Quokka Transformer") == "Quokka Transformer"  # no short form the lexicon reads
    assert base("FSC models") == "FSC models"  # a class of things
    assert base("fennel") == "fennel"  # one word only as a proper name
    # a suffix a type adds
    assert base("tree-of-sprouts prompting") == "tree-of-sprouts"
    assert base("sketch-to-mesh generation") == "sketch-to-mesh"
    assert base("leaf-of-thought prompting") == "leaf-of-thought prompting"
    assert base("sketch-to-mesh prompting") == "sketch-to-mesh prompting"
    assert base("ToS prompting") == "ToS"
    assert base("Lattice-Aware prompting") == "Lattice-Aware prompting"
    assert base("sketch generation") == "sketch generation"
    # a short form inside an expansion is read out before expansions are compared
    assert shapes.meaning("mean IoQ") == shapes.meaning("mean Intersection over Quotient")
    assert shapes.meaning("mean IoQ") != shapes.meaning("mean Quotient")


def test_makers_are_mined_from_possessives_before_two_models():
    lexicon = Lexicon(types=[TypeEvidence("zorbo-3", "Zorbo-3", 9, {"Model": 9}, ""),
                             TypeEvidence("quill-7", "Quill-7", 9, {"Model": 8, "Method": 1}, ""),
                             TypeEvidence("vit", "ViT", 9, {"Model": 9}, "")])
    texts = ["We compare Vendra's Zorbo-3 with others.", "Vendra's Quill-7 is strong.",
             "SLIP's ViT encoder is frozen.", "ACME's Zorbo-3 and ACME's Quill-7 again."]
    assert [row[:2] for row in mine(texts, lexicon)] == [("Vendra", 2)]  # one model, or an acronym: no maker


def test_names_of_one_thing_become_one_entity(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p1": "The [[Quilted Patch Model (QPM)|Model]] and [[Fennel Similarity Coefficient (FSC)|Metric]].",
        "p2": "We adapt [[Quilted Patch|Model]] and report [[Fennel|Metric]].",
        "p3": "[[tree-of-sprouts|Method]] for [[sketch-to-mesh|Task]] and [[whale recognition|Task]].",
        "p4": "[[tree-of-sprouts prompting|Method]] for [[sketch-to-mesh generation|Task]], "
              "[[automatic whale recognition|Task]].",
        "p5": "[[Dappled Patch|Method]] and [[Dappled Patch Network|Model]].",  # two readings stay two
        "p6": "Scores in [[mean IoQ (mIoQ)|Metric]].",
        "p7": "Scores in [[mean Intersection over Quotient (mIoQ)|Metric]].",
        "p8": "Scores in [[mIoQ|Metric]].",
    })
    ingest_markup(store, path, lexicon=LEXICON)
    found = {k: e["papers"] for k, e in entities(store).items()}
    assert found["quilted-patch-model"] == 2 and found["fennel-similarity-coefficient"] == 2
    assert found["tree-of-sprouts"] == 2 and found["sketch-to-mesh"] == 2
    assert found["automatic-whale-recognition"] == 2
    assert found["dappled-patch"] == 1 and found["dappled-patch-network"] == 1
    mean = [k for k in found if k.startswith("mean-")]
    assert len(mean) == 1 and found[mean[0]] == 3, found  # one reading of mIoQ, read both ways
    assert collisions(store) == 0


def test_a_short_form_written_apart_is_the_short_form(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        "p0": "Scores in [[macro Z2|Metric]] first.",  # before any definition: re-pointed at the end
        "p1": "We report [[macro-averaged Z2 (macro-Z2)|Metric]].",
        "p2": "Again [[macro-averaged Z2 (macro-Z2)|Metric]].",
        "p3": "A [[macro Z2 score|Metric]] of 40.",
        "p4": "Plain [[macro-Z2|Metric]].",
        "p5": "A [[weighted Z2|Metric]] of 30.",  # no reading: its own spelling class, as before
    })
    ingest_markup(store, path)
    found = {k: e["papers"] for k, e in entities(store).items()}
    assert found == {"macro-averaged-z-2": 5, "weighted-z-2": 1}, found
    assert collisions(store) == 0
