"""The rows of a first load, spooled to a temporary file while the entities are tallied in memory.

A first load into an empty graph (FalkorDB's bulk insert, `kg.load.bulk_load`; neo4j-admin import CSVs,
`kg.export.neo4j_csv`) writes entities before the papers that mention them, so it needs every entity's
final name, type and aliases before it writes anything. `RowSpool.add` turns each (paper, extraction) into
the loader's own parameter rows (`kg.load.rows.batch_rows`), spools them, and tallies the entities as
papers come (`kg.load.entity_tally`); a paper listed again takes back what its earlier version counted.
`spooled` then gives the rows of each paper's last version, in input order, in one pass.

Memory: the entity tallies (the size of the graph's entity set) and one entry per distinct paper id.
"""
from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from typing import Any, BinaryIO, Iterable, Iterator, Optional

from kg.load.entity_tally import EntityTally
from kg.load.rows import BatchRows, batch_rows
from kg.models import Extraction, Paper

_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(BatchRows))
READ_BACK_KEPT = 1000  # papers' rows `paper_row` keeps for their next `add` (a chunk resolved again is 200)


def _plain(rows: BatchRows) -> tuple[Any, ...]:
    """The rows as a tuple of plain containers: unpickled in half the time a dataclass takes."""
    return tuple(getattr(rows, name) for name in _ROW_FIELDS)


class RowSpool:
    """Spool (paper, extraction) pairs with `add`; read the kept versions back with `spooled`. Use as a
    context manager, so that the spool file goes whatever happens."""

    def __init__(self, spool_dir: Optional[str | os.PathLike[str]] = None):
        self._file: BinaryIO = tempfile.TemporaryFile(prefix="kg-spool-", dir=spool_dir)  # noqa: SIM115
        self._last: dict[str, tuple[int, int]] = {}  # paper id -> (number, spool offset) of its last occurrence
        self.records = 0
        # Tallied as papers come: entities, how many kept versions refer to each, and VARIANT_OF pairs
        # (kept where both ends are in the graph, as the loader's orphan removal keeps them).
        self._entities: dict[str, EntityTally] = {}
        self._refs: dict[str, int] = {}
        self.variants: dict[tuple[str, str], None] = {}
        # Rows `paper_row` read back, by spool offset: a paper read back to be resolved again is added again
        # right after, and taking back its earlier version's counts then needs no second read. Bounded.
        self._read_back: dict[int, BatchRows] = {}

    def add(self, pairs: Iterable[tuple[Paper, Extraction]]) -> None:
        spool = self._file
        for paper, extraction in pairs:
            rows = batch_rows([(paper, extraction)])
            earlier = self._last.get(paper.id)
            if earlier is not None:
                before = self._read_back.pop(earlier[1], None)
                self._count(before if before is not None else self.read_at(earlier[1]), -1)
            self._last[paper.id] = (self.records, spool.tell())
            pickle.dump(_plain(rows), spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.records += 1
            self._count(rows, +1)

    def discard(self, paper_ids: Iterable[str]) -> None:
        """Forget papers spooled so far (another record of the paper replaces them: kg.resolve.papers)."""
        for paper_id in paper_ids:
            last = self._last.pop(paper_id, None)
            if last is not None:
                self._count(self.read_at(last[1]), -1)

    def paper_row(self, paper_id: str) -> dict[str, Any] | None:
        """The paper row of the paper's kept version (kg.load.rows), or None when none is kept."""
        last = self._last.get(paper_id)
        if last is None:
            return None
        if len(self._read_back) >= READ_BACK_KEPT:
            self._read_back.clear()
        rows = self._read_back[last[1]] = self.read_at(last[1])
        return rows.papers[0]

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._last

    def entities(self) -> dict[str, EntityTally]:
        """The tallies of the entities some kept version mentions."""
        return {key: tally for key, tally in self._entities.items() if self._refs[key] > 0}

    def _count(self, rows: BatchRows, sign: int) -> None:
        entities, refs = self._entities, self._refs
        for key, row in rows.entities.items():
            if key not in entities:
                entities[key] = EntityTally(row["name"], row["type"])
            refs[key] = refs.get(key, 0) + sign
        for mention in rows.mentions:
            (entities[mention["key"]].add if sign > 0 else entities[mention["key"]].remove)(mention)
        if sign > 0:
            for row in rows.variants:
                self.variants[(row["key"], row["base"])] = None

    def read_at(self, offset: int) -> BatchRows:
        end = self._file.tell()
        self._file.seek(offset)
        rows = pickle.load(self._file)
        self._file.seek(end)
        return BatchRows(*rows)

    def spooled(self) -> Iterator[BatchRows]:
        """The rows of the last version of each paper, in input order."""
        self._file.flush()
        self._file.seek(0)
        for number in range(self.records):
            rows = pickle.load(self._file)
            last = self._last.get(rows[0][0])
            if last is not None and last[0] == number:
                yield BatchRows(*rows)
        self._file.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "RowSpool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
