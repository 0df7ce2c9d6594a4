"""Bounds on the work one record can cause, applied as it is read.

The tokenizer behind extraction is quadratic on runs of punctuation (20 KB of `%`: ~100 s; measured 1,000
`%` 0.7 s, 2,000 3.1 s) and slow on very long words (a 500 KB abstract without spaces: 92 s). Real abstracts
are far inside these bounds (arXiv caps them at 1,920 characters), so a record over them is hostile or
broken: it is cut, and a problem line says what was cut, and the rest loads as usual.
"""
from __future__ import annotations

import functools
import re

from kg.models import Paper
from kg.read.problem import ReadProblem

MAX_ABSTRACT_CHARS = 20_000  # ~0.25 s of extraction for ordinary text
MAX_WORD_CHARS = 1_000  # a run without white space
MAX_PUNCTUATION_RUN = 64  # a run of the same kind of symbol (`%%%%`, `((((`)

_PUNCTUATION_RUN = re.compile(r"([^\w\s])\1{%d,}|[^\w\s]{%d,}" % (MAX_PUNCTUATION_RUN, MAX_PUNCTUATION_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
# each over-long run is cut to its limit: (pattern matching only over-long runs, limit, what the problem line calls them)
_RUN_LIMITS = ((_PUNCTUATION_RUN, MAX_PUNCTUATION_RUN, "run(s) of punctuation"),
               (_LONG_WORD, MAX_WORD_CHARS, "word(s) without spaces"))


def _first_chars(limit: int, match: re.Match[str]) -> str:
    return match.group()[:limit]


def bound_paper(paper: Paper, path: str) -> tuple[Paper, ReadProblem | None]:
    """The paper with its abstract inside the limits, and a problem saying what was cut (None if nothing)."""
    text = paper.abstract
    cuts: list[str] = []
    if len(text) > MAX_ABSTRACT_CHARS:
        cuts.append(f"abstract cut to {MAX_ABSTRACT_CHARS:,} of its {len(text):,} characters")
        text = text[:MAX_ABSTRACT_CHARS]
    for pattern, limit, what in _RUN_LIMITS:
        text, count = pattern.subn(functools.partial(_first_chars, limit), text)
        if count:
            cuts.append(f"{count} {what} cut to {limit:,} characters")
    if not cuts:
        return paper, None
    bounded = paper.model_copy(update={"abstract": text}).at_line(paper.line)
    return bounded, ReadProblem(path, paper.line,
                                f"paper {paper.id}: {'; '.join(cuts)} (limits on record size)")
