"""Write extractions into a graph store: batched UNWIND upserts, idempotent, one atomic group per batch.

For each batch of papers the loader sends one group of statements (`GraphStore.write_atomic`):
it first removes what the previous version of each paper wrote (claims, mentions, derived edges),
then writes the new version, recomputes the touched entities' name, aliases and type from all their
mentions, removes entities nothing refers to any more, and finally stamps each paper with its
content hash. The stamp comes last: a paper whose stamp matches was written completely, so a crashed
ingest is repaired by running it again. Loading the same input twice leaves the graph unchanged.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional, Sequence

from kg.load.rows import CLAIM_ROLES, MAX_KEY_BYTES, BatchRows, batch_rows, merge_rows
from kg.load.statements import (
    DELETE_PAPERS,
    DERIVE_FROM_TALLIES,
    FORCE_REBUILD_TALLIES,
    REMOVE_OLD_MENTIONS,
    STORED_STATE,
    UNSTAMP_PAPERS,
    batch_statements,
)
from kg.models import Extraction, Paper
from kg.stores.base import GraphStore, StoreError

__all__ = ["CLAIM_ROLES", "DEFAULT_BATCH_SIZE", "MAX_KEY_BYTES", "BatchRows", "GraphLoader", "LoadStats",
           "batch_rows", "batch_statements", "chunks", "merge_rows"]

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200

@dataclass
class LoadStats:
    papers: int = 0
    mentions: int = 0
    claims: int = 0
    batches: int = 0
    entity_keys: set[str] = field(default_factory=set)

    @property
    def entities(self) -> int:
        """Distinct entities written (a set, so an entity in many batches counts once)."""
        return len(self.entity_keys)

    def add(self, other: "LoadStats") -> None:
        for name in ("papers", "mentions", "claims", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.entity_keys |= other.entity_keys



class GraphLoader:
    """Loads (paper, extraction) pairs into a store in atomic batches."""

    # Whether any entity lacks tallies (a graph written before they existed): looked for once per loader, as
    # every entity written since has them and REBUILD_TALLIES costs each batch a lookup of every touched
    # entity. (Not a module constant: those are the statements that carry input, all as parameters.)
    ANY_MISSING_TALLIES = """
MATCH (e:Entity)
WHERE e.tally_surfaces IS NULL OR e.paper_count IS NULL
RETURN e.key LIMIT 1"""

    def __init__(self, store: GraphStore, batch_size: int = DEFAULT_BATCH_SIZE):
        self.store = store
        self.batch_size = max(1, batch_size)
        self._rebuild: Optional[bool] = None  # whether batches must look for missing tallies; asked once

    def _needs_rebuild(self) -> bool:
        if self._rebuild is None:
            self._rebuild = bool(self.store.query(self.ANY_MISSING_TALLIES).rows)
        return self._rebuild

    def stored_state(self, paper_ids: Sequence[str]) -> dict[str, tuple[Optional[str], list[str]]]:
        """For the papers already in the graph: their content hash and the entity keys they touch."""
        if not paper_ids:
            return {}
        result = self.store.query(STORED_STATE, {"ids": list(paper_ids)})
        return {row["id"]: (row["hash"], [k for k in row["keys"] if k]) for row in result.records()}

    def stored_hashes(self, paper_ids: Sequence[str]) -> dict[str, Optional[str]]:
        return {pid: state[0] for pid, state in self.stored_state(paper_ids).items()}

    def load_batch(self, batch: Sequence[tuple[Paper, Extraction]]) -> LoadStats:
        if not batch:
            return LoadStats()
        # A paper listed twice in one batch: the last version wins, as it would across batches.
        unique = list({paper.id: (paper, extraction) for paper, extraction in batch}.values())
        return self.load_rows(batch_rows(unique))

    def load_rows(self, rows: "BatchRows") -> LoadStats:
        """One atomic batch from rows already built (`batch_rows`, or `merge_rows` of per-paper rows);
        each paper id once."""
        old_keys = [k for _, keys in self.stored_state(rows.ids).values() for k in keys]
        try:
            self.store.write_atomic(batch_statements(rows, old_keys, rebuild=self._needs_rebuild()))
        except StoreError:
            self._unstamp(rows.ids, sorted(set(rows.entities) | set(old_keys)))
            raise
        return LoadStats(papers=len(rows.papers), mentions=len(rows.mentions), claims=len(rows.claims),
                         batches=1, entity_keys=set(rows.entities))

    def _unstamp(self, paper_ids: Sequence[str], keys: Sequence[str] = ()) -> None:
        """After a failed batch. FalkorDB's MULTI/EXEC has no rollback: the statements around a failing one
        still apply, the stamp included, so a half-written paper would look complete and be skipped by the
        next run. Without a stamp it is rewritten. The touched entities' tallies are counted again from
        their mentions, whatever part of the batch landed. (On Neo4j the batch was rolled back; this is
        harmless.)"""
        try:
            self.store.query(UNSTAMP_PAPERS, {"ids": list(paper_ids)}, write=True)
            if keys:
                self.store.write_atomic([(FORCE_REBUILD_TALLIES.strip(), {"keys": list(keys)}),
                                         (DERIVE_FROM_TALLIES.strip(), {"keys": list(keys)})])
        except StoreError as exc:  # the connection is gone: then the batch did not land partly either
            log.info("could not clear the stamps of a failed batch: %s", exc)

    def load(self, pairs: Iterable[tuple[Paper, Extraction]]) -> LoadStats:
        stats = LoadStats()
        for batch in chunks(pairs, self.batch_size):
            stats.add(self.load_batch(batch))
        return stats

    def delete_papers(self, paper_ids: Sequence[str]) -> None:
        """Remove papers with everything they wrote (entities only they mentioned included)."""
        old_keys = [k for _, keys in self.stored_state(paper_ids).values() for k in keys]
        rows = BatchRows(ids=list(paper_ids))
        statements = batch_statements(rows, old_keys, rebuild=self._needs_rebuild())
        after_mentions = [cypher for cypher, _ in statements].index(REMOVE_OLD_MENTIONS.strip()) + 1
        statements.insert(after_mentions, (DELETE_PAPERS.strip(), {"ids": list(paper_ids)}))
        self.store.write_atomic(statements)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of up to `size` items, streaming."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
