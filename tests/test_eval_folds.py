"""`kg eval --folds K`: k-fold cross-validation, mean and spread of every figure over the held-out folds.

A replaying extractor returns prepared answers (right for some papers, empty for others), so the per-fold
figures are known by hand; a learning extractor records what `fit` was given.
"""
import json

import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.eval import cross_validate, split_folds
from kg.eval.folds import read_gold_files
from kg.models import Claim, Entity, Extraction


def _record(i: int) -> dict:
    return {"id": f"p{i}", "title": "", "abstract": f"M{i} outperforms B by {i}% on D.",
            "entities": [{"name": f"M{i}", "type": "Model"}],
            "claims": [{"kind": "outperforms", "subject": f"M{i}", "value": float(i), "unit": "%"}]}


@pytest.fixture
def gold_files(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(json.dumps(_record(i)) for i in range(6)) + "\n", encoding="utf-8")
    b.write_text("\n".join(json.dumps(_record(i)) for i in range(6, 10)) + "\n", encoding="utf-8")
    return [a, b]


class RightOnEven:
    """Perfect on even-numbered papers, nothing on odd ones."""

    name = "even"

    def extract(self, paper):
        i = int(paper.id[1:])
        if i % 2:
            return Extraction(id=paper.id)
        return Extraction(id=paper.id, entities=[Entity(name=f"M{i}", type="Model")],
                          claims=[Claim(kind="outperforms", subject=f"M{i}", value=float(i), unit="%")])


class Learner(RightOnEven):
    def __init__(self):
        self.seen: list[set[str]] = []

    def fit(self, train_records):
        self.seen.append({r.paper.id for r in train_records})


def test_folds_partition_the_records_the_same_way_for_the_same_seed(gold_files):
    records = read_gold_files(gold_files)
    folds = split_folds(records, 3, seed=7)
    ids = [r.paper.id for fold in folds for r in fold]
    assert sorted(ids) == sorted(r.paper.id for r in records) and len(set(ids)) == 10
    assert [len(f) for f in folds] == [4, 3, 3]
    assert [[r.paper.id for r in f] for f in split_folds(records, 3, seed=7)] == [[r.paper.id for r in f] for f in folds]
    assert [[r.paper.id for r in f] for f in split_folds(records, 3, seed=8)] != [[r.paper.id for r in f] for f in folds]
    with pytest.raises(ValueError):
        split_folds(records, 1)
    with pytest.raises(ValueError):
        split_folds(records, 11)


def test_mean_and_spread_are_over_the_held_out_folds(gold_files):
    report = cross_validate(gold_files, RightOnEven(), k=5, seed=0)
    d = report.to_dict()
    assert d["abstracts"] == 10 and d["fold_sizes"] == [2] * 5
    # Per fold: recall = share of even papers in it; precision is 1 wherever something was predicted.
    recalls = []
    for fold in report.folds:
        ids = [int(m["id"][1:]) for m in fold.misses]  # the odd ones miss
        recalls.append((2 - len(ids)) / 2)
    core = d["claims"]["core"]
    assert core["recall"]["mean"] == pytest.approx(sum(recalls) / 5, abs=1e-4)
    assert core["recall"]["min"] == min(recalls) and core["recall"]["max"] == max(recalls)
    assert core["tp"] == 5 and core["fn"] == 5 and core["fp"] == 0
    # A fold with only odd papers predicts nothing: precision is averaged over the folds where it is defined
    # as a figure at all (something gold or predicted), so every fold counts here.
    assert core["f1"]["folds"] == 5
    assert d["pooled"]["claims"]["core"]["recall"] == 0.5
    assert len(d["per_fold"]) == 5


def test_a_learning_extractor_is_fitted_on_the_other_folds_only(gold_files):
    learner = Learner()
    report = cross_validate(gold_files, learner, k=4, seed=1)
    assert len(learner.seen) == 4
    for seen, fold in zip(learner.seen, split_folds(read_gold_files(gold_files), 4, seed=1)):
        held_out = {r.paper.id for r in fold}
        assert not seen & held_out and len(seen | held_out) == 10
    assert report.to_dict()["abstracts"] == 10


def test_cli_cross_validates_several_files_and_prints_json(gold_files, monkeypatch):
    monkeypatch.setattr("kg.extractors.base.load_extractor", lambda spec: RightOnEven())
    runner = CliRunner()
    out = runner.invoke(cli, ["eval", *map(str, gold_files), "--folds", "5", "--json"], obj={})
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    assert d["folds"] == 5 and d["claims"]["core"]["tp"] == 5
    text = runner.invoke(cli, ["eval", *map(str, gold_files), "--folds", "5"], obj={})
    assert "5-fold cross-validation" in text.output and "±" in text.output
    pooled = runner.invoke(cli, ["eval", *map(str, gold_files), "--json"], obj={})
    assert json.loads(pooled.output)["abstracts"] == 10
    too_many = runner.invoke(cli, ["eval", *map(str, gold_files), "--folds", "11"], obj={})
    assert too_many.exit_code == 2
