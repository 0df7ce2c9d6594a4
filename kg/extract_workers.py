"""Extraction in worker processes (or in this one): chunks of papers in, extractions or one-line errors out.

A paper whose extraction fails or runs over its time budget becomes an error string; the others of its chunk
are kept.
"""
from __future__ import annotations

import logging
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from kg.extractors.base import Extractor, extract_many, load_extractor
from kg.ingest_guard import PAPER_BUDGET_S, OverBudget, time_budget
from kg.models import Extraction, Paper

log = logging.getLogger(__name__)

_worker_extractor: Optional[Extractor] = None

# spaCy's string store keeps every distinct token a pipeline has seen (+10 MiB per 10k abstracts of the scaled
# corpus): an extracting process starts a fresh pipeline after this many papers (~1 s), so its memory stays flat.
RECYCLE_PIPELINE_AFTER = 50_000


class _PipelineRecycler:
    def __init__(self) -> None:
        self.papers = 0

    def count(self, papers: int) -> None:
        self.papers += papers
        if self.papers >= RECYCLE_PIPELINE_AFTER:
            from kg.extractors.pipeline import reset_nlp

            reset_nlp()
            self.papers = 0


_worker_recycler = _PipelineRecycler()


def _init_worker(spec: str, parent: Optional[int] = None) -> None:
    global _worker_extractor
    # Ctrl-C reaches the whole process group: the parent handles it and shuts the pool down; a worker
    # interrupted while waiting for work would only print a traceback.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        _exit_with_parent(parent)
    _worker_extractor = load_extractor(spec)


def _exit_with_parent(parent: int) -> None:
    """A worker of a killed `kg` would wait for work forever, holding the embedded store's client lock
    (inherited through fork), so the server would never be stopped: leave as soon as the parent is gone."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _extract_chunk(papers: list[dict[str, Any]]) -> list[dict[str, Any] | str]:
    assert _worker_extractor is not None
    models = [Paper.model_validate(p) for p in papers]
    results = [r if isinstance(r, str) else r.model_dump() for r in _safe_extract(_worker_extractor, models)]
    _worker_recycler.count(len(papers))
    return results


def _safe_extract(extractor: Extractor, papers: Sequence[Paper]) -> list[Extraction | str]:
    """Extract a chunk; if the batch path fails or runs over its time budget, go paper by paper so one bad
    text costs one paper. A paper whose extraction fails comes back as a one-line message, and is not loaded."""
    try:
        with time_budget(PAPER_BUDGET_S * max(1, len(papers))):
            return list(extract_many(extractor, papers))
    except Exception:  # noqa: BLE001 - an extractor bug must not lose the rest of the chunk
        results: list[Extraction | str] = []
        for paper in papers:
            try:
                with time_budget(PAPER_BUDGET_S):
                    results.append(extractor.extract(paper))
            except OverBudget:
                results.append(f"paper {paper.id}: extraction took over {PAPER_BUDGET_S:g} s and was stopped; "
                               f"the paper is left out")
            except Exception as exc:  # noqa: BLE001
                results.append(f"paper {paper.id}: extraction failed: {one_line(exc)}")
        return results


class ChunkExtractor:
    """Extract chunks of papers in this process or in N worker processes, keeping input order."""

    def __init__(self, spec: str = "rules", workers: int = 1):
        self.spec = spec
        self.workers = max(1, workers)
        self._local: Optional[Extractor] = None
        self._pool: Optional[ProcessPoolExecutor] = None
        if self.workers > 1:
            import multiprocessing

            # fork is cheap and inherits the loaded pipeline; spawn would re-import spaCy per worker.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            ctx = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(spec, os.getpid()))
        else:
            self._local = load_extractor(spec)

    @property
    def name(self) -> str:
        return self._local.name if self._local is not None else self.spec

    def map(self, paper_chunks: Iterable[list[Paper]]) -> Iterator[tuple[list[Paper], list[Extraction | str]]]:
        if self._pool is None:
            assert self._local is not None
            recycler = _PipelineRecycler()
            for chunk in paper_chunks:
                yield chunk, _safe_extract(self._local, chunk)
                recycler.count(len(chunk))
            return
        window: deque[tuple[list[Paper], Future[list[dict[str, Any] | str]]]] = deque()
        for chunk in paper_chunks:
            window.append((chunk, self._pool.submit(_extract_chunk, [p.model_dump() for p in chunk])))
            if len(window) >= 2 * self.workers:
                done_chunk, future = window.popleft()
                yield done_chunk, _revive(future.result())
        while window:
            done_chunk, future = window.popleft()
            yield done_chunk, _revive(future.result())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "ChunkExtractor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def one_line(exc: BaseException, limit: int = 200) -> str:
    """`Type: first line of the message`, at most `limit` characters (spaCy's errors run to paragraphs)."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _revive(results: list[dict[str, Any] | str]) -> list[Extraction | str]:
    return [r if isinstance(r, str) else Extraction.model_validate(r) for r in results]


def lazy_extract(spec: str) -> Callable[[list[Paper]], list[Extraction | str]]:
    """Extraction in this process, the extractor loaded only if some paper needs it."""
    held: list[Extractor] = []

    def extract(papers: list[Paper]) -> list[Extraction | str]:
        if not held:
            held.append(load_extractor(spec))
        return _safe_extract(held[0], papers)

    return extract


def pooled_extract(chunk_extractor: ChunkExtractor) -> Callable[[list[Paper]], list[Extraction | str]]:
    def extract(papers: list[Paper]) -> list[Extraction | str]:
        return [result for _, results in chunk_extractor.map([papers]) for result in results]

    return extract
