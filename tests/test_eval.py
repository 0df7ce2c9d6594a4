"""`kg.eval`: scoring exactly as docs/annotation.md's Scoring section says.

The scorer is tested with a replaying extractor (it returns prepared `Extraction`s, as any plug-in
extractor may), so each expected figure is worked out by hand from the records below.
"""
import json

import pytest

from kg.eval import GoldFormatError, core_match, evaluate, full_match, read_gold, score_name
from kg.extractors.rules import RuleExtractor
from kg.models import Claim, Entity, Extraction


class Replay:
    """An extractor that returns a prepared answer per paper id."""

    name = "replay"

    def __init__(self, answers):
        self.answers = answers

    def extract(self, paper):
        return self.answers.get(paper.id, Extraction(id=paper.id))


GOLD = [
    {"id": "p1", "title": "LaCLIP: better CLIP", "abstract": "LaCLIP outperforms CLIP by 8.2% on ImageNet.",
     "entities": [{"name": "LaCLIP", "type": "Method", "proposed": True}, {"name": "CLIP", "type": "Model"},
                  {"name": "ImageNet", "type": "Dataset"}, {"name": "zero-shot accuracy", "type": "Metric"}],
     "claims": [{"kind": "outperforms", "subject": "LaCLIP", "object": "CLIP", "dataset": "ImageNet",
                 "metric": "zero-shot accuracy", "value": 8.2, "unit": "%", "evidence": "LaCLIP outperforms CLIP by 8.2%"}]},
    {"id": "p2", "title": "", "abstract": "X matches Y. X beats Z.",
     "entities": [{"name": "Llama-3-8B", "type": "Model"}],
     "claims": [{"kind": "matches", "subject": "X", "value": None, "evidence": "X matches Y"},
                {"kind": "outperforms", "subject": "X", "object": "Z", "value": None, "evidence": "X beats Z"}]},
]


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in GOLD) + "\n", encoding="utf-8")
    return path


def test_names_compare_ignoring_case_spaces_hyphens_and_dots():
    assert score_name("Llama-3.1 8B") == score_name("llama3.18b") == "llama318b"
    assert score_name("GPT-4o") != score_name("GPT-4")
    assert score_name(None) is None


def test_perfect_extraction_scores_one(gold_file):
    answers = {r["id"]: Extraction(id=r["id"], entities=[Entity(**e) for e in r["entities"]],
                                   claims=[Claim(**c) for c in r["claims"]]) for r in GOLD}
    report = evaluate(gold_file, Replay(answers))
    d = report.to_dict()
    assert d["abstracts"] == 2
    assert d["entities"]["strict"]["f1"] == 1.0 and d["claims"]["full"]["f1"] == 1.0
    assert report.misses == []


def test_entities_strict_and_relaxed(gold_file):
    answers = {"p1": Extraction(id="p1", entities=[
        Entity(name="la-clip", type="Method"),        # same name by the scoring comparison
        Entity(name="CLIP", type="Method"),           # wrong type: relaxed only (Model = Method)
        Entity(name="ImageNet", type="Task"),         # wrong type, not Model/Method: no credit
        Entity(name="BERT", type="Model"),            # not in gold
    ])}
    report = evaluate(gold_file, Replay(answers))
    s, r = report.entities_strict, report.entities_relaxed
    # gold: 4 in p1 + 1 in p2 = 5
    assert (s.tp, s.fp, s.fn) == (1, 3, 4)
    assert (r.tp, r.fp, r.fn) == (2, 2, 3)
    assert report.entities_by_type["Model"].fn == 2  # CLIP (p1) and Llama-3-8B (p2)
    assert report.entities_by_type["Task"].fp == 1


def test_claim_core_needs_kind_subject_value(gold_file):
    answers = {
        "p1": Extraction(id="p1", claims=[
            # core match (object differs): counts for core, not for full
            Claim(kind="outperforms", subject="La-CLIP", object="BERT", value=8.2 + 1e-9, unit="%"),
        ]),
        "p2": Extraction(id="p2", claims=[
            Claim(kind="matches", subject="X", value=None),       # full match (all other fields null)
            Claim(kind="outperforms", subject="X", value=3.0),     # value differs: no match
        ]),
    }
    report = evaluate(gold_file, Replay(answers))
    assert (report.claims_core.tp, report.claims_core.fp, report.claims_core.fn) == (2, 1, 1)
    assert (report.claims_full.tp, report.claims_full.fp, report.claims_full.fn) == (1, 2, 2)
    assert report.claims_core_by_kind["matches"].tp == 1
    assert report.claims_core_by_kind["outperforms"].fn == 1


def test_each_gold_claim_matches_once_and_full_matches_go_first():
    gold = [Claim(kind="achieves", subject="A", value=1.0, dataset="D1"),
            Claim(kind="achieves", subject="A", value=1.0, dataset="D2")]
    pred = [Claim(kind="achieves", subject="A", value=1.0, dataset="D2"),
            Claim(kind="achieves", subject="A", value=1.0, dataset="D2")]
    from kg.eval import match_claims
    full, core = match_claims(pred, gold)
    assert full == [(0, 1)]                 # the D2 prediction takes the D2 gold claim, not D1
    assert sorted(core) == [(0, 1), (1, 0)]  # the duplicate may still take D1 on core
    assert not core_match(Claim(kind="achieves", subject="A", value=None), gold[0])
    assert full_match(pred[0], gold[1]) and not full_match(pred[0], gold[0])


def test_report_outputs(gold_file, tmp_path):
    report = evaluate(gold_file, Replay({}))
    text = report.to_text()
    assert "strict" in text and "relaxed" in text and "core" in text and "Dataset" in text
    d = report.to_dict()
    json.dumps(d)  # JSON-able
    assert d["claims"]["core"]["fn"] == 3 and d["claims"]["core"]["f1"] == 0.0
    out = tmp_path / "misses.jsonl"
    assert report.write_misses(out) == 2
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["id"] == "p1"
    assert "LaCLIP (Method)" in lines[0]["entities_fn"]
    assert lines[1]["claims_fn"][0]["kind"] == "matches"


@pytest.mark.parametrize("line, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"id": "x"}', "'abstract'"),
    ('{"id": "x", "abstract": "a", "entities": [{"name": "N", "type": "Gadget"}]}', "type"),
    ('{"id": "x", "abstract": "a", "claims": [{"kind": "beats"}]}', "kind"),
    ('{"id": "x", "abstract": "a", "claims": {}}', "must be a list"),
])
def test_bad_gold_lines_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as err:
        list(read_gold(path))
    assert f"{path}:3" in str(err.value) and message in str(err.value)


def test_rule_extractor_end_to_end(gold_file):
    report = evaluate(gold_file, RuleExtractor())
    s = report.entities_strict
    assert report.extractor == "rules"
    assert s.tp + s.fn == 5 and report.claims_core.tp + report.claims_core.fn == 3
