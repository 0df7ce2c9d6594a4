"""Lower-case names coordinated with a typed name and headed alike share its type (issue 12, causes 1-2):

    data parallelism, layer-wise model parallelism and pipeline parallelism     all Method (head: parallelism)
    recipe segmentation and dish captioning                                     both Task (heads of tasks)

A list is phrases joined by `,`, `and`, `or` with at least one `and`/`or`, closed by punctuation or a
preposition. A sibling is one to three plain lower-case words (hyphen compounds count as one word), none of
them a function or evaluative word (`data/task_metric_frames.json`, `not_modifiers`), and its head noun must be
a head of the anchor's type (`data/head_types.json`): a list of things named alike is a list of names of one
kind, while a list of unlike phrases (`accuracy and what it costs`) is not.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.entity_types import type_from_head
from kg.extractors.lexicon import table
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions
from kg.extractors.tokens import TokenView, view

_MAX_WORDS = 3
_LINKS = frozenset({",", "and", "or"})
_CONJUNCTIONS = frozenset({"and", "or"})
# What may close a list after its last item.
_CLOSERS = frozenset({".", ",", ";", ":", ")", "(", "on", "in", "for", "across", "with", "while", "of", "at",
                      "under", "from", "to", "without", "when", "as", "than", "through", "over", "by", "is", "are"})
_SPREAD = frozenset({"Task", "Metric", "Method"})


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(table("task_metric_frames")["not_modifiers"])


def _plain(text: str) -> bool:
    return text.isalpha() and text.islower()


def _word_end(v: TokenView, start: int) -> Optional[int]:
    n = len(v)
    if start >= n or not _plain(v.texts[start]):
        return None
    k = start + 1
    while k + 1 < n and v.texts[k] == "-" and not v.spaces[k - 1] and not v.spaces[k] and _plain(v.texts[k + 1]):
        k += 2
    return k


def _word_start(v: TokenView, end: int) -> Optional[int]:
    k = end - 1
    if k < 0 or not _plain(v.texts[k]):
        return None
    while k - 2 >= 0 and v.texts[k - 1] == "-" and not v.spaces[k - 1] and not v.spaces[k - 2] and _plain(v.texts[k - 2]):
        k -= 2
    return k


def _sibling_after(v: TokenView, start: int) -> Optional[int]:
    """End of a sibling phrase from `start`, when a link or a closer follows it."""
    stop = _stop()
    j = start
    ends = []
    for _ in range(_MAX_WORDS):
        k = _word_end(v, j)
        if k is None or v.span_text(j, k).lower() in stop:
            break
        ends.append(k)
        j = k
    for end in reversed(ends):
        nxt = v.lowers[end] if end < len(v) else "."
        if nxt in _LINKS or nxt in _CLOSERS:
            return end
    return None


def _sibling_before(v: TokenView, end: int) -> Optional[int]:
    """Start of a sibling phrase ending at `end`, when a function word or punctuation stands before it."""
    stop = _stop()
    j = end
    start = None
    for _ in range(_MAX_WORDS):
        k = _word_start(v, j)
        if k is None or v.span_text(k, j).lower() in stop:
            break
        start = k
        j = k
    if start is None:
        return None
    before = _word_start(v, start)
    if before is not None and v.span_text(before, start).lower() not in stop:
        return None  # more words before it: where the name starts is unclear
    return start


def _alike(phrase: str, type_: str) -> bool:
    """Is the phrase headed by a noun of this type, and not opened by a verb in -ing (`comprising X`)?"""
    words = phrase.lower().split()
    if len(words) > 1 and words[0].endswith("ing") and "-" not in words[0] and type_from_head(words[0]) is None:
        return False
    return type_from_head(phrase) == type_


def _skip_links(v: TokenView, i: int, step: int) -> tuple[int, bool]:
    conj = False
    passed = 0
    while 0 <= i < len(v) and v.lowers[i] in _LINKS and passed < 2:
        conj = conj or v.lowers[i] in _CONJUNCTIONS
        i += step
        passed += 1
    return i, conj


@Language.component("kg_coordination")
def spread_over_lists(doc: Doc) -> Doc:
    v = view(doc)
    found = mentions(doc)
    covered: set[int] = set()
    for m in found:
        covered.update(range(m.start, m.end))
    added: list[Mention] = []
    for m in [m for m in found if m.type in _SPREAD]:
        type_ = m.type or ""
        text = m.text or v.span_text(m.start, m.end)
        if text != text.lower():
            continue
        items = []
        conj = False
        i = m.end
        while True:
            j, c = _skip_links(v, i, 1)
            end = _sibling_after(v, j) if j != i else None
            if end is None:
                break
            conj = conj or c
            items.append((j, end))
            i = end
        i = m.start
        while True:
            j, c = _skip_links(v, i - 1, -1)
            j += 1
            start = _sibling_before(v, j) if j != i else None
            if start is None:
                break
            conj = conj or c
            items.append((start, j))
            i = start
        if not conj:
            continue
        for s, e in items:
            if any(k in covered for k in range(s, e)) or not _alike(v.span_text(s, e), type_):
                continue
            covered.update(range(s, e))
            added.append(Mention(s, e, type_, "phrase", SOURCE_SCORE["phrase"], typed_by="list",
                                 text=v.span_text(s, e), tags={"frame", "list"}))
    found.extend(added)
    return doc
