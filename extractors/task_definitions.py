"""A task the text defines or calls vital (issue 12), called from `kg_frames`:

    Widget folding is the task of mapping ...              `is the task/problem of`, `refers to the problem of`
    Gadget alignment (GA) is a challenging vision task      `is a/an ... task/problem`
    Accurate gadget alignment is crucial for ...            `is/remains (a/an) crucial/essential/...` -> Task

The subject opens its sentence: a capitalised word and up to three lower-case words (hyphenated compounds count
as one), an optional bracketed abbreviation, then the verb. A determiner, pronoun or connective (`This is a hard
problem`, `While X is ...`) or a verb in -ing with its object (`Matching job titles is a task`) names nothing.
After `is crucial` and its kin the subject is as often a thing as a task (`Honey is an important commodity`,
`High-quality labeled data is essential`), so there it needs two words or more, no data noun at its end
(`data_nouns` of `data/mining_frames.json`), and an evaluative word opening it is dropped (`Accurate`,
`Efficient`: `boundary_words`). Measured on 4,000 arXiv 2025 abstracts (every seventh): the definitions gave
about 30 names, all but two or three tasks by eye (`Crack detection is an important task`, `Survival analysis
is an important problem`; wrong: `Stroke is a major public health problem`); `is crucial` and its kin gave
about 110, about two thirds tasks (`Deepfake detection is crucial`, `Gait analysis is crucial`; wrong: `Road
safety`, `Tunnel lining crack`, `Feature fusion`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from kg.extractors.lexicon import table
from kg.extractors.lexicon import words as word_list
from kg.extractors.mentions import SOURCE_SCORE, Mention
from kg.extractors.tokens import TokenView, watch

_VERBS = frozenset({"is", "refers", "remains"})
watch(_VERBS)
_NOUNS = frozenset({"task", "problem"})
_VITAL = frozenset({"crucial", "essential", "important", "critical", "vital", "fundamental", "pivotal"})
_ARTICLES = frozenset({"a", "an"})
_AFTER_NOUN = frozenset({"in", "for", "that", "which", "where", "with", "since", "because", "due", "and", "of"})
_MAX_WORDS = 4
_MAX_ADJECTIVES = 3


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    frames = table("mining_frames")
    return (word_list("capitalised_stopwords"), frozenset(frames["boundary_words"]["words"]),
            frozenset(w for w in frames["data_nouns"]["words"] if " " not in w))


def _plain(text: str) -> bool:
    return text.isalpha() and text.islower()


def _capitalised(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].isalpha() and text[1:].islower()


def _word_end(v: TokenView, k: int, first: bool) -> Optional[int]:
    """End of the word (hyphen compounds glued: `Multi-step`, `text-to-image`) at token k, or None."""
    n = len(v)
    if k >= n or not (_capitalised(v.texts[k]) if first else _plain(v.texts[k])):
        return None
    j = k + 1
    while j + 1 < n and v.texts[j] == "-" and not v.spaces[j - 1] and not v.spaces[j] and _plain(v.texts[j + 1]):
        j += 2
    return j


def _subject(v: TokenView, s: int, i: int, stop: frozenset[str]) -> Optional[list[int]]:
    """Word starts of the subject that fills tokens [s, i) (an abbreviation in brackets may close it), with
    the subject's end last; None when the tokens are no such subject."""
    end = i
    if i - s > 3 and v.texts[i - 1] == ")" and v.texts[i - 3] == "(" and v.texts[i - 2][:1].isupper():
        end = i - 3
    connectives = _words()[0]
    j = s
    starts: list[int] = []
    while j < end and len(starts) < _MAX_WORDS:
        k = _word_end(v, j, first=not starts)
        if k is None or (k < end and v.spaces[k - 1] == 0):
            return None
        if v.span_text(j, k).lower() in stop or (j == s and v.lowers[j] in connectives):
            return None  # (`This is ...`, `While X is ...`)
        starts.append(j)
        j = k
    if j != end or not starts:
        return None
    if len(starts) > 1 and v.lowers[s].endswith("ing") and "-" not in v.texts[s + 1:s + 2]:
        return None  # a verb and its object (`Matching job titles`), not a name
    return starts + [end]


def _definition(v: TokenView, i: int) -> Optional[str]:
    """`defines` for `is the task of`, `refers to the problem of`, `is a (challenging vision) task`; `vital`
    for `is (a) crucial`, `remains essential`; else None."""
    n = len(v)
    j = i + 1
    verb = v.lowers[i]
    if j >= n:
        return None
    if verb in ("is", "remains") and (v.lowers[j] in _VITAL or (
            v.lowers[j] in _ARTICLES and j + 1 < n and v.lowers[j + 1] in _VITAL)):
        return "vital"
    if verb == "refers":
        if v.lowers[j] != "to":
            return None
        j += 1
    if j + 2 < n and v.lowers[j] == "the" and v.lowers[j + 1] in _NOUNS and v.lowers[j + 2] == "of":
        return "defines"
    if verb != "is" or v.lowers[j] not in _ARTICLES:
        return None
    j += 1
    for _ in range(_MAX_ADJECTIVES + 1):
        if j >= n:
            return None
        if v.lowers[j] in _NOUNS:
            ok = j + 1 >= n or not v.texts[j + 1][:1].isalpha() or v.lowers[j + 1] in _AFTER_NOUN
            return "defines" if ok else None  # (`is a problem solver`: the noun is a modifier)
        k = _word_end(v, j, first=False)
        if k is None:
            return None
        j = k
    return None


def defined_tasks(v: TokenView, found: list[Mention], stop: frozenset[str]) -> None:
    """Adds a Task for the subject of a task definition (or of `is crucial`) that opens its sentence."""
    if not v.sent_start:
        return
    _, evaluative, data_nouns = _words()
    for i in v.positions(_VERBS):
        kind = _definition(v, i)
        if kind is None:
            continue
        s = i - 1
        while s > 0 and not v.sent_start[s]:
            s -= 1
        if i - s > 2 * _MAX_WORDS + 4:
            continue
        bounds = _subject(v, s, i, stop)
        if bounds is None:
            continue
        starts, end = bounds[:-1], bounds[-1]
        if kind == "vital":
            if v.lowers[starts[0]] in evaluative:
                starts = starts[1:]  # `Accurate gadget alignment is crucial`: the task is `gadget alignment`
            if len(starts) < 2 or v.lowers[end - 1] in data_nouns:
                continue
        start = starts[0]
        text = v.span_text(start, end)
        if text[:1].isupper() and ("-" in text or " " in text):
            text = text[0].lower() + text[1:]
        found.append(Mention(start, end, "Task", "phrase", SOURCE_SCORE["phrase"], typed_by="frame", text=text,
                             tags={"frame", "defined"}))
