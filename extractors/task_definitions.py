"""A task the text defines as one (issue 12), called from `kg_frames`:

    Widget folding is the task of mapping ...           subject of `is the task/problem of`        -> Task
    Gadget alignment (GA) is a challenging vision task   subject of `is a/an ... task/problem`       -> Task

The subject opens its sentence: a capitalised word and up to three lower-case words (hyphenated compounds count
as one), an optional bracketed abbreviation, then the definition. A determiner or pronoun (`This is a hard
problem`, `The task is ...`) or a verb in -ing with its object (`Matching job titles is a task`) names nothing.
On every fourth of the 40,903 arXiv 2025 abstracts the `is the task of` frame fires 9 times and the `is a ...
task/problem` frame 110 times, about 28 of 30 sampled ones a task by eye (`Crack detection is an important
task`, `Survival analysis is an important problem`; wrong: `This`, `It`, which the determiner test drops).
"""
from __future__ import annotations

from typing import Optional

from kg.extractors.mentions import SOURCE_SCORE, Mention
from kg.extractors.tokens import TokenView, watch

_VERBS = frozenset({"is", "refers"})
watch(_VERBS)
_NOUNS = frozenset({"task", "problem"})
_ARTICLES = frozenset({"a", "an"})
_MAX_WORDS = 4
_MAX_ADJECTIVES = 3


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


def _subject(v: TokenView, s: int, i: int, stop: frozenset[str]) -> Optional[int]:
    """End of the subject that fills tokens [s, i) (an abbreviation in brackets may close it), or None."""
    end = i
    if i - s > 3 and v.texts[i - 1] == ")" and v.texts[i - 3] == "(" and v.texts[i - 2][:1].isupper():
        end = i - 3
    j, words = s, 0
    while j < end and words < _MAX_WORDS:
        k = _word_end(v, j, first=words == 0)
        if k is None or (k < end and v.spaces[k - 1] == 0):
            return None
        if v.span_text(j, k).lower() in stop:
            return None
        j, words = k, words + 1
    if j != end or not words:
        return None
    if words > 1 and v.lowers[s].endswith("ing") and "-" not in v.texts[s + 1:s + 2]:
        return None  # a verb and its object (`Matching job titles`), not a name
    return end


def _defines_task(v: TokenView, i: int) -> bool:
    """`is the task of`, `refers to the problem of`, `is a (challenging vision) task` from token i."""
    n = len(v)
    j = i + 1
    if v.lowers[i] == "refers":
        if j >= n or v.lowers[j] != "to":
            return False
        j += 1
    if j + 2 < n and v.lowers[j] == "the" and v.lowers[j + 1] in _NOUNS and v.lowers[j + 2] == "of":
        return True
    if v.lowers[i] != "is" or j >= n or v.lowers[j] not in _ARTICLES:
        return False
    j += 1
    for _ in range(_MAX_ADJECTIVES + 1):
        if j >= n:
            return False
        if v.lowers[j] in _NOUNS:
            return j + 1 >= n or not v.texts[j + 1][:1].isalpha() or v.lowers[j + 1] in (
                "in", "for", "that", "which", "where", "with", "since", "because", "due", "and", "of")
        k = _word_end(v, j, first=False)
        if k is None:
            return False
        j = k
    return False


def defined_tasks(v: TokenView, found: list[Mention], stop: frozenset[str]) -> None:
    """Adds a Task for the subject of a task definition that opens its sentence."""
    if not v.sent_start:
        return
    for i in v.positions(_VERBS):
        if not _defines_task(v, i):
            continue
        s = i - 1
        while s > 0 and not v.sent_start[s]:
            s -= 1
        if i - s > 2 * _MAX_WORDS + 4:
            continue
        end = _subject(v, s, i, stop)
        if end is None:
            continue
        text = v.span_text(s, end)
        if " " in text or "-" in text:
            text = text[0].lower() + text[1:]
        found.append(Mention(s, end, "Task", "phrase", SOURCE_SCORE["phrase"], typed_by="frame", text=text,
                             tags={"frame", "defined"}))
