"""Opening an input file safely: refuse what is not UTF-8 text, and stream lines of bounded size.

Every reader goes through here, so a 1 GB file is never held in memory and a 100 MB line costs
at most one record-sized buffer: an over-long line is skipped in chunks, never assembled.
A gzip-compressed file (`papers.jsonl.gz`) is decompressed on the fly and then checked like any other, and
standard input (`-`) is read like a file (kg.read.opening).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator, TypeVar

from kg.read import opening
from kg.read.opening import open_input
from kg.read.problem import ReadProblem

T = TypeVar("T")

# Largest record (a line, a CSV row, an XML entry's text) a reader accepts. Real abstracts are a few KB.
MAX_RECORD_BYTES = 10 * 1024 * 1024
# How much of a file is looked at to tell text from binary and one format from another.
SNIFF_BYTES = 8192
_SKIP_CHUNK = 256 * 1024
_BUFFER = 64 * 1024

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
# Common non-text files a user might pass by mistake, named so the message says what to do.
_MAGIC = (
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"PK\x03\x04", "a zip archive; extract it first"),
    (b"%PDF-", "a PDF file, not text"),
    (b"BZh", "a bzip2-compressed file; decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file; decompress it first"),
)
# Control bytes that never occur in text (tab, newline, CR, form feed, ESC do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


@dataclass(frozen=True)
class Line:
    """One line of a text file, without its line ending.

    `text` is None when the line was too long to keep; `problem` says what was wrong with it
    (then `text`, if present, is the line decoded with U+FFFD replacements).
    """

    number: int
    text: str | None
    problem: str | None = None


def head_problem(head: bytes) -> str | None:
    """Why the first bytes of a file show it is not UTF-8 text, or None when they look fine."""
    if not head:
        return "empty file"
    if head.startswith(UTF8_BOM):
        return None
    for bom in _UTF16_32_BOMS:
        if head.startswith(bom):
            return "file is UTF-16/UTF-32 encoded; only UTF-8 is supported (convert it, e.g. with iconv)"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what})"
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    controls = sum(head.count(c) for c in _CONTROL)
    if controls > max(8, len(head) // 20):
        return "binary file (many control bytes), not text"
    return None


def open_checked(path: str) -> tuple[BinaryIO | None, ReadProblem | None]:
    """Open `path` (a file, gzip data, or standard input: see kg.read.opening) for binary reading if it
    looks like UTF-8 text; otherwise say why not."""
    try:
        f = open_input(path)
    except IsADirectoryError:
        return None, ReadProblem(path, None, "is a directory, expected a file")
    except FileNotFoundError:
        return None, ReadProblem(path, None, "no such file or directory")
    except OSError as exc:
        return None, ReadProblem(path, None, f"cannot open file: {exc.strerror or exc}")
    try:
        head = f.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    except OSError as exc:
        f.close()
        return None, ReadProblem(path, None, f"cannot read file: {exc.strerror or exc}")
    problem = head_problem(head)
    if problem is not None:
        f.close()
        return None, ReadProblem(path, None, problem)
    return f, None


def read_head(path: str, size: int = SNIFF_BYTES) -> bytes:
    """The first bytes of an input, decompressed (empty when it cannot be read): for format sniffing."""
    return opening.read_head(path, size)


def _skip_rest_of_line(f: BinaryIO) -> int:
    """Read past the end of the current line in fixed chunks; return how many bytes were skipped."""
    skipped = 0
    while True:
        part = f.readline(_SKIP_CHUNK)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


def _describe_bad_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    bad = raw[exc.start:exc.start + 1].hex()
    return (f"invalid UTF-8 (byte 0x{bad} at byte {exc.start + 1} of the line); "
            "the file must be UTF-8 encoded")


def iter_lines(f: BinaryIO, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Line]:
    """Lines of an open binary file, decoded as UTF-8, each at most `max_bytes` long.

    A bad line becomes a `Line` with a `problem`; the lines after it are still read.
    """
    number = 0
    while True:
        try:
            raw = f.readline(max_bytes + 1)
        except OSError as exc:
            yield Line(number + 1, None, f"read error: {exc.strerror or exc}")
            return
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            total = len(raw) + _skip_rest_of_line(f)
            yield Line(number, None,
                       f"line is too long ({total / 1e6:.1f} MB; at most {max_bytes / 1e6:.0f} MB "
                       "per record); skipped")
            continue
        if number == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM):]
        raw = raw.rstrip(b"\r\n")
        try:
            yield Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Line(number, raw.decode("utf-8", errors="replace"), _describe_bad_utf8(raw, exc))


def read_lines(path: str, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Line | ReadProblem]:
    """Lines of the file at `path`, or a single ReadProblem when it cannot be read as text."""
    return parse_opened(path, lambda _path, f: iter_lines(f, max_bytes))


def parse_opened(path: str, parse: Callable[[str, BinaryIO], Iterator[T]]) -> Iterator[T | ReadProblem]:
    """`parse(path, file)` over the opened input, or the one problem that kept it from opening (every reader
    starts so: `open_checked`)."""
    f, problem = open_checked(path)
    if problem is not None:
        yield problem
        return
    assert f is not None
    with f:
        yield from parse(path, f)


def text_of(head: bytes) -> str:
    """The sniffed head of a file as text (BOM dropped, a cut multi-byte character tolerated)."""
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM):]
    return head.decode("utf-8", errors="replace")
