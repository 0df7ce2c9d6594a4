"""Names that are no named thing by their shape, or by what the mined lexicon says they stand for.

- a **version fragment** (`v2`, `v1.5`): a version without the family it belongs to names nothing;
- a **bare head noun** (`score`, `framework`): one of the head nouns that type a name (`X score`,
  `X framework`; `extractors/data/mining_frames.json`) written alone is the head, not a name;
- a **description as a model**: a Model is a specific named model or family (`docs/annotation.md`), so a
  Model written only in lower-case words (`segmentation model`, `residual neural networks`) or a short form
  whose expansion the corpus writes in lower case (`AR` for augmented reality, `NMT` for neural machine
  translation; the acronyms of the mined lexicon, most-voted expansion) is a generic term or an area.
  Named models are capitalised or coined (`Vision Transformer`, `Segment Anything Model`, `GPT-4`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from kg.extractors.lexicon import table
from kg.extractors.mining.lexicon import bundled_lexicon

FRAGMENT = "fragment"
HEAD_NOUN = "head noun"
DESCRIPTION = "description"

_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
_SHORT = re.compile(r"[A-Z][A-Za-z0-9&-]{0,7}")


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    return frozenset(w for w in table("mining_frames")["heads"] if not w.startswith("_"))


def _lower_expansion(short: str) -> bool:
    """Does the corpus's most-voted expansion of this short form read in lower case (`augmented reality`)?"""
    if not _SHORT.fullmatch(short) or sum(c.isupper() for c in short) < 2:
        return False
    expansions = bundled_lexicon().expansions(short)
    if not expansions:
        return False
    long_form = expansions[0][0]
    return long_form == long_form.lower() and any(c.isalpha() for c in long_form)


def generic_name(name: str, type_: str) -> Optional[str]:
    """FRAGMENT, HEAD_NOUN or DESCRIPTION when the name is no named thing of `type_`; else None."""
    text = name.strip()
    if _VERSION.fullmatch(text):
        return FRAGMENT
    if text in _head_nouns():
        return HEAD_NOUN
    if type_ == "Model":
        words = text.split()
        if len(words) > 1 and text == text.lower() and all(w.replace("-", "").isalpha() for w in words):
            return DESCRIPTION
        if _lower_expansion(text):
            return DESCRIPTION
    return None
