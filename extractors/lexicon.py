"""Word lists and patterns live as data files under `extractors/data/`; this module reads them once.

Plain lists are `.txt` (one entry a line, lines starting with `#` are comments); structured ones are `.json`.
"""
from __future__ import annotations

import csv
import json
import logging
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
log = logging.getLogger(__name__)


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=None)
def words(name: str, lower: bool = True) -> frozenset[str]:
    """The entries of `data/<name>.txt` as a set (lower-cased unless told otherwise)."""
    entries = _lines(DATA_DIR / f"{name}.txt")
    return frozenset(e.lower() for e in entries) if lower else frozenset(entries)


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """The content of `data/<name>.json`."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def phrases_by_length(mapping: dict[str, str]) -> dict[tuple[str, ...], str]:
    """Multi-word keys split into token tuples, so scans compare token sequences."""
    return {tuple(k.split()): v for k, v in mapping.items()}


def tsv_column(path: Path, column: str, what: str) -> frozenset[str]:
    """The non-empty values of one column of a mined TSV file; empty (and a log line naming `what`) when the
    file is missing, so a checkout without the mined files still extracts."""
    if not Path(path).exists():
        log.info("%s file %s not found; continuing without it", what, path)
        return frozenset()
    with open(path, encoding="utf-8", newline="") as fh:
        return frozenset(row[column] for row in csv.DictReader(fh, delimiter="\t") if row.get(column))
