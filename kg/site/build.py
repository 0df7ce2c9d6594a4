"""`kg site OUTDIR`: read the graph in a few bulk queries, rank every dataset's results, write the pages.

    OUTDIR/index.html        datasets and tasks with result counts, searchable
    OUTDIR/d/<key>.html      a dataset's leaderboards (its variants' results included, labelled) with charts
    OUTDIR/e/<key>.html      an entity: family, ranks, whom it beats, who beats it, claims, papers

Six reads in all (`all_results`, `variant_edges`, `all_claims`, `entity_index`, `entities_of`, `papers_of`),
whatever the number of pages: a query per page would cost a round trip each for thousands of pages.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kg.leaderboard.table import Board, build
from kg.queries.rows import ClaimRow, EntityCard, PaperCard, Result, VariantEdge
from kg.site.entity_page import MAX_PAPERS, EntityInfo, entity_page
from kg.site.pages import index_page, leaderboard_page, slug

if TYPE_CHECKING:
    from kg.queries.graph import Graph

log = logging.getLogger(__name__)

VARIANT_DEPTH = 3      # as the `results` query: a dataset page includes variants up to 3 steps below it
CHARTS_PER_PAGE = 6    # charts drawn on a dataset page (its largest boards); drawing is most of the build time
KEY_BATCH = 2000       # entity keys sent per `entities_of` / `papers_of` call


@dataclass
class SiteReport:
    dataset_pages: int
    entity_pages: int
    boards: int
    charts: int

    def __str__(self) -> str:
        return (f"{self.dataset_pages} dataset pages ({self.boards} leaderboards, {self.charts} charts), "
                f"{self.entity_pages} entity pages and index.html")


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


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def build_site(graph: "Graph", outdir: Path, *, min_results: int = 1) -> SiteReport:
    """Write the site into `outdir` (created; pages of an earlier build there are replaced)."""
    clock = _Clock()
    results: list[Result] = list(graph.run("all_results"))
    edges: list[VariantEdge] = list(graph.run("variant_edges"))
    claims: list[ClaimRow] = list(graph.run("all_claims"))
    index = graph.run("entity_index")
    clock.lap("read results, variants, claims and the index")
    ancestors = _ancestors(edges)
    names: dict[str, str] = {}

    # Each result counts for its own dataset and for every dataset it is a variant of.
    per_dataset: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        names[r.dataset_key] = r.dataset
        per_dataset[r.dataset_key].append(r)
    for r in results:
        for base in ancestors.get(r.dataset_key, ()):
            per_dataset[base].append(r)
    for e in edges:
        names.setdefault(e.variant_key, e.variant)
        names.setdefault(e.base_key, e.base)
    boards: dict[str, list[Board]] = {}
    for key, rows in per_dataset.items():
        if len(rows) < min_results:
            continue
        asked = names.get(key, key)
        boards[key] = build(r if r.asked_key == key else r.model_copy(update={"asked": asked, "asked_key": key})
                            for r in rows)

    clock.lap(f"ranked {len(results)} results into the boards of {len(boards)} datasets")
    # Pages: every dataset with boards, every entity named by a claim, every indexed dataset and task.
    page_keys: set[str] = set(boards)
    for c in claims:
        page_keys.update(k for k in (c.subject_key, c.object_key, c.dataset_key, c.metric_key) if k)
    page_keys.update(e.key for e in index)
    ordered = sorted(page_keys)
    cards: dict[str, EntityCard] = {}
    papers: dict[str, list[str]] = {}
    proposing: dict[str, set[str]] = {}
    for chunk in _batched(ordered):
        for card in graph.run("entities_of", keys=chunk):
            cards[card.key] = card
        for p in graph.run("papers_of", keys=chunk, n=MAX_PAPERS):
            proposing[p.key] = set(p.proposing)
            # those proposing it first, then the newest
            papers[p.key] = p.proposing + [i for i in p.papers if i not in proposing[p.key]]
    wanted = sorted({i for ids in papers.values() for i in ids})
    paper_cards: dict[str, PaperCard] = {}
    for chunk in _batched(wanted):
        paper_cards.update((c.paper, c) for c in graph.run("papers_by_id", ids=chunk))
    for card in cards.values():
        names[card.key] = card.name
    clock.lap(f"read names and papers of {len(cards)} entities")
    entity_href = {k: f"e/{slug(k)}.html" for k in cards}
    board_href = {k: f"d/{slug(k)}.html" for k in boards}

    infos = {k: EntityInfo(card=c, papers=[paper_cards[i] for i in papers.get(k, []) if i in paper_cards],
                           proposing=proposing.get(k, set()), board_href=board_href.get(k)) for k, c in cards.items()}
    for e in edges:
        if e.variant_key in infos:
            infos[e.variant_key].bases.append(e.base_key)
        if e.base_key in infos:
            infos[e.base_key].variants.append(e.variant_key)
    for c in claims:
        if c.kind == "outperforms" and c.subject_key and c.object_key:
            if c.subject_key in infos:
                infos[c.subject_key].beats.append(c)
            if c.object_key in infos:
                infos[c.object_key].beaten_by.append(c)
            others = (c.dataset_key, c.metric_key)
        else:
            others = (c.subject_key, c.object_key, c.dataset_key, c.metric_key)
        for k in set(filter(None, others)):
            if k in infos:
                infos[k].claims.append(c)
    for key, dataset_boards in boards.items():
        for b in dataset_boards:
            if b.dataset_key != key:
                continue  # a variant's board is counted on the variant's own page
            for s in b.rows:
                mk = s.best.result.model_key
                if mk and mk in infos:
                    infos[mk].standings.append((b.title, board_href[key], s.rank, len(b.rows)))

    # Write into a fresh folder beside the target, then swap: a reader never sees half a site.
    outdir = outdir.resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kg-site-", dir=outdir.parent))
    (work / "d").mkdir()
    (work / "e").mkdir()
    charts = 0
    for key, dataset_boards in boards.items():
        variants = sorted(((names.get(v, v), entity_href.get(v)) for v in infos[key].variants), key=lambda t: t[0]) \
            if key in infos else []
        charts += sum(1 for b in dataset_boards[:CHARTS_PER_PAGE] if len([e for e in b.entries if e.day]) >= 2)
        _write(work / board_href[key], leaderboard_page(names.get(key, key), dataset_boards, entity_href=entity_href,
                                                        up="../", variants=variants, dataset_href=entity_href.get(key),
                                                        charts=CHARTS_PER_PAGE))
    clock.lap(f"wrote {len(boards)} dataset pages with {charts} charts")
    for key, info in infos.items():
        _write(work / entity_href[key], entity_page(info, entity_href, names))
    clock.lap(f"wrote {len(infos)} entity pages")
    datasets, tasks = [], []
    for e in index:
        if e.key not in entity_href:
            continue
        row = {"name": e.name, "href": entity_href[e.key], "board_href": board_href.get(e.key),
               "result_count": len(per_dataset.get(e.key, ())) if e.type == "Dataset" else e.result_count,
               "paper_count": e.paper_count, "aliases": cards[e.key].aliases}
        (datasets if e.type == "Dataset" else tasks).append(row)
    datasets.sort(key=lambda r: (-int(r["result_count"]), str(r["name"]).lower()))  # type: ignore[call-overload]
    built = (f"{len(results)} results on {len(boards)} datasets, from the claims graph; built "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    _write(work / "index.html", index_page(datasets, tasks, built=built))
    _swap(work, outdir)
    return SiteReport(len(boards), len(infos), sum(len(b) for b in boards.values()), charts)


class _Clock:
    """Logs how long each step of the build took (`kg -v site`)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        log.info("kg site: %s (%.1f s)", what, now - self.last)
        self.last = now


def _swap(work: Path, outdir: Path) -> None:
    """Replace `outdir` by `work`; an existing `outdir` must look like a site (index.html, d/, e/) or be empty."""
    import shutil

    if outdir.exists():
        entries = set(os.listdir(outdir))
        if entries and not {"index.html", "d", "e"} <= entries:
            shutil.rmtree(work)
            raise OSError(f"{outdir} exists and is not a site written by kg site; give an empty or new folder")
        old = outdir.with_name(outdir.name + ".old-" + work.name[-8:])
        outdir.rename(old)
        work.rename(outdir)
        shutil.rmtree(old)
    else:
        work.rename(outdir)
