"""Multi-part model names (issue 12, cause 1): a family, a version, a size and a variant word, written with
spaces (`Llama 3.1 70B Instruct`, `Mistral 7B v0.3`) or as a list of sizes (`DeiT-Ti/S/B`,
`Llama-2-7B/13B/70B`), which names one model per size.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extractors.lexicon import words

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
