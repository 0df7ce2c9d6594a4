"""Quality floor: the rule extractor on the development set must not fall more than 0.01 below the figures
recorded in `quality_floor.json` (raise them when the extractor improves; never lower them to pass)."""
import json
from pathlib import Path

import pytest

from kg.eval import evaluate
from kg.extractors.rules import RuleExtractor

GOLD = Path(__file__).resolve().parents[1].parent / "shared/gold/dev.jsonl"
FLOOR = Path(__file__).resolve().parent / "quality_floor.json"
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def report():
    if not GOLD.exists():
        pytest.skip(f"development gold set not found at {GOLD}")
    return evaluate(GOLD, RuleExtractor()).to_dict()


@pytest.mark.parametrize("figure", ["entities.relaxed.f1", "entities.strict.f1", "claims.core.f1", "claims.full.f1"])
def test_figure_stays_above_the_floor(report, figure):
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))[figure]
    value = report
    for part in figure.split("."):
        value = value[part]
    assert value >= floor - TOLERANCE, f"{figure} = {value:.4f}, floor {floor:.4f} (tolerance {TOLERANCE})"
