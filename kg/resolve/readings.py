"""Which reading of an ambiguous short form a paper means: by its own words, else by the mention's type.

The methods of `kg.resolve.entities.EntityResolver` that choose among a short form's readings (`TTS`: test-time
scaling or text-to-speech): the one whose words the paper uses most (`_by_context`), else the one reading of the
mention's type when that type is well attested (`_by_type`, `_reading_type`).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from kg.resolve.head_types import head_type

if TYPE_CHECKING:
    from kg.resolve.votes import Votes

# A reading's type from this many votes is well attested: a reading typed by fewer does not take an ambiguous
# short form's mention from one typed by a head noun or this many (`ReadingChoice._by_type`).
STRONG_TYPE_VOTES = 3
CONTEXT_WORD = re.compile(r"[a-z]{4,}")  # the words of a paper and of a reading that are compared


class ReadingChoice:
    """Mixed into `EntityResolver`, whose votes, lexicon, type tallies and keys it reads."""

    votes: Votes
    lexicon: object | None
    key_types: dict[str, dict[str, int]]

    def _expansion_key(self, expansion_meaning: str, register: bool = True) -> str:
        raise NotImplementedError

    def _by_type(self, expansion_folds: tuple[str, ...], etype: str,
                 votes: Counter[str] | None = None) -> str | None:
        """The one expansion whose entity is of the mention's type (`SAM` as a Model: segment anything model,
        not sharpness-aware minimization), by the lexicon's and the graph's type votes; else None."""
        if len(expansion_folds) < 2:
            return None  # one reading (a curated split): the type tells nothing apart
        typed = {f: self._reading_type(f) for f in expansion_folds}
        matching = [f for f in expansion_folds if typed[f][0] == etype]
        if len(matching) != 1:
            return None
        # A reading whose type, or whose definitions, one or two papers give does not take a mention from a
        # reading that is well attested in that respect (`HM` as a Metric stays apart rather than go to one paper's
        # `Hellinger Metric` when harmonic mean has many definitions).
        # A reading typed by its head noun alone is picked only when well defined (`Masked Autoencoder`, not one
        # paper's `Enhanced Difference Module` for `EDM`); its head still keeps it from matching another type.
        picked, defined = matching[0], votes or Counter()
        typed_well = typed[picked][1] or not any(typed[f][1] for f in expansion_folds)
        defined_well = defined[picked] >= STRONG_TYPE_VOTES or (
            not typed[picked][2] and all(defined[f] < STRONG_TYPE_VOTES for f in expansion_folds))
        return picked if typed_well and defined_well else None

    def _reading_type(self, expansion_fold: str) -> tuple[str | None, bool, bool]:
        """A reading's type: its own head noun's (`Masked Autoencoder`: Model, `kg.resolve.head_types`), else
        the lexicon's and the graph's type votes, when one type leads; and whether it is well attested (a head
        noun, or STRONG_TYPE_VOTES votes), and whether its head noun gave it."""
        surface = self.votes.surfaces.get(expansion_fold, expansion_fold)
        own = head_type(surface)
        if own is not None:
            return own, True, True
        votes: Counter[str] = Counter(self.key_types.get(self._expansion_key(expansion_fold, register=False), {}))
        if self.lexicon is not None:
            votes.update(self.lexicon.type_votes(surface))  # type: ignore[attr-defined]
        ranked = votes.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            return ranked[0][0], ranked[0][1] >= STRONG_TYPE_VOTES, False
        return None, False, False

    def _by_context(self, expansion_folds: tuple[str, ...], words: set[str]) -> str | None:
        """The one expansion whose words the paper uses most (`speech` for text-to-speech), else None."""
        scores: Counter[str] = Counter()
        for candidate in expansion_folds:
            surface = self.votes.surfaces.get(candidate, candidate).casefold()
            scores[candidate] = len(set(CONTEXT_WORD.findall(surface)) & words)
        ranked = scores.most_common()
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            return str(ranked[0][0])
        return None


__all__ = ["CONTEXT_WORD", "STRONG_TYPE_VOTES", "ReadingChoice"]
