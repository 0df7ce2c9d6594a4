"""Entity identity: one function gives every entity its canonical key.

`LLaMA 3 8B`, `Llama-3-8B` and `llama3-8b` share the key `llama-3-8-b`; `Llama-38B` does not
(`llama-38-b`): case, spacing, hyphens and letter/digit boundaries are folded, digits are not merged.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Runs of letters, numbers (a dot between digits stays: 3.1), or any other single symbol (`+`, `#`).
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)*|[^\w\s\-_/.,:;'\"’‘“”()\[\]{}·–—]", re.UNICODE)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """The canonical, normalised key of an entity name (empty for a name with no letters or digits)."""
    text = unicodedata.normalize("NFKC", name)
    text = _INVISIBLE.sub("", text).casefold()
    return "-".join(_TOKEN.findall(text))


def same_name(a: str, b: str) -> bool:
    return entity_key(a) == entity_key(b)
