"""Multi-part model names (issue 12, cause 1): a family, a version, a size and a variant word, written with
spaces (`Llama 3.1 70B Instruct`, `Mistral 7B v0.3`) or as a list of sizes (`DeiT-Ti/S/B`,
`Llama-2-7B/13B/70B`), which names one model per size; and a description that gives a name a size
(`X, a 7B-parameter model`), which makes a new system a Model (used by `kg_types`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extractors.lexicon import words
from kg.extractors.tokens import TokenView

_SIZE = r"\d+(?:\.\d+)?[BbMmKkTt]"
# Size classes (`-Ti`, `-S`, `-XL`) and single capitals (`Base-A/B/C`): one to three letters.
_CLASS = r"(?:Ti|XXL|XL|[A-Z])"
_SIZE_LIST = re.compile(rf"^(?P<base>.*?[A-Za-z0-9][-\s])(?P<parts>{_SIZE}(?:/{_SIZE})+|{_CLASS}(?:/{_CLASS})+)$")
_CHECKPOINT = re.compile(r"^v\d+(?:\.\d+)*$")


def size_list(name: str) -> list[str]:
    """The models a size list names (`DeiT-Ti/S/B` -> DeiT-Ti, DeiT-S, DeiT-B), or [] for any other name."""
    return list(_size_list(name))


@lru_cache(maxsize=50_000)
def _size_list(name: str) -> tuple[str, ...]:
    m = _SIZE_LIST.match(name)
    if not m:
        return ()
    base = m.group("base")
    return tuple(base + part for part in m.group("parts").split("/"))


@lru_cache(maxsize=1)
def _variants() -> frozenset[str]:
    return words("variant_suffixes")


def variant_word(text: str) -> bool:
    """A word after a sized model name that is part of it: `Instruct`, `Chat`, `v0.3` (not `it`, `base`:
    a capital or a version number marks it as a name part)."""
    return bool(_CHECKPOINT.match(text)) or (text[:1].isupper() and text.lower() in _variants())


_MAGNITUDES = frozenset({"million", "billion", "trillion", "m", "b", "t"})
_PARAMETERS = frozenset({"parameter", "parameters", "params", "param"})
_COLLECTIVES = frozenset({"suite", "family", "series", "collection"})
_SIZE_TOKEN = re.compile(rf"^{_SIZE}$")
_SIZED_WINDOW = 12
_OPENERS = frozenset({"a", "an", "the", "our", "with"})


def sized_description(v: TokenView, start: int, model_nouns: frozenset[str]) -> bool:
    """`X, a 208 million parameter language model`, `X, with up to 20B parameters`, `X, a suite of models`: the
    clause from `start` gives the named thing a parameter count or calls it a family of sized models, so a
    new system is a Model (ANNOTATION.md: a new system is a Method unless the abstract calls it a model with a
    size). `model_nouns` are the plural nouns of models (`models`, `LLMs`). The clause must open like a
    description (an article, `our`, `with`). In 20,000 arXiv 2025 abstracts (every second) it fired 43 times,
    every one a sized model or a family of them (`X, a 1.7B-parameter SLM`, `X, with only 125 million
    parameters`, `X, a family of models (4B/8B)`)."""
    end = min(len(v), start + _SIZED_WINDOW)
    if start < end and v.texts[start] in (",", "--", "—", "–"):
        start += 1
    if start >= end or v.lowers[start] not in _OPENERS:
        return False  # (`X, to large models of 4B parameters`: not a description of X)
    for k in range(start, end):
        low = v.lowers[k]
        if low in (".", ";") or (low == "which" and k > start):
            return False
        if low in _PARAMETERS and k >= start + 1:
            j = k - 1 if v.lowers[k - 1] != "-" else k - 2
            if j >= start and (_SIZE_TOKEN.match(v.texts[j]) or (
                    v.lowers[j] in _MAGNITUDES and j - 1 >= start and v.texts[j - 1][:1].isdigit())):
                return True
        if low in _COLLECTIVES and k + 2 < end and v.lowers[k + 1] == "of" and v.lowers[k + 2] in model_nouns:
            return True
    return False
