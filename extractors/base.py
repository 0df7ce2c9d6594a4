"""The extractor interface: anything that turns a Paper into an Extraction.

The rule-based extractor is the default; another (a trained model, an LLM) plugs in by name
(`kg ingest --extractor package.module:ClassName`) without touching the loader.
"""
from __future__ import annotations

import importlib
from typing import Iterable, Iterator, Protocol, runtime_checkable

from kg.models import Extraction, Paper


@runtime_checkable
class Extractor(Protocol):
    name: str

    def extract(self, paper: Paper) -> Extraction: ...


def extract_many(extractor: Extractor, papers: Iterable[Paper]) -> Iterator[Extraction]:
    """Use the extractor's own batch method when it has one (spaCy's nlp.pipe is faster)."""
    batch = getattr(extractor, "extract_many", None)
    if batch is not None:
        yield from batch(papers)
    else:
        for paper in papers:
            yield extractor.extract(paper)


def load_extractor(spec: str = "rules") -> Extractor:
    """`rules` for the default, or `module:Class` for a plug-in (constructed with no arguments)."""
    if spec in ("rules", "", None):
        from kg.extractors.rules import RuleExtractor

        return RuleExtractor()
    module_name, _, attr = spec.partition(":")
    if not attr:
        raise ValueError(f"extractor {spec!r}: expected 'rules' or 'module:Class'")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"extractor {spec!r} cannot be loaded: {exc}") from exc
    extractor = factory()
    if not isinstance(extractor, Extractor):
        raise ValueError(f"extractor {spec!r} has no extract(paper) method and name")
    return extractor
