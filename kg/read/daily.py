"""Daily paper listings saved as text: page furniture, then a title line and an abstract paragraph per paper.

Some listings put a blank line between every line, some none at all, so blank lines carry no meaning:
each non-blank line is one unit, and a unit is a title or (part of) an abstract. The listing alternates
title, abstract, title, abstract; length and punctuation only decide where that alternation is broken:

- an abstract line is prose: longer than TITLE_MAX_CHARS or holding three or more sentences;
  a title is neither (titles may hold one `?`/`!`/`.` break: `Can LLMs Learn by Teaching? A Study`);
- a short line ending with `.` is a title only if prose follows it (else it ends the previous abstract);
- prose right after an abstract continues that abstract (a second paragraph);
- a title followed by another title and then an abstract has no abstract: reported, not guessed.

Text is kept as written (LaTeX escapes, Unicode); only the ends of each line are trimmed.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.models import Paper
from kg.read.dates import listing_day
from kg.read.problem import ReadProblem
from kg.read.records import make_paper, title_id
from kg.read.textfile import MAX_RECORD_BYTES, read_lines

# Longest line still taken for a title. arXiv titles run to about 250 characters; abstracts rarely
# fall below 300 (the shortest of the 580 in the sample corpus is 523).
TITLE_MAX_CHARS = 300
# In the sample corpus no title has more than one sentence break and every abstract has at least two.
PROSE_MIN_BREAKS = 2
_SENTENCE_BREAK = re.compile(r"[.!?]['\")\]]*\s+(?=[A-Z0-9(\"'])")
FURNITURE_FILE = Path(__file__).resolve().parents[1] / "data" / "daily_furniture.txt"
FURNITURE_MAX_CHARS = 200  # furniture lines are short; longer lines are never compared
# A sentence ends with `.` or `!`; `...` (an ellipsis) does not count, titles use it.
_SENTENCE_END = re.compile(r"(?<!\.)[.!]['\")\]]*$")


@dataclass(frozen=True)
class Furniture:
    """Lines of page furniture: exact lines (compared casefolded) and whole-line patterns."""

    exact: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    prefixes: tuple[str, ...]  # exact lines, longest first: the ones that may be glued to a first title

    def matches(self, line: str) -> bool:
        if len(line) > FURNITURE_MAX_CHARS:  # also spares splitting a 10 MB abstract into words
            return False
        norm = " ".join(line.split())
        return norm.casefold() in self.exact or any(p.fullmatch(norm) for p in self.patterns)

    def strip_glued_prefix(self, line: str) -> str:
        """`SubscribeSUGAR: ...` -> `SUGAR: ...`: furniture glued to the first title without a space.

        Case-sensitive and only before an upper-case letter or digit, so a title such as
        `NewsBench` or `Subscriber Models` is left alone.
        """
        changed = True
        while changed:
            changed = False
            for prefix in self.prefixes:
                after = line[len(prefix):len(prefix) + 1]
                if line.startswith(prefix) and (after.isupper() or after.isdigit()):
                    line, changed = line[len(prefix):], True
        return line


@lru_cache(maxsize=1)
def load_furniture(path: Path = FURNITURE_FILE) -> Furniture:
    exact, patterns = [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("re:"):
            patterns.append(re.compile(entry[3:], re.IGNORECASE))
        else:
            exact.append(" ".join(entry.split()))
    return Furniture(frozenset(e.casefold() for e in exact), tuple(patterns),
                     tuple(sorted(exact, key=len, reverse=True)))


@dataclass(frozen=True)
class Unit:
    """One non-blank, non-furniture line of a listing."""

    line: int
    text: str

    @property
    def prose(self) -> bool:
        if len(self.text) > TITLE_MAX_CHARS:
            return True
        return len(_SENTENCE_BREAK.findall(self.text)) >= PROSE_MIN_BREAKS

    @property
    def sentence_like(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))


def _saved_at(path: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def _units(path: str, furniture: Furniture, days: list[str] | None = None) -> Iterator[Unit | ReadProblem]:
    """Non-furniture lines; a date line among the furniture (`Mar 14`) is appended to `days` as it passes."""
    in_header = True
    for line in read_lines(path):
        if isinstance(line, ReadProblem):
            yield line
            return
        if line.problem is not None:
            yield ReadProblem(path, line.number, line.problem)
            continue
        assert line.text is not None
        text = line.text.strip()
        if not text or furniture.matches(text):
            if days is not None and text and len(text) < 20:
                day = listing_day(text, _saved_at(path))
                if day:
                    days.append(day)
            continue
        if in_header:
            text = furniture.strip_glued_prefix(text)
            in_header = False
        yield Unit(line.number, text)


def _with_next(items: Iterable[Unit | ReadProblem]) -> Iterator[tuple[Unit, Unit | None] | ReadProblem]:
    """Each unit with the unit after it (problems pass straight through)."""
    current: Unit | None = None
    for item in items:
        if isinstance(item, ReadProblem):
            yield item
            continue
        if current is not None:
            yield current, item
        current = item
    if current is not None:
        yield current, None


def _starts_paper(unit: Unit, nxt: Unit | None, abstract_open: bool) -> bool:
    """Whether `unit`, met where a title may start, is that title (else it continues the abstract)."""
    if unit.prose:
        return False
    if not unit.sentence_like or not abstract_open:
        return True
    return nxt is not None and nxt.prose


@dataclass
class OpenPaper:
    """A title and its abstract so far; more paragraphs may follow, up to MAX_RECORD_BYTES in all."""

    title: Unit
    parts: list[str]
    size: int = 0
    too_long: bool = False

    def add(self, text: str) -> None:
        self.size += len(text)
        if self.size > MAX_RECORD_BYTES:
            self.too_long, self.parts = True, []  # many continued lines: report, do not hoard them
        elif not self.too_long:
            self.parts.append(text)

    def finish(self, path: str, published: str | None = None) -> Paper | ReadProblem:
        if self.too_long:
            return ReadProblem(path, self.title.line, f"abstract is too long (more than "
                                                      f"{MAX_RECORD_BYTES // 2**20} MB of lines); skipped")
        return make_paper(path, self.title.line, id=title_id(self.title.text), title=self.title.text,
                          abstract=" ".join(self.parts), source=path, published=published)


def read_daily(path: str) -> Iterator[Paper | ReadProblem]:
    """Papers of one daily-listing text file; ids from titles (`title_id`), `source` the file path."""
    path = str(path)
    pending_title: Unit | None = None  # a title whose abstract has not come yet
    open_paper: OpenPaper | None = None  # title and abstract, which may still continue
    days: list[str] = []  # the listing's date lines seen so far: a paper gets the last one before it
    for item in _with_next(_units(path, load_furniture(), days)):
        if isinstance(item, ReadProblem):
            yield item
            continue
        unit, nxt = item
        if pending_title is not None:
            # A title-like line is the abstract unless prose follows: then it is the next title.
            if unit.prose or nxt is None or not nxt.prose:
                open_paper, pending_title = OpenPaper(pending_title, []), None
                open_paper.add(unit.text)
                continue
            yield ReadProblem(path, pending_title.line,
                              f"title {pending_title.text[:80]!r} has no abstract after it; skipped")
            pending_title = None
        if _starts_paper(unit, nxt, open_paper is not None):
            if open_paper is not None:
                yield open_paper.finish(path, days[-1] if days else None)
            open_paper, pending_title = None, unit
        elif open_paper is not None:
            open_paper.add(unit.text)
        else:
            yield ReadProblem(path, unit.line, "abstract paragraph without a title before it; skipped")
    if open_paper is not None:
        yield open_paper.finish(path, days[-1] if days else None)
    if pending_title is not None:
        yield ReadProblem(path, pending_title.line,
                          f"title {pending_title.text[:80]!r} has no abstract after it (end of file); skipped")
