"""Duplicates of issue 13's last check, by general rules (kg.resolve.prefixes, keys, shapes, entities).

Invented names throughout; the lexicon stands for what mining unlabelled abstracts gives. Ingest tests on both
stores.
"""
from __future__ import annotations

from resolve_helpers import collisions, entities, ingest_markup, write_papers

from kg.extractors.mining.lexicon import CommonWord, Expansion, Lexicon, Name, Surface, TypeEvidence
from kg.resolve.keys import definition, fold
from kg.resolve.makers import products
from kg.resolve.prefixes import Prefixes, abbreviates
from kg.resolve.shapes import NameShapes
from kg.resolve.votes import Votes

LEXICON = Lexicon(
    acronyms=[
        Expansion("3DFW", "3D Fern Weaving", "3-d-fern-weaving", 60, 70),
        Expansion("2DFW", "2D Fern Weaving", "2-d-fern-weaving", 4, 6),
        Expansion("FW", "Fern Weaving", "fern-weaving", 6, 9),
        Expansion("3DKB", "3D Kelp Braiding", "3-d-kelp-braiding", 20, 25),
        Expansion("KB", "Kelp Braiding", "kelp-braiding", 15, 20),  # the bare name is common: no default
        Expansion("WOC", "wobble operating characteristic", "wobble-operating-characteristic", 3, 9),
        Expansion("WAC", "wavy curve", "wavy-curve", 2, 4),  # two votes: too few to read it out
    ],
    types=[
        TypeEvidence("folio", "FOLIO", 30, {"Dataset": 30}, ""),
        TypeEvidence("qx-folio", "QX-FOLIO", 12, {"Dataset": 12}, ""),
        TypeEvidence("sp-folio", "SP-FOLIO", 5, {"Dataset": 5}, ""),
        TypeEvidence("qxfolio", "QXFOLIO", 5, {"Dataset": 5}, ""),
        TypeEvidence("quintrex-folio", "Quintrex FOLIO", 3, {"Dataset": 3}, ""),
        TypeEvidence("qx-tally", "QX-TALLY", 5, {"Method": 5}, ""),
        TypeEvidence("tally", "TALLY", 9, {"Dataset": 9}, ""),
        TypeEvidence("zorbo-7", "Zorbo-7", 20, {"Model": 20}, ""),
    ],
    names=[Name("folio", "FOLIO", 40, "name"), Name("qx-folio", "QX-FOLIO", 15, "name"),
           Name("quintrex-folio", "Quintrex FOLIO", 4, "name"), Name("spatial-folio", "Spatial FOLIO", 4, "name"),
           Name("sp-folio", "SP-FOLIO", 5, "name"), Name("tally", "TALLY", 9, "name"),
           Name("qx-tally", "QX-TALLY", 5, "name"), Name("quintrex-tally", "Quintrex TALLY", 3, "name"),
           Name("zorbo-7", "Zorbo-7", 25, "name")],
    surface_rows=[Surface("qxfolio", "qx-folio", "QX-FOLIO", 15), Surface("qxfolio", "qx-folio", "QXFOLIO", 5)],
    common_words=[CommonWord("spatial", 900, 40)],
)
PRODUCTS = (("ChatZorbo", "Zorbo"),)


def test_prefixes_that_name_nothing_more_on_invented_names():
    shapes = NameShapes(LEXICON, makers=frozenset())
    rules = Prefixes(LEXICON, shapes.meaning, products=PRODUCTS)
    # a product's version is the family's, when one maker makes both and the family's version is known
    assert rules.base("ChatZorbo-7") == "Zorbo-7" and rules.base("ChatZorbo 7") == "Zorbo-7"
    assert rules.base("ChatZorbo") is None and rules.base("ChatZorbo-9") is None  # no version / an unseen one
    assert rules.base("MiniZorbo-7") is None  # a different product whose name holds the family's
    # a maker's initials or name before a name, written apart by the corpus, typed alike
    assert rules.base("QX-FOLIO") == "FOLIO" and rules.base("QX FOLIO") == "FOLIO"
    assert rules.base("QXFOLIO") == "FOLIO" and rules.base("Quintrex FOLIO") == "FOLIO"
    assert rules.base("SP-FOLIO") is None  # `Spatial` is a common word, no maker
    assert rules.base("QX-TALLY") is None  # typed otherwise than the name alone
    assert abbreviates("QX", "Quintrex") and not abbreviates("XQ", "Quintrex")
    # a bare name is the one dimension most papers mean, unless it is common bare
    assert rules.base("Fern Weaving") == "3D Fern Weaving" and rules.base("fern weaving") == "3D Fern Weaving"
    assert rules.base("2D Fern Weaving") is None and rules.base("Kelp Braiding") is None


def test_products_are_a_makers_names_ending_with_another():
    found = [("Vendra", {"ChatZorbo", "Zorbo", "Zorbo-7", "Quill"}, 5), ("Ostrel", {"MiniZorbo", "Wisp"}, 2)]
    assert products(found) == [("ChatZorbo", "Zorbo", "Vendra")]


def test_article_infixes_second_short_forms_and_inner_short_forms():
    assert fold("Zorb-as-a-critic") == fold("Zorb-as-critic") == fold("Zorb as a Critic") == fold("Zorb-as-the-critic")
    assert fold("Zorb has a critic") != fold("Zorb has critic")
    assert definition(("AUWC", "AUC-WC")) is None  # another short form of one thing, no expansion
    assert definition(("AUWC", "area under the wobble curve")) == ("AUWC", "area under the wobble curve")
    assert definition(("BoQ", "Best-of-Quill")) == ("BoQ", "Best-of-Quill")  # words, hyphenated: an expansion
    assert definition(("ZK", "Zorb-Kelp")) == ("ZK", "Zorb-Kelp")
    shapes = NameShapes(LEXICON, makers=frozenset())
    # a short form every vote reads one way (three votes) is read out inside an expansion; two votes are too few
    assert shapes.meaning("area under the WOC curve") == shapes.meaning(
        "area under the wobble operating characteristic curve")
    assert shapes.meaning("area under the WAC") != shapes.meaning("area under the wavy curve")


def test_a_reading_plus_trailing_words_is_the_same_reading():
    votes = Votes()
    votes.add_base("auwc", "areaunderwobblecurv", "area under the wobble curve", 17)
    votes.add_base("auwc", "areaunderwobbl", "area under the wobble", 6)  # 26% of the votes: no second reading
    assert votes.outcome("auwc") == ("=", "areaunderwobblecurv")
    votes.add_base("qa", "quillanswer", "quill answering", 20)
    votes.add_base("qa", "quillansw", "quill-answer", 8)  # a word ending, not a word: two readings stay
    assert votes.outcome("qa") == ("?", "quillansw", "quillanswer")


AMBIGUOUS = Lexicon(
    acronyms=[Expansion("QAE", "quilted absolute error", "quilted-absolute-error", 40, 80),
              Expansion("QAE", "Quilted Autoencoder", "quilted-autoencoder", 35, 80),
              Expansion("HB", "harmonic blend", "harmonic-blend", 4, 30),
              Expansion("HB", "Hedge Bias Score", "hedge-bias-score", 1, 30)],
    types=[TypeEvidence("quilted-absolute-error", "quilted absolute error", 20, {"Metric": 20}, ""),
           TypeEvidence("harmonic-blend", "harmonic blend", 5, {"Method": 5}, "")],
)


def test_duplicates_become_one_entity(store, tmp_path):
    path = write_papers(tmp_path / "p.jsonl", {
        # an ambiguous short form's mentions go by the type they were extracted with, a reading's type by its
        # own head noun first (here the papers that define the autoencoder typed it wrongly)
        "p1": "[[quilted absolute error (QAE)|Metric]] is low.",
        "p2": "[[Quilted Autoencoder (QAE)|Metric]] is pretrained.",
        "p3": "[[QAE|Metric]] falls to 0.3.",
        "p4": "[[QAE|Model]] is fine-tuned.",
        # an article after `as`
        "p5": "[[Zorb-as-a-critic|Method]] ranks answers.",
        "p6": "[[Zorb-as-critic|Model]] ranks answers.",
        "p7": "[[Zorb as a Critic|Method]] ranks answers.",
        # a second short form is no expansion
        "p8": "[[area under the wobble curve (AUWC)|Metric]] of 0.9.",
        "p9": "[[area under the wobble curve (AUWC)|Metric]] of 0.8.",
        "p10": "[[AUWC (AUC-WC)|Metric]] of 0.7.",
        "p11": "[[AUWC|Metric]] of 0.6.",
        # one paper's reading does not take a mention by type from a reading its head noun types
        "p13": "[[Plover Error Rate (PER)|Dataset]] is reported.",
        "p14": "[[Pale Evening Roost Score (PER)|Metric]] is reported.",
        "p15": "[[PER|Dataset]] is reported.",
        # nor from a reading many papers define (two papers define the Metric reading, five the other)
        "p16": "[[harmonic blend (HB)|Method]] is used.",
        "p17": "[[Hedge Bias Score (HB)|Metric]] is used.",
        "p18": "[[HB|Metric]] is used.",
        # a reading typed by its head noun alone is picked only when well defined
        "p20": "[[Gusty Kelp Module (GKM)|Method]] is used.",
        "p21": "[[gentle kite motion (GKM)|Task]] is used.",
        "p22": "[[GKM|Method]] is used.",
        # a name with a word in it is no second short form
        "p19": "[[QAE (Zephyrmind)|Model]] is used.",
        # a short form holding another is a variant, not a second short form of one thing
        "p12": "[[AUWC (AUWC-5)|Metric]] of 0.5.",
    })
    ingest_markup(store, path, lexicon=AMBIGUOUS)
    found = entities(store)
    assert found["quilted-absolute-error"]["papers"] == 2 and found["quilted-autoencoder"]["papers"] == 2
    assert "qae" not in found
    judge = [e for k, e in found.items() if k.startswith("zorb")]
    assert len(judge) == 1 and judge[0]["papers"] == 3 and judge[0]["type"] == "Method", judge
    assert found["area-under-the-wobble-curve"]["papers"] == 4 and "auwc" not in found
    assert found["auwc-5"]["papers"] == 1
    assert found["per"]["papers"] == 1 and found["plover-error-rate"]["papers"] == 1
    assert found["hb"]["papers"] == 1 and found["hedge-bias-score"]["papers"] == 1
    assert found["zephyrmind"]["papers"] == 1
    assert found["gkm"]["papers"] == 1 and found["gusty-kelp-module"]["papers"] == 1
    assert collisions(store) == 0
