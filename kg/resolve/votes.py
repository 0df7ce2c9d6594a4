"""Definition votes: what the corpus says a short form stands for.

A vote is one paper defining a short form (`Low-Rank Adaptation (LoRA)`). Votes come from the shipped
lexicon (mined from unlabelled arXiv abstracts, `kg.extractors.mining`) and from the user's corpus: the
papers in the graph (their MENTIONS edges keep what they define) and the papers of the running ingest. A
paper votes once per short form whatever the number of its versions: its votes are replaced, not added.

The outcome for a short form: none (no paper defines it), dominant (one expansion holds all but a small
share of the votes), or ambiguous (a second expansion holds at least AMBIGUOUS_SHARE of them, `TTS`:
test-time scaling and text-to-speech). Expansions are told apart by their meaning key (`kg.resolve.keys.meaning`).

The user's corpus outvotes the lexicon: once a paper of the graph or of the run defines a short form, the
lexicon's votes count only for the readings that name an entity of the graph (`present`). A lexicon-only reading
(`AoT`: arrow of time, mined from arXiv) decides only where the user's corpus is silent, so a user's own
`Atom of Thoughts (AoT)` keeps its short form.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from kg.resolve.cases import CaseSpellings

# A second meaning with at least this share of the votes (and at least one vote) makes a short form
# ambiguous; below it, the rare other expansion is a paper's own wording or an error.
AMBIGUOUS_SHARE = 0.15
MIN_VOTES_FOR_A_SECOND_READING = 5
# A short form that many papers use and hardly any defines is a name in its own right (`MT-Bench`, `TIME`):
# from MIN_USES_FOR_A_SHARE papers using it on, its readings need MIN_DEFINED_SHARE of them, or at least
# MIN_DEFINITIONS, to define it before they take the undefined mentions (one paper's `Multimodal Time Series
# Benchmark (MT-Bench)` does not take MT-Bench; `mIoU`, defined by a few of its many papers, is still read).
MIN_USES_FOR_A_SHARE = 20
MIN_DEFINED_SHARE = 0.05
MIN_DEFINITIONS = 2
# Letters by which a reading's meaning key extends another's for the two to be one reading (`_extensions_merged`).
EXTENSION_LETTERS = 4

Outcome = tuple[str, ...]  # () none; ("=", fold) dominant; ("?", fold, fold, ...) ambiguous


@dataclass
class Votes:
    base: dict[str, Counter[str]] = field(default_factory=dict)  # short key -> expansion fold -> papers
    surfaces: dict[str, str] = field(default_factory=dict)  # expansion fold -> a spelling of it
    forced_ambiguous: set[str] = field(default_factory=set)  # curation: `kg split X --by expansion`
    by_paper: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    used: dict[str, set[Outcome]] = field(default_factory=dict)  # outcomes this run relied on
    base_uses: dict[str, int] = field(default_factory=dict)  # short key -> lexicon papers using it
    # paper -> short keys it uses; a tuple, not a set: one per paper, and the collector skips tuples of strings
    uses_by_paper: dict[str, tuple[str, ...]] = field(default_factory=dict)
    uses: Counter[str] = field(default_factory=Counter)  # short key -> papers of the corpus using it
    present: set[str] = field(default_factory=set)  # meaning keys of the entities in the graph or the run
    _base_shorts: dict[str, set[str]] = field(default_factory=dict)  # expansion fold -> short keys it reads in base
    _outcomes: dict[str, Outcome] = field(default_factory=dict)  # cache, dropped for a short form whose votes change
    _readings: dict[str, list[str]] = field(default_factory=dict)  # cache of `readings`, dropped with the votes' change
    cases: CaseSpellings = field(default_factory=CaseSpellings)  # spellings that differ in case, typed apart

    def add_base(self, short: str, expansion_fold: str, surface: str, papers: int, uses: int = 0) -> None:
        self.base.setdefault(short, Counter())[expansion_fold] += papers
        self.base_uses[short] = max(self.base_uses.get(short, 0), uses)
        self.surfaces.setdefault(expansion_fold, surface)
        self._base_shorts.setdefault(expansion_fold, set()).add(short)
        self._outcomes.pop(short, None)
        self._readings.pop(short, None)

    def load(self, definitions: dict[str, list[tuple[str, str, str]]], uses: dict[str, set[str]]) -> None:
        """The stored papers' definitions and uses at once (papers this Votes has not seen: no bookkeeping
        of outcomes relied on, which `set_paper`/`set_uses` keep for a run's changes)."""
        for paper_id, found in definitions.items():
            new = tuple(sorted({(s, f) for s, f, _ in found}))
            for _, f, surface in found:
                self.surfaces.setdefault(f, surface)
            self.by_paper[paper_id] = new
            for s, f in new:
                self.counts.setdefault(s, Counter())[f] += 1
        for paper_id, shorts in uses.items():
            distinct = frozenset(shorts)
            self.uses_by_paper[paper_id] = tuple(distinct)
            self.uses.update(distinct)
        self._outcomes.clear()
        self._readings.clear()

    def set_uses(self, paper_id: str, shorts: Iterable[str]) -> None:
        """The short keys a paper uses (defined or not), replacing its earlier ones."""
        new = frozenset(shorts)
        old = frozenset(self.uses_by_paper.get(paper_id, ()))
        if new == old:
            return
        for s in old ^ new:
            if s in self.base or self.counts.get(s):
                self.used.setdefault(s, {self.outcome(s)})
        for s in old - new:
            self._count_use(s, -1)
        for s in new - old:
            self._count_use(s, 1)
        if new:
            self.uses_by_paper[paper_id] = tuple(new)
        else:
            self.uses_by_paper.pop(paper_id, None)

    def _count_use(self, short: str, change: int) -> None:
        """One paper more (or fewer) using `short`; its cached outcome is dropped only when the count changes
        what the name-in-its-own-right rule of `_outcome` says (the one place the count is read): at 40k
        abstracts, dropping it at every use recomputed the votes of a third of the run's short forms each paper."""
        before = self.uses[short]
        self.uses[short] = before + change
        if short in self.forced_ambiguous:
            return  # the rule never applies to a curated split; its outcome does not depend on the count
        own = self.counts.get(short)
        if own:
            defined, extra = sum(own.values()), 0
        else:
            defined, extra = sum(self.base.get(short, Counter()).values()), self.base_uses.get(short, 0)
        if defined >= MIN_DEFINITIONS:
            return
        if _own_name(defined, extra + before) != _own_name(defined, extra + before + change):
            self._outcomes.pop(short, None)

    def add_present(self, meaning_key: str) -> None:
        """An entity of this meaning is in the graph: the lexicon's votes for it count against the corpus's."""
        if meaning_key in self.present:
            return
        self.present.add(meaning_key)
        for s in self._base_shorts.get(meaning_key, ()):
            if self.counts.get(s):  # with the corpus silent, the lexicon's votes count whatever is present
                self.used.setdefault(s, {self.outcome(s)})
                self._outcomes.pop(s, None)
                self._readings.pop(s, None)

    def set_paper(self, paper_id: str, definitions: Iterable[tuple[str, str, str]]) -> None:
        """The paper's (short key, expansion fold, expansion as written) definitions, replacing its earlier ones."""
        new = tuple(sorted({(s, f) for s, f, _ in definitions}))
        for _, f, surface in definitions:
            self.surfaces.setdefault(f, surface)
        old = self.by_paper.get(paper_id, ())
        if old == new:
            return
        for s, _ in (*old, *new):
            self.used.setdefault(s, {self.outcome(s)})  # what earlier papers were resolved with
        for s, f in old:
            self.counts[s][f] -= 1
            if self.counts[s][f] <= 0:
                del self.counts[s][f]
        for s, f in new:
            self.counts.setdefault(s, Counter())[f] += 1
        for s, _ in (*old, *new):
            self._outcomes.pop(s, None)
            self._readings.pop(s, None)
        if new:
            self.by_paper[paper_id] = new
        else:
            self.by_paper.pop(paper_id, None)

    def tally(self, short: str) -> Counter[str]:
        """The votes for each meaning: the corpus's, and the lexicon's where the corpus is silent or the
        meaning names an entity of the graph."""
        own = self.counts.get(short)
        base = self.base.get(short)
        if own:
            present = self.present
            total = {f: n for f, n in base.items() if f in own or f in present} if base else {}
            for f, n in own.items():
                total[f] = total.get(f, 0) + n
        else:
            total = base or {}
        # Plain dicts, one Counter at the end (Counter's own update and `+` run in Python).
        return Counter({f: n for f, n in total.items() if n > 0})

    def outcome(self, short: str) -> Outcome:
        found = self._outcomes.get(short)
        if found is None:
            found = self._outcomes[short] = self._outcome(short)
        return found

    def _outcome(self, short: str) -> Outcome:
        if short not in self.base and not self.counts.get(short) and short not in self.forced_ambiguous:
            return ()
        votes = self.tally(short)
        if not votes:
            return ()
        own = self.counts.get(short)
        defined, used = ((sum(own.values()), self.uses[short]) if own else
                         (sum(votes.values()), self.base_uses.get(short, 0) + self.uses[short]))
        if _own_name(defined, used) and short not in self.forced_ambiguous:
            return ()
        votes = _extensions_merged(votes)
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(votes.values())
        # A single paper's other reading of a well-attested short form is more likely its own wording or an
        # error than a second meaning: from MIN_VOTES_FOR_A_SECOND_READING votes on, a meaning needs two.
        least = max(1.0, AMBIGUOUS_SHARE * total, 2.0 if total >= MIN_VOTES_FOR_A_SECOND_READING else 1.0)
        strong = [f for f, n in ranked if n >= least]
        if len(strong) > 1 or short in self.forced_ambiguous:
            return ("?", *sorted(strong or [ranked[0][0]]))
        return ("=", ranked[0][0])

    def readings(self, short: str) -> list[str]:
        """Every meaning with at least two votes, most votes first (a dominant one's rarer readings too:
        `MT` is mostly machine translation, sometimes mean teacher)."""
        found = self._readings.get(short)
        if found is None:
            found = self._readings[short] = [f for f, n in sorted(self.tally(short).items(),
                                                                  key=lambda kv: (-kv[1], kv[0])) if n >= 2]
        return found

    def use(self, short: str) -> Outcome:
        """The outcome, noted as relied on by this run."""
        found = self.outcome(short)
        self.used.setdefault(short, set()).add(found)
        return found

    def changed(self) -> list[str]:
        """Short forms some paper of this run (or an earlier one) was resolved with an outcome that is no
        longer the current one: their papers are resolved again (`kg.resolve.repoint`)."""
        return sorted(s for s, seen in self.used.items() if seen != {self.outcome(s)})

    def stale(self, short: str, used: str | None) -> bool:
        """Whether a mention resolved with the outcome `used` (as `encode` wrote it) would resolve otherwise now."""
        return used != self.said(short, self.outcome(short))

    def said(self, short: str, outcome: Outcome) -> str:
        """An outcome as a mention keeps it; with no reading, the case mark of the short form's spellings
        (`kg.resolve.cases`), so that a change in what is kept apart re-points its papers too."""
        return encode(outcome) if outcome else self.cases.mark(short)

    def ambiguous(self) -> dict[str, list[str]]:
        """Every ambiguous short key known, with the spellings of its expansions."""
        shorts = set(self.base) | {s for s, c in self.counts.items() if c} | self.forced_ambiguous
        out = {}
        for s in sorted(shorts):
            found = self.outcome(s)
            if found[:1] == ("?",):
                out[s] = [self.surfaces.get(f, f) for f in found[1:]]
        return out


def _own_name(defined: int, used: int) -> bool:
    """The name-in-its-own-right rule: many papers use the short form and hardly any defines it."""
    return used >= MIN_USES_FOR_A_SHARE and defined < min(MIN_DEFINITIONS, MIN_DEFINED_SHARE * used)
def _extensions_merged(votes: Counter[str]) -> Counter[str]:
    """A reading that is another one plus trailing words (its meaning key extends the other's by at least
    EXTENSION_LETTERS letters: `area under the receiver operating characteristic` / `... curve`, `text-to-speech` /
    `text-to-speech synthesis`) names the same thing: its votes go to the one of the two with more votes (the
    first in order on a tie). A shorter extension is a word ending (`question-answer` / `question answering`),
    which the meaning key already weighs."""
    if len(votes) < 2:
        return votes
    merged = Counter(votes)
    for short in sorted(votes, key=lambda f: (len(f), f)):
        for longer in sorted(merged, key=lambda f: (len(f), f)):
            if short in merged and longer != short and longer.startswith(short) \
                    and len(longer) - len(short) >= EXTENSION_LETTERS:
                keep, drop = sorted((short, longer), key=lambda f: (-merged[f], f))
                merged[keep] += merged.pop(drop)
    return merged


def encode(outcome: Outcome) -> str:
    """An outcome as a mention keeps it: '' none, '=fold' dominant, '?fold|fold' ambiguous."""
    return outcome[0] + "|".join(outcome[1:]) if outcome else ""
