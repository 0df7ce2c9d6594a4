"""`kg site OUTDIR`: read the graph in a few bulk queries, rank every dataset's results, write the pages.

    OUTDIR/index.html        datasets and tasks with result counts, searchable
    OUTDIR/d/<key>.html      a dataset's leaderboards (its variants' results included, labelled) with charts
    OUTDIR/e/<key>.html      an entity: family, ranks, whom it beats, who beats it, claims, papers

A handful of reads in all (`all_results`, `variant_edges`, `all_claims`, `entity_index`, then `entities_of`,
`papers_of` and `papers_by_id` in batches), whatever the number of pages: a query per page would cost a round
trip each for tens of thousands of pages.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kg.leaderboard.chart import has_chart
from kg.leaderboard.table import Board, build
from kg.queries.rows import ClaimRow, EntityCard, IndexEntry, PaperCard, Result, VariantEdge
from kg.site.entity_page import MAX_PAPERS, EntityInfo, entity_page
from kg.site.pages import index_page, leaderboard_page, slug

if TYPE_CHECKING:
    from kg.queries.graph import Graph

log = logging.getLogger(__name__)

VARIANT_DEPTH = 3      # as the `results` query: a dataset page includes variants up to 3 steps below it
CHARTS_PER_PAGE = 6    # charts drawn on a dataset page (its largest boards); drawing is most of the build's CPU
KEY_BATCH = 2000       # entity keys (or paper ids) sent per `entities_of` / `papers_of` / `papers_by_id` call


@dataclass
class SiteReport:
    dataset_pages: int
    entity_pages: int
    boards: int
    charts: int

    def __str__(self) -> str:
        return (f"{self.dataset_pages} dataset pages ({self.boards} leaderboards, {self.charts} charts), "
                f"{self.entity_pages} entity pages and index.html")


@dataclass
class Site:
    """Everything the pages show, assembled from the reads."""

    results: list[Result]
    index: list[IndexEntry]
    per_dataset: dict[str, list[Result]]            # a dataset's results and its variants'
    boards: dict[str, list[Board]] = field(default_factory=dict)
    infos: dict[str, EntityInfo] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    entity_href: dict[str, str] = field(default_factory=dict)
    board_href: dict[str, str] = field(default_factory=dict)


class _Clock:
    """Logs how long each step of the build took (`kg -v site`)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        log.info("kg site: %s (%.1f s)", what, now - self.last)
        self.last = now


def _ancestors(edges: Iterable[VariantEdge]) -> dict[str, set[str]]:
    """Each variant's bases up to VARIANT_DEPTH steps up."""
    parents: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        parents[e.variant_key].add(e.base_key)
    found: dict[str, set[str]] = {}
    for key in parents:
        seen: set[str] = set()
        frontier = {key}
        for _ in range(VARIANT_DEPTH):
            frontier = {p for k in frontier for p in parents.get(k, ())} - seen - {key}
            seen |= frontier
        found[key] = seen
    return found


def _batched(keys: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(keys), KEY_BATCH):
        yield keys[i:i + KEY_BATCH]


def _rank(results: list[Result], edges: list[VariantEdge], min_results: int, site: Site) -> None:
    """Each result counts for its own dataset and for every dataset it is a variant of."""
    ancestors = _ancestors(edges)
    for r in results:
        site.names[r.dataset_key] = r.dataset
        site.per_dataset[r.dataset_key].append(r)
        for base in ancestors.get(r.dataset_key, ()):
            site.per_dataset[base].append(r)
    for e in edges:
        site.names.setdefault(e.variant_key, e.variant)
        site.names.setdefault(e.base_key, e.base)
    for key, rows in site.per_dataset.items():
        if len(rows) >= min_results:
            site.boards[key] = build(rows, asked=(site.names.get(key, key), key))


def _read_entities(graph: "Graph", keys: list[str]) -> tuple[dict[str, EntityCard], dict[str, list[PaperCard]],
                                                             dict[str, set[str]]]:
    """Cards of the entities; each one's papers (those proposing it first, then the newest), and its proposers."""
    cards: dict[str, EntityCard] = {}
    paper_ids: dict[str, list[str]] = {}
    proposing: dict[str, set[str]] = {}
    for chunk in _batched(keys):
        cards.update((c.key, c) for c in graph.run("entities_of", keys=chunk))
        for p in graph.run("papers_of", keys=chunk, n=MAX_PAPERS):
            proposing[p.key] = set(p.proposing)
            paper_ids[p.key] = p.proposing + [i for i in p.papers if i not in proposing[p.key]]
    known: dict[str, PaperCard] = {}
    for chunk in _batched(sorted({i for ids in paper_ids.values() for i in ids})):
        known.update((c.paper, c) for c in graph.run("papers_by_id", ids=chunk))
    papers = {k: [known[i] for i in ids if i in known] for k, ids in paper_ids.items()}
    return cards, papers, proposing


def _assemble(site: Site, claims: list[ClaimRow], edges: list[VariantEdge]) -> None:
    """Sort claims, variants and standings onto the entity pages."""
    infos = site.infos
    for e in edges:
        if e.variant_key in infos:
            infos[e.variant_key].bases.append(e.base_key)
        if e.base_key in infos:
            infos[e.base_key].variants.append(e.variant_key)
    for c in claims:
        others: tuple[str | None, ...] = (c.subject_key, c.object_key, c.dataset_key, c.metric_key)
        if c.kind == "outperforms" and c.subject_key and c.object_key:
            if c.subject_key in infos:
                infos[c.subject_key].beats.append(c)
            if c.object_key in infos:
                infos[c.object_key].beaten_by.append(c)
            others = (c.dataset_key, c.metric_key)
        for k in set(filter(None, others)):
            if k in infos:
                infos[k].claims.append(c)
    for key, dataset_boards in site.boards.items():
        for b in dataset_boards:
            if b.dataset_key != key:
                continue  # a variant's board is counted on the variant's own page
            for s in b.rows:
                mk = s.best.result.model_key
                if mk and mk in infos:
                    infos[mk].standings.append((b.title, site.board_href[key], s.rank, len(b.rows)))


def read_site(graph: "Graph", *, min_results: int = 1, clock: _Clock | None = None) -> Site:
    """Read the graph and assemble what every page shows."""
    clock = clock or _Clock()
    results = list(graph.run("all_results"))
    edges = list(graph.run("variant_edges"))
    claims = list(graph.run("all_claims"))
    site = Site(results=results, index=list(graph.run("entity_index")), per_dataset=defaultdict(list))
    clock.lap("read results, variants, claims and the index")
    _rank(results, edges, min_results, site)
    clock.lap(f"ranked {len(results)} results into the boards of {len(site.boards)} datasets")
    # Pages: every dataset with boards, every entity named by a claim, every indexed dataset and task.
    keys: set[str] = set(site.boards) | {e.key for e in site.index}
    for c in claims:
        keys.update(k for k in (c.subject_key, c.object_key, c.dataset_key, c.metric_key) if k)
    cards, papers, proposing = _read_entities(graph, sorted(keys))
    site.names.update((k, c.name) for k, c in cards.items())
    clock.lap(f"read names and papers of {len(cards)} entities")
    site.entity_href = {k: f"e/{slug(k)}.html" for k in cards}
    site.board_href = {k: f"d/{slug(k)}.html" for k in site.boards}
    site.infos = {k: EntityInfo(card=c, papers=papers.get(k, []), proposing=proposing.get(k, set()),
                                board_href=site.board_href.get(k)) for k, c in cards.items()}
    _assemble(site, claims, edges)
    return site


def _index_rows(site: Site) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    datasets: list[dict[str, object]] = []
    tasks: list[dict[str, object]] = []
    for e in site.index:
        if e.key not in site.entity_href:
            continue
        count = len(site.per_dataset.get(e.key, ())) if e.type == "Dataset" else e.result_count
        (datasets if e.type == "Dataset" else tasks).append({
            "name": e.name, "href": site.entity_href[e.key], "board_href": site.board_href.get(e.key),
            "result_count": count, "paper_count": e.paper_count, "aliases": site.infos[e.key].card.aliases})
    datasets.sort(key=lambda r: (-int(str(r["result_count"])), str(r["name"]).lower()))
    return datasets, tasks


def _write_pages(site: Site, work: Path, clock: _Clock) -> int:
    """Write every page into `work`; the number of charts drawn."""
    (work / "d").mkdir()
    (work / "e").mkdir()
    charts = 0
    for key, boards in site.boards.items():
        info = site.infos.get(key)
        variants = sorted((site.names.get(v, v), site.entity_href.get(v)) for v in info.variants) if info else []
        charts += sum(has_chart(b) for b in boards[:CHARTS_PER_PAGE])
        html = leaderboard_page(site.names.get(key, key), boards, entity_href=site.entity_href, up="../",
                                variants=variants, dataset_href=site.entity_href.get(key), charts=CHARTS_PER_PAGE)
        (work / site.board_href[key]).write_text(html, encoding="utf-8")
    clock.lap(f"wrote {len(site.boards)} dataset pages with {charts} charts")
    for key, info in site.infos.items():
        (work / site.entity_href[key]).write_text(entity_page(info, site.entity_href, site.names), encoding="utf-8")
    clock.lap(f"wrote {len(site.infos)} entity pages")
    built = (f"{len(site.results)} results on {len(site.boards)} datasets, from the claims graph; built "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    (work / "index.html").write_text(index_page(*_index_rows(site), built=built), encoding="utf-8")
    return charts


def build_site(graph: "Graph", outdir: Path, *, min_results: int = 1) -> SiteReport:
    """Write the site into `outdir` (created; a site an earlier build wrote there is replaced whole)."""
    clock = _Clock()
    site = read_site(graph, min_results=min_results, clock=clock)
    # Write into a fresh folder beside the target, then swap: a reader never sees half a site.
    outdir = outdir.resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kg-site-", dir=outdir.parent))
    try:
        charts = _write_pages(site, work, clock)
        _swap(work, outdir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)  # an interrupted or refused build leaves nothing behind
        raise
    return SiteReport(len(site.boards), len(site.infos), sum(len(b) for b in site.boards.values()), charts)


def _swap(work: Path, outdir: Path) -> None:
    """Replace `outdir` by `work`; an existing `outdir` must look like a site (index.html, d/, e/) or be empty.
    The old site is renamed beside it (`OUTDIR.old-*`) and deleted in the background."""
    if outdir.exists():
        entries = set(os.listdir(outdir))
        if entries and not {"index.html", "d", "e"} <= entries:
            raise OSError(f"{outdir} exists and is not a site written by kg site; give an empty or new folder")
        old = outdir.with_name(outdir.name + ".old-" + work.name[-8:])
        outdir.rename(old)
        work.rename(outdir)
        _remove_in_background(old)
    else:
        work.rename(outdir)


def _remove_in_background(folder: Path) -> None:
    """Delete the replaced site in a process of its own: unlinking 35k files whose inodes are no longer cached
    took 107 s of the 175 s build on the shared machine (3 ms each), and the new site is already in place."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
