"""Papers paired with their extractions found in Extraction JSON Lines files, by paper id, in any order.

The extractions may come in one file or several (the part files of a Dask or Spark job) and in any order;
they are indexed by id (file number and byte offset per line) and read one at a time, so only the index is
held. A paper id listed several times (versions of a paper) has one extraction per listing, in listing
order: the n-th listing of an id takes the n-th extraction of that id when the counts agree, else the last.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Iterator, Optional, Sequence

from kg.models import Extraction, Paper

Location = tuple[int, int]  # (file number, byte offset of the line)


def _paths(extractions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(extractions, (str, os.PathLike)):
        return [Path(extractions)]
    return [Path(p) for p in extractions]


class ExtractionFiles:
    """Use as a context manager: the files stay open while papers are paired."""

    def __init__(self, extractions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]):
        self.paths = _paths(extractions)
        self.index: dict[str, list[Location]] = {}
        for number, path in enumerate(self.paths):
            with path.open("rb") as fh:
                offset = 0
                for line in fh:
                    if line.strip():
                        self.index.setdefault(json.loads(line)["id"], []).append((number, offset))
                    offset += len(line)
        self._handles: list[BinaryIO] = [path.open("rb") for path in self.paths]
        self._given: dict[str, Location] = {}  # paper id -> the extraction last handed out for it

    def read(self, where: Location) -> Extraction:
        fh = self._handles[where[0]]
        fh.seek(where[1])
        return Extraction.model_validate_json(fh.readline())

    def listed(self, paper_paths: Sequence[str | os.PathLike[str]], fmt: str = "auto"
               ) -> Iterator[tuple[Paper, Optional[Extraction]]]:
        """Every paper read, in input order, with its extraction (None if it has none)."""
        from kg.read import ReadProblem, read_papers

        paths = list(map(str, paper_paths))
        listings = Counter(p.id for p in read_papers(paths, fmt) if not isinstance(p, ReadProblem))
        seen: Counter[str] = Counter()
        for paper in read_papers(paths, fmt):
            if isinstance(paper, ReadProblem):
                continue
            found = self.index.get(paper.id)
            if not found:
                yield paper, None
                continue
            where = found[seen[paper.id]] if len(found) == listings[paper.id] else found[-1]
            seen[paper.id] += 1
            self._given[paper.id] = where
            yield paper, self.read(where)

    def extraction_of(self, papers: list[Paper]) -> list[Optional[Extraction]]:
        """A fresh copy of the extraction last handed out for each paper (for a paper resolved again)."""
        return [self.read(self._given[p.id]) if p.id in self._given else None for p in papers]

    def close(self) -> None:
        for fh in self._handles:
            fh.close()

    def __enter__(self) -> "ExtractionFiles":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
