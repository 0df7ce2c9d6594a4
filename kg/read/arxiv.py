"""arXiv API results: Atom XML feeds (`http://www.w3.org/2005/Atom`), one <entry> per paper.

Parsing is safe and streaming:
- defusedxml's parser refuses any DTD, entity declaration or external entity, so billion-laughs and
  XXE payloads end the file with a ReadProblem and are never expanded or fetched;
- no element tree is built: a parser target keeps only the fields of the current entry, bounded by
  MAX_RECORD_BYTES, and papers are handed out after every chunk fed to the parser.

An entry becomes a Paper with id = the arXiv identifier without its version (`2401.01234`,
`hep-ex/0307015`), url = the entry's `alternate` (abs page) link, title and summary with runs of
whitespace collapsed (the API wraps lines), published = `published` (or `updated`).
An entry whose id is not an arXiv abs URL (another Atom feed) keeps its id as written.
ReadProblems carry the line where the entry starts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from kg.models import Paper
from kg.read.problem import ReadProblem
from kg.read.records import make_paper
from kg.read.textfile import MAX_RECORD_BYTES, parse_opened

ATOM = "{http://www.w3.org/2005/Atom}"
_FEED, _ENTRY, _LINK = ATOM + "feed", ATOM + "entry", ATOM + "link"
_TEXT_FIELDS = {ATOM + name: name for name in ("id", "title", "summary", "content", "published", "updated")}
_ARXIV_ABS = re.compile(r"^https?://(?:export\.|www\.)?arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?/?$")
_ARXIV_ERROR = "arxiv.org/api/errors"
MAX_LINKS = 20  # links kept per entry; arXiv gives two or three (abs page, pdf, doi)
_CHUNK = 32 * 1024  # papers are handed out after each chunk: a small chunk keeps few in memory


class NotAtomFeed(Exception):
    """The document's root element is not an Atom <feed>."""


@dataclass
class Entry:
    """The fields of one <entry>, as collected while parsing."""

    number: int
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)
    size: int = 0
    too_long: bool = False


class AtomEntryTarget:
    """ElementTree parser target that collects entries of an Atom feed without building a tree."""

    def __init__(self, max_chars: int = MAX_RECORD_BYTES):
        self.max_chars = max_chars
        self.expat = None  # set once the parser exists: the source of line numbers and byte offsets
        self.depth = 0
        self.entries_seen = 0
        self.entry: Entry | None = None
        self.field_name: str | None = None
        self.text: list[str] = []
        self.done: list[Entry] = []
        self.last_event_byte = 0

    def _mark(self) -> None:
        if self.expat is not None:
            self.last_event_byte = self.expat.CurrentByteIndex

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self._mark()
        self.depth += 1
        if self.depth == 1 and tag != _FEED:
            raise NotAtomFeed(tag)
        if self.depth == 2 and tag == _ENTRY:
            self.entries_seen += 1
            line = self.expat.CurrentLineNumber if self.expat is not None else 0
            self.entry = Entry(self.entries_seen, line)
        elif self.depth == 3 and self.entry is not None:
            if tag in _TEXT_FIELDS:
                self.field_name, self.text = _TEXT_FIELDS[tag], []
            elif tag == _LINK and len(self.entry.links) < MAX_LINKS:  # a flood of <link>s must not pile up
                self.entry.links.append(dict(attrs))

    def data(self, text: str) -> None:
        self._mark()
        entry = self.entry
        if self.field_name is None or entry is None or entry.too_long:
            return
        entry.size += len(text)
        if entry.size > self.max_chars:
            entry.too_long, self.text = True, []  # drop what was kept: the entry will be reported
        else:
            self.text.append(text)

    def end(self, tag: str) -> None:
        self._mark()
        if self.depth == 3 and self.field_name is not None and self.entry is not None:
            self.entry.fields.setdefault(self.field_name, "".join(self.text))
            self.field_name, self.text = None, []
        elif self.depth == 2 and tag == _ENTRY and self.entry is not None:
            self.done.append(self.entry)
            self.entry = None
        self.depth -= 1

    def close(self) -> None:
        return None


def _collapse(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _abs_link(entry: Entry) -> str | None:
    alternates = [link for link in entry.links if link.get("rel", "alternate") == "alternate" and link.get("href")]
    html = [link for link in alternates if link.get("type") == "text/html"]
    chosen: dict[str, str] | None = (html or alternates or [None])[0]  # type: ignore[list-item]
    if chosen is not None:
        return chosen["href"]
    entry_id = (entry.fields.get("id") or "").strip()
    return entry_id if entry_id.startswith(("http://", "https://")) else None


def entry_to_paper(path: str, entry: Entry) -> Paper | ReadProblem:
    where = f"entry {entry.number}: "
    if entry.too_long:
        return ReadProblem(path, entry.line, f"{where}text is too long (more than "
                                             f"{MAX_RECORD_BYTES // 2**20} MB); skipped")
    raw_id = (entry.fields.get("id") or "").strip()
    if _ARXIV_ERROR in raw_id:
        message = _collapse(entry.fields.get("summary")) or raw_id
        return ReadProblem(path, entry.line, f"{where}the arXiv API returned an error: {message}")
    abstract = _collapse(entry.fields.get("summary") or entry.fields.get("content"))
    if not abstract:
        return ReadProblem(path, entry.line, f"{where}entry has no <summary> (abstract); skipped")
    match = _ARXIV_ABS.match(raw_id)
    return make_paper(path, entry.line, id=match.group("id") if match else (raw_id or None),
                      title=_collapse(entry.fields.get("title")), abstract=abstract, url=_abs_link(entry),
                      published=(entry.fields.get("published") or entry.fields.get("updated") or "").strip(),
                      source=path, where=where)


def _describe_refusal(exc: DefusedXmlException) -> str:
    if isinstance(exc, DTDForbidden):
        what = "declares a DTD (<!DOCTYPE ...>)"
    elif isinstance(exc, EntitiesForbidden):
        what = "declares entities"
    elif isinstance(exc, ExternalReferenceForbidden):
        what = "refers to an external entity"
    else:
        what = "uses a forbidden XML feature"
    return (f"refused: the XML {what}; DTDs and entities are not accepted because they enable "
            "entity-expansion (billion laughs) and external-entity (XXE) attacks; arXiv feeds have none")


def _parse(path: str, f: BinaryIO) -> Iterator[Paper | ReadProblem]:
    target = AtomEntryTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = target.expat = parser.parser  # kept: close() drops the parser's own reference
    fed = 0

    def drain() -> Iterator[Paper | ReadProblem]:
        entries, target.done = target.done, []
        for entry in entries:
            yield entry_to_paper(path, entry)

    def line_now() -> int | None:
        line: int | None = expat.CurrentLineNumber
        return line

    try:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                parser.close()
                break
            parser.feed(chunk)
            fed += len(chunk)
            yield from drain()
            if fed - target.last_event_byte > MAX_RECORD_BYTES:
                # A single tag, attribute or comment this large would otherwise sit whole in memory.
                yield ReadProblem(path, line_now(), f"an XML token is larger than "
                                                    f"{MAX_RECORD_BYTES // 2**20} MB; the rest of the file is skipped")
                return
    except ParseError as exc:
        yield from drain()
        line = exc.position[0] if getattr(exc, "position", None) else None
        reason = str(exc).split(":")[0]
        yield ReadProblem(path, line, f"malformed or truncated XML ({reason}); the rest of the file is skipped")
        return
    except DefusedXmlException as exc:
        yield from drain()
        yield ReadProblem(path, line_now(), _describe_refusal(exc))
        return
    except NotAtomFeed as exc:
        tag = str(exc.args[0])
        shown = tag.split("}")[-1] + (f" in namespace {tag[1:].split('}')[0]}" if tag.startswith("{") else "")
        yield ReadProblem(path, line_now(), f"not an Atom feed: the root element is <{shown}>, expected "
                                            "<feed> in the Atom namespace (http://www.w3.org/2005/Atom)")
        return
    except OSError as exc:
        yield from drain()
        yield ReadProblem(path, None, f"read error: {exc.strerror or exc}")
        return
    yield from drain()


def read_arxiv(path: str) -> Iterator[Paper | ReadProblem]:
    """Papers of one arXiv API Atom feed."""
    return parse_opened(str(path), _parse)
