"""Leaderboards from reported scores: one table per (dataset, metric, setting, unit), one row per model with
its best score, best first in the metric's direction.

Scores are compared only when everything that changes their meaning is the same: the dataset (a variant such
as ImageNet-1K has its own tables, labelled as such), the metric, the setting (zero-shot, 5-shot, fine-tuned:
`settings.setting_of`) and the unit (a share metric's `0.86`, `86 AP` and `86%` are one scale: `scale.comparable`). Direction comes from queries/lower_is_better.txt (`kg.queries.lower_is_better`).
A "score" whose number is a change, a spread or only names a setting (`scores.is_score`) is left out. A score
is ranked only as a named model's (`attribution`): a number the sentence gives to another model (`68.4% for Y`)
is ranked as that model's; one with no model, or a subject that is no model or method, or a number the sentence
gives to another dataset, is kept on its board as not ranked, with the reason.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Sequence

from kg.leaderboard.attribution import elsewhere, is_model, is_name, metric_as_place, whose
from kg.leaderboard.scale import comparable
from kg.leaderboard.scores import is_score
from kg.leaderboard.settings import setting_of
from kg.queries import lower_is_better
from kg.queries.rows import Result
from kg.read.dates import published_date


@dataclass(frozen=True)
class Entry:
    """One reported score, with what ranking it needs."""

    result: Result
    setting: str
    day: date | None
    score: float          # the value on the board's scale (a share metric's 0.86 is 86 on a board in %)

    @property
    def model(self) -> str:
        return self.result.model or f"(unnamed, in {self.result.paper})"

    @property
    def model_key(self) -> str:
        return self.result.model_key or f"paper:{self.result.paper}"


@dataclass
class Standing:
    """A row of a leaderboard: a model's best score and how many scores it has on this board."""

    rank: int
    best: Entry
    reports: int

    def record(self) -> dict[str, object]:
        r = self.best.result
        return {"rank": self.rank, "model": r.model, "value": r.value, "unit": r.unit, "qualifier": r.qualifier,
                "metric": r.metric, "setting": self.best.setting, "dataset": r.dataset, "paper": r.paper,
                "title": r.title, "published": r.published, "confidence": r.confidence, "sota": r.sota,
                "evidence": r.evidence, "score": self.best.score, "reports": self.reports, "model_key": r.model_key, "claim": r.claim}


@dataclass
class Board:
    """The leaderboard of one dataset, metric, setting and unit."""

    dataset: str
    dataset_key: str
    asked: str
    asked_key: str        # the entity asked for: a board of another key is one of its variants
    metric: str | None
    metric_key: str | None
    setting: str
    unit: str | None
    lower_is_better: bool
    rows: list[Standing] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # every ranked score on this board, for the chart
    unranked: list[tuple[Entry, str]] = field(default_factory=list)  # scores not ranked, each with why

    @property
    def title(self) -> str:
        parts = [self.dataset if not self.is_variant else f"{self.dataset} (variant of {self.asked})",
                 self.metric or "(no metric named)"]
        if self.setting:
            parts.append(self.setting)
        if self.unit:
            parts.append(f"in {self.unit}")
        return " · ".join(parts)

    @property
    def is_variant(self) -> bool:
        """Whether the board is of a variant of the dataset asked for (an entity's key is not always the key of its
        display name: `ms-coco` is shown as COCO)."""
        return self.dataset_key != self.asked_key

    def not_ranked(self) -> str:
        """How many of the board's scores are not ranked, and why, most common reason first ('' when none)."""
        reasons = Counter(why if why == "no model named" else "not a model" if "not a model" in why else
                          "the number is on another dataset" for _, why in self.unranked)
        n = len(self.unranked)
        return "" if not n else (f"{n} more result{'s' if n != 1 else ''} not ranked: "
                                 + "; ".join(f"{why} ({count})" for why, count in reasons.most_common()))

    @property
    def direction(self) -> str:
        return "lower is better" if self.lower_is_better else "higher is better"

    def record(self) -> dict[str, object]:
        return {"dataset": self.dataset, "variant_of": self.asked if self.is_variant else None,
                "metric": self.metric, "setting": self.setting, "unit": self.unit,
                "lower_is_better": self.lower_is_better, "rows": [s.record() for s in self.rows],
                "not_ranked": [{**Standing(0, e, 1).record(), "why": why} for e, why in self.unranked]}


def _key(name: str) -> str:
    from kg.extractors.normalize import entity_key

    return entity_key(name)


def _better(a: Entry, b: Entry, lower: bool) -> bool:
    """Whether `a` beats `b`: the better value; on a tie the earlier report (then the paper id, for a fixed order)."""
    if a.score != b.score:
        return a.score < b.score if lower else a.score > b.score
    return (a.day or date.max, a.result.paper) < (b.day or date.max, b.result.paper)


def _sort_key(lower: bool) -> Callable[[Entry], tuple[float, date, str, str]]:
    def key(e: Entry) -> tuple[float, date, str, str]:
        value = e.score if lower else -e.score
        return value, e.day or date.max, e.model.casefold(), e.result.paper
    return key


def attributed(r: Result) -> tuple[Result, str | None]:
    """The score as the sentence attributes it (`attribution`), and why it is not ranked (None when it is): a
    number on another dataset is not ranked; a number the sentence gives to another model (`68.4% for Y`) is
    ranked as that model's; a score of no model, or of something that is no model or method, is not ranked."""
    other = elsewhere(r.evidence, r.value, [r.dataset, *r.dataset_aliases], r.other_datasets)
    if other is not None:
        return r, f"the number is on {other}"
    if metric_as_place(r.evidence, r.value, r.metric, [r.dataset, *r.dataset_aliases])[0]:
        return r, f"the number is on {r.metric}"
    owner = whose(r.evidence, r.value, [r.model, *r.model_aliases] if r.model else [], r.other_models)
    if owner is not None:
        return r.model_copy(update={"model": owner, "model_key": _key(owner), "model_type": None,
                                    "model_aliases": []}), None
    if not is_model(r.model, r.model_type, r.model_key, [r.dataset, r.asked, *r.dataset_aliases], r.dataset_key):
        if not r.model:
            return r, "no model named"
        if not is_name(r.model):
            return r, f"{r.model} is not a model's name (lower-case words)"
        return r, f"{r.model} is not a model ({r.model_type or 'the dataset'})"
    return r, None


def metric_matches(wanted: str, result: Result) -> bool:
    """Whether a score is under the metric `wanted` (any spelling: keys compared)."""
    return result.metric_key == _key(wanted)


def build(results: Iterable[Result], *, metric: str | None = None, since: date | None = None,
          asked: tuple[str, str] | None = None) -> list[Board]:
    """The leaderboards the scores make, most rows first. `metric` keeps one metric (any spelling; when no score
    has exactly that metric, those whose metric contains all its words); `since` keeps scores published on or
    after that day (scores of undated papers are left out then). `asked` (name, key) is the dataset the boards are
    for, when not the one the results name (a page of a dataset and its variants)."""
    results = list(results)
    if metric:
        exact = [r for r in results if metric_matches(metric, r)]
        words = set(_key(metric).split("-"))
        results = exact or [r for r in results if r.metric_key and words <= set(r.metric_key.split("-"))]
    boards: dict[tuple[str, str, str, str], Board] = {}
    for r in results:
        day = published_date(r.published)
        if since is not None and (day is None or day < since):
            continue
        if not is_score(r.evidence, r.value):
            continue  # a gain, a drop, a spread or a setting ("by 4.2%", "± 1.6", "1% labeled data") read as a score
        on_metric, place_only = metric_as_place(r.evidence, r.value, r.metric, [r.dataset, *r.dataset_aliases])
        if place_only and not on_metric:  # `71.3 on A and 28.3 on B`, B taken for the metric: no metric named
            r = r.model_copy(update={"metric": None, "metric_key": None})
        score, unit = comparable(r.value, r.unit, r.metric_key)
        entry = Entry(r, setting_of(r.qualifier, r.evidence, r.value), day, score)
        group = (r.dataset_key, r.metric_key or "", entry.setting, unit or "")
        board = boards.get(group)
        if board is None:
            asked_name, asked_key = asked or (r.asked, r.asked_key)
            board = boards[group] = Board(r.dataset, r.dataset_key, asked_name, asked_key, r.metric, r.metric_key, entry.setting,
                                          unit, lower_is_better(r.metric, unit))
        r, why = attributed(r)
        entry = Entry(r, entry.setting, day, score)
        if why is None:
            board.entries.append(entry)
        else:
            board.unranked.append((entry, why))
    for board in boards.values():
        best: dict[str, Entry] = {}
        counts: dict[str, int] = {}
        for e in board.entries:
            counts[e.model_key] = counts.get(e.model_key, 0) + 1
            if e.model_key not in best or _better(e, best[e.model_key], board.lower_is_better):
                best[e.model_key] = e
        ranked = sorted(best.values(), key=_sort_key(board.lower_is_better))
        board.rows = [Standing(i, e, counts[e.model_key]) for i, e in enumerate(ranked, start=1)]
    return sorted((b for b in boards.values() if b.rows),  # a board of unranked scores only is no leaderboard
                  key=lambda b: (-len(b.rows), b.is_variant, b.dataset_key,
                                                   b.metric_key or "~", b.setting, b.unit or ""))


def running_best(board: Board) -> list[Entry]:
    """The dated scores that set a new best when they appeared, in date order (the state of the art over time)."""
    # Within a day the best first: results published together set one step, not one each.
    sign = 1 if board.lower_is_better else -1
    dated: Sequence[Entry] = sorted((e for e in board.entries if e.day is not None),
                                    key=lambda e: (e.day, sign * e.score, e.result.paper))
    steps: list[Entry] = []
    for e in dated:
        if not steps or (_better(e, steps[-1], board.lower_is_better) and e.score != steps[-1].score):
            steps.append(e)
    return steps
