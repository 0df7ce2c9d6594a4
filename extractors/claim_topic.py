"""The paper's object of study as a claim's subject: `token dropping speeds up ...`, `label noise lowers ...`.

ANNOTATION.md: a phenomenon or technique the paper is built around (named in its title) can be a claim's
subject even in lower case. When no model or method is found before a cue, the lower-case noun phrase that
opens the clause is taken as the subject if the title names it and the abstract says it again; it is written
as in the abstract, or in the title's singular (`Zorb gates are ...` under the title `Why Zorb Gate Helps`).
"""
from __future__ import annotations

import re
from typing import Optional

from kg.extractors.claim_roles import At, Found

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
# Words that open no topic phrase, or that a topic phrase never ends with (too general to be studied).
_NOT_OPENING = frozenset({"the", "a", "an", "this", "these", "those", "that", "such", "our", "its", "their", "it",
                          "we", "they", "both", "each", "all", "most", "many", "some", "no", "other", "which",
                          "to", "of", "in", "for", "on", "with", "by", "and", "or", "as", "how", "when", "why"})
_GENERAL_HEADS = frozenset({"model", "method", "approach", "framework", "system", "performance", "result",
                            "accuracy", "task", "data", "training", "learning", "network", "language", "work",
                            "paper", "study", "experiment", "analysis", "evaluation", "benchmark", "dataset"})
_SKIPPED = frozenset({"can", "could", "may", "might", "will", "would", "also", "further", "still", "even", "often",
                      "not", "only", "then", "thus", "is", "are", "was", "were", "performs", "perform",
                      "performed", "works", "work", "worked"})
_BE = frozenset({"is", "are", "was", "were"})
_OPENERS = frozenset({"that", ",", ":", "(", "whereas", "while"})


def title_words(title: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(title or "")]


def _singular(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def topic_subject(lowers: list[str], texts: list[str], at: At, s: int, cue_start: int,
                  title: list[str]) -> Optional[Found]:
    """(name, None, "explicit", index) for a lower-case topic phrase of one to three words opening the clause
    right before the cue (adverbs and modals between), or None."""
    if not title:
        return None
    j = cue_start - 1
    while j >= s and (lowers[j] in _SKIPPED or (lowers[j].endswith("ly") and len(lowers[j]) > 3)):
        if lowers[j] in _BE and lowers[cue_start].endswith("ed"):
            return None  # `images are compressed`: a passive names what undergoes the change, not its cause
        j -= 1
    end = j + 1
    while j >= s and end - j <= 3 and at[j] is None and _WORD.fullmatch(texts[j]) and (
            texts[j].islower() or j == s) and lowers[j] not in _OPENERS and lowers[j] not in _NOT_OPENING:
        j -= 1
    start = j + 1
    if start >= end or (start > s and lowers[start - 1] not in _OPENERS):
        return None
    words = lowers[start:end]
    if words[0] in _NOT_OPENING or _singular(words[-1]) in _GENERAL_HEADS:
        return None
    singular = [_singular(w) for w in words]
    title_singular = [_singular(w) for w in title]
    n = len(words)
    if not any(title_singular[k:k + n] == singular for k in range(len(title) - n + 1)):
        return None
    said = sum(1 for k in range(len(lowers) - n + 1) if [_singular(w) for w in lowers[k:k + n]] == singular)
    if said < 2:
        return None
    k = next(k for k in range(len(title) - n + 1) if title_singular[k:k + n] == singular)
    name = " ".join(title[k:k + n] if words != title[k:k + n] and title[k:k + n] == singular else words)
    return name, None, "explicit", start
