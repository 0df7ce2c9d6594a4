"""Numbers attached to claims: which numbers of a sentence report a result, and the cue each belongs to.

`kg_quantities` finds every number with its unit; here a number counts when its unit is a score or a ratio,
when it is a time or size next to a metric or a cue, a signed margin, a count of wins, or a decimal near a
metric; and it belongs to the cue right after it (`30% fewer`) or, else, the nearest before it
(`outperforms X by 3.4 points`).
"""
from __future__ import annotations

from typing import Optional

from kg.extractors.claim_cues import Cue
from kg.extractors.claim_roles import COORD, ROLE_TYPES, At
from kg.extractors.numbers import Quantity

SCORE_UNITS = frozenset({"%", "points", "pp"})
RATIO_UNITS = frozenset({"x"})
COUNT_UNITS = frozenset({"s", "ms", "minutes", "hours", "days", "tokens", "GB", "MB", "TB", "samples/s", "tokens/s",
                         "FPS", "dB", "parameters", "FLOPs", "GFLOPs", "TFLOPs", "GPU hours"})
SIZE_UNITS = frozenset({"tokens", "parameters", "GB", "MB", "TB"})
RATE_UNITS = frozenset({"samples/s", "tokens/s", "FPS"})  # a throughput is always a measured result


SPREAD_MARKS = frozenset({"±", "\\pm", "\\pm$", "$\\pm$", "/-", "+/-", "+-"})


def metric_near(at: At, q: Quantity) -> bool:
    return any(m is not None and m.type == "Metric" for m in at[max(0, q.start - 5):min(len(at), q.end + 3)])


def relevant(q: Quantity, lowers: list[str], at: At, cues: list[Cue]) -> bool:
    """Does number q report a result?"""
    has_cue = bool(cues)
    if q.start > 0 and lowers[q.start - 1] in SPREAD_MARKS:
        return False  # `62.5% ± 1.6`, `62.5 +/- 1.6`: the spread of the score before, no result of its own
    inside = at[q.start]
    if inside is not None and inside.type != "Metric":
        return False  # part of a name (`Llama 3`)
    if q.unit in SCORE_UNITS or q.unit in RATIO_UNITS or q.unit in RATE_UNITS:
        return True
    if q.end < len(lowers) and lowers[q.end] in ("vs.", "vs", "versus"):
        return True  # `12 hours versus 30 hours`: a pair of results compared
    if q.unit in COUNT_UNITS:
        # `in 410 seconds` after `finishes training`, `up to 64k tokens` after `context length`;
        # not `a corpus of 3 billion tokens`, `grows to 2 billion tokens` (sizes: they need a metric).
        near_cue = any(q.start - 3 <= c.end <= q.start or q.end <= c.start <= q.end + 2 for c in cues)
        near_metric = any(m is not None and m.type == "Metric" for m in at[max(0, q.start - 6):q.end])
        return near_metric or (near_cue and q.unit not in SIZE_UNITS)
    if q.form == "signed":
        return True
    if q.form == "count":
        # `is best on 7 of 9 benchmarks`: a count of wins right after a result word.
        return any(0 <= q.start - c.end <= 14 for c in cues)
    if q.unit is None and q.value != int(q.value):
        return has_cue or metric_near(at, q)
    return has_cue and after_by(lowers, q)


QUALIFIER_WORDS = frozenset({"more", "than", "up", "to", "over", "about", "nearly", "almost", "approximately",
                             "roughly", "around", "just", "only", "at", "least", "a", "an", "average", "of"})


def after_by(lowers: list[str], q: Quantity) -> bool:
    """`by 4%`, `by more than 4%`, `by up to 4%`: a margin introduced by `by`, qualifier words aside."""
    j = q.start - 1
    while j > 0 and lowers[j] in QUALIFIER_WORDS and q.start - j <= 4:
        j -= 1
    return j >= 0 and lowers[j] == "by"


def hyphens_after(lowers: list[str], i: int) -> int:
    """Tokens taken by the hyphens of a compound starting at i (`end-to-end` is five tokens, one word)."""
    n = 0
    while i + 2 < len(lowers) and lowers[i + 1] == "-":
        n += 2
        i += 2
    return n


# A match cue that says nothing was lost (`without degradation`, `maintains accuracy`) is a claim of its
# own: a number near it measures something else (`on 50% of the data without degradation`).
NO_LOSS_STARTS = frozenset({"without", "maintain", "maintains", "maintaining", "preserve", "preserves",
                            "preserving", "retain", "retains", "retaining"})


def cue_for(q: Quantity, cues: list[Cue], lowers: list[str], bound: frozenset[int] = frozenset(),
            noun_forms: frozenset[str] = frozenset()) -> Optional[Cue]:
    """The cue a number belongs to; `bound` holds the positions right after numbers, where a noun cue
    belongs to that number (`2.3x faster`) and to no other; `noun_forms` are verb cues that are nouns too
    (`a 2% accuracy boost`: a word between the number and one of these leaves it the number's noun)."""
    cues = [c for c in cues if not (c.pos == "phrase" and lowers[c.start] in NO_LOSS_STARTS)]
    # `30% fewer`, `2.3x faster`, `a 9% increase`, `1.5 points higher`; a verb form right after the
    # number is its noun (`5% gains`).
    near = q.end + 2 + hyphens_after(lowers, q.end)  # `5x wall-clock speedup`: a compound is one word
    for c in cues:
        noun = c.pos != "verb" or c.start == q.end or (c.text in noun_forms and lowers[c.start - 1].isalpha())
        if noun and q.end <= c.start <= near and all(
                lowers[j] not in (",", ";", "(", ")", "and", "or") for j in range(q.end, c.start)):
            return c
    # `less than 5%` is a bound on the number, not a comparison.
    # `outperforming ... all baselines that lack a retriever by 15%`: `by` reaches further back.
    reach = 40 if after_by(lowers, q) else 14
    # A noun cue binds to a number right next to it (`improvements of 2.7%`), not across others.
    before = [c for c in cues if c.end <= q.start and q.start - c.end <= (reach if c.pos != "noun" else 4)
              and not (c.pos == "phrase" and c.text.endswith("than") and c.end >= q.start - 1)
              and not (c.pos == "noun" and c.start in bound)]
    if q.unit == "%" and q.end < len(lowers) and lowers[q.end] == "of":
        # `about 2% of those of X`, `40% of the flagged items`: a proportion, not a margin that a
        # verb far before could report.
        before = [c for c in before if q.start - c.end <= 3]
    if before:
        chosen = before[-1]
        if chosen.pos == "noun" and chosen.kind == "improves":
            # `beat X with mean gains of 7.0%`: the noun restates the margin of
            # the comparison before it.
            verbs = [c for c in cues if c.kind == "outperforms" and c.pos != "noun" and c.end <= chosen.start
                     and chosen.start - c.end <= 15]
            if verbs:
                return verbs[-1]
        return chosen
    after = [c for c in cues if c.start >= q.end and c.start - q.end <= 5
             and not any(lowers[j] in (",", ";", "while", "whereas", "and", "(") for j in range(q.end, c.start))]
    return after[0] if after else None


def assign_cues(kept: list[Quantity], cues: list[Cue], lowers: list[str], at: Optional[At] = None,
                noun_forms: frozenset[str] = frozenset()) -> list[tuple[Quantity, Optional[Cue]]]:
    """Each result number with its cue (or None)."""
    bound = frozenset(q.end for q in kept)
    assigned: list[tuple[Quantity, Optional[Cue]]] = [(q, cue_for(q, cues, lowers, bound, noun_forms)) for q in kept]
    # `60% and 45% less memory`: a number coordinated with a later one shares its cue.
    for idx in range(len(assigned) - 2, -1, -1):
        q, c = assigned[idx]
        nq, nc = assigned[idx + 1]
        if nc is not None and all(lowers[j] in COORD for j in range(q.end, nq.start)) and (
                c is None or c.end <= q.start):
            if c is None or (nc.start >= nq.end and nc.start - nq.end <= 2):
                assigned[idx] = (q, nc)
    if at is not None:
        # `beats A by 3%, B by 4%, and C by 5%`, `by 3% on X and 5% on Y`: a number that repeats the
        # statement of the one before shares its cue, however far that cue is.
        for idx in range(1, len(assigned)):
            q, c = assigned[idx]
            pq, pc = assigned[idx - 1]
            if pc is None or pc is c or (c is not None and c.end > pq.start):
                continue
            if any(pq.end <= x.start < q.start for x in cues):
                continue
            if parallel(lowers, at, pq, q):
                assigned[idx] = (q, pc)
    return assigned


def parallel(lowers: list[str], at: At, a: Quantity, b: Quantity) -> bool:
    """Does number b repeat the statement of number a: `A by 3%, B by 4%`, or `3% on X and 5% on Y`?"""
    def name_by(q: Quantity) -> bool:
        return q.start >= 2 and lowers[q.start - 1] == "by" and (m := at[q.start - 2]) is not None \
            and m.type in ROLE_TYPES
    if name_by(a) and name_by(b):
        return True
    return b.start >= 1 and lowers[b.start - 1] == "and" and not any(
        lowers[j] in (";", "while", "whereas", "but") for j in range(a.end, b.start))
