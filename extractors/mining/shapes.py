"""What a token looks like: a name (`ImageNet`, `GSM8K`, `BLEU`, `Llama-3-8B`), a capitalised word, a
quantity (`7B`, `3D`, `10x`), a plain lower-case word. Shapes only; no word lists.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A number with a short unit or ordinal (`7B`, `1.5T`, `3D`, `10x`, `2nd`, `100ms`): a quantity, not a name.
_QUANTITY = re.compile(r"^[+-]?\d+(?:[.,]\d+)*[A-Za-z]{0,2}%?$")
_ROMAN = re.compile(r"^[IVX]+$")
# A lower-case word numbered (`top-1`, `layer-12`, `stage-2`): an ordinary word with an index.
_NUMBERED_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*-?\d+$")
_LOWER_WORD = re.compile(r"^[a-z][a-z\-]*[a-z]$|^[a-z]$")
_PLURAL_ACRONYM = re.compile(r"^(?P<base>[A-Z0-9][A-Za-z0-9\-]*[A-Z0-9])s$")
# Tokens repeat (Zipf): every shape test is cached per distinct token, which makes mining ~5x faster.
_cached = lru_cache(maxsize=1 << 20)


def is_word(tok: str) -> bool:
    return tok[:1].isalnum()


@_cached
def is_quantity(tok: str) -> bool:
    return bool(_QUANTITY.match(tok))


@_cached
def is_number(tok: str) -> bool:
    return tok[:1].isdigit() and all(c.isdigit() or c == "." for c in tok)


@_cached
def is_lower_word(tok: str) -> bool:
    """A plain lower-case word (hyphenated compounds included), no digits."""
    return bool(_LOWER_WORD.match(tok))


@_cached
def is_capitalised(tok: str) -> bool:
    """`Diffusion`, `Vision-Language`, `Pre-training`: an upper-case first letter, then lower-case letters
    (a hyphen part may start with a capital); no digits."""
    parts = tok.split("-")
    if len(tok) < 2 or not tok[0].isupper() or not all(p.isalpha() for p in parts):
        return False
    return all(p[1:].islower() or (len(p) == 1 and i > 0) for i, p in enumerate(parts) if len(p) > 1 or i)


@_cached
def is_name_like(tok: str) -> bool:
    """A token shaped like a proper name of an ML artefact: an in-word capital (`ImageNet`, `LoRA`,
    `mIoU`), letters with digits (`GSM8K`, `Llama-3`), or an all-capital acronym (`BLEU`, `MT`);
    not a quantity (`7B`) or a Roman numeral."""
    if len(tok) < 2 or not tok[0].isalnum() or is_quantity(tok) or _ROMAN.match(tok) or is_capitalised(tok) \
            or _NUMBERED_WORD.match(tok):
        return False
    letters = [c for c in tok if c.isalpha()]
    if not letters:
        return False
    if any(c.isdigit() for c in tok):
        return True
    uppers = sum(c.isupper() for c in letters)
    if uppers >= 2:
        return True
    return uppers == 1 and not tok[0].isupper() and not tok[0] == "-"  # `mIoU`, `iPhone`, `nnU-Net`


@_cached
def singular(tok: str) -> str:
    """`LLMs` -> `LLM`, `ViTs` -> `ViT`, `3DGSs` -> `3DGS`; anything else unchanged (only acronym plurals are
    folded here: a plural `s` after a capital or digit)."""
    m = _PLURAL_ACRONYM.match(tok)
    if m and sum(c.isupper() or c.isdigit() for c in m.group("base")) >= 2:
        return m.group("base")
    return tok


NAME, LOWER, CAPITALISED, NUMBER, OTHER = 1, 2, 3, 4, 0


@_cached
def token_class(tok: str) -> int:
    """One cached test for the loops over every token: NAME, LOWER (word), CAPITALISED, NUMBER (a number or
    quantity) or OTHER."""
    if is_name_like(tok):
        return NAME
    if is_quantity(tok) or is_number(tok):
        return NUMBER
    if is_lower_word(tok):
        return LOWER
    if is_capitalised(tok):
        return CAPITALISED
    return OTHER
