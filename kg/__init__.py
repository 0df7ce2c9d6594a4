"""A claims knowledge graph for machine-learning papers: read -> extract -> resolve -> load -> query.

The public API is the names below; everything else is imported by its stage path (`kg.read`, `kg.extractors`,
`kg.resolve`, `kg.load`, `kg.stores`, `kg.queries`, `kg.export`, `kg.viz`, `kg.cli`, `kg.eval`). They load on first
use, so `import kg` stays cheap (no spaCy, no database driver).
"""
from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "Graph": "kg.queries.graph",
    "Rows": "kg.queries.graph",
    "open_store": "kg.stores",
    "GraphStore": "kg.stores",
    "StoreError": "kg.stores",
    "ingest": "kg.pipeline",
    "extract_papers": "kg.pipeline",
    "read_papers": "kg.read",
    "Paper": "kg.models",
    "Entity": "kg.models",
    "Claim": "kg.models",
    "Extraction": "kg.models",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
