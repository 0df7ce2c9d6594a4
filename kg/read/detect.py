"""Which reader a file needs: by its extension first, then by looking at its first bytes."""
from __future__ import annotations

import os

from kg.read.textfile import read_head, text_of

# The extensions each format claims; directories are searched for these only (so a README.md beside
# the listings is not read as one).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "daily": (".txt",),
    "jsonl": (".jsonl", ".ndjson", ".json"),
    "arxiv": (".xml", ".atom"),
    "csv": (".csv", ".tsv"),
}
_BY_EXTENSION = {ext: fmt for fmt, exts in EXTENSIONS.items() for ext in exts}
_CSV_NEEDS = ({"abstract", "summary"}, {"id", "title"})


def extension(path: str | os.PathLike[str]) -> str:
    """The format extension, looking through a `.gz` (`papers.jsonl.gz` -> `.jsonl`)."""
    name = os.fspath(path).lower()
    return os.path.splitext(name[:-3] if name.endswith(".gz") else name)[1]


def format_by_extension(path: str | os.PathLike[str]) -> str | None:
    return _BY_EXTENSION.get(extension(path))


def _looks_like_csv_header(first_line: str) -> bool:
    for delimiter in (",", "\t"):
        names = {cell.strip().strip('"').casefold() for cell in first_line.split(delimiter)}
        if len(names) > 1 and all(names & needed for needed in _CSV_NEEDS):
            return True
    return False


def sniff_format(head: bytes) -> str:
    """Format of a file judging by its first bytes; text that is nothing else is a daily listing."""
    text = text_of(head).lstrip()
    if text.startswith(("{", "[")):
        return "jsonl"
    if text.startswith("<"):
        return "arxiv"
    if _looks_like_csv_header(text.split("\n", 1)[0]):
        return "csv"
    return "daily"


def detect_format(path: str | os.PathLike[str]) -> str:
    """One of `daily`, `jsonl`, `arxiv`, `csv` for a file (never raises; unreadable files sniff as `daily`,
    and reading them then reports the problem)."""
    return format_by_extension(path) or sniff_format(read_head(os.fspath(path)))
