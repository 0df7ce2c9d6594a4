"""A small hand-built claims graph for the query tests: every answer is known in advance.

Six papers, loaded through the real GraphLoader from Extractions written here:

    p1  We propose AlphaNet.  AlphaNet > BERT (GLUE, accuracy, 2.0 %); scores on GLUE, WikiText-103, LibriSpeech,
        ImageNet (latency ms); one SOTA claim.
    p2  BERT > AlphaNet (GLUE, accuracy, 1.0 %)   <- contradicts p1; RoBERTa > BERT; more scores
    p3  We propose GammaLM.   GammaLM > AlphaNet (GLUE accuracy), GammaLM > DeltaNet, DeltaNet > GammaLM (same paper)
    p4  BERT > ELMo, DeltaNet > ELMo (GLUE accuracy); RoBERTa matches BERT
    p5  LLaMA 3 8B, CLIP (alias "Contrastive Language-Image Pre-training"); DeltaNet > GammaLM (no dataset)
        <- contradicts p3; NASTY > LLaMA 3 8B; BIG > LLaMA 3 8B (a 3 kB name, a 10 kB evidence)
    p6  Llama-3-8B (same key as LLaMA 3 8B), Llama-3-8B-Instruct, Llama-3; VARIANT_OF Instruct -> 8B -> Llama-3
        and Instruct -> Llama-3

Confidence: 1.0 unless given; on GLUE: GammaLM > AlphaNet 0.8, RoBERTa > BERT 0.7, RoBERTa matches BERT 0.6,
BERT > ELMo 0.5.

Dominance: GammaLM > AlphaNet > BERT > ELMo (3 steps) and GammaLM > DeltaNet > ELMo (2 steps, the shortest).
"""
from __future__ import annotations

from kg.load.loader import GraphLoader
from kg.load.statements import MERGE_VARIANT_OF
from kg.models import Claim, Entity, Extraction, Paper

# Names and text that must survive the trip through parameters, Cypher and back unchanged.
NASTY = "Robert'); DROP \"x\" `tick` {y} // z /* w */ $p — ünïcödé 😀 \\ back"
# A long name, kept under 4 kB: FalkorDB 4.16 crashes (SIGSEGV in EnforceUniqueEntity) on a unique-constrained
# string over 4096 bytes, and its range index does not find such strings; a 10 kB text goes in evidence instead.
BIG = "Big" + "x" * 3_000 + " Model"
HUGE = ("A 10 kB sentence with 'quotes', \"double\", `ticks`, {braces}, // and /* comments */, ünï 😀. " * 120)[:10_240]


def _e(name: str, etype: str, **kw) -> Entity:
    return Entity(name=name, type=etype, **kw)


def _claim(kind: str, subject=None, obj=None, dataset=None, metric=None, value=None, unit=None, *,
           sota: bool = False, evidence: str = "", start: int = 0, confidence: float = 1.0) -> Claim:
    return Claim(kind=kind, subject=subject, object=obj, dataset=dataset, metric=metric, value=value, unit=unit,
                 sota=sota, evidence=evidence or f"{subject} {kind} {obj or ''} {value or ''}".strip(),
                 start=start, end=start + 10, confidence=confidence)


COMMON = [_e("GLUE", "Dataset"), _e("accuracy", "Metric")]

PAPERS: list[tuple[Paper, Extraction]] = []


def _paper(pid: str, title: str, published: str, entities: list[Entity], claims: list[Claim]) -> None:
    paper = Paper(id=pid, title=title, abstract=f"Abstract of {title}.", published=published,
                  url=f"https://example.org/{pid}")
    PAPERS.append((paper, Extraction(id=pid, title=title, entities=entities, claims=claims, extractor="hand")))


_paper("p1", "AlphaNet: a new network", "2024-01-10", [
    _e("AlphaNet", "Method", proposed=True, count=4), _e("BERT", "Model", count=2), *COMMON,
    _e("WikiText-103", "Dataset"), _e("perplexity", "Metric"), _e("LibriSpeech", "Dataset"),
    _e("word error rate", "Metric"), _e("ImageNet", "Dataset"), _e("latency", "Metric"),
], [
    _claim("outperforms", "AlphaNet", "BERT", "GLUE", "accuracy", 2.0, "%", evidence="AlphaNet beats BERT by 2.0%",
           start=10),
    _claim("achieves", "AlphaNet", None, "GLUE", "accuracy", 91.5, "%", start=20),
    _claim("achieves", "AlphaNet", None, "WikiText-103", "perplexity", 18.2, None, start=30),
    _claim("achieves", "AlphaNet", None, "LibriSpeech", "word error rate", 4.1, "%", sota=True, start=40),
    _claim("achieves", "AlphaNet", None, "ImageNet", "latency", 12.0, "ms", start=50),
])
_paper("p2", "BERT revisited", "2024-02-01", [
    _e("BERT", "Model", count=3), _e("AlphaNet", "Method"), _e("RoBERTa", "Model"), *COMMON,
    _e("WikiText-103", "Dataset"), _e("perplexity", "Metric"), _e("LibriSpeech", "Dataset"),
    _e("word error rate", "Metric"), _e("ImageNet", "Dataset"), _e("latency", "Metric"),
], [
    _claim("outperforms", "BERT", "AlphaNet", "GLUE", "accuracy", 1.0, "%", evidence="BERT beats AlphaNet by 1.0%",
           start=5),
    _claim("achieves", "BERT", None, "GLUE", "accuracy", 88.0, "%", start=15),
    _claim("achieves", "RoBERTa", None, "GLUE", "accuracy", 90.1, "%", start=25),
    _claim("achieves", "BERT", None, "WikiText-103", "perplexity", 21.7, None, start=35),
    _claim("achieves", "BERT", None, "LibriSpeech", "word error rate", 6.3, "%", start=45),
    _claim("achieves", "BERT", None, "ImageNet", "latency", 20.0, "ms", start=55),
    _claim("achieves", "RoBERTa", None, "ImageNet", None, 15.0, "ms", start=65),
    _claim("achieves", "RoBERTa", None, "ImageNet", None, 70.0, "%", start=66),
    _claim("achieves", "BERT", None, "ImageNet", None, 75.0, "%", start=67),
    _claim("outperforms", "RoBERTa", "BERT", "GLUE", "accuracy", 1.5, "points", start=75, confidence=0.7),
])
_paper("p3", "GammaLM", "2023-12-24", [
    _e("GammaLM", "Model", proposed=True), _e("AlphaNet", "Method"), _e("DeltaNet", "Method"), *COMMON,
], [
    _claim("outperforms", "GammaLM", "AlphaNet", "GLUE", "accuracy", 0.5, "%", start=10, confidence=0.8),
    _claim("outperforms", "GammaLM", "DeltaNet", None, None, 3.0, "%", start=20),
    _claim("outperforms", "DeltaNet", "GammaLM", None, None, 1.0, "%", start=30),
])
_paper("p4", "Old baselines", "2023-06-01", [
    _e("BERT", "Model"), _e("ELMo", "Model"), _e("DeltaNet", "Method"), _e("RoBERTa", "Model"), *COMMON,
], [
    _claim("outperforms", "BERT", "ELMo", "GLUE", "accuracy", 4.0, "%", start=10, confidence=0.5),
    _claim("outperforms", "DeltaNet", "ELMo", "GLUE", "accuracy", 1.2, "%", start=20),
    _claim("matches", "RoBERTa", "BERT", "GLUE", None, None, None, start=30, confidence=0.6),
])
_paper("p5", "Llama and friends", "2024-03-01", [
    _e("LLaMA 3 8B", "Model", count=2), _e("CLIP", "Model", aliases=["Contrastive Language-Image Pre-training"]),
    _e("DeltaNet", "Method"), _e("GammaLM", "Model"), _e(NASTY, "Method"), _e(BIG, "Model"), _e("ImageNet", "Dataset"),
], [
    _claim("outperforms", "DeltaNet", "GammaLM", None, None, 2.0, "%", start=10),
    _claim("outperforms", NASTY, "LLaMA 3 8B", "ImageNet", None, 1.0, "%", evidence=NASTY + " wins", start=20),
    _claim("outperforms", BIG, "LLaMA 3 8B", "ImageNet", None, 0.5, "%", evidence=HUGE, start=30),
    _claim("outperforms", "LLaMA 3 8B", "CLIP", "ImageNet", None, 3.0, "%", start=40),
])
_paper("p6", "Llama 3 family", "2024-04-18", [
    _e("Llama-3-8B", "Model"), _e("Llama-3-8B-Instruct", "Model"), _e("Llama-3", "Model"),
], [])

# Instruct -> 8B -> Llama-3, and Instruct -> Llama-3 directly (as the loader's variant_base derives it).
VARIANTS = [{"key": "llama-3-8-b-instruct", "base": "llama-3-8-b"}, {"key": "llama-3-8-b", "base": "llama-3"},
            {"key": "llama-3-8-b-instruct", "base": "llama-3"}]


def build(store) -> None:
    """Load the papers; add the Llama family's VARIANT_OF edges with the loader's own statement
    (MERGE: a no-op where the loader already derived them)."""
    GraphLoader(store).load(PAPERS)
    store.write_atomic([(MERGE_VARIANT_OF.strip(), {"rows": VARIANTS})])
