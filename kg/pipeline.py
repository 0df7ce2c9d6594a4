"""read -> extract -> load, streaming, with unchanged papers skipped and extraction in worker processes.

Memory stays bounded: papers flow in chunks, and at most a few chunks are in flight at once.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Sequence

from kg.extract_workers import ChunkExtractor, lazy_extract, pooled_extract
from kg.extractors.mining.lexicon import Lexicon
from kg.ingest_guard import storable
from kg.load.bulk_load import BulkLoad, remove_stale_temp_graphs
from kg.load.loader import DEFAULT_BATCH_SIZE, GraphLoader, LoadStats, chunks
from kg.models import Extraction, Paper
from kg.queries.stats import core_counts
from kg.read import ReadProblem, read_papers
from kg.resolve.curation import Curation, curation_path
from kg.resolve.entities import EntityResolver
from kg.resolve.finish import RunExtractions, finish
from kg.resolve.papers import PaperIdentity
from kg.stores.base import GraphStore, StoreError
from kg.stores.values import ParameterError

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    read: int = 0
    written: int = 0
    unchanged: int = 0
    duplicates: int = 0
    load: LoadStats = field(default_factory=LoadStats)
    problems: list[ReadProblem] = field(default_factory=list)
    bulk: bool = False  # written by a bulk load (kg.load.bulk_load) rather than batch by batch
    # What the graph holds (papers, entities, claims) before and after: the load's own counts are of writes,
    # and a paper listed twice with two abstracts is written twice.
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    bulk_fell_back: bool = False  # a bulk load that found the graph written to and loaded batch by batch
    resolve_seconds: float = 0.0  # time spent in the resolve stage (kg.resolve), re-pointing included
    resolve_cpu_seconds: float = 0.0  # the same stage's CPU time in this process (wall time counts the machine's load)
    resolve_tail_seconds: float = 0.0  # the part of resolve_seconds after the last extraction (nothing beside it)
    repointed: int = 0  # papers resolved again because what the corpus says about a name changed

    def add_resolve_time(self, started: tuple[float, float], tail: bool = False) -> None:
        wall = time.perf_counter() - started[0]
        self.resolve_seconds, self.resolve_tail_seconds = self.resolve_seconds + wall, self.resolve_tail_seconds + wall * tail
        self.resolve_cpu_seconds += time.process_time() - started[1]

    def summary(self) -> str:
        duplicates = f", repeated in the input: {self.duplicates}" if self.duplicates else ""
        how = (" (batch by batch: the graph was written to during the bulk load)" if self.bulk_fell_back
               else " (bulk load into the empty graph)" if self.bulk else "")
        text = (f"papers read: {self.read}, written: {self.written}{how}, unchanged (skipped): {self.unchanged}"
                f"{duplicates}; errors: {len(self.problems)}")
        if self.after:
            held = ", ".join(f"{self.after[k]:,} {k} ({self.after[k] - self.before.get(k, 0):+,})"
                             for k in ("papers", "entities", "claims"))
            text += f"\nthe graph holds {held}"
        return text


# -- ingest -----------------------------------------------------------------------------------------

# `bulk=None` (auto) bulk-loads an empty embedded graph from this much input: below it the incremental
# loader is fast enough, and it writes as it goes (a bulk load shows nothing until the end). ~10k abstracts.
BULK_MIN_INPUT_BYTES = 16 * 2**20


def _input_bytes(paths: Sequence[str | os.PathLike[str]]) -> int:
    total = 0
    for path in map(str, paths):
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                total += sum(os.path.getsize(os.path.join(root, f)) for f in files
                             if os.path.isfile(os.path.join(root, f)))
        elif os.path.isfile(path):
            total += os.path.getsize(path)
    return total


def use_bulk_load(store: GraphStore, paths: Sequence[str | os.PathLike[str]], bulk: Optional[bool]) -> bool:
    """Whether this ingest goes through the bulk load: asked for (`True`: refused unless possible), or
    `None`: the store is the embedded FalkorDB one, its graph is empty and the input is big."""
    if bulk is False:
        return False
    if not hasattr(store, "on_graph"):
        if bulk:
            raise StoreError("a bulk load needs a FalkorDB store; for Neo4j, a first bulk load is neo4j-admin "
                             "import (see docs/scaling.md)")
        return False
    if not store.is_empty():  # type: ignore[attr-defined]
        if bulk:
            raise StoreError("a bulk load is for a graph with nothing in it yet; this one has data "
                             "(ingest without --bulk to add to it)")
        return False
    embedded = getattr(store, "server", None) is not None  # not a FalkorDB server others may be loading into
    return bool(bulk) or (embedded and _input_bytes(paths) >= BULK_MIN_INPUT_BYTES)


def ingest(paths: Sequence[str | os.PathLike[str]], store: GraphStore, *, fmt: str = "auto",
           extractor: str = "rules", workers: int = 1, batch_size: int = DEFAULT_BATCH_SIZE,
           force: bool = False, on_problem: Optional[Callable[[ReadProblem], None]] = None,
           progress: Optional[Callable[[int], None]] = None, bulk: Optional[bool] = None,
           resolve: bool = True, curation: Optional[Curation] = None, lexicon: bool | Lexicon = True) -> IngestReport:
    """Read the inputs, extract what changed, resolve identities, load it. Problems are reported, never raised.
    `bulk`: None chooses (see `use_bulk_load`), True insists, False never bulk-loads. `resolve=False` loads
    entities as the extractor named them (papers are still settled across sources). `curation`: the
    decisions to respect; by default the store's curation file (`kg.resolve.curation.curation_path`).
    `lexicon=False` leaves the shipped lexicon's votes out (only the graph's and the input's count); a `Lexicon`
    is used instead of the shipped one."""
    report = IngestReport()
    report.bulk = use_bulk_load(store, paths, bulk)
    if getattr(store, "server", None) is not None:  # a killed bulk load's temporary graph: a copy of its input
        remove_stale_temp_graphs(store)
    store.ensure_schema()
    report.before = core_counts(store)
    started = (time.perf_counter(), time.process_time())
    resolver = EntityResolver(store, curation if curation is not None else Curation.read(curation_path(store)),
                              lexicon=None if isinstance(lexicon, bool) else lexicon,
                              use_lexicon=lexicon is not False) if resolve else None
    report.add_resolve_time(started)
    loader = GraphLoader(store, batch_size=batch_size)
    bulk_load = BulkLoad(store) if report.bulk else None

    def problem(item: ReadProblem) -> None:
        report.problems.append(item)
        if on_problem:
            on_problem(item)

    def papers() -> Iterator[Paper]:
        for item in read_papers(paths, fmt):
            if isinstance(item, ReadProblem):
                problem(item)
                continue
            report.read += 1
            if progress:
                progress(1)
            yield item

    def where(paper: Paper) -> tuple[str, Optional[int]]:
        return paper.source or "(input)", paper.line

    def load(pairs: list[tuple[Paper, Extraction]]) -> LoadStats:
        """A batch; if a value in it cannot be stored, paper by paper, the papers that cannot be left out."""
        try:
            return loader.load_batch(pairs)
        except ParameterError:
            stats = LoadStats()
            for pair in pairs:
                try:
                    stats.add(loader.load_batch([pair]))
                except ParameterError as exc:
                    problem(ReadProblem(*where(pair[0]), f"paper {pair[0].id} cannot be stored ({exc}); "
                                                         f"it is left out"))
                    report.written -= 1
            return stats

    # Versions queued for writing whose chunk is not loaded yet. With workers, chunks are read ahead of
    # loading: a later listing of a paper must be compared with the version an earlier chunk is about to
    # write, not with the stored one, or it is skipped as unchanged and the earlier version wins.
    in_flight: dict[str, str] = {}

    identity = PaperIdentity(store)
    kept = RunExtractions()  # what re-pointing resolves again without extracting again

    # With --force, what this run already wrote (id -> content hash): a later identical listing is a
    # repeat, as it is without --force, so which listing's `source` is kept never depends on --batch-size.
    forced: dict[str, str] = {}

    def changed_chunks() -> Iterator[list[Paper]]:
        for chunk in chunks(papers(), batch_size):
            chunk = identity.settle(chunk)
            latest: dict[str, Paper] = {}
            for paper in chunk:
                # the same id twice in a chunk: a changed version replaces the earlier one; an identical one
                # is a repeat (the first listing is kept, as across chunks)
                if paper.id not in latest or latest[paper.id].content_hash != paper.content_hash:
                    latest[paper.id] = paper
            report.duplicates += len(chunk) - len(latest)
            todo = list(latest.values())
            if not force:
                stored = loader.stored_hashes(list(latest))
                todo = [p for p in todo if in_flight.get(p.id, stored.get(p.id)) != p.content_hash]
                report.unchanged += len(latest) - len(todo)
            else:
                repeats = [p for p in todo if forced.get(p.id) == p.content_hash]
                report.duplicates += len(repeats)
                todo = [p for p in todo if forced.get(p.id) != p.content_hash]
                forced.update((p.id, p.content_hash) for p in todo)
            for paper in todo:
                in_flight[paper.id] = paper.content_hash
            if todo:
                yield todo

    with ChunkExtractor(extractor, workers) as chunk_extractor, bulk_load or contextlib.nullcontext(), \
            _collected_at_the_end():
        for chunk, results in chunk_extractor.map(changed_chunks()):
            pairs = []
            for paper, result in zip(chunk, results):
                if isinstance(result, str):
                    problem(ReadProblem(*where(paper), result))
                    continue
                if paper.id in identity.superseded:  # replaced by a better record read meanwhile
                    continue
                result, dropped = storable(result)
                if dropped:
                    problem(ReadProblem(*where(paper), f"paper {paper.id}: {dropped}"))
                pairs.append((paper, result))
            if resolver is not None:
                started = (time.perf_counter(), time.process_time())
                with _fewer_collections():
                    kept.keep(pairs)
                    pairs = list(resolver.resolve(pairs))
                report.add_resolve_time(started)
            gone = identity.take_superseded()
            if gone:
                kept.forget(gone)
                if resolver is not None:
                    resolver.forget(gone)
                if bulk_load is not None:
                    bulk_load.discard(gone)
                else:
                    loader.delete_papers(gone)
            report.written += len(pairs)
            if bulk_load is not None:
                bulk_load.add(pairs)
            else:
                report.load.add(load(pairs))
            _keep_out_of_collection()
            if bulk_load is not None:
                continue  # spooled, not stored: later listings compare with the spooled version
            for paper in chunk:
                if in_flight.get(paper.id) == paper.content_hash:
                    del in_flight[paper.id]
        written = None  # what a bulk load wrote, for the settling step (`finish.settle_graph`)
        if bulk_load is not None:
            chunk_extractor.close()  # the workers' memory back before the write
            if resolver is not None:
                # Nothing written yet: papers whose votes changed are resolved again, in id order, from their
                # spooled rows; a chunk at a time, what it leaves frozen out of the collector as in the stream.
                started = (time.perf_counter(), time.process_time())
                for ids in chunks(sorted(resolver.stale_papers()), batch_size):
                    with _fewer_collections():
                        again = kept.pairs_of_rows(map(bulk_load.spool.paper_row, ids))
                        bulk_load.add(resolver.resolve(again))
                    report.repointed += len(again)
                    _keep_out_of_collection()
                report.add_resolve_time(started, tail=True)
            bulk_stats = bulk_load.finish()
            report.load, report.bulk_fell_back = bulk_stats.load, bulk_stats.fell_back
            written = None if bulk_stats.fell_back else bulk_stats
        if resolver is not None:
            started = (time.perf_counter(), time.process_time())
            # This run's papers are resolved again from their kept extractions, earlier runs' extracted again
            # (after a bulk load the workers are gone: one is loaded if needed). A bulk load into an empty
            # graph resolved its stale papers before the write: nothing is left to re-point.
            fresh_bulk = bulk_load is not None and not report.before.get("papers")
            extract = None if fresh_bulk else kept.extract_with(
                lazy_extract(extractor) if bulk_load is not None else pooled_extract(chunk_extractor))
            report.repointed += finish(store, resolver, extract, written=written if fresh_bulk else None).repointed
            report.add_resolve_time(started, tail=True)
    report.duplicates += identity.skipped
    report.after = core_counts(store)
    return report


def _keep_out_of_collection() -> None:
    """What this process holds after a chunk (the resolver's votes and names, the spool's entity tallies,
    paper ids) lives until the ingest ends: moved out of the collector's sight (`gc.freeze`), so that its full
    passes walk only what later chunks allocate. Without it they walked the whole, growing state again and
    again: resolving and spooling the 40,903 arXiv extractions in one process, the collector took 7.7 s of
    its 29 s of CPU, 1.8 s with it; most of it was counted in the resolve stage, which allocates most.
    Refcounting still frees what is dropped; the ingest gives the frozen objects back when it ends."""
    if gc.isenabled():
        gc.freeze()


# The young generation's threshold while the resolve stage runs (Python's default: 700 allocations). The stage
# allocates many short-lived objects (a chunk's resolved entities, names, tuples); refcounting frees nearly all of
# them, and collecting the young generation every 700 allocations walked them to no end: resolving the 40,903
# arXiv extractions as a bulk ingest does took 9.9 s of CPU with the default, 9.2 s with this or with no collector.
RESOLVE_YOUNG_THRESHOLD = 50_000


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector's young generation collected every RESOLVE_YOUNG_THRESHOLD allocations, then as before."""
    thresholds = gc.get_threshold()
    if thresholds[0]:  # 0: automatic collection is off, and stays off
        gc.set_threshold(max(thresholds[0], RESOLVE_YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextlib.contextmanager
def _collected_at_the_end() -> Iterator[None]:
    """The objects `_keep_out_of_collection` froze go back to the collector when the ingest ends, however."""
    try:
        yield
    finally:
        gc.unfreeze()


def extract_papers(paths: Sequence[str | os.PathLike[str]], *, fmt: str = "auto", extractor: str = "rules",
                   workers: int = 1, batch_size: int = DEFAULT_BATCH_SIZE,
                   on_problem: Optional[Callable[[ReadProblem], None]] = None) -> Iterator[Extraction]:
    """Extraction only, no database (`kg extract`)."""
    def papers() -> Iterator[Paper]:
        for item in read_papers(paths, fmt):
            if isinstance(item, ReadProblem):
                if on_problem:
                    on_problem(item)
            else:
                yield item

    with ChunkExtractor(extractor, workers) as chunk_extractor:
        for chunk, results in chunk_extractor.map(chunks(papers(), batch_size)):
            for paper, result in zip(chunk, results):
                if isinstance(result, str):
                    if on_problem:
                        on_problem(ReadProblem(paper.source or "(input)", paper.line, result))
                else:
                    yield result

