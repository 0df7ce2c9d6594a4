"""A small hand-built graph for the leaderboard and site tests: every ranking is known in advance.

    ImageNet (ImageNet-1K is a VARIANT_OF it), top-1 accuracy in %:
        q1 2024-02-01  ModelB 81.0          q2 2024-05-15  ModelB 82.5
        q3 2025-03     ModelC 81.0, ModelA 83.0            q0 2023-11-20  ModelA 80.0 on ImageNet-1K
    WikiText-103, perplexity (lower is better): ModelA 18.2, ModelB 21.7, ModelC 15.0 (q4, 2024-06-01)
    GSM8K, accuracy in %: ModelA 60 and ModelC 70 zero-shot, ModelB 90 8-shot, ModelD 0.75 (no unit)  (q5, no date)
    ModelA outperforms ModelB on GSM8K (q5), which mentions the task "math word problems"
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kg.load.loader import GraphLoader
from kg.load.statements import MERGE_VARIANT_OF
from kg.models import Claim, Entity, Extraction, Paper

PAPERS: list[tuple[Paper, Extraction]] = []


def _paper(pid: str, published: str | None, entities: list[tuple[str, str]], claims: list[Claim]) -> None:
    paper = Paper(id=pid, title=f"Paper {pid}", abstract=f"Abstract of {pid}.", published=published)
    PAPERS.append((paper, Extraction(id=pid, title=paper.title, extractor="hand",
                                     entities=[Entity(name=n, type=t) for n, t in entities], claims=claims)))


def _score(model: str, dataset: str, metric: str, value: float, unit: str | None, evidence: str,
           start: int) -> Claim:
    return Claim(kind="achieves", subject=model, dataset=dataset, metric=metric, value=value, unit=unit,
                 evidence=evidence, start=start, end=start + len(evidence), confidence=0.8)


IMAGENET = [("ImageNet", "Dataset"), ("top-1 accuracy", "Metric")]
_paper("q0", "2023-11-20", [("ModelA", "Model"), ("ImageNet-1K", "Dataset"), ("top-1 accuracy", "Metric")], [
    _score("ModelA", "ImageNet-1K", "top-1 accuracy", 80.0, "%", "ModelA reaches 80.0% top-1 accuracy on ImageNet-1K", 0),
])
_paper("q1", "2024-02-01", [("ModelB", "Model"), *IMAGENET], [
    _score("ModelB", "ImageNet", "top-1 accuracy", 81.0, "%", "ModelB gets 81.0% top-1 accuracy", 0),
])
_paper("q2", "2024-05-15", [("ModelB", "Model"), *IMAGENET], [
    _score("ModelB", "ImageNet", "top-1 accuracy", 82.5, "%", "ModelB now gets 82.5% top-1 accuracy", 0),
])
_paper("q3", "2025-03", [("ModelA", "Model"), ("ModelC", "Model"), *IMAGENET], [
    _score("ModelC", "ImageNet", "top-1 accuracy", 81.0, "%", "ModelC scores 81.0%", 0),
    _score("ModelA", "ImageNet", "top-1 accuracy", 83.0, "%", "ModelA scores 83.0%", 30),
])
_paper("q4", "2024-06-01", [("ModelA", "Model"), ("ModelB", "Model"), ("ModelC", "Model"),
                            ("WikiText-103", "Dataset"), ("perplexity", "Metric")], [
    _score("ModelA", "WikiText-103", "perplexity", 18.2, None, "ModelA has a perplexity of 18.2", 0),
    _score("ModelB", "WikiText-103", "perplexity", 21.7, None, "ModelB has a perplexity of 21.7", 40),
    _score("ModelC", "WikiText-103", "perplexity", 15.0, None, "ModelC has a perplexity of 15.0", 80),
])
_paper("q5", None, [("ModelA", "Model"), ("ModelB", "Model"), ("ModelC", "Model"), ("ModelD", "Model"),
                    ("GSM8K", "Dataset"), ("accuracy", "Metric"), ("math word problems", "Task")], [
    _score("ModelA", "GSM8K", "accuracy", 60.0, "%", "ModelA reaches 60% zero-shot accuracy", 0),
    _score("ModelC", "GSM8K", "accuracy", 70.0, "%", "ModelC reaches 70% accuracy in the zero-shot setting", 40),
    _score("ModelB", "GSM8K", "accuracy", 90.0, "%", "ModelB reaches 90% accuracy with 8-shot prompting", 100),
    _score("ModelD", "GSM8K", "accuracy", 0.75, None, "ModelD has an accuracy of 0.75", 160),
    Claim(kind="outperforms", subject="ModelA", object="ModelB", dataset="GSM8K", metric="accuracy", value=3.0,
          unit="%", evidence="ModelA outperforms ModelB by 3% on GSM8K", start=200, end=240),
])

VARIANTS = [{"key": "imagenet-1-k", "base": "imagenet"}]


def build(store) -> None:
    GraphLoader(store).load(PAPERS)
    store.write_atomic([(MERGE_VARIANT_OF.strip(), {"rows": VARIANTS})])


@contextmanager
def loaded_db(path: Path) -> Iterator[str]:
    """An embedded store in `path` holding this graph, its server kept running until the block ends; yields
    the --db value."""
    from kg.stores import open_store
    from kg.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(path)
    server.start(keep_running=True)
    try:
        store = open_store(path)
        store.ensure_schema()
        build(store)
        store.close()
        yield str(path)
    finally:
        server.stop()
