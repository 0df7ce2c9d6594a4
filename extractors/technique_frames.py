"""Lower-case techniques a paper introduces, named by a technique noun (issue 12), called from `kg_frames`:

    we introduce gadget-aware widget distillation and sparse knob distillation.   -> two Methods
    a novel staggered lattice pruning is proposed to ...                           -> Method

After a proposing verb (`we propose/introduce/present/develop/design/devise`, an article and praise words
skipped) or after `novel`, a phrase of two or three lower-case words whose last word is a technique noun
names a technique, when the phrase ends the noun phrase (a comma, a full stop or a function word follows).
A technique noun is a head that `data/head_types.json` types Method and that has the shape of an action noun
(`-ing`, `-tion`, `-sion`, `-ism`: `distillation`, `sampling`, `parallelism`); heads that name a system or a
way of working (`method`, `framework`, `strategy`, `model`) do not count: a phrase ending in them is a
description (`a layered strategy`), and one followed by them (`a widget distillation framework (WDF)`) leaves
the name to the system or its abbreviation. A second phrase joined by `and` to the first is taken too,
unless the words after `and` end in a system noun (`A distillation and B framework`).

In the 160 annotated abstracts it adds 3 right names and no wrong one; in 6,000 arXiv 2025 abstracts (every
fifth from the second) 25 names survive to the entities, about 21 of them by eye the paper's own technique
(`vectorized activation quantization`, `canonical sampling`, `causal cross-attention`); the wrong ones are
descriptions (`a flexible embedding`, `hand-crafted data augmentation`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

from kg.extractors.lexicon import table
from kg.extractors.mentions import SOURCE_SCORE, Mention
from kg.extractors.tokens import TokenView, watch

WordAfter = Callable[[TokenView, int], Optional[int]]

_PROPOSING = frozenset({"propose", "proposes", "introduce", "introduces", "present", "presents", "develop",
                        "develops", "design", "designs", "devise", "devises"})
_NOVEL = frozenset({"novel"})
watch(_PROPOSING | _NOVEL)
_SKIP = frozenset({"a", "an", "the", "novel", "new", "simple", "effective", "efficient", "yet", "and", "two",
                   "three", ","})
# what may follow a name that ends its noun phrase
_PHRASE_END = frozenset({",", ".", ";", ":", ")", "and", "or", "that", "which", "where", "to", "for", "with", "in",
                         "on", "by", "is", "are", "was", "were", "as", "via", "through", "from", "of", "under"})
_ACTION_SUFFIXES = ("ing", "tion", "sion", "ism")
_MAX_WORDS = 3


@lru_cache(maxsize=1)
def technique_heads() -> frozenset[str]:
    """Heads that `head_types.json` types Method, shaped like action nouns, minus the system cue nouns of
    `entity_cues.json` (`strategy`, `mechanism`)."""
    cues = table("entity_cues")["after"]
    return frozenset(w for w, t in table("head_types")["heads"].items()
                     if t == "Method" and " " not in w and w.endswith(_ACTION_SUFFIXES) and w not in cues)


def _phrase(v: TokenView, start: int, stop: frozenset[str], word_after: WordAfter) -> Optional[int]:
    """End of a phrase of two or three lower-case words from `start` ending in a technique noun and then
    the end of the noun phrase, or None."""
    heads = technique_heads()
    j, words = start, 0
    while words < _MAX_WORDS:
        k = word_after(v, j)
        if k is None:
            return None
        word = v.span_text(j, k).lower()
        if word in stop or (words == 0 and word.endswith("ly")):
            return None
        words += 1
        j = k
        if words >= 2 and (word in heads or word.rsplit("-", 1)[-1] in heads):
            if j >= len(v) or v.lowers[j] in _PHRASE_END:
                return j
    return None


def _system_after(v: TokenView, start: int) -> bool:
    """`widget distillation and knob-sharing framework`: the words after `and` end in a system noun, so the
    phrase before it modifies that noun (an article after `and` opens a noun phrase of its own)."""
    cues = table("entity_cues")["after"]
    k, words = start, 0
    while k < len(v) and words <= _MAX_WORDS:
        low = v.lowers[k]
        if low == "-":
            k += 1
            continue
        if low in cues:
            return True
        if low in ("a", "an", "the") or low in _PHRASE_END or not low.replace("-", "").isalpha():
            return False
        words += 1
        k += 1
    return False


def proposed_techniques(v: TokenView, found: list[Mention], stop: frozenset[str], word_after: WordAfter) -> None:
    n = len(v)
    starts: list[int] = []
    for i in v.positions(_PROPOSING):
        if i > 0 and v.lowers[i - 1] in ("we", "also") or i > 1 and v.lowers[i - 2] == "we":
            starts.append(i + 1)
    starts += [i + 1 for i in v.positions(_NOVEL)]
    for j in starts:
        while j < n and v.lowers[j] in _SKIP:
            j += 1
        end = _phrase(v, j, stop, word_after)
        if end is not None and end + 1 < n and v.lowers[end] == "and" and _system_after(v, end + 1):
            continue
        while end is not None:
            found.append(Mention(j, end, "Method", "phrase", SOURCE_SCORE["phrase"], typed_by="frame",
                                 text=v.span_text(j, end), tags={"frame", "technique"}))
            if end + 1 >= n or v.lowers[end] != "and" or _system_after(v, end + 1):
                break
            j = end + 1
            end = _phrase(v, j, stop, word_after)
