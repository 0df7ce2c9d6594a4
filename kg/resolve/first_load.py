"""The resolve stage of a first load that has no graph to ask (the neo4j-admin CSV export): `kg ingest`'s
steps around its loader, on a spool of rows instead of a store, so that the graph written is ingest's.

`kg ingest` (kg.pipeline) reads papers in chunks; per chunk it settles paper identity (kg.resolve.papers: a
paper known under a better id is skipped, a worse record it replaces is dropped), keeps one version of an
id listed twice, skips versions it already holds, leaves out values no store can hold, resolves the
entities (kg.resolve.entities) and loads. At the end (kg.resolve.finish) it resolves again the papers whose
short forms the corpus's votes now read otherwise, removes entities no paper mentions, marks ambiguous
short forms, drops alias keys that are another entity's key and computes the variant trees. `first_load`
does the same steps, in the same order and with the same code, on a `RowSpool`; its result holds what an
exporter writes.

The extractions are given, not computed: a paper resolved again takes the extraction `extraction_of` finds
for it (the one its kept version was resolved from).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from kg.ingest_guard import storable
from kg.load.entity_tally import EntityTally
from kg.load.loader import DEFAULT_BATCH_SIZE, chunks
from kg.load.row_spool import RowSpool
from kg.models import Extraction, Paper
from kg.resolve.entities import EntityResolver
from kg.resolve.finish import ambiguous_marks, own_alias_keys, stale_short_form, stored_paper
from kg.resolve.papers import PaperIdentity
from kg.resolve.variants import variant_edges

# A paper and its extraction; None when extraction failed (the paper is then left out, as ingest leaves it).
Listed = tuple[Paper, Optional[Extraction]]
ExtractionOf = Callable[[list[Paper]], list[Optional[Extraction]]]


@dataclass
class FirstLoad:
    """The graph a first load writes: the kept rows (in `spool`), the entities and graph-wide marks."""

    spool: RowSpool
    entities: dict[str, EntityTally] = field(default_factory=dict)
    variants: set[tuple[str, str]] = field(default_factory=set)  # (variant key, family key)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # entity key -> the expansions it may mean
    repeats: int = 0  # versions already held (identical repeats) or replaced in their own chunk
    superseded: int = 0  # records of a paper known under a better id, or replaced by a better record
    without_extraction: int = 0
    repointed: int = 0  # papers resolved again at the end

    def entity_properties(self, key: str) -> dict[str, Any]:
        """An entity node's properties, as the loader and the resolve stage leave them."""
        props = self.entities[key].properties(key)
        expansions = self.ambiguous.get(key)
        props.update(ambiguous=True if expansions is not None else None, expansions=expansions,
                     alias_keys=own_alias_keys(key, props["alias_keys"], self.entities))
        return props


def first_load(listed: Iterable[Listed], extraction_of: ExtractionOf, spool: RowSpool, resolver: EntityResolver,
               batch_size: int = DEFAULT_BATCH_SIZE) -> FirstLoad:
    """Resolve and spool the papers, in input order, as `kg ingest --batch-size batch_size` would load them into
    an empty graph; then settle what depends on the whole graph."""
    result = FirstLoad(spool)
    identity = PaperIdentity()
    held: dict[str, str] = {}  # paper id -> content hash of the version spooled
    for chunk in chunks(listed, batch_size):
        settled = {id(paper) for paper in identity.settle([paper for paper, _ in chunk])}
        result.superseded += len(chunk) - len(settled)
        # The same id twice in a chunk: a changed version replaces the earlier one; an identical one is a repeat.
        latest: dict[str, Listed] = {}
        for paper, extraction in chunk:
            if id(paper) in settled and (paper.id not in latest or latest[paper.id][0].content_hash != paper.content_hash):
                latest[paper.id] = (paper, extraction)
        result.repeats += len(settled) - len(latest)
        todo: list[tuple[Paper, Extraction]] = []
        for paper, extraction in latest.values():
            if held.get(paper.id) == paper.content_hash:
                result.repeats += 1
            elif extraction is None:
                result.without_extraction += 1
            elif paper.id not in identity.superseded:
                todo.append((paper, storable(extraction)[0]))
        resolved = list(resolver.resolve(todo))
        gone = identity.take_superseded()
        resolver.forget(gone)
        spool.discard(gone)
        for paper_id in gone:
            held.pop(paper_id, None)
        spool.add(resolved)
        held.update((paper.id, paper.content_hash) for paper, _ in resolved)
    result.repointed = _resolve_stale_again(spool, resolver, extraction_of, batch_size)
    _settle(result, resolver)
    return result


def _resolve_stale_again(spool: RowSpool, resolver: EntityResolver, extraction_of: ExtractionOf,
                         batch_size: int) -> int:
    """kg.resolve.finish.finish: the papers with a mention resolved with votes that have changed since (what
    PAPERS_USING_SHORT_FORMS and `votes.stale` find in the graph), resolved again in id order."""
    stale = {rows.ids[0]: rows.papers[0] for rows in spool.spooled()
             if any(stale_short_form(mention, resolver) for mention in rows.mentions)}
    done = 0
    for ids in chunks(sorted(stale), batch_size):
        papers = [stored_paper(stale[paper_id]) for paper_id in ids]
        pairs = [(paper, storable(extraction)[0]) for paper, extraction in zip(papers, extraction_of(papers))
                 if extraction is not None]
        spool.add(list(resolver.resolve(pairs)))
        done += len(pairs)
    return done


def _settle(result: FirstLoad, resolver: EntityResolver) -> None:
    """kg.resolve.finish.settle_graph: only mentioned entities (the spool's), alias keys that are no other entity's
    key (in `entity_properties`), ambiguity marks, variant trees."""
    result.entities = result.spool.entities()
    result.ambiguous = {row["key"]: row["expansions"] for row in ambiguous_marks(resolver)
                        if row["key"] in result.entities}
    result.variants = variant_edges([
        {name: props[name] for name in ("key", "name", "type", "alias_keys")}
        for props in map(result.entity_properties, result.entities)])
