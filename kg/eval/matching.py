"""How scoring compares: names (`score_name`) and claims (`core_match`, `full_match`, `match_claims`).

Kept apart from the report so that an extractor can calibrate itself on training folds (`fit`) with the same
matching the scorer uses, without importing the scorer (which runs extractors).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from kg.models import Claim

VALUE_TOLERANCE = 1e-6
_IGNORED = re.compile(r"[\s\-.‐‑‒–—]+")


def score_name(name: Optional[str]) -> Optional[str]:
    """The name as scoring compares it: case-folded, without spaces, hyphens and dots."""
    if name is None:
        return None
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", name).casefold())
    return folded or None


# ---------------------------------------------------------------------------------------------
# Gold records


def _values_agree(a: Optional[float], b: Optional[float]) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE


def core_match(pred: Claim, gold: Claim) -> bool:
    return (pred.kind == gold.kind and score_name(pred.subject) == score_name(gold.subject)
            and _values_agree(pred.value, gold.value))


def full_match(pred: Claim, gold: Claim) -> bool:
    return (core_match(pred, gold)
            and score_name(pred.object) == score_name(gold.object)
            and score_name(pred.dataset) == score_name(gold.dataset)
            and score_name(pred.metric) == score_name(gold.metric)
            and (pred.unit or None) == (gold.unit or None))


def match_claims(pred: list[Claim], gold: list[Claim]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One-to-one matching: (full pairs, core pairs) as (pred index, gold index).

    Full pairs are taken first and count for core too; the remaining claims are then paired on core.
    """
    used_p: set[int] = set()
    used_g: set[int] = set()
    full: list[tuple[int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if j not in used_g and full_match(p, g):
                full.append((i, j))
                used_p.add(i)
                used_g.add(j)
                break
    core = list(full)
    for i, p in enumerate(pred):
        if i in used_p:
            continue
        for j, g in enumerate(gold):
            if j not in used_g and core_match(p, g):
                core.append((i, j))
                used_p.add(i)
                used_g.add(j)
                break
    return full, core


# ---------------------------------------------------------------------------------------------
# Report
