"""Turning the fields of one input record into a Paper, or into a ReadProblem that says why not."""
from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from pydantic import ValidationError

from kg.models import Paper
from kg.read.dates import derived_published
from kg.read.ids import first_arxiv_id
from kg.read.problem import ReadProblem


def title_id(title: str) -> str:
    """A paper id derived from its title alone, so one paper listed in two files gets one id.

    `t-` + 16 hex digits of sha256 over the NFKC-normalised, casefolded, whitespace-collapsed title.
    """
    norm = " ".join(unicodedata.normalize("NFKC", title).casefold().split())
    return "t-" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _shorten(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_validation_error(exc: ValidationError) -> str:
    """One short line per invalid field, e.g. `abstract is empty; title must be text, not int`."""
    parts = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err["loc"]) or "record"
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "missing":
            parts.append(f"{field} is missing")
        elif kind == "string_too_short":
            parts.append(f"{field} is empty")
        elif kind == "string_too_long":
            parts.append(f"{field} is too long ({len(err['input'])} characters, "
                         f"at most {ctx.get('max_length')})")
        elif kind == "string_type" and err["input"] is None:
            parts.append(f"{field} is missing")
        elif kind == "string_type":
            parts.append(f"{field} must be text, not {type(err['input']).__name__} "
                         f"{_shorten(err['input'])}")
        elif kind == "value_error":
            parts.append(f"{field} {str(ctx.get('error', err['msg']))}")
        else:
            parts.append(f"{field}: {err['msg']}")
    return "; ".join(parts)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def make_paper(path: str, line: int | None, *, id: Any = None, title: Any = None, abstract: Any = None,
               url: Any = None, published: Any = None, source: Any = None,
               links: tuple[Any, ...] = (), where: str = "") -> Paper | ReadProblem:
    """Validate one record's fields. The id is the arXiv id found in any of `links` (an `arxiv_id` field,
    `abs`, `pdf`), the id or the url; else the id given; else one derived from the title (see `title_id`).
    `where` starts a problem's message where the line alone does not place the record (`entry 3: `)."""
    if isinstance(id, int) and not isinstance(id, bool):
        id = str(id)  # numeric ids are common in exports; they are still identifiers
    found = first_arxiv_id(*links, id, url)
    if found:
        id = found
    if id is None or (isinstance(id, str) and not id.strip()):
        if not isinstance(title, str) or not title.strip():
            return ReadProblem(path, line, where + "record has neither an id nor a title")
        id = title_id(title)
    if title is None:
        title = ""
    if published is None or published == "":
        # No date in the record: an arXiv id (or abs URL) names the month
        published = derived_published(None, id if isinstance(id, str) else None, url if isinstance(url, str) else None)
    for name, value in (("id", id), ("title", title), ("abstract", abstract), ("url", url),
                        ("published", published), ("source", source)):
        if isinstance(value, str) and not _encodable(value):
            # json.loads turns "\ud800" into a lone surrogate, which cannot be stored or hashed as UTF-8
            return ReadProblem(path, line, f"{where}{name} contains an invalid Unicode character (a lone surrogate)")
    try:
        paper = Paper(id=id, title=title, abstract=abstract, url=url or None, published=published or None,
                      source=path if source is None else source, arxiv_id=found)
    except ValidationError as exc:
        return ReadProblem(path, line, where + describe_validation_error(exc))
    return paper.at_line(line)
