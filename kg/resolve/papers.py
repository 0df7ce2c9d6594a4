"""Paper identity across sources: one Paper node per paper, whichever record of it arrives first.

A paper is known by its arXiv id (from any field or link, `kg.read.ids`), else by its normalised title. Two
records of one paper keep the id that says most (`Paper.id_rank`: arXiv id > an id the input gave > `t-`
title hash): a daily-listing paper (title only) read after its arXiv record is skipped as known; read
before it, it is replaced by it (the listing's node is deleted when the arXiv record is loaded). Either
order gives the same graph. Two records with ids of the same rank are two papers even with one title
(two arXiv papers may share a title).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from kg.models import Paper
from kg.read.ids import title_key
from kg.stores.base import GraphStore

PAPERS_BY_TITLE = """
UNWIND $keys AS k
MATCH (p:Paper {title_key: k})
RETURN p.id AS id, p.arxiv_id AS arxiv_id, p.title_key AS title_key"""

PAPERS_BY_ARXIV_ID = """
UNWIND $ids AS k
MATCH (p:Paper {arxiv_id: k})
RETURN p.id AS id, p.arxiv_id AS arxiv_id, p.title_key AS title_key"""


@dataclass(frozen=True, slots=True)
class Known:
    id: str
    rank: int


def _rank(paper_id: str, arxiv: str | None) -> int:
    return 2 if arxiv else (0 if paper_id.startswith("t-") else 1)


@dataclass
class PaperIdentity:
    """Settles the ids of papers as they are read (`settle`), remembering what this run and the store hold.
    `take_superseded` gives the ids whose node the run must delete (and whose pending versions it must drop)."""

    store: GraphStore | None = None
    by_arxiv: dict[str, Known] = field(default_factory=dict)
    by_title: dict[str, Known] = field(default_factory=dict)
    superseded: set[str] = field(default_factory=set)
    skipped: int = 0  # records of a paper already known under a better id
    _pending: list[str] = field(default_factory=list)

    def _register(self, paper_id: str, arxiv: str | None, tkey: str | None) -> None:
        known = Known(paper_id, _rank(paper_id, arxiv))
        if arxiv:
            self.by_arxiv[arxiv] = known
        if tkey:
            held = self.by_title.get(tkey)
            if held is None or held.rank < known.rank:
                self.by_title[tkey] = known

    def _look_up_stored(self, papers: Iterable[Paper]) -> None:
        if self.store is None:
            return
        keys, ids = set(), set()
        for paper in papers:
            if paper.arxiv_id and paper.arxiv_id not in self.by_arxiv:
                ids.add(paper.arxiv_id)
            tkey = title_key(paper.title)
            if tkey and tkey not in self.by_title:
                keys.add(tkey)
        found = []
        if ids:
            found += self.store.query(PAPERS_BY_ARXIV_ID, {"ids": sorted(ids)}).records()
        if keys:
            found += self.store.query(PAPERS_BY_TITLE, {"keys": sorted(keys)}).records()
        for row in found:
            self._register(row["id"], row["arxiv_id"], row["title_key"])

    def settle(self, papers: list[Paper]) -> list[Paper]:
        """The papers to load, in order: records of a paper known under a better id are left out."""
        self._look_up_stored(papers)
        kept = []
        for paper in papers:
            tkey = title_key(paper.title) or None
            known = (self.by_arxiv.get(paper.arxiv_id) if paper.arxiv_id else None) \
                or (self.by_title.get(tkey) if tkey else None)
            rank = paper.id_rank
            if known is not None and known.id != paper.id:
                if known.rank > rank:
                    self.skipped += 1
                    continue
                if known.rank < rank:
                    self.superseded.add(known.id)
                    self._pending.append(known.id)
            self.superseded.discard(paper.id)
            self._register(paper.id, paper.arxiv_id, tkey)
            kept.append(paper)
        return kept

    def take_superseded(self) -> list[str]:
        """Ids superseded since the last call (their stored nodes are to be deleted)."""
        pending, self._pending = self._pending, []
        return [pid for pid in dict.fromkeys(pending) if pid in self.superseded]
