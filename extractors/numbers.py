"""Numbers with their unit and qualifier, found over tokens (`8.2%`, `3\\%`, `+14.4%`, `3.4 points`,
`2.3x`, `2.3×`, `10-20x`, `up to 40%`, `over 20 points`, `from 36.1 to 41.2`, `0.85 F1`).

The component stores a list of `Quantity` on `doc._.quantities`; claims decide what the numbers mean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import phrases_by_length, table
from kg.extractors.mentions import set_doc_attr
from kg.extractors.tokens import view

_NUM = r"(?:\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# Glued units, with the LaTeX residue abstracts carry (`3\\%`, `3\\,\\%`, `4\\times`).
_GLUED = r"(?:(?:\\,)?\\?%|[xX×]|\\times|pp|times)"
# One token holding a number: optional sign or approximation mark (`~`, `\\sim`, or `sim` when the backslash
# was lost), optional glued unit, optional glued range (`2x-3x`, `6.83%-16.98`), optional `+` for "or more"
# (`10+%`), optional LaTeX math dollars.
_NUMBER_TOKEN = re.compile(
    rf"^\$?(?P<pre>[+\-−~≈×>]|\\?sim)?(?P<a>{_NUM})(?P<plus>\+)?(?P<ua>{_GLUED})?"
    rf"(?:[-–](?P<b>{_NUM})(?P<ub>{_GLUED})?)?\$?$"
)
# First characters a number token can have (a cheap filter before the regex).
_NUMBER_STARTS = frozenset("0123456789+-−~≈×$.\\>s")
_COUNT_OF = re.compile(r"^(?:of|out of) ")
# Words joining the two ends of a range; `~`/`sim` between two numbers is the LaTeX `3\\%\\sim5\\%`.
_RANGE_LINKS = frozenset({"-", "–", "—", "to", "and", "~", "\\sim", "sim"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "(", ")", "[", "]"})


@dataclass(slots=True)
class Quantity:
    """A number in the text. `start`/`end` are token indices (end exclusive), covering number and unit."""

    start: int
    end: int
    value: float
    unit: Optional[str] = None
    qualifier: Optional[str] = None
    low: Optional[float] = None  # first value of a range or of `from A to B`
    form: str = "plain"  # plain | range (`10-20x`, `between`) | to_range (`3 to 5`) | from_to | signed | count
    negative: bool = False


@dataclass(frozen=True, slots=True)
class _Units:
    units: dict[tuple[str, ...], str]
    max_unit_len: int
    glued: dict[str, str]
    scales: dict[str, float]
    before: dict[tuple[str, ...], str]
    after: dict[tuple[str, ...], str]


@lru_cache(maxsize=1)
def _lexicon() -> _Units:
    data = table("units")
    units = phrases_by_length(data["units"])
    return _Units(
        units=units,
        max_unit_len=max(len(k) for k in units),
        glued=data["glued"],
        scales={k: float(v) for k, v in data["scales"].items()},
        before=phrases_by_length(data["qualifiers"]),
        after=phrases_by_length(data["qualifiers_after"]),
    )


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _glued_unit(glued: dict[str, str], text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    text = text.replace("\\,", "")  # LaTeX thin space (`3\\,\\%`)
    return glued.get(text.lower() if text == "X" else text)


@lru_cache(maxsize=100_000)
def parse_number(text: str) -> Optional[tuple[float, Optional[str], Optional[float], str]]:
    """Parse one token: (value, glued unit, range low, prefix) or None when it is not a number.

    >>> parse_number("3\\\\%")
    (3.0, '%', None, '')
    >>> parse_number("10x-20x")
    (20.0, 'x', 10.0, '')
    """
    m = _NUMBER_TOKEN.match(text)
    if m is None:
        return None
    glued = _lexicon().glued
    a = _to_float(m.group("a"))
    ua = m.group("ua")
    unit_a = _glued_unit(glued, ua)
    pre = m.group("pre") or ""
    if m.group("plus") and not pre:
        pre = ">"  # `10+%`: ten or more
    if m.group("b") is not None:
        unit_b = _glued_unit(glued, m.group("ub"))
        return _to_float(m.group("b")), unit_b or unit_a, a, pre
    return a, unit_a, None, pre


def _is_year(text: str, unit: Optional[str]) -> bool:
    return unit is None and len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def _match_phrase(lowers: list[str], i: int, phrases: dict[tuple[str, ...], str],
                  max_len: int) -> tuple[Optional[str], int]:
    """Longest phrase starting at token i: (value, length) or (None, 0)."""
    for n in range(min(max_len, len(lowers) - i), 0, -1):
        hit = phrases.get(tuple(lowers[i:i + n]))
        if hit is not None:
            return hit, n
    return None, 0


_PRIORITY = {"up to": 0, "over": 1, "about": 2, "average": 3}


def _qualifier_before(lowers: list[str], i: int, phrases: dict[tuple[str, ...], str]) -> Optional[str]:
    """The qualifier of the number at token i.

    Bounds (`up to`, `more than`, `approximately`) must stand right before the number, possibly
    chained (`up to approximately 20%` is `up to`); `average` may be a few words away
    (`an average success rate of 86.5%`).
    """
    found: list[str] = []
    j = i - 1
    while j >= 0:
        for n in (3, 2, 1):
            if j - n + 1 >= 0 and tuple(lowers[j - n + 1:j + 1]) in phrases:
                found.append(phrases[tuple(lowers[j - n + 1:j + 1])])
                j -= n
                break
        else:
            break
    for j in range(i - 1, max(-1, i - 7), -1):
        if lowers[j] in _CLAUSE_BREAKS:
            break
        if phrases.get((lowers[j],)) == "average":
            found.append("average")
            break
    return min(found, key=_PRIORITY.__getitem__) if found else None


def _unit_after(lowers: list[str], end: int, lex: _Units, margin: bool = False) -> tuple[Optional[str], int]:
    """The unit words after a number, and for a margin (`by +9 ...`) a short metric name before `points`
    (`+9 accuracy points`, not `1,217 training data points`): (unit, new end)."""
    u, length = _match_phrase(lowers, end, lex.units, lex.max_unit_len)
    if u is not None:
        return u, end + length
    if not margin:
        return None, end
    for gap in (1, 2):
        k = end + gap
        if k < len(lowers) and lowers[k] in ("points", "point", "pts") and all(
                w.isalpha() or "-" in w for w in lowers[end:k]):
            return "points", k + 1
    return None, end


def find_quantities(tokens: list[str], skip: Optional[set[int]] = None,
                    spaces: Optional[Sequence[bool | int]] = None, lowers: Optional[list[str]] = None,
                    candidates: Optional[list[int]] = None) -> list[Quantity]:
    """All quantities in a token sequence (texts); `skip` holds indices inside entity names;
    `spaces[i]` tells whether token i is followed by a space (unknown when None); `candidates`, when
    given, are the only tokens that can hold a number (every number token has a digit)."""
    lex = _lexicon()
    if lowers is None:
        lowers = [t.lower() for t in tokens]
    n = len(tokens)
    parsed: list = [None] * n
    for k in range(n) if candidates is None else candidates:
        if tokens[k][:1] in _NUMBER_STARTS:
            parsed[k] = parse_number(tokens[k])
    out: list[Quantity] = []
    done = 0  # tokens before this are part of a quantity already found
    for i in [k for k in (range(n) if candidates is None else candidates) if parsed[k] is not None]:
        if i < done or (skip and i in skip):
            continue
        p = parsed[i]
        value, unit, low, pre = p
        if _is_year(tokens[i], unit) or (i > 0 and tokens[i - 1] == "[" and i + 1 < n and tokens[i + 1] in ("]", ",")):
            continue
        # A number hyphenated onto a word is part of a compound or a name (`4-bit`, `1.5-Pints`, `5-shot`).
        if (spaces is not None and not spaces[i] and i + 2 < n and tokens[i + 1] in ("-", "–")
                and not spaces[i + 1] and parsed[i + 2] is None and tokens[i + 2][:1].isalpha()):
            done = i + 3
            continue
        start, end = i, i + 1
        form = "range" if low is not None else "plain"
        if pre in ("+",):
            form = "signed"
        negative = pre in ("-", "−")
        qualifier = "about" if pre in ("~", "≈", "\\sim", "sim") else ("over" if pre == ">" else None)

        # A scale word (`1 million tokens`).
        if unit is None and end < n and lowers[end] in ("thousand", "million", "billion", "trillion"):
            value *= lex.scales[lowers[end]]
            end += 1
        # `12 of 17 datasets`, `8 out of 10 tasks`: a count of things, in the unit of what is counted.
        if unit is None and low is None and _COUNT_OF.match(" ".join(lowers[end:end + 4])):
            of = end + (1 if lowers[end] == "of" else 2)
            if of + 1 < n and parsed[of] is not None and lowers[of + 1].isalpha() and lowers[of + 1].endswith("s"):
                unit, end, form = lowers[of + 1], of + 2, "count"
        if unit is None:
            unit, end = _unit_after(lowers, end, lex, margin=pre == "+" or (i > 0 and lowers[i - 1] == "by"))
        if unit == "%" and end < n and lowers[end] in ("points", "point", "pts"):
            unit, end = "pp", end + 1  # `6.4% points`
        # `10 - 20x`, `3 to 5 times`, `from 36.1 to 41.2`, `from 6.83% to 16.98%`, `between 0-15%`.
        if low is None and end + 1 < n and lowers[end] in _RANGE_LINKS and parsed[end + 1] is not None:
            linked = parsed[end + 1]
            link = lowers[end]
            from_to = i > 0 and lowers[i - 1] == "from" and link == "to"
            between = i > 0 and lowers[i - 1] == "between"
            # `3% to 5% gains`: a range when both ends carry the same unit, glued or written after.
            same_unit = linked[1] == unit or (linked[1] is None and _unit_after(lowers, end + 2, lex)[0] == unit)
            if (link != "and" or between) and (link != "to" or from_to or unit is None or same_unit):
                second_unit, second_end = linked[1], end + 2
                if second_unit is None:
                    second_unit, second_end = _unit_after(lowers, second_end, lex)
                if unit is None or second_unit is None or unit == second_unit:
                    low, value = value, linked[0]
                    unit = second_unit or unit
                    form = "from_to" if from_to else ("to_range" if link == "to" else "range")
                    end = second_end
        q = _qualifier_before(lowers, start, lex.before)
        if q is not None and (qualifier is None or q == "up to"):
            qualifier = q
        if qualifier is None:
            after, _ = _match_phrase(lowers, end, lex.after, 3)
            if after is not None:
                qualifier = after
        if form in ("range", "to_range") and qualifier is None:
            qualifier = "range"
        out.append(Quantity(start=start, end=end, value=abs(value), unit=unit, qualifier=qualifier,
                            low=low, form=form, negative=negative))
        done = end
    return out


if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)


@Language.component("kg_quantities")
def mark_quantities(doc: Doc) -> Doc:
    """Store every number of the abstract, with unit and qualifier, on `doc._.quantities`."""
    v = view(doc)
    set_doc_attr(doc, "quantities", find_quantities(v.texts, spaces=v.spaces, lowers=v.lowers, candidates=v.marked()))
    return doc
