"""Every choice the entity rules make is deterministic: the same text gives the same entities whatever
Python's hash seed (which changes the iteration order of sets between processes)."""
import json
import os
import subprocess
import sys

SCRIPT = r"""
import json, sys
from pathlib import Path
from kg.extractors.rules import RuleExtractor
from kg.models import Paper
d = Path(sys.argv[1])
(d / "models.txt").write_text("CLIP\n", encoding="utf-8")
(d / "datasets.txt").write_text("ImageNet\n", encoding="utf-8")
ex = RuleExtractor(gazetteer_dir=str(d))
# A list holding one known dataset, one known model and one unknown name: a tie between two types
# for the unknown one.
text = "We evaluate on ImageNet, CLIP and Zorblax-Q in all settings."
print(json.dumps(sorted((e.name, e.type) for e in ex.extract(Paper(id="t", title="", abstract=text)).entities)))
"""


def run(seed: str, directory) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(directory)], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_a_tie_between_types_in_a_list_is_settled_the_same_way_under_every_hash_seed(tmp_path):
    results = [run(seed, tmp_path) for seed in ("0", "1", "2", "3", "4", "5")]
    assert all(r == results[0] for r in results), results
    # The tie goes to the first typed name of the list.
    assert ["Zorblax-Q", "Dataset"] in results[0]
