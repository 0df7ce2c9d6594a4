"""Input readers: files of paper abstracts in, `Paper`s (and `ReadProblem`s for bad input) out.

    for item in read_papers(["listings/", "more.jsonl"]):
        if isinstance(item, ReadProblem): warn(str(item))   # "path:line: message"
        else: load(item)

Formats (`fmt`, or `auto` to decide per file with `detect_format`):
- `daily`: daily paper listings saved as text (`.txt`); see `kg.read.daily`.
- `jsonl`: JSON Lines (`.jsonl`, `.ndjson`, `.json`; a `.json` holding one array also works).
- `arxiv`: arXiv API Atom XML (`.xml`, `.atom`).
- `csv`: CSV or TSV with a header row (`.csv`, `.tsv`); `tsv` is accepted as a name for it.

Any file may be gzip-compressed (`papers.jsonl.gz`: recognised by its first bytes, its format by the name
without `.gz`), and `-` reads standard input (format by content); see `kg.read.opening`.

Paper ids:
- daily listings, and JSON Lines / CSV records without an id: `t-` + 16 hex digits of the sha256 of the
  casefolded, whitespace-collapsed title (`title_id`), so a paper listed twice gets one id;
- arXiv feeds: the arXiv id without version, e.g. `2401.01234`;
- JSON Lines / CSV: the record's `id` as given (a JSON number becomes text).
`summary` is accepted as another name for `abstract` in JSON Lines and CSV.

Reading never raises for bad input and never holds a whole file in memory: each unreadable file or bad
record yields a `ReadProblem` and reading goes on. Directories are searched recursively in sorted order
for files with the format's extensions; hidden files and directories are skipped.
Any of them may be gzip-compressed (`papers.jsonl.gz`, `listing.txt.gz`): it is decompressed while read.
"""
from __future__ import annotations

import logging
import os
import stat
from typing import Callable, Iterable, Iterator

from kg.models import Paper
from kg.read.arxiv import read_arxiv
from kg.read.csv_format import read_csv
from kg.read.daily import read_daily
from kg.read.detect import EXTENSIONS, detect_format, extension
from kg.read.jsonl import read_jsonl
from kg.read.limits import bound_paper
from kg.read.opening import STDIN_ARG, STDIN_NAME, reset_stdin
from kg.read.problem import ReadProblem
from kg.read.records import title_id

__all__ = ["FORMATS", "ReadProblem", "detect_format", "read_papers", "title_id",
           "read_daily", "read_jsonl", "read_arxiv", "read_csv"]

log = logging.getLogger(__name__)

FORMATS = ("auto", "daily", "jsonl", "arxiv", "csv", "tsv")
READERS: dict[str, Callable[[str], Iterator[Paper | ReadProblem]]] = {
    "daily": read_daily,
    "jsonl": read_jsonl,
    "arxiv": read_arxiv,
    "csv": read_csv,
    "tsv": read_csv,  # the CSV reader takes its delimiter from the header line
}
# Extensions searched for in a directory, per --format (tsv: the .tsv files only).
_SEARCHED = {**EXTENSIONS, "tsv": (".tsv",)}

PathLike = str | os.PathLike[str]


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def input_files(path: PathLike, fmt: str = "auto") -> Iterator[str | ReadProblem]:
    """The files to read for one given path: the path itself, or the matching files under a directory."""
    path = os.fsdecode(path)
    if path == STDIN_ARG:
        yield STDIN_NAME
        return
    if not os.path.exists(path):
        yield ReadProblem(path, None, "no such file or directory")
        return
    if not os.path.isdir(path):
        unusual = _not_regular(path)
        # a file named explicitly is read whatever its extension; a FIFO or device would block or never end
        yield ReadProblem(path, None, unusual) if unusual else path
        return
    wanted = tuple(ext for f, exts in _SEARCHED.items() if fmt in ("auto", f) for ext in exts)
    walk_errors: list[OSError] = []
    found = 0
    for root, dirs, files in os.walk(path, onerror=walk_errors.append):
        for err in walk_errors:
            yield ReadProblem(os.fsdecode(err.filename or root), None, f"cannot list directory: {err.strerror}")
        walk_errors.clear()
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            if _is_hidden(name):
                continue
            if extension(name) in wanted:
                found += 1
                unusual = _not_regular(os.path.join(root, name))
                yield ReadProblem(os.path.join(root, name), None, unusual) if unusual else os.path.join(root, name)
            else:
                log.debug("skipping %s: not a %s file", os.path.join(root, name), "/".join(wanted))
    for err in walk_errors:
        yield ReadProblem(os.fsdecode(err.filename or path), None, f"cannot list directory: {err.strerror}")
    if not found:
        yield ReadProblem(path, None, f"no input files ({', '.join(wanted)}, or these .gz) in this directory")


def _not_regular(path: str) -> str | None:
    """Why `path` is not read (a FIFO, socket or device: opening or reading it can block forever), or None.
    Symbolic links are followed; a dangling one is left to the reader to report."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"skipped: {kind}, not a regular file"


def _read_all(paths: Iterable[PathLike], fmt: str) -> Iterator[Paper | ReadProblem]:
    for given in paths:
        for file in input_files(given, fmt):
            if isinstance(file, ReadProblem):
                yield file
                continue
            file_fmt = detect_format(file) if fmt == "auto" else fmt
            papers = problems = 0
            for item in READERS[file_fmt](file):
                if isinstance(item, ReadProblem):
                    problems += 1
                else:
                    papers += 1
                    item, cut = bound_paper(item, file)
                    if cut is not None:
                        yield cut
                yield item
            if papers + problems == 0:
                yield ReadProblem(file, None, f"no papers found (read as {file_fmt})")
            log.info("%s: %d papers, %d problems (%s)", file, papers, problems, file_fmt)


def read_papers(paths: Iterable[PathLike] | PathLike, fmt: str = "auto") -> Iterator[Paper | ReadProblem]:
    """Papers from files and directories, with a ReadProblem for every bad file or record.

    Raises ValueError only for an unknown `fmt` (a caller's mistake, not an input problem).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    reset_stdin()  # each call may read standard input (once)
    return _read_all(paths, fmt)
