"""Claim confidence: the measured precision of the frame that made a claim.

A frame is what the rules relied on: whether a number carries the claim, how the subject was found
(`explicit` name, `self` for we/our/it, `default` proposal, `none`), and the kind. Its confidence is the share of
the frame's claims that match a gold claim (core match: kind, subject, value), measured by
`tools/calibrate_claims.py` on the gold sets and stored in `data/claim_confidence.json`. Sparse frames back off
to their source and subject, to their source, then to all claims (additive smoothing, `PRIOR_WEIGHT` claims' worth).
`RuleExtractor.fit` measures the same table on the training folds, so cross-validation checks it on claims
it was not measured on.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.extractors.lexicon import DATA_DIR

TABLE_FILE = DATA_DIR / "claim_confidence.json"
PRIOR_WEIGHT = 20.0


def frame_of(kind: str, has_value: bool, how: str) -> str:
    return f"{'number' if has_value else 'cue'}:{how}:{kind}"


def parents(frame: str) -> list[str]:
    """The frame and its back-off levels: `number:self:outperforms`, `number:self`, `number`, ``."""
    parts = frame.split(":")
    return [":".join(parts[:n]) for n in range(len(parts), -1, -1)]


def count_frames(outcomes: Iterable[tuple[str, bool]]) -> dict[str, list[int]]:
    """[right, total] for every frame and every back-off level of it, from (frame, right) pairs."""
    counts: dict[str, list[int]] = {}
    for frame, right in outcomes:
        for level in parents(frame):
            c = counts.setdefault(level, [0, 0])
            c[0] += int(right)
            c[1] += 1
    return counts


def precision_table(counts: dict[str, list[int]], weight: float = PRIOR_WEIGHT) -> dict[str, float]:
    """Smoothed precision per level: each level shrinks towards its parent by `weight` claims."""
    table: dict[str, float] = {}
    for level in sorted(counts, key=lambda k: (k.count(":") if k else -1)):
        right, total = counts[level]
        prior = table.get(parents(level)[1], 0.5) if level else 0.5
        table[level] = round((right + weight * prior) / (total + weight), 3)
    return table


@dataclass
class ConfidenceTable:
    precision: dict[str, float] = field(default_factory=dict)

    def __call__(self, frame: str) -> float:
        for level in parents(frame):
            if level in self.precision:
                return self.precision[level]
        return 0.5

    @classmethod
    def from_outcomes(cls, outcomes: Iterable[tuple[str, bool]]) -> ConfidenceTable:
        return cls(precision_table(count_frames(outcomes)))


def load_table(path: Path = TABLE_FILE) -> ConfidenceTable:
    """The shipped table (all claims 0.5 when the file is missing)."""
    if not path.exists():
        return ConfidenceTable()
    data = json.loads(path.read_text(encoding="utf-8"))
    return ConfidenceTable({k: float(v) for k, v in data["precision"].items()})
