"""Whose score a number is (kg/leaderboard/attribution.py), on invented papers loaded into the embedded FalkorDB:
a score is ranked only as a named model's score on the dataset its sentence gives it to (as the model the sentence
gives the number to); the rest stay on the board as not ranked, each with why. Chain-of-thought prompting is a setting of its own."""
from __future__ import annotations

import pytest

from kg.leaderboard import leaderboards
from kg.leaderboard.attribution import elsewhere, is_model, metric_as_place, whose
from kg.load.loader import GraphLoader
from kg.models import Claim, Entity, Extraction, Paper
from kg.queries.graph import Graph
from kg.resolve.variants import dataset_parent, rebuild_variant_edges

S1 = "QuillNet reaches 81.5% accuracy on PuzzleBench and 64.0% on RiddleSet."
S2 = "On PuzzleBench, QuillNet reaches 83.0% accuracy versus 77.2% for BrambleLM."
S3 = "Our method reaches 90.1% accuracy on PuzzleBench."
S4 = "The PuzzleBench-Hard split reaches 55.0% accuracy on PuzzleBench."
S5 = "With chain-of-thought prompting, BrambleLM reaches 88.8% accuracy on PuzzleBench."
S6 = "On PuzzleBench-Hard, QuillNet reaches 47.5% accuracy."
S7 = "QuillNet gets an accuracy of 58.3, recall of 66.0, and F1 of 70.2 on RiddleSet."
S8 = "Plain quill regression reaches 52.0% accuracy on PuzzleBench."


def _score(subject: str | None, value: float, sentence: str, start: int, dataset: str = "PuzzleBench") -> Claim:
    return Claim(kind="achieves", subject=subject, dataset=dataset, metric="accuracy", value=value, unit="%",
                 evidence=sentence, start=start, end=start + len(sentence), confidence=0.8)


def _papers() -> list[tuple[Paper, Extraction]]:
    text = " ".join([S1, S2, S3, S4, S5, S6, S7, S8])
    at = {s: text.index(s) for s in (S1, S2, S3, S4, S5, S6, S7, S8)}
    entities = [Entity(name=n, type=t) for n, t in (
        ("QuillNet", "Model"), ("BrambleLM", "Model"), ("PuzzleBench", "Dataset"), ("RiddleSet", "Dataset"),
        ("PuzzleBench-Hard", "Dataset"), ("accuracy", "Metric"), ("quill regression", "Method"))]
    claims = [
        _score("QuillNet", 81.5, S1, at[S1]),          # ranked
        _score("QuillNet", 64.0, S1, at[S1]),          # the number is on RiddleSet
        _score("QuillNet", 77.2, S2, at[S2]),          # the number is BrambleLM's: ranked as BrambleLM's
        _score(None, 90.1, S3, at[S3]),                # no model named
        _score("PuzzleBench-Hard", 55.0, S4, at[S4]),  # a dataset is no model
        _score("BrambleLM", 88.8, S5, at[S5]),         # ranked, under chain-of-thought
        _score("QuillNet", 47.5, S6, at[S6], dataset="PuzzleBench-Hard"),  # a variant's board, labelled
        _score("QuillNet", 58.3, S7, at[S7]),          # the first score of a list whose dataset is RiddleSet
        _score("quill regression", 52.0, S8, at[S8]),  # lower-case words: a description, not a name
    ]
    paper = Paper(id="2503.00001", title="Quill", abstract=text)
    return [(paper, Extraction(id=paper.id, title=paper.title, extractor="hand", entities=entities, claims=claims))]


@pytest.fixture
def boards(falkordb_store):
    GraphLoader(falkordb_store).load(_papers())
    rebuild_variant_edges(falkordb_store)  # PuzzleBench-Hard -> PuzzleBench, by the shape of its name
    return leaderboards(Graph(falkordb_store), "PuzzleBench")


def test_only_named_models_scores_on_the_dataset_are_ranked(boards):
    plain = next(b for b in boards if b.dataset == "PuzzleBench" and b.setting == "")
    # 77.2 is BrambleLM's ("77.2% for BrambleLM"), though the claim's subject is QuillNet: ranked as BrambleLM's
    assert [(s.best.model, s.best.result.value) for s in plain.rows] == [("QuillNet", 81.5), ("BrambleLM", 77.2)]
    why = sorted((e.result.value, reason) for e, reason in plain.unranked)
    assert why == [(52.0, "quill regression is not a model's name (lower-case words)"),
                   (55.0, "PuzzleBench-Hard is not a model (Dataset)"), (58.3, "the number is on RiddleSet"),
                   (64.0, "the number is on RiddleSet"), (90.1, "no model named")]
    assert plain.not_ranked().startswith("5 more results not ranked: ")
    record = plain.record()
    assert len(record["rows"]) == 2 and {r["why"] for r in record["not_ranked"]} >= {"no model named"}


def test_chain_of_thought_is_a_setting_and_a_variant_is_labelled(boards):
    cot = next(b for b in boards if b.setting == "chain-of-thought")
    assert [s.best.model for s in cot.rows] == ["BrambleLM"] and not cot.unranked
    variant = next(b for b in boards if b.dataset == "PuzzleBench-Hard")
    assert variant.is_variant and variant.title.startswith("PuzzleBench-Hard (variant of PuzzleBench)")
    assert [s.best.model for s in variant.rows] == ["QuillNet"]


@pytest.mark.parametrize("text, value, own, others, expected", [
    ("Q reaches 62.5% on A and 48.4% on B.", 62.5, ["B"], ["A"], "A"),
    ("Q reaches 62.5% on A and 48.4% on B.", 48.4, ["B"], ["A"], None),
    ("On B, Q reaches 62.5% and beats Y on A.", 62.5, ["B"], ["A"], None),     # the preposition is not the number's
    ("Q reaches 62.5% top-1 accuracy on A and B.", 62.5, ["B"], ["A"], None),  # coordinated: B's too
    ("Q gets 62.5% and 48.4% on A and B, respectively.", 62.5, ["A"], ["B"], None),
    ("Q gets 62.5% and 48.4% on A and B, respectively.", 48.4, ["A"], ["B"], "B"),
    ("On A, Q reaches 62.5%, and on B it reaches 48.4%.", 48.4, ["A"], ["B"], "B"),
    ("Trained on A-Large, Q reaches 62.5% on A.", 62.5, ["A"], ["A-Large"], None),  # overlapping names: longest
    # a list of scores ends with its dataset: every score of the list is that dataset's
    ("Q gets an F1 of 70.2, recall of 66.0, and accuracy of 58.3 on A; and an F1 of 60.1 on B.", 70.2, ["B"], ["A"],
     "A"),
    ("Q gets an F1 of 70.2, recall of 66.0, and accuracy of 58.3 on A; and an F1 of 60.1 on B.", 60.1, ["B"], ["A"],
     None),
    ("On B, Q gets PSNR = 31.2 and SSIM = 0.91 on A.", 31.2, ["B"], ["A"], "A"),
    ("Q gets 62.5% (+1.2 over Y) on A and 48.4% on B.", 62.5, ["B"], ["A"], "A"),  # an aside in brackets
    ("Q gets 48.4% on A and 62.5% (std 1.1) accuracy on B.", 62.5, ["B"], ["A"], None),
    # a verb makes a new clause, not an item of the list: the 43% is another quantity
    ("On B, Q raises accuracy from 60.1% to 62.5%, and achieves a 43% cost reduction on A.", 62.5, ["B"], ["A"], None),
])
def test_the_dataset_a_number_goes_with(text, value, own, others, expected):
    assert elsewhere(text, value, own, others) == expected


@pytest.mark.parametrize("text, value, expected", [
    ("Q reaches 75.4% accuracy versus 68.4% for Y.", 68.4, "Y"),
    ("Q reaches 75.4% accuracy versus 68.4% for Y.", 75.4, None),
    ("Q (75.4%) beats Y (68.4%).", 68.4, "Y"),
    ("Q (75.4%) beats Y (68.4%).", 75.4, None),
    ("Built on Y, Q reaches 75.4%.", 75.4, None),     # a model named before is not the number's owner
    ("Q reaches 75.4% by distilling Y.", 75.4, None),  # `by` must come right before the other model
])
def test_the_model_a_number_goes_with(text, value, expected):
    assert whose(text, value, ["Q"], ["Y"]) == expected


def test_what_can_hold_a_score():
    assert is_model("QuillNet", "Model", "quillnet", ["PuzzleBench"], "puzzlebench")
    assert is_model("Quill training", "Method", "quill-training", ["PuzzleBench"], "puzzlebench")
    assert not is_model(None, None, None, ["PuzzleBench"], "puzzlebench")
    assert not is_model("top-1 accuracy", "Metric", "top-1-accuracy", ["PuzzleBench"], "puzzlebench")
    assert not is_model("PuzzleBench", None, "puzzlebench", ["PuzzleBench"], "puzzlebench")
    # lower-case words describe a technique or a class of models; a name has a capital or a digit
    assert not is_model("quill regression", "Method", "quill-regression", ["PuzzleBench"], "puzzlebench")
    assert is_model("q2vec", "Model", "q2vec", ["PuzzleBench"], "puzzlebench")


@pytest.mark.parametrize("name, parent", [
    ("PuzzleBench-Hard", "PuzzleBench"), ("PuzzleBench 256x256", "PuzzleBench"), ("Riddle-10-C", "Riddle-10"),
    ("PuzzleBench", None), ("A-B", None),
])
def test_a_dataset_named_after_another_is_its_variant(name, parent):
    assert dataset_parent(name) == parent


TWO_PLACES = "QuillNet reaches scores of 71.3 on PuzzleBench and 28.3 on RiddleEval."


@pytest.mark.parametrize("value, metric, expected", [
    (28.3, "RiddleEval", (True, True)),     # `28.3 on RiddleEval`: the number is RiddleEval's
    (71.3, "RiddleEval", (False, True)),    # RiddleEval is only ever a place: no metric of this number
    (71.3, "accuracy", (False, False)),     # a metric the sentence does not write after `on`
    (81.5, "accuracy", (False, False)),
])
def test_a_benchmark_taken_for_the_metric(value, metric, expected):
    text = TWO_PLACES if metric == "RiddleEval" or value == 71.3 else S1
    assert metric_as_place(text, value, metric, ["PuzzleBench"]) == expected


def test_a_metric_written_after_on_alone_is_a_metric():
    text = "QuillNet reaches 60.4% on accuracy and 57.0% on F1 in the second stage of PuzzleBench."
    assert metric_as_place(text, 60.4, "accuracy", ["PuzzleBench"]) == (False, False)
