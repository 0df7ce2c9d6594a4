"""JSON Lines: one object per line with `id`, `title`, `abstract`, optional `url`, `published`, `source`.

Decisions (documented for users in kg/read/__init__.py):
- `summary` is accepted for `abstract` (the arXiv API's name for it), `abstract` wins when both are present;
  `abs` (the abstract page's address, in arXiv metadata dumps) for `url`;
- a record without `id` gets one derived from its title (`title_id`, as the daily listings do),
  so the same paper read from a listing and from JSON Lines gets the same id;
- `source` in a record is kept (bundled demo data names its origin); otherwise it is the file path;
- other keys (gold annotations' `entities`, `claims`, ...) are ignored.

A file whose first character is `[` holds one JSON array of such objects instead; arrays cannot be
streamed with the standard library, so they are read whole up to MAX_RECORD_BYTES.
"""
from __future__ import annotations

import json
from typing import Any, BinaryIO, Iterator

from kg.models import Paper
from kg.read.problem import ReadProblem
from kg.read.records import make_paper
from kg.read.textfile import MAX_RECORD_BYTES, SNIFF_BYTES, iter_lines, parse_opened, text_of


def _describe_json_error(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} (column {exc.colno})"
    return f"invalid JSON: {exc}"


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _record_to_paper(path: str, line: int | None, record: Any, where: str = "") -> Paper | ReadProblem:
    if not isinstance(record, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
            type(record), "a number")
        return ReadProblem(path, line, f"{where}expected a JSON object, got {kind}")
    abstract = record.get("abstract")
    if abstract is None:
        abstract = record.get("summary")
    if abstract is None:
        return ReadProblem(path, line, f"{where}record has no 'abstract' (or 'summary') field")
    return make_paper(path, line, id=record.get("id"), title=record.get("title"), abstract=abstract,
                      url=record.get("url") or _text_or_none(record.get("abs")), published=record.get("published"),
                      links=(record.get("arxiv_id"), record.get("abs"), record.get("pdf")),
                      source=record.get("source") if isinstance(record.get("source"), str) else None, where=where)


def _read_array(path: str, f: BinaryIO) -> Iterator[Paper | ReadProblem]:
    try:
        data = f.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        yield ReadProblem(path, None, f"read error: {exc.strerror or exc}")
        return
    if len(data) > MAX_RECORD_BYTES:
        yield ReadProblem(path, None, f"a JSON array file larger than {MAX_RECORD_BYTES // 2**20} MB cannot "
                                      "be streamed; convert it to JSON Lines (one object per line)")
        return
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield ReadProblem(path, None, f"invalid UTF-8 at byte {exc.start + 1}; the file must be UTF-8 encoded")
        return
    except (ValueError, RecursionError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        yield ReadProblem(path, line, _describe_json_error(exc))
        return
    if not isinstance(records, list):  # pragma: no cover - only reached when the sniffed '[' lied
        yield ReadProblem(path, None, "expected a JSON array of objects")
        return
    for number, record in enumerate(records, start=1):
        yield _record_to_paper(path, None, record, where=f"record {number}: ")


def read_jsonl(path: str) -> Iterator[Paper | ReadProblem]:
    """Papers of one JSON Lines file (or JSON array file); each bad line costs only that line."""
    return parse_opened(str(path), _parse_jsonl)


def _parse_jsonl(path: str, f: BinaryIO) -> Iterator[Paper | ReadProblem]:
    if text_of(f.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]  # a BufferedReader
               ).lstrip().startswith("["):
        yield from _read_array(path, f)
        return
    for line in iter_lines(f):
        if line.problem is not None:
            yield ReadProblem(path, line.number, line.problem)
            continue
        assert line.text is not None
        if not line.text.strip():
            continue
        try:
            record = json.loads(line.text)
        except (ValueError, RecursionError) as exc:
            yield ReadProblem(path, line.number, _describe_json_error(exc))
            continue
        yield _record_to_paper(path, line.number, record)
