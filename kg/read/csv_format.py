"""CSV (or TSV) with a header row: `abstract` (or `summary`) and `id` and/or `title`; optional `url`,
`published`, `source`, and `arxiv_id`, `abs`, `pdf` (an arXiv id in any of them, or in `id` or `url`, is the
paper's id: see `kg.read.ids`). Header names are matched case-insensitively; other columns are ignored.

The delimiter is taken from the header line (a tab when it has more tabs than commas). Quoted fields
may span lines; a record's problems name the line where it starts. A record is limited to
MAX_RECORD_BYTES, so an unclosed quote swallows at most that much before it is reported.
"""
from __future__ import annotations

import csv
import itertools
from typing import Iterable, Iterator

from kg.models import Paper
from kg.read.problem import ReadProblem
from kg.read.records import make_paper
from kg.read.textfile import MAX_RECORD_BYTES, Line, read_lines

# The module default (128 KB) is below a long abstract with LaTeX; the limit is process-wide, so only raise it.
if csv.field_size_limit() < MAX_RECORD_BYTES:
    csv.field_size_limit(MAX_RECORD_BYTES)

# Most lines one quoted record may span (an abstract with paragraphs spans a handful).
MAX_RECORD_LINES = 10_000
_ABSTRACT_COLUMNS = ("abstract", "summary")
_OPTIONAL_COLUMNS = ("id", "title", "url", "published", "source", "arxiv_id", "abs", "pdf")


def header_columns(header: list[str]) -> dict[str, int]:
    """Position of each known column (first occurrence wins), keyed by its canonical name."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lstrip("\ufeff").casefold()
        if key in _OPTIONAL_COLUMNS or key in _ABSTRACT_COLUMNS:
            positions.setdefault(key, index)
    if "abstract" not in positions and "summary" in positions:
        positions["abstract"] = positions["summary"]
    return positions


def missing_columns(positions: dict[str, int]) -> str | None:
    if "abstract" not in positions:
        return "no 'abstract' (or 'summary') column"
    if "id" not in positions and "title" not in positions and "arxiv_id" not in positions:
        return "neither an 'id' nor a 'title' column"
    return None


class RecordTooLong(Exception):
    """One CSV record has taken in more text than any record may hold."""


class _LineFeed:
    """Feeds decoded lines to csv.reader, noting which line numbers were bad (too long, invalid UTF-8).

    csv limits each field, not a record: quoted fields can carry a record across any number of lines,
    and a row of millions of tiny fields costs far more memory than its text. So the lines and text
    fed since the record began are bounded here too.
    """

    def __init__(self, lines: Iterable[Line], max_record_chars: int = MAX_RECORD_BYTES,
                 max_record_lines: int = MAX_RECORD_LINES):
        self.lines = iter(lines)
        self.bad: dict[int, str] = {}
        self.max_record_chars = max_record_chars
        self.max_record_lines = max_record_lines
        self.record_chars = self.record_lines = 0

    def start_record(self) -> None:
        self.record_chars = self.record_lines = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            if line.problem is not None:
                self.bad[line.number] = line.problem
            text = (line.text or "") + "\n"
            self.record_chars += len(text)
            self.record_lines += 1
            if self.record_chars > self.max_record_chars or self.record_lines > self.max_record_lines:
                raise RecordTooLong
            yield text


def read_csv(path: str) -> Iterator[Paper | ReadProblem]:
    """Papers of one CSV/TSV file with a header row."""
    path = str(path)
    lines = read_lines(path)
    first = next(lines, None)
    if isinstance(first, ReadProblem):
        yield first
        return
    if first is None:  # pragma: no cover - open_checked reports empty files
        return
    header_text = first.text or ""
    delimiter = "\t" if header_text.count("\t") > header_text.count(",") else ","
    feed = _LineFeed(itertools.chain([first], lines))  # type: ignore[arg-type]  # problems pass through
    reader = csv.reader(feed, delimiter=delimiter)

    header: list[str] | None = None
    positions: dict[str, int] = {}
    record_start = 1
    while True:
        feed.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadProblem(path, record_start, f"malformed CSV: {exc}")
            record_start = reader.line_num + 1
            continue
        except RecordTooLong:
            yield ReadProblem(path, record_start, f"record runs over more than {MAX_RECORD_LINES} lines or "
                                                  f"{MAX_RECORD_BYTES // 2**20} MB (an unclosed quote?); "
                                                  "the rest of the file is skipped")
            return
        start, record_start = record_start, reader.line_num + 1
        bad = [f"line {n}: {msg}" for n, msg in feed.bad.items() if start <= n <= reader.line_num]
        feed.bad.clear()
        if bad:
            yield ReadProblem(path, start, "; ".join(bad) + ("; record skipped" if header
                                                             else "; the header is unreadable, file skipped"))
            if header is None:
                return
            continue
        if not row or all(not cell.strip() for cell in row):
            continue
        if header is None:
            header, positions = row, header_columns(row)
            missing = missing_columns(positions)
            if missing:
                # Cut long cells: a file in another format (JSON Lines, say) has a "header" the size of a record.
                shown = ", ".join(repr(c if len(c) <= 40 else c[:37] + "...") for c in header[:12])
                yield ReadProblem(path, start, f"CSV header has {missing}; found columns: {shown}")
                return
            continue
        if len(row) != len(header):
            hint = ("an unclosed quote?" if reader.line_num > start
                    else "an unquoted delimiter or a missing field?")
            yield ReadProblem(path, start, f"row has {len(row)} fields but the header has {len(header)} "
                                           f"({hint}); skipped")
            continue
        values = {name: row[index] for name, index in positions.items()}
        yield make_paper(path, start, id=values.get("id"), title=values.get("title"),
                         abstract=values.get("abstract"), url=values.get("url"),
                         published=values.get("published"), source=values.get("source") or None,
                         links=(values.get("arxiv_id"), values.get("abs"), values.get("pdf")))
