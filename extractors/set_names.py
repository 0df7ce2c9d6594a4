"""Names the text sets apart by their shape or their place (issue 12), called from `kg_frames`:

    Cohen's kappa, Spearman's rank correlation     a statistic named after its author      -> Metric
    our new gadget problem, widget drift forecasting, that ...   a name beside a new task -> Task

Both mentions carry the tag `typed`: where a proposal covers the same words (`we propose Quimby's rank
correlation`), `kg_resolve` keeps the type the frame says rather than the proposal's default (Method).
"""
from __future__ import annotations

from typing import Callable, Optional

from kg.extractors.mentions import SOURCE_SCORE, Mention
from kg.extractors.tokens import TokenView, watch

WordAfter = Callable[[TokenView, int], Optional[int]]

_POSSESSIVE = frozenset({"'s", "’s"})
watch(_POSSESSIVE)
_MAX_STATISTIC_WORDS = 3
_MAX_APPOSED = 4
_NEW_THING = frozenset({"a", "an", "new", "novel", "our"})
_APPOSITION_END = frozenset({",", "which", "where", "that", "("})
# words that open no name: naming words and connectives after the comma (`a new task, called X`, `our task,
# but ...`) and the words that end a noun phrase
_APPOSITION_SKIP = frozenset({"called", "termed", "named", "dubbed", "namely", "but", "while", "then", "i.e.", "e.g."})
_PHRASE_END = frozenset({",", ".", ";", ":", "(", ")", "\"", "”", "'", "which", "that", "where", "to", "for", "in", "on",
                         "with", "and", "by", "is", "are", "was", "were"})


def _title_case(word: str) -> bool:
    return len(word) > 2 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()


def eponymous(v: TokenView, found: list[Mention], heads: frozenset[str], stop: frozenset[str],
              word_after: WordAfter) -> None:
    """`Cohen's kappa`, `Spearman's rank correlation`: a capitalised name, `'s` and up to three lower-case
    words ending in a statistic's noun or letter (`heads`: `statistic_heads` in
    `data/task_metric_frames.json`) name a statistic after its author (the name alone is no method);
    evaluative or quantifying words (`stop`: `X's overall correlation`) say it is a property of X. In the
    first 1,026 arXiv 2025 abstracts with a capitalised possessive before a lower-case word, the shape gives
    41 names, 40 of them statistics (`Cohen's kappa` 9 times, `Kendall's tau` 5)."""
    for i in v.positions(_POSSESSIVE):
        if i == 0 or v.spaces[i - 1] or not _title_case(v.texts[i - 1]):
            continue
        j, end = i + 1, None
        for _ in range(_MAX_STATISTIC_WORDS):
            k = word_after(v, j)
            if k is None:
                break
            word = v.span_text(j, k).lower()
            if word in stop:
                break
            if word in heads:
                end = k
            j = k
        if end is not None:
            found.append(Mention(i - 1, end, "Metric", "phrase", SOURCE_SCORE["phrase"], typed_by="frame",
                                 text=v.span_text(i - 1, end), tags={"frame", "eponymous", "typed"}))


def apposed_task(v: TokenView, found: list[Mention], i: int, stop: frozenset[str]) -> None:
    """`our new gadget problem, widget drift forecasting, that ...`, `our proposed task, Quux QA, ...`: a name
    set beside a new task or problem (an article, `new` or `our` up to four words before the noun at `i`)
    names it. Up to four words, lower-case or capitalised, ending at a comma or a relative word; `To solve
    this problem, we ...` (no new thing, a pronoun after the comma) and `a task, dataset, and metric` (one
    ordinary word: a list) name nothing. On the first 1,500 arXiv 2025 abstracts with `task,` or `problem,`
    it gives 12 names, 8 of them tasks by eye (`motion similarity prediction`, `language identification`)."""
    n = len(v)
    if v.lowers[i] not in ("task", "problem") or i + 2 >= n or v.texts[i + 1] != "," or (
            i > 0 and not v.spaces[i - 1]):
        return  # (`multi-task, multi-view X`: a hyphenated modifier)
    if not any(v.lowers[k] in _NEW_THING for k in range(max(0, i - 4), i)):
        return
    j = start = i + 2
    if v.lowers[j] in _APPOSITION_SKIP:
        j = start = j + 1
    for _ in range(_MAX_APPOSED):
        low = v.lowers[j] if j < n else "."
        if low in stop or low in _PHRASE_END or low in _APPOSITION_SKIP or not (
                v.texts[j].replace("-", "").isalnum() and v.texts[j][:1].isalpha()) or (
                j == start and low.endswith(("ing", "ly"))):
            break
        j += 1
        while j + 1 < n and v.texts[j] == "-" and not v.spaces[j - 1] and not v.spaces[j]:
            j += 2
    if j == start or j >= n or v.lowers[j] not in _APPOSITION_END:
        return
    if j - start == 1 and v.texts[start].isalpha() and v.texts[start].islower():
        return
    found.append(Mention(start, j, "Task", "phrase", SOURCE_SCORE["phrase"], typed_by="frame",
                         text=v.span_text(start, j), tags={"frame", "named", "typed"}))
