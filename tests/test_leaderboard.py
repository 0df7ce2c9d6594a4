"""Leaderboards on a hand-built graph (tests/leaderboard_graph.py) whose rankings are known: direction, settings
and units kept apart, variants labelled, best per model, --since, the state of the art over time, the CLI."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from leaderboard_graph import loaded_db

from kg.leaderboard import build, running_best
from kg.leaderboard.chart import has_chart
from kg.leaderboard.scores import is_score
from kg.leaderboard.settings import names_a_setting, setting_of
from kg.queries.graph import Graph
from kg.queries.rows import Result


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A data directory of its own (the CLI opens it by --db) holding the hand-built graph."""
    with loaded_db(tmp_path_factory.mktemp("leaderboard") / "kg") as path:
        yield path


@pytest.fixture(scope="module")
def g(db):
    graph = Graph.open(db)
    yield graph
    graph.close()


def board(boards, dataset, metric, setting="", unit=None):
    found = [b for b in boards if (b.dataset, b.metric, b.setting, b.unit) == (dataset, metric, setting, unit)]
    assert len(found) == 1, [(b.dataset, b.metric, b.setting, b.unit) for b in boards]
    return found[0]


def ranking(b):
    return [(s.best.model, s.best.result.value) for s in b.rows]


def test_lower_is_better_metrics_rank_the_lowest_first_and_others_the_highest(g):
    ppl = board(g.leaderboards("WikiText-103"), "WikiText-103", "perplexity")
    assert ppl.lower_is_better and ranking(ppl) == [("ModelC", 15.0), ("ModelA", 18.2), ("ModelB", 21.7)]
    acc = board(g.leaderboards("ImageNet"), "ImageNet", "top-1 accuracy", unit="%")
    assert not acc.lower_is_better
    assert ranking(acc) == [("ModelA", 83.0), ("ModelB", 82.5), ("ModelC", 81.0)]
    assert [s.rank for s in acc.rows] == [1, 2, 3]


def test_one_row_per_model_with_its_best_result_and_how_many_it_reported(g):
    acc = board(g.leaderboards("ImageNet"), "ImageNet", "top-1 accuracy", unit="%")
    b = next(s for s in acc.rows if s.best.model == "ModelB")
    assert (b.best.result.value, b.best.result.paper, b.best.result.published, b.reports) == (82.5, "q2", "2024-05-15", 2)
    assert b.best.result.evidence == "ModelB now gets 82.5% top-1 accuracy" and b.best.result.confidence == 0.8


def test_settings_and_units_are_never_ranked_together(g):
    boards = g.leaderboards("GSM8K")
    assert ranking(board(boards, "GSM8K", "accuracy", "zero-shot", "%")) == [("ModelC", 70.0), ("ModelA", 60.0)]
    assert ranking(board(boards, "GSM8K", "accuracy", "8-shot", "%")) == [("ModelB", 90.0)]
    # accuracy is a share: ModelD's 0.75 is ranked as 75% (shown as written), not on a unitless board of its own
    assert [(s.best.model, s.best.score) for s in board(boards, "GSM8K", "accuracy", "", "%").rows] == [("ModelD", 75.0)]
    assert len(boards) == 3
    # other units stay apart: the same number in ms and in s, or without a unit, are three boards
    times = [_result(m, 12.0, "2025-03", "2503.1").model_copy(update={"unit": u, "metric": "latency",
                                                                     "metric_key": "latency"})
             for m, u in (("A", "ms"), ("B", "s"), ("C", None))]
    assert sorted(str(b.unit) for b in build(times)) == ["None", "ms", "s"]


def test_a_dataset_finds_its_variants_results_labelled_as_such_but_not_the_reverse(g):
    boards = g.leaderboards("imagenet")   # any spelling
    variant = board(boards, "ImageNet-1K", "top-1 accuracy", unit="%")
    assert ranking(variant) == [("ModelA", 80.0)] and "variant of ImageNet" in variant.title
    assert variant.record()["variant_of"] == "ImageNet"
    own = g.leaderboards("ImageNet 1K")
    assert [(b.dataset, ranking(b)) for b in own] == [("ImageNet-1K", [("ModelA", 80.0)])]
    assert "variant" not in own[0].title


def test_metric_and_since_filter(g):
    assert [b.metric for b in g.leaderboards("ImageNet", metric="Top 1 Accuracy")] == ["top-1 accuracy"] * 2
    assert g.leaderboards("ImageNet", metric="perplexity") == []
    recent = g.leaderboards("ImageNet", since="2025-01-01")
    assert [(b.dataset, ranking(b)) for b in recent] == [("ImageNet", [("ModelA", 83.0), ("ModelC", 81.0)])]
    assert g.leaderboards("GSM8K", since=date(2000, 1, 1)) == []  # undated results are left out by --since


def test_the_state_of_the_art_over_time_steps_only_when_the_best_improves(g):
    acc = board(g.leaderboards("ImageNet"), "ImageNet", "top-1 accuracy", unit="%")
    steps = running_best(acc)
    assert [(e.model, e.result.value, e.day) for e in steps] == [
        ("ModelB", 81.0, date(2024, 2, 1)), ("ModelB", 82.5, date(2024, 5, 15)), ("ModelA", 83.0, date(2025, 3, 1))]
    ppl = board(g.leaderboards("WikiText-103"), "WikiText-103", "perplexity")
    assert [e.model for e in running_best(ppl)] == ["ModelC"]  # one paper, one day: the lowest is the best


@pytest.mark.parametrize("text, value, expected", [
    ("82.1% zero-shot accuracy on MMLU", 82.1, "zero-shot"),
    ("a 5-shot accuracy of 71.3", 71.3, "5-shot"),
    ("in the few-shot setting it reaches 40.2", 40.2, "few-shot"),
    ("after fine-tuning, it reaches 90.2%", 90.2, "fine-tuned"),
    ("it reaches 90.2%", 90.2, ""),
    ("we achieve 88.3% zero-shot and 91.1% fine-tuned accuracy", 88.3, "zero-shot"),
    ("we achieve 88.3% zero-shot and 91.1% fine-tuned accuracy", 91.1, "fine-tuned"),
    ("zero-shot and few-shot accuracy of 55.0", 55.0, "few-shot + zero-shot"),
    ("achieves 2.15 FID on ImageNet $256\\times256$ and 2.84 FID on ImageNet $512\\times512$", 2.15, "256x256"),
    ("achieves 2.15 FID on ImageNet $256\\times256$ and 2.84 FID on ImageNet $512\\times512$", 2.84, "512x512"),
    ("On ImageNet 256×256, our single-step model achieves an FID of 2.26", 2.26, "256x256"),
    ("On unconditional CIFAR-10, it reaches an FID of 2.11, while on conditional CIFAR-10, an FID of 1.94", 2.11,
     "unconditional"),
    ("On unconditional CIFAR-10, it reaches an FID of 2.11, while on conditional CIFAR-10, an FID of 1.94", 1.94,
     "conditional"),
    ("it reaches 80.7% top-1 accuracy using only 10% labeled data", 80.7, "10% labels"),
])
def test_settings_are_read_from_the_evidence_near_the_value(text, value, expected):
    assert setting_of(None, text, value) == expected


@pytest.mark.parametrize("text, value, expected", [
    ("achieving an improvement of +11.6 mAP with just 1% COCO labeled data", 1.0, True),
    ("achieving an improvement of +11.6 mAP with just 1% COCO labeled data", 11.6, False),
    ("a 5-shot accuracy of 71.3", 5.0, True),
    ("a 5-shot accuracy of 5", 5.0, False),            # also written outside the setting: a score
    ("FID of 2.26 on ImageNet 256x256", 256.0, True),
    ("it reaches 90.2%", 90.2, False),
])
def test_a_number_that_only_names_a_setting_is_not_a_score(text, value, expected):
    assert names_a_setting(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    # changes: after "by", after "gain(s) of" (a list too), followed by a word of change, after a sign
    ("it outperforms the baselines by 21.5%, 12.3%, and 15.3% in relative accuracy on A, B and C", 15.3, False),
    ("it brings improvements of 7.1% accuracy on A, 6.5% accuracy on B", 6.5, False),
    ("the method yields a 1.3% absolute improvement in accuracy", 1.3, False),
    ("systems with only a 2.1% difference", 2.1, False),
    ("the drop reaching 49.89% on A", 49.89, False),
    ("with gains from +46% to +75% on A", 75.0, False),
    ("it yields up to 13.4% improvement on A, 8.8% on B, and 7.0% on C", 7.0, False),  # a list opened by a change
    ("it yields up to 13.4% improvement on A, 8.8% on B, and 7.0% on C", 8.8, False),
    ("adding B yields a 4.2% average F1-score improvement", 4.2, False),
    ("we reach up to 70% absolute percentage points higher F1", 70.0, False),
    ("reaching $70.4 \\pm 2.7\\%$ accuracy", 2.7, False),                  # a spread
    # scores, also in sentences that report changes
    ("reaching $70.4 \\pm 2.7\\%$ accuracy", 70.4, True),
    ("it reaches 91.5% accuracy on A (beating the best baseline by 5.6 points), 30.4% accuracy on B", 30.4, True),
    ("it reaches 91.5% accuracy on A (beating the best baseline by 5.6 points), 30.4% accuracy on B", 5.6, False),
    ("M shows an accuracy gain of 8.6% on A, while N achieves an accuracy of 68.69% on B", 68.69, True),
    ("it improves accuracy from 91.7% to 94.1%", 94.1, True),
    ("it improves accuracy from 91.7% to 94.1%", 91.7, False),                # where it started: the baseline's
    ("reaching up to 1.3 mAP and 1.3 NDS gains", 1.3, False),                  # a change word after a list
    ("it reaches 77.8 AP, outperforming L by +0.4 AP", 77.8, True),
    ("it reaches 92.71% top-1 label accuracy", 92.71, True),
    ("a 3.1% gain on A, reaching 85.0% on B", 85.0, True),
    ("it scores 71.2% on A and 65.0% on B", 65.0, True),
    ("it reaches 85% accuracy with fewer parameters", 85.0, True),
    ("the value is not written here", 3.0, True),
])
def test_changes_and_spreads_are_not_scores(text, value, expected):
    assert is_score(text, value) is expected


def test_cli_formats(db, tmp_path):
    from kg.cli.leaderboard import leaderboard

    store_db = db
    out = CliRunner().invoke(leaderboard, ["WikiText-103", "--db", store_db, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [r["model"] for r in data[0]["rows"]] == ["ModelC", "ModelA", "ModelB"] and data[0]["lower_is_better"]
    out = CliRunner().invoke(leaderboard, ["GSM8K", "--db", store_db, "--format", "csv", "--metric", "accuracy"])
    lines = out.output.splitlines()
    assert lines[0].startswith("rank,model,value,unit") and len(lines) == 1 + 4
    out = CliRunner().invoke(leaderboard, ["ImageNet", "--db", store_db])
    assert "== ImageNet · top-1 accuracy · in % (higher is better)" in out.output
    assert "== ImageNet-1K (variant of ImageNet) · top-1 accuracy · in %" in out.output
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("html", b"<!DOCTYPE html>")):
        target = tmp_path / f"board.{fmt}"
        out = CliRunner().invoke(leaderboard, ["ImageNet", "--db", store_db, "--format", fmt, "-o", str(target)])
        assert out.exit_code == 0, out.output
        assert target.read_bytes().startswith(magic)
    page = (tmp_path / "board.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Content-Security-Policy" in page and "ModelA" in page
    assert CliRunner().invoke(leaderboard, ["ImageNet", "--db", store_db, "--since", "last week"]).exit_code == 2
    missing = CliRunner().invoke(leaderboard, ["NoSuchSet", "--db", store_db])
    assert missing.exit_code == 1 and "no results on 'NoSuchSet'" in missing.output


def _result(model: str, value: float, published: str | None, paper: str) -> Result:
    return Result(model=model, value=value, unit="%", metric="accuracy", dataset="GSM8K", asked="GSM8K", qualifier=None,
                  sota=None, evidence=f"{model} reaches {value}%", confidence=0.9, paper=paper, title=None,
                  published=published, url=None, model_key=model.lower(), metric_key="accuracy", dataset_key="gsm8k",
                  asked_key="gsm8k", claim=f"{paper}-{model}")


def test_a_chart_needs_scores_on_two_different_days():
    one_day = build([_result("A", 80.0, "2025-03", "2503.1"), _result("B", 82.0, "2025-03", "2503.1")])[0]
    assert not has_chart(one_day)          # two dots on one vertical line say nothing over time
    two_days = build([_result("A", 80.0, "2025-03", "2503.1"), _result("B", 82.0, "2025-05", "2505.2")])[0]
    assert has_chart(two_days)
    undated = build([_result("A", 80.0, None, "x1"), _result("B", 82.0, "2025-05", "2505.2")])[0]
    assert not has_chart(undated)


def test_a_dataset_whose_key_is_not_its_names_key_is_not_its_own_variant():
    coco = _result("A", 52.1, "2025-03", "2503.1").model_copy(update={
        "dataset": "COCO", "dataset_key": "ms-coco", "asked": "COCO", "asked_key": "ms-coco"})
    board = build([coco])[0]
    assert board.title.startswith("COCO · accuracy") and board.record()["variant_of"] is None
    variant = coco.model_copy(update={"dataset": "COCO val2017", "dataset_key": "coco-val2017"})
    assert build([variant])[0].title.startswith("COCO val2017 (variant of COCO) · ")


def test_a_share_metric_written_as_a_fraction_points_or_percent_is_ranked_on_one_scale():
    def f1(model: str, value: float, unit: str | None) -> Result:
        return _result(model, value, "2025-03", "2503.1").model_copy(update={"unit": unit, "metric": "F1 score",
                                                                             "metric_key": "f-1-score"})
    boards = build([f1("A", 0.91, None), f1("B", 88.5, "%"), f1("C", 90.0, None)])
    assert len(boards) == 1 and boards[0].unit == "%"
    assert [(s.best.model, s.best.score) for s in boards[0].rows] == [("A", 91.0), ("C", 90.0), ("B", 88.5)]
    assert boards[0].rows[0].record()["value"] == 0.91    # shown as written, ranked as 91%
    fid = _result("A", 2.1, "2025-03", "2503.1").model_copy(update={"unit": None, "metric": "FID", "metric_key": "fid"})
    assert build([fid])[0].rows[0].best.score == 2.1 and build([fid])[0].unit is None


def test_a_from_to_change_keeps_its_setting_and_a_model_size_is_no_number():
    text = "On PuzzleBench in a zero-shot setting, skipping layers in Quill-7B raises accuracy from 60.1 to 64.2."
    assert setting_of(None, text, 64.2) == "zero-shot"
    assert setting_of(None, "In the 5-shot setting ZorbNet rises from 60.1% to 64.2%, and 70.0% zero-shot.", 64.2) == "5-shot"
