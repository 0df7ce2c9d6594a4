"""A deliberately small extractor used by the loader and reliability tests, and an example plug-in.

It knows a handful of names and one sentence shape (`A outperforms B by N% on D`), so tests of the
loader can state exactly what the graph must contain without depending on the rule extractor's quality.
Use it from the CLI as `--extractor keyword_extractor:KeywordExtractor` with tests/ on PYTHONPATH.
"""
from __future__ import annotations

import re

from kg.models import Claim, Entity, Extraction, Paper

KNOWN = {
    "BERT": "Model", "RoBERTa": "Model", "GPT-4": "Model", "Llama-3-8B": "Model", "LLaMA 3 8B": "Model",
    "Llama-3": "Model", "LoRA": "Method", "DPO": "Method", "ImageNet": "Dataset", "GLUE": "Dataset",
    "MMLU": "Dataset", "accuracy": "Metric", "F1": "Metric", "question answering": "Task",
}
_NAME = "|".join(sorted((re.escape(k) for k in KNOWN), key=len, reverse=True))
_NAMES = re.compile(rf"(?<![\w-])({_NAME})(?![\w-])")
_CLAIM = re.compile(rf"({_NAME}) outperforms ({_NAME}) by (\d+(?:\.\d+)?)% on ({_NAME})")
_PROPOSE = re.compile(rf"We propose ({_NAME})")


class KeywordExtractor:
    name = "keywords"

    def extract(self, paper: Paper) -> Extraction:
        text = paper.abstract
        counts: dict[str, int] = {}
        for match in _NAMES.finditer(text):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        proposed = {m.group(1) for m in _PROPOSE.finditer(text)}
        entities = [Entity(name=n, type=KNOWN[n], count=c, proposed=n in proposed) for n, c in counts.items()]
        claims = [
            Claim(kind="outperforms", subject=m.group(1), object=m.group(2), value=float(m.group(3)), unit="%",
                  dataset=m.group(4), evidence=m.group(0), start=m.start(), end=m.end(), confidence=0.9)
            for m in _CLAIM.finditer(text)
        ]
        return Extraction(id=paper.id, title=paper.title, entities=entities, claims=claims, extractor=self.name)
