"""Whether the number of an `achieves` claim is a score at all. Abstracts report changes and spreads with the
same numbers and units as scores, and a leaderboard that ranks a gain of 1.3% as an accuracy of 1.3% is wrong at
a glance; these frames are left off the boards:

- a change: the number after `by` or `+`, or after `improvement of`, `gain of`, `drop of`, ... in its clause
  with no verb of reaching and no closing bracket between (`improves by 4.2%`, `gains of 7.1% on A, 6.5% on B`),
  or followed by a word of change (`a 1.3% absolute improvement`, `5.6 points higher`, `a 2.1% difference`,
  `a 4.2% average F1-score improvement`), or
  a later item of a list that opens with a change (`13.4% improvement on A, 8.8% on B, and 7.0% on C`);
- a spread: the number after `±` (`62.5% (± 1.6)`);
- a setting: the number only names one (`1% labeled data`, `5-shot`: `settings.names_a_setting`).

A number preceded by `to` is the level a change reached (`from 57.5% to 66.2%`): a score; the one after `from`
is where it started (the baseline's): not the claim's score.

    >>> is_score("it improves accuracy by 4.2% on X", 4.2), is_score("it reaches 91.5% accuracy on X", 91.5)
    (False, True)
    >>> is_score("a gain of 8.6% on X, from 57.54% to 66.19%", 66.19), is_score("62.53% (± 1.59)", 1.59)
    (True, False)
    >>> is_score("a gain of 8.6% on X, from 57.54% to 66.19%", 57.54), is_score("1.3 mAP and 1.3 NDS gains", 1.3)
    (False, False)
"""
from __future__ import annotations

import re

from kg.leaderboard.settings import names_a_setting

_NUMBER = re.compile(r"(?<![\w.])(?<![A-Za-z]-)[+]?\d+(?:\.\d+)?")
_CHANGE_NOUN = (r"improvements?|gains?|increases?|boosts?|drops?|decreases?|reductions?|degradations?|margins?|"
                r"differences?|gaps?|enhancements?|declines?")
# Before the number: what makes it a change, when nothing between says it is a level reached
_CHANGE_BEFORE = re.compile(rf"(?:\bby\b|\b(?:{_CHANGE_NOUN})\s+(?:of|reaching|at)\b)", re.IGNORECASE)
_REACHING = re.compile(r"\b(?:achiev\w*|reach\w*|attain\w*|obtain\w*|scor\w*|sets?|yield\w*|to)\b", re.IGNORECASE)
# After the number (and its unit, and the other items of a list: "1.3 mAP and 1.3 NDS gains"): a word of change
_UNIT = r"(?:%|\\%|percent|pp|points?|percentage points?|x|×)?"
_CHANGE_AFTER = re.compile(rf"\s*{_UNIT}\s*(?:\)\s*)?(?:[\w@-]+\s+)?"
                           rf"(?:(?:,|,?\s*and)\s*[+]?\d+(?:\.\d+)?\s*{_UNIT}\s*(?:[\w@-]+\s+)?)*"
                           rf"(?:{_CHANGE_NOUN}|higher|lower|better|worse|more|fewer|less|faster|slower)\b", re.IGNORECASE)
# A number with its unit and a word of change, opening a list: "13.4% improvement on A, 8.8% on B"
_CHANGE_ITEM = re.compile(rf"[+]?\d+(?:\.\d+)?\s*{_UNIT}\s*(?:absolute\s+|relative\s+|average\s+)?"
                          rf"(?:{_CHANGE_NOUN})\b", re.IGNORECASE)
# What may come between the items of such a list: "on A, ", "on A and ", "in B, and "
_LIST_GAP = re.compile(r"\s*(?:on|in|for)\s+[^\d,;()]{1,40}?(?:,\s*(?:and\s+)?|\s+and\s+)$", re.IGNORECASE)
# ... or a word of change after up to three content words: "a 4.2% average F1-score improvement", "70% absolute
# percentage points higher" (no function word between: "85% accuracy with fewer parameters" is a score)
_FUNCTION = r"(?:and|or|with|while|but|than|on|in|at|for|of|to|using|by|from|over|across|the|a|an)\b"
_CHANGE_AFTER_WORDS = re.compile(rf"\s*{_UNIT}\s*(?:(?!{_FUNCTION})[\w@-]+\s+){{1,3}}(?:{_CHANGE_NOUN}|higher|lower)\b",
                                 re.IGNORECASE)
_SPREAD = re.compile(r"(?:±|\\pm|\+/-|\+-)\s*\$?\s*$")
_CLAUSE = re.compile(r"[;:]|\.\s")
_TO = re.compile(r"(?<!\bup )\bto\s*$", re.IGNORECASE)  # "from X to Y", not "up to Y"
_FROM = re.compile(r"\bfrom\s*\$?$", re.IGNORECASE)
_THEN_TO = re.compile(r"\s*\$?\s*(?:%|\\%)?\s*\$?\s*to\b", re.IGNORECASE)


def _is(number: float, value: float) -> bool:
    return abs(number - value) < 1e-9 or abs(number - value * 100) < 1e-6


def _continues_a_change(clause: str) -> bool:
    """Whether the text before a number (its clause) is a list that opened with a change, each item `N% on X`."""
    items = list(_CHANGE_ITEM.finditer(clause))
    if not items:
        return False
    item = items[-1]
    rest = clause[item.end():]
    # every later item "N% on X, " and then the gap before our number
    while True:
        gap = _LIST_GAP.match(rest)
        if gap and gap.end() == len(rest):
            return True
        step = re.match(rf"\s*(?:on|in|for)\s+[^\d,;()]{{1,40}}?(?:,\s*(?:and\s+)?|\s+and\s+)"
                        rf"[+]?\d+(?:\.\d+)?\s*{_UNIT}", rest, re.IGNORECASE)
        if not step:
            return False
        rest = rest[step.end():]


def _is_change_or_spread(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is a change or a spread."""
    before = text[max(0, start - 160):start]
    clause = _CLAUSE.split(before)[-1]
    if _SPREAD.search(before) or text[start] == "+":
        return True
    if _TO.search(before):
        return False  # "from 57.5% to 66.2%": the level reached
    if _FROM.search(before) and _THEN_TO.match(text, end):
        return True   # ... and 57.5% the level it started from (a baseline's score)
    if _CHANGE_AFTER.match(text, end) or _CHANGE_AFTER_WORDS.match(text, end):
        return True
    if _continues_a_change(clause):
        return True
    triggers = list(_CHANGE_BEFORE.finditer(clause))
    trigger = triggers[-1] if triggers else None
    # a level reached, or a bracket closed, since the trigger: "(by 5.6 points), 30.4% on B" is a score
    return trigger is not None and not _REACHING.search(clause, trigger.end()) and ")" not in clause[trigger.end():]


def number_places(evidence: str, value: float) -> list[tuple[int, int]]:
    """Where the sentence writes the number `value` (as stored, or a fraction written as a percentage): (start, end)."""
    return [(m.start(), m.end()) for m in _NUMBER.finditer(evidence) if _is(float(m.group().lstrip("+")), value)]


def is_score(evidence: str | None, value: float | None) -> bool:
    """Whether `value` is a score in its sentence: not when every place the sentence writes it is a change, a
    spread or a setting. A value the sentence does not write (or no sentence) counts as a score."""
    if not evidence or value is None or names_a_setting(evidence, value):
        return not names_a_setting(evidence, value)
    places = [m for m in _NUMBER.finditer(evidence) if _is(float(m.group().lstrip("+")), value)]
    return not places or not all(_is_change_or_spread(evidence, m.start(), m.end()) for m in places)
