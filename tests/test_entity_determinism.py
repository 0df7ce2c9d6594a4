"""Every choice the entity rules make is deterministic: the same text gives the same entities whatever
Python's hash seed (which changes the iteration order of sets between processes). Issue 17, cause 7: the
list-typing step once took `max(set(types), key=types.count)`, so a list with one name of each of two types
and an untyped one typed the last by set order (`Model` under PYTHONHASHSEED 0 and 3, `Dataset` under 1, 2, 4, 5)."""
import gzip
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json, sys
from pathlib import Path
from kg.extractors.rules import RuleExtractor
from kg.models import Paper
d = Path(sys.argv[1])
(d / "models.txt").write_text("CLIP\nFlorbit\n", encoding="utf-8")
(d / "datasets.txt").write_text("ImageNet\nQuandex\n", encoding="utf-8")
ex = RuleExtractor(gazetteer_dir=str(d))
texts = json.loads(sys.argv[2])
print(json.dumps([sorted((e.name, e.type) for e in ex.extract(Paper(id="t", title="", abstract=t)).entities)
                  for t in texts]))
"""

# A list holding one known dataset, one known model and one name no other rule types: a tie between two types
# for the untyped one, in both orders.
DATASET_FIRST = "The names Quandex, Florbit and ZENTRIK appear here."
MODEL_FIRST = "Results for Florbit, Quandex and ZENTRIK follow."
# The same shape, but another rule types the third name before the list is consulted.
TYPED_ELSEWHERE = "We evaluate on ImageNet, CLIP and Zorblax-Q in all settings."
TEXTS = [DATASET_FIRST, MODEL_FIRST, TYPED_ELSEWHERE]
SEEDS = ("0", "1", "2", "3", "4", "5")  # set order of {"Dataset", "Model"} differs between 0 and 1


def run(seed: str, directory, texts: list[str]) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(directory), json.dumps(texts)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def by_seed(tmp_path_factory) -> dict[str, list]:
    directory = tmp_path_factory.mktemp("gazetteer")
    return {seed: run(seed, directory, TEXTS) for seed in SEEDS}


def test_a_list_tie_between_two_types_is_settled_the_same_way_under_every_hash_seed(by_seed):
    for text, first in ((0, "Dataset"), (1, "Model")):
        answers = {seed: dict(map(tuple, result[text]))["ZENTRIK"] for seed, result in by_seed.items()}
        assert len(set(answers.values())) == 1, f"ZENTRIK in {TEXTS[text]!r} by PYTHONHASHSEED: {answers}"
        # and the tie goes to the type of the list's first typed name
        assert set(answers.values()) == {first}, answers


def test_a_tie_between_types_in_a_list_is_settled_the_same_way_under_every_hash_seed(by_seed):
    results = list(by_seed.values())
    assert all(r == results[0] for r in results), by_seed
    # The tie goes to the first typed name of the list.
    assert ["Zorblax-Q", "Dataset"] in results[0][2]


# -- the whole extractor ---------------------------------------------------------------------------------------

WHOLE = r"""
import hashlib, json, sys
from pathlib import Path
from kg.extractors.rules import RuleExtractor
from kg.models import Paper
from kg.read import read_papers
papers = [p for p in read_papers([Path(p) for p in sys.argv[1:]]) if isinstance(p, Paper)]
lines = [x.model_dump_json() for x in RuleExtractor().extract_many(papers)]
print(len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
"""

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.mark.slow
def test_the_whole_extractor_gives_byte_identical_output_under_every_hash_seed(tmp_path):
    """The bundled demo abstracts, invented list ties and, where `../shared` is present, the corpus, the
    annotated abstracts and a stretch of the unlabelled arXiv abstracts, extracted by the shipped rules under
    PYTHONHASHSEED 0..3: the same bytes each time (about 15 s per seed with the shared files)."""
    invented = tmp_path / "invented.jsonl"
    with open(invented, "w", encoding="utf-8") as fh:
        for i, text in enumerate([*TEXTS, "We fine-tune BERT, ResNet-50 and QORVAL on ImageNet and SQuAD.",
                                  "Compared with GPT-4, Llama-2 and MERVOX, our model is faster on COCO and "
                                  "VQA, CIFAR-10 and BRINDLE."]):
            fh.write(json.dumps({"id": f"inv-{i}", "title": "Invented", "abstract": text}) + "\n")
    inputs = [ROOT / "kg" / "data" / "demo_abstracts.jsonl", invented]
    inputs += sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "gold").glob("*.jsonl"))
    arxiv = SHARED / "arxiv" / "arxiv-2025.jsonl.gz"
    if arxiv.is_file():
        # 1,200 unlabelled abstracts; in this stretch the code of 8a24d3c typed two papers' names by set order
        # (records 10,906 and 12,047: Model under PYTHONHASHSEED 0, Method or Dataset under 1 and 2)
        with gzip.open(arxiv, "rt", encoding="utf-8") as fh:
            lines = list(itertools.islice(fh, 10_900, 12_100))
        (tmp_path / "arxiv-slice.jsonl").write_text("".join(lines), encoding="utf-8")
        inputs.append(tmp_path / "arxiv-slice.jsonl")
    outputs = {}
    for seed in ("0", "1", "2", "3"):
        out = subprocess.run([sys.executable, "-c", WHOLE, *map(str, inputs)], capture_output=True, text=True,
                             check=True, env=dict(os.environ, PYTHONHASHSEED=seed))
        outputs[seed] = out.stdout.strip()
    assert len(set(outputs.values())) == 1, outputs
    assert int(outputs["0"].split()[0]) >= 7
