"""Name-shaped text noise (issue 12, cause 5): LaTeX and HTML residue, hardware, quantities, affixed
abbreviations, and invisible characters inside names.

The blank tokenizer keeps `3%sim5`, `1.1TB`, `multi-GPU` as name-shaped runs; the shape rules would
make entities of them. `is_noise` says which candidate names to drop, `clean_name` removes characters
that change a name's bytes but not how it reads (soft hyphen U+00AD, emoji variation selector U+FE0F).
The word lists are in `data/name_noise.json`, each with its reason.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extractors.lexicon import table, words

# Soft hyphen, zero-width characters, variation selectors, word joiner, BOM: invisible in print.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff]")
# GPU and accelerator product names: one capital and two or three digits (`A100`, `V100`, `H800`, `K80`).
_GPU = re.compile(r"^(?:[AHVPLK]\d{2,3}|RTX\d{0,4}|GTX\d{0,4}|TITAN)$", re.IGNORECASE)
_NUMBER = r"\d+(?:[.,]\d+)*"
_PARTS = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")
_WORDS = re.compile(r"[A-Za-z0-9]+")
# A numeric character reference that lost its `&#` and `;` (`runx2014each`: an em dash).
_HTML_ENTITY = re.compile(r"x(?:20[0-9a-f]{2}|00[a-f][0-9a-f])", re.IGNORECASE)
# Big-O notation: a capital or small O (or `\mathcal{O}`, `\tilde{O}`) and at once a bracketed expression, however
# the tokenizer cut it (`O(1)`, `o(1)`, `O(n log n)`, `\mathcal{O}(N^2)$ cost`, `O(1`), whose key would be a model's
# (`O(1)` -> `o1`). A name goes on after its bracket (`O(OD)2`); a model is written without one (`o1`, `O3`).
_COMPLEXITY = re.compile(r"^(?:\\(?:mathcal|tilde)\s*(?:\{\s*O\s*\}|O)|O|o)\((?![^()]*\)[^\W_])")


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    data = table("name_noise")
    return {k: frozenset(w.lower() for w in v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _latex() -> re.Pattern:
    """A math command after a number or `%` or at the start, before a number or the end (`3%sim5`,
    `2k\\longrightarrow 128k` written without its backslash, `sim0.01`); never a word of a name."""
    commands = "|".join(sorted(_lists()["latex_commands"], key=len, reverse=True))
    return re.compile(rf"(?:^|[\d%][kKmMbB]?)(?:{commands})(?=[\d\s%.,~]|$)", re.IGNORECASE)


def clean_name(text: str) -> str:
    """The name without invisible characters (`RoBERTa\u00ad-large` -> `RoBERTa-large`)."""
    return _INVISIBLE.sub("", text) if not text.isascii() else text


@lru_cache(maxsize=50_000)
def _quantity(text: str, units: frozenset[str]) -> bool:
    m = re.match(rf"^{_NUMBER}(?P<unit>[A-Za-z]+)(?:(?:x|×){_NUMBER}(?:[A-Za-z]+)?)?$", text)
    if m:
        return m.group("unit").lower() in units
    return re.match(rf"^{_NUMBER}\s*[x×]\s*{_NUMBER}$", text) is not None  # `1x1`, `3×3`


@lru_cache(maxsize=50_000)
def is_noise(text: str, type_: str | None = None) -> bool:
    """Is this name-shaped candidate noise rather than a name? (A metric may name hardware: `GPU memory`.)"""
    lists = _lists()
    if is_complexity(text) or _quantity(text, lists["units"]):
        return True
    parts = _PARTS.findall(text)
    lowers = [p.lower() for p in parts]
    has_digit_or_symbol = any(not p.isalpha() for p in parts)
    if has_digit_or_symbol and _latex().search(text):
        return True
    if has_digit_or_symbol and _HTML_ENTITY.search(text):
        return True
    if type_ != "Metric" and any(w.lower() in lists["hardware"] or _GPU.match(w) for w in _WORDS.findall(text)):
        return True
    if len(parts) >= 3 and lowers[0] in lists["affixes"] and parts[1] == "-" and not parts[2].islower():
        return True
    return _adjective(text) or _generic_pair(text) or _glued_sentences(text)


def is_complexity(text: str) -> bool:
    """Is this big-O notation (`O(1)`, `o(1)`, `\\mathcal{O}(n^2)`), a cost and never a name?"""
    return _COMPLEXITY.match(text) is not None


# A sentence glued to the next one by a full stop without its space (`tasks.cIn`): a name puts a hyphen
# or a digit there, not three lower-case letters and a full stop.
_GLUED_SENTENCES = re.compile(r"[a-z]{3}\.[A-Za-z]")


def _glued_sentences(text: str) -> bool:
    return _GLUED_SENTENCES.search(text) is not None


def _adjective(text: str) -> bool:
    """A name with a lower-case word hyphenated onto its end is an adjective or an activity (`LLM-based`,
    `VLM-like`, `LLM-grading`): the shape rules strip such words; other finders may not."""
    head, dash, tail = text.rpartition("-")
    if not dash or " " in text or not tail.isalpha() or not tail.islower():
        return False
    if sum(c.isupper() for c in head) < 2 and not any(c.isdigit() for c in head):
        return False  # the head is no name-shaped abbreviation (`Pre-training`, `Self-supervised`)
    return tail in words("name_trailing_words") or (tail.endswith("ing") and len(tail) > 4)


def _generic_pair(text: str) -> bool:
    """`LLM/VLM`: generic abbreviations joined by a slash are a class of systems, not a name; `Spanish-Korean`,
    `Spanish/Korean`: capitalised words that never belong to a name (languages, months, places) joined by a
    hyphen or slash say which ones, a language pair for instance, and name nothing."""
    parts = text.split("/")
    if len(parts) > 1 and all(p.lower() in words("name_stopwords") for p in parts):
        return True
    parts = re.split(r"[-/]", text)
    return len(parts) > 1 and all(p[:1].isupper() and p.lower() in words("capitalised_stopwords") for p in parts)
