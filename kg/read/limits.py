"""Bounds on the work one record can cause, applied as it is read.

The tokenizer behind extraction is quadratic on runs of punctuation (20 KB of `%`: ~100 s; measured 1,000
`%` 0.7 s, 2,000 3.1 s) and slow on very long words (a 500 KB abstract without spaces: 92 s). Real abstracts
are far inside these bounds (arXiv caps them at 1,920 characters), so a record over them is hostile or
broken: it is cut, and a problem line says what was cut, and the rest loads as usual.
"""
from __future__ import annotations

import re

from kg.models import Paper
from kg.read.problem import ReadProblem

MAX_ABSTRACT_CHARS = 20_000  # ~0.25 s of extraction for ordinary text
MAX_WORD_CHARS = 1_000  # a run without white space
MAX_PUNCTUATION_RUN = 64  # a run of the same kind of symbol (`%%%%`, `((((`)

_PUNCTUATION_RUN = re.compile(r"([^\w\s])\1{%d,}|[^\w\s]{%d,}" % (MAX_PUNCTUATION_RUN, MAX_PUNCTUATION_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))


def bound_paper(paper: Paper, path: str) -> tuple[Paper, ReadProblem | None]:
    """The paper with its abstract inside the limits, and a problem saying what was cut (None if nothing)."""
    text = paper.abstract
    cuts: list[str] = []
    if len(text) > MAX_ABSTRACT_CHARS:
        cuts.append(f"abstract cut to {MAX_ABSTRACT_CHARS:,} of its {len(text):,} characters")
        text = text[:MAX_ABSTRACT_CHARS]
    runs = 0

    def cut_run(match: re.Match[str]) -> str:
        nonlocal runs
        runs += 1
        return match.group()[:MAX_PUNCTUATION_RUN]

    text = _PUNCTUATION_RUN.sub(cut_run, text)
    if runs:
        cuts.append(f"{runs} run(s) of punctuation cut to {MAX_PUNCTUATION_RUN} characters")
    words = 0

    def cut_word(match: re.Match[str]) -> str:
        nonlocal words
        words += 1
        return match.group()[:MAX_WORD_CHARS]

    text = _LONG_WORD.sub(cut_word, text)
    if words:
        cuts.append(f"{words} word(s) without spaces cut to {MAX_WORD_CHARS:,} characters")
    if not cuts:
        return paper, None
    bounded = paper.model_copy(update={"abstract": text}).at_line(paper.line)
    return bounded, ReadProblem(path, paper.line,
                                f"paper {paper.id}: {'; '.join(cuts)} (limits on record size)")
