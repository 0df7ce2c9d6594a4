"""Records to mine, from any input the package reads: the repo's readers (`kg.read.read_papers`, so a
user's daily listings, JSON Lines, arXiv Atom or CSV work, gzip-compressed too) or records in memory."""
from __future__ import annotations

import hashlib
import logging
import os
from typing import Iterable, Iterator

log = logging.getLogger(__name__)


def title_and_text(record: object) -> tuple[str, str] | None:
    """(title, abstract) of a Paper, a dict (`abstract` or `summary`), or a pair; None for anything else."""
    if isinstance(record, tuple) and len(record) == 2:
        return str(record[0] or ""), str(record[1] or "")
    if isinstance(record, dict):
        text = record.get("abstract") or record.get("summary")
        return (str(record.get("title") or ""), str(text)) if text else None
    abstract = getattr(record, "abstract", None)
    if isinstance(abstract, str):
        return str(getattr(record, "title", "") or ""), abstract
    return None


def read_corpus(paths: Iterable[str | os.PathLike]) -> Iterator[object]:
    """Papers from files or directories through the package's readers; bad records are logged and skipped."""
    from kg.read import ReadProblem, read_papers

    for item in read_papers(list(paths)):
        if isinstance(item, ReadProblem):
            log.warning("%s", item)
            continue
        yield item


def describe_inputs(paths: Iterable[str | os.PathLike]) -> list[dict[str, object]]:
    """Name, size and sha256 of each input file, for the manifest (directories are listed file by file)."""
    out: list[dict[str, object]] = []
    for given in paths:
        given = os.fspath(given)
        files = [given] if not os.path.isdir(given) else sorted(
            os.path.join(root, f) for root, _, names in os.walk(given) for f in names if not f.startswith("."))
        for path in files:
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            out.append({"file": os.path.basename(path), "bytes": os.path.getsize(path),
                        "sha256": digest.hexdigest()})
    return out
