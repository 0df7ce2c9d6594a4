"""tools/miss_causes.py: each gold name the rules miss, with the sentence and why (no candidate, boundary, dropped
by a component, typed otherwise). Invented abstracts."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "miss_causes.py"


def test_misses_are_listed_with_a_cause_and_found_names_are_not(tmp_path):
    gold = tmp_path / "gold.jsonl"
    record = {
        "id": "t1", "title": "",
        "abstract": "We propose Zorblet, which beats Quux-7B by 3% accuracy on GSM8K. It helps widget folding.",
        "entities": [{"name": "Zorblet", "type": "Method"}, {"name": "GSM8K", "type": "Dataset"},
                     {"name": "widget folding", "type": "Task"}, {"name": "GSM8K", "type": "Metric"},
                     {"name": "gizmo pruning", "type": "Method"}],
        "claims": [],
    }
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    subprocess.run([sys.executable, str(SCRIPT), str(gold), "--json", str(out)], check=True, capture_output=True)
    rows = {r["name"] + "/" + r["type"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert "Zorblet/Method" not in rows and "GSM8K/Dataset" not in rows  # found: not a miss
    assert rows["widget folding/Task"]["cause"] == "no-candidate"
    assert "widget folding" in rows["widget folding/Task"]["sentence"]
    assert rows["GSM8K/Metric"]["cause"] == "typed:Dataset"  # found, as another type
    assert rows["gizmo pruning/Method"]["cause"] == "not-in-text"
