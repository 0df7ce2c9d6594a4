"""Whose score a reported number is, and on what. A leaderboard ranks a number as a model's score on a dataset
only when the claim names a model and its sentence does not give the number to another dataset; a number the
sentence gives to another model is ranked as that model's (`kg.leaderboard.table.attributed`):

- **no model**: the claim names none (`our method` left unresolved), or what it names is not a model or method
  (the graph types it Dataset, Metric or Task; or it is the dataset itself; or it is written in lower-case words
  only, a description such as `logistic regression` rather than a name);
- **another dataset's**: the sentence also names another dataset of the paper, and the number goes with that one:
  the datasets named right after it (`85.2% on B`, or after the further scores of its list: `an mAP of 60.9,
  F1 of 70.8, and recall of 61.1 on B`; no other number between otherwise), else those named before
  it with no other number between (`on B, it reaches 85.2%`). With `respectively`, numbers and datasets pair up
  in order. A number next to the claim's own dataset as well (`on A and B, 85.2%`) stays;
- **another model's**: the number is followed by `for`, `by` or `of` and another model of the paper
  (`versus 68.4% for Y`), or written in brackets right after its name (`Y (68.4%)`).

Names are found as whole words (any case for names of four characters or more); where two names overlap
(`Y` inside `Y-Large`) the longer is the one written.

    >>> elsewhere("Q reaches 62.5% on A and 48.4% on B.", 62.5, ["B"], ["A"])
    'A'
    >>> elsewhere("On B, Q reaches 62.5% and beats Y on A.", 62.5, ["B"], ["A"]) is None
    True
    >>> [elsewhere("Q gets 62.5% and 48.4% on A and B, respectively.", v, ["A"], ["B"]) for v in (62.5, 48.4)]
    [None, 'B']
    >>> whose("Q reaches 75.4% accuracy versus 68.4% for Y on B.", 68.4, ["Q"], ["Y"])
    'Y'
    >>> whose("Q (75.4%) beats Y (68.4%).", 75.4, ["Q"], ["Y"]) is None
    True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from kg.leaderboard.scores import number_places

MODEL_TYPES = ("Model", "Method")


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    name: str
    own: bool


@lru_cache(maxsize=65_536)
def _pattern(name: str) -> re.Pattern[str]:
    flags = re.IGNORECASE if len(name) >= 4 else 0
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", flags)


def places(text: str, own: Iterable[str], others: Iterable[str]) -> list[Place]:
    """Where the sentence names the claim's own entity (`own` names) and others, in text order; where they overlap,
    the longest (`Y-Large`, not `Y`)."""
    folded = text.casefold()
    found = [Place(m.start(), m.end(), name, is_own)
             for names, is_own in ((own, True), (others, False))
             for name in {n for n in names if n and n.strip() and n.casefold() in folded}  # cheap test first
             for m in _pattern(name).finditer(text)]
    kept: list[Place] = []
    # the longest first; of names of one span, the claim's own, then the one written as the sentence writes it
    for p in sorted(found, key=lambda p: (-(p.end - p.start), not p.own, text[p.start:p.end] != p.name, p.name)):
        if all(p.end <= q.start or p.start >= q.end for q in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: p.start)


_NUMBERS = re.compile(r"(?<![\w.])(?<![A-Za-z]-)\d+(?:\.\d+)?")
_UNIT = r"(?:%|\\%|percent|points?)?"
_ASIDE = r"(?:\s*\([^()]{0,80}\))?"  # "(vs. 96.2 for Y)"
_NOT_A_METRIC_WORD = r"(?!(?:and|or|but|while|whereas|versus|vs|than|compared|by|with|to|on|in|over|across|at|for|from)\b)"
# A further score of a list that ends with its dataset: its metric then `of`/`=`/`:` and the number (", OF1 of
# 70.8", "and PLCC = 0.95"), or the number then its metric (", 80.1% F1"); no verb: "and achieves a 43% token
# reduction on B" is another quantity
_WORD = rf"{_NOT_A_METRIC_WORD}[\w@/-]+"
_NUMBER = rf"\d+(?:\.\d+)?\s*{_UNIT}"
_LIST_ITEM = (rf"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:{_WORD}\s+){{1,3}}?(?:of\s+|=\s*|:\s*){_NUMBER}"
              rf"|{_NUMBER}(?:\s+{_WORD}){{0,3}}?){_ASIDE}")
# Between a number and the dataset named after it: its unit, up to three words (its metric), a preposition; or
# the further scores of its list first ("an mAP of 60.9, OF1 of 70.8, and CF1 of 61.1 on B": all three are B's)
_TO_DATASET = re.compile(rf"\s*{_UNIT}{_ASIDE}(?:{_LIST_ITEM})*\s*(?:(?!(?:and|or|but|while|whereas|versus|vs|than|compared)\b)"
                         r"[\w@/-]+\s+){0,3}?(?:on|in|over|across|for|of|from|at)\s+(?:the\s+)?", re.IGNORECASE)


def _numbers_between(text: str, a: int, b: int) -> bool:
    return _NUMBERS.search(text, a, b) is not None


def _respectively(text: str, start: int, names: Sequence[Place]) -> Place | None:
    """With `respectively`: the dataset in the same position among the datasets as the number among the numbers."""
    numbers = [m.start() for m in _NUMBERS.finditer(text)
               if not any(p.start <= m.start() < p.end for p in names)]
    if len(numbers) != len(names) or start not in numbers:
        return None
    return names[numbers.index(start)]


def elsewhere(text: str | None, value: float | None, own: Sequence[str], others: Sequence[str]) -> str | None:
    """The other dataset the sentence gives the number `value` to, when it gives it to one and never to the claim's
    own dataset (`own`: its names); None otherwise."""
    if not text or value is None or not others:
        return None
    names = places(text, own, others)
    if not any(not p.own for p in names):
        return None
    owners: list[Place] = []
    for start, end in number_places(text, value):
        if re.search(r"\brespectively\b", text, re.IGNORECASE):
            paired = _respectively(text, start, names)
            if paired is not None:
                if paired.own:
                    return None
                owners.append(paired)
                continue
        after = [p for p in names if p.start >= end and _TO_DATASET.fullmatch(text, end, p.start)]
        for p in names:  # and the datasets coordinated with it: "85.2% on A and B"
            if after and p.start >= after[-1].end and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*",
                                                                   text[after[-1].end:p.start]):
                after.append(p)
        before = [p for p in names if p.end <= start and not _numbers_between(text, p.end, start)]
        side = after or before
        if not side or any(p.own for p in side):
            return None  # the number is (also) next to the claim's own dataset, or next to none
        owners.append(side[-1] if side is before else side[0])
    return owners[0].name if owners else None


_TO_OTHER = re.compile(r"\s*(?:%|\\%|percent|points?)?\s*(?:[\w@-]+\s+){0,2}?(?:for|by|of)\s+(?:the\s+)?$",
                       re.IGNORECASE)


def whose(text: str | None, value: float | None, own: Sequence[str], others: Sequence[str]) -> str | None:
    """The other model the sentence gives the number `value` to (`68.4% for Y`, `Y (68.4%)`), when it never
    writes the number that way for the claim's own model (`own`: its names); None otherwise."""
    if not text or value is None or not others:
        return None
    names = places(text, own, others)
    owner = None
    for start, end in number_places(text, value):
        after = next((p for p in names if p.start >= end), None)
        before = next((p for p in reversed(names) if p.end <= start), None)
        p = None
        if after is not None and _TO_OTHER.match(text[end:after.start]) and not _numbers_between(text, end, after.start):
            p = after
        elif before is not None and re.fullmatch(r"\s*\(\s*(?:[\w@-]+\s*[:=]?\s*)?", text[before.end:start]):
            p = before
        if p is None or p.own:
            return None
        owner = owner or p.name
    return owner


_ON = re.compile(r"\bon\s+(?:the\s+)?$", re.IGNORECASE)
_AFTER_NUMBER = re.compile(r"\d(?:\s*(?:%|\\%|points?))?\s+on\s+(?:the\s+)?$", re.IGNORECASE)  # `46.2 on A`


def metric_as_place(text: str | None, value: float | None, metric: str | None,
                    own: Sequence[str]) -> tuple[bool, bool]:
    """(the number is on the metric, the metric is only a place): a benchmark the extractor took for a metric, written
    as the claim's own dataset is, after a number and `on` (`scores of 46.2 on A and 22.8 on B`: B is A's peer, not a
    metric; `60.4% on accuracy` alone is a metric). The first is true when the number itself is `N on B` (B's
    number, not the claim's dataset's); the second when the sentence writes B only after `on`."""
    if not text or value is None or not metric:
        return False, False
    spots = [m.start() for m in _pattern(metric).finditer(text)]
    if not spots or not all(_ON.search(text, 0, start) for start in spots):
        return False, False
    peers = [m.start() for name in own if name for m in _pattern(name).finditer(text)]
    if not any(_AFTER_NUMBER.search(text, 0, start) for start in peers):
        return False, False
    on_it = any(_TO_DATASET.fullmatch(text, end, start) and not _numbers_between(text, end, start)
                for _, end in number_places(text, value) for start in spots if start >= end)
    return on_it, True


def is_name(name: str) -> bool:
    """Whether a subject is written as a name (a capital letter or a digit: `QuillNet`, `Quill training`, `q2vec`),
    not as lower-case words, which describe a technique or a class of models (`logistic regression`, `linear
    probing`, `residual neural networks`) rather than name a model that holds a score."""
    return re.search(r"[A-Z0-9]", name) is not None


def is_model(result_model: str | None, model_type: str | None, model_key: str | None,
             dataset_names: Iterable[str], dataset_key: str) -> bool:
    """Whether a claim's subject can hold a score: a named model or method (`is_name`), not the dataset itself."""
    if not result_model or not is_name(result_model):
        return False
    if model_type is not None and model_type not in MODEL_TYPES:
        return False
    names = {n.casefold() for n in dataset_names if n}
    return model_key != dataset_key and result_model.casefold() not in names


__all__ = ["MODEL_TYPES", "Place", "elsewhere", "is_model", "is_name", "metric_as_place", "places", "whose"]
