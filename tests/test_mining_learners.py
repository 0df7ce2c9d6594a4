"""Names the corpus writes as learners (`extractors/mining/learners.py`): invented abstracts and names."""
from __future__ import annotations

from kg.extractors.mining.learners import is_learner, load_learners, mine_learners, write_learners
from kg.resolve.head_types import settled_type


def corpus() -> list[str]:
    papers = []
    for i in range(8):  # Quorble Tree: a learner in 4 of its 8 papers
        verb = "We train a Quorble Tree classifier on the features." if i % 2 else "Quorble Tree is used."
        papers.append(f"Paper {i}. {verb} Results are reported.")
    for i in range(40):  # Blorfnet: a model, once written before `classifier` among 40 papers
        extra = " A Blorfnet classifier head is added." if i == 0 else ""
        papers.append(f"Study {i}. We fine-tune Blorfnet on the data.{extra}")
    for i in range(5):  # `Blorfnet-based classifier`: no learner use of Blorfnet
        papers.append(f"Work {i}. A Blorfnet-based classifier is trained.")
    for i in range(80):  # Glimmix: 3 learner papers of 80, under 5%
        extra = " The Glimmix algorithm converges." if i < 3 else ""
        papers.append(f"Note {i}. Glimmix is evaluated.{extra}")
    return papers


def test_a_name_written_before_a_learner_noun_in_a_good_share_of_its_papers_is_a_learner(tmp_path):
    rows = {r.key: r for r in mine_learners(corpus())}
    assert "quorble-tree" in rows
    assert rows["quorble-tree"].papers == 8 and rows["quorble-tree"].learner_papers == 4
    assert rows["quorble-tree"].name == "Quorble Tree"
    assert "blorfnet" not in rows  # 1 paper of 45: below both thresholds
    assert "glimmix" not in rows  # 3 papers, but under 5% of its 80
    write_learners(tmp_path / "learners.tsv", rows.values())
    assert "quorble-tree" in load_learners(tmp_path / "learners.tsv")
    assert is_learner("Quorble  tree", tmp_path / "learners.tsv")
    assert not is_learner("Blorfnet", tmp_path / "learners.tsv")
    assert not is_learner("Quorble Tree", tmp_path / "missing.tsv")


def test_a_learner_typed_model_is_a_method_after_the_votes():
    """The shipped `learners.tsv`: the corpus writes `SVM classifier`; `ViT` is no learner."""
    assert settled_type("SVM", "Model") == "Method"
    assert settled_type("SVM", "Dataset") == "Dataset"  # only a Model is retyped
    assert settled_type("ViT", "Model") == "Model"


def test_the_lexicon_build_writes_the_learners(tmp_path):
    import json

    from kg.extractors.mining.run import build_files

    corpus_file = tmp_path / "papers.jsonl"
    corpus_file.write_text("".join(json.dumps({"id": str(i), "title": f"T{i}", "abstract": text}) + "\n"
                                   for i, text in enumerate(corpus())), encoding="utf-8")
    build_files([corpus_file], tmp_path / "lexicon")
    assert "quorble-tree" in load_learners(tmp_path / "lexicon" / "learners.tsv")
