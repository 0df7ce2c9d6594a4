"""After a load: papers resolved with votes that have since changed are resolved again, and what depends on the
whole graph is settled (variant trees, ambiguity marks, entities left with no mention).

Both the incremental and the bulk load end here, so both give the same graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Container, Iterable, Protocol, Sequence

from kg.load.loader import GraphLoader, chunks
from kg.models import Extraction, Paper
from kg.resolve.entities import EntityResolver
from kg.resolve.variants import rebuild_variant_edges
from kg.stores.base import GraphStore

Extract = Callable[[list[Paper]], list[Extraction | str]]

# Every mention of a short form (filtered in Python: `IN $list` over every edge costs the list's length each).
PAPERS_USING_SHORT_FORMS = """
MATCH (p:Paper)-[m:MENTIONS]->()
WHERE m.via IS NOT NULL OR m.defines IS NOT NULL
RETURN p.id AS id, coalesce(m.via, m.defines) AS short, m.outcome AS outcome"""

PAPERS_MENTIONING = """
UNWIND $keys AS k
MATCH (p:Paper)-[:MENTIONS]->(e:Entity {key: k})
RETURN DISTINCT p.id AS id"""

PAPERS_MENTIONING_SPLIT = """
MATCH (p:Paper)-[:MENTIONS]->(e:Entity)
WHERE any(k IN $keys WHERE e.key STARTS WITH (k + '@'))
RETURN DISTINCT p.id AS id"""

STORED_PAPERS = """
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.source AS source, p.url AS url,
       p.published AS published, p.arxiv_id AS arxiv_id"""

STORED_PAPER_FIELDS = ("id", "title", "abstract", "source", "url", "published", "arxiv_id")

CLEAR_AMBIGUOUS = """
MATCH (e:Entity)
WHERE e.ambiguous IS NOT NULL AND NOT e.key IN $keys
SET e.ambiguous = null, e.expansions = null"""

MARK_AMBIGUOUS = """
UNWIND $rows AS r
MATCH (e:Entity {key: r.key})
SET e.ambiguous = true, e.expansions = r.expansions"""

# A spelling that is one entity's own key leads to that entity only: another entity listing it among its alias
# keys (`CoTs`, a plural of CoT, and `COTS`, commercial off-the-shelf, share the key `cots`) loses it.
ALIAS_KEYS_OF_OTHERS = """
MATCH (a:Entity)
UNWIND a.alias_keys AS k
MATCH (b:Entity {key: k})
WHERE b <> a
RETURN a.key AS key, collect(DISTINCT k) AS keys"""

DROP_ALIAS_KEYS = """
UNWIND $rows AS r
MATCH (a:Entity {key: r.key})
SET a.alias_keys = [k IN a.alias_keys WHERE NOT k IN r.keys]"""

# Entities no paper mentions any more (a re-pointed short form's old node, a curated merge's source).
REMOVE_UNMENTIONED = """
MATCH (e:Entity)
WHERE NOT (e)<-[:MENTIONS]-()
DETACH DELETE e"""

COUNT_ENTITIES = "MATCH (e:Entity) RETURN count(e)"


class Written(Protocol):
    """What a bulk load wrote (`kg.load.bulk_load.BulkStats`): each entity node's (key, name, type, alias_keys,
    whether a paper mentions it) in creation order, and the VARIANT_OF pairs."""

    entity_rows: list[tuple[str, str, str, list[str], bool]]
    variant_pairs: set[tuple[str, str]]


@dataclass
class FinishReport:
    repointed: int = 0
    variants_added: int = 0
    variants_removed: int = 0
    ambiguous: int = 0


class RunExtractions:
    """This run's extractions as the extractor gave them (before resolution), kept as JSON (about 1 KB a paper;
    compressing it to 0.4 KB took about 4% of the resolve stage's CPU time at 40k abstracts): re-pointing
    resolves them again instead of extracting them again, which cost most of the resolve stage."""

    def __init__(self) -> None:
        self._by_id: dict[str, bytes] = {}

    def keep(self, pairs: Iterable[tuple[Paper, Extraction]]) -> None:
        # The extraction only: the paper is what the loader's rows hold (`stored_paper`), so it is not kept twice.
        for paper, extraction in pairs:
            self._by_id[paper.id] = extraction.model_dump_json().encode()

    def forget(self, paper_ids: Iterable[str]) -> None:
        for paper_id in paper_ids:
            self._by_id.pop(paper_id, None)

    def pairs_of_rows(self, rows: Iterable[dict[str, Any] | None]) -> list[tuple[Paper, Extraction]]:
        """The papers of these paper rows (kg.load.rows; None: no row) with their kept extractions, as the
        extractor gave them (papers with none are left out)."""
        papers = [stored_paper(row) for row in rows if row is not None]
        return [(paper, Extraction.model_validate_json(self._by_id[paper.id]))
                for paper in papers if paper.id in self._by_id]

    def extract_with(self, fallback: Extract) -> Extract:
        """Extraction that takes this run's kept result where there is one, else `fallback`'s (papers of
        earlier runs)."""
        def extract(papers: list[Paper]) -> list[Extraction | str]:
            out: list[Extraction | str] = []
            missing: list[int] = []
            for i, paper in enumerate(papers):
                blob = self._by_id.get(paper.id)
                if blob is None:
                    missing.append(i)
                    out.append("")
                else:
                    out.append(Extraction.model_validate_json(blob))
            if missing:
                for i, result in zip(missing, fallback([papers[i] for i in missing])):
                    out[i] = result
            return out

        return extract


def papers_to_repoint(store: GraphStore, shorts: Sequence[str] = (), keys: Sequence[str] = (),
                      split_keys: Sequence[str] = (), stale: Callable[[str, str | None], bool] | None = None,
                      ) -> list[str]:
    """Papers with a mention of one of `shorts` resolved with votes that say otherwise now (`stale`; all of
    them without it), papers mentioning `keys`, and papers holding a by-paper split of `split_keys`."""
    ids: set[str] = set()
    if shorts or stale is not None:
        wanted = set(shorts)
        # With `stale`, every stale mention counts, whatever run left it (an ingest killed half-way included).
        ids |= {r["id"] for r in store.query(PAPERS_USING_SHORT_FORMS).records()
                if (r["short"] in wanted or stale is not None) and (stale is None or stale(r["short"], r["outcome"]))}
    if keys:
        ids |= {r["id"] for r in store.query(PAPERS_MENTIONING, {"keys": list(keys)}).records()}
    if split_keys:
        ids |= {r["id"] for r in store.query(PAPERS_MENTIONING_SPLIT, {"keys": list(split_keys)}).records()}
    return sorted(ids)


def reload_papers(store: GraphStore, paper_ids: Iterable[str], resolver: EntityResolver, extract: Extract,
                  batch_size: int = 200) -> int:
    """Extract the stored papers again, resolve them with what the resolver knows now, and load them."""
    loader = GraphLoader(store, batch_size=batch_size)
    done = 0
    for ids in chunks(paper_ids, batch_size):
        rows = store.query(STORED_PAPERS, {"ids": ids}).records()
        papers = [stored_paper(row) for row in rows]
        pairs = [(paper, result) for paper, result in zip(papers, extract(papers)) if not isinstance(result, str)]
        loader.load_batch(list(resolver.resolve(pairs)))
        done += len(pairs)
    return done


def stored_paper(row: dict[str, Any]) -> Paper:
    """The paper a graph's Paper node (STORED_PAPERS), or a loader's paper row (kg.load.rows), holds: what a
    paper resolved again is extracted from."""
    return Paper(**{k: row[k] for k in STORED_PAPER_FIELDS if row.get(k) is not None})


def finish(store: GraphStore, resolver: EntityResolver, extract: Extract | None,
           extra_keys: Sequence[str] = (), extra_shorts: Sequence[str] = (), written: Written | None = None,
           ) -> FinishReport:
    """Resolve again the papers whose resolution changed (by votes, or `extra_keys` a curation touched),
    then settle the graph-wide properties (`written`: what a bulk load into the empty graph just wrote)."""
    report = FinishReport()
    if extract is not None:
        changed = resolver.votes.changed()
        split = sorted(resolver.curation.split_paper)
        ids = set(papers_to_repoint(store, changed, extra_keys, split if extra_keys else (),
                                    stale=resolver.votes.stale))
        if extra_shorts:  # a curated short form: every paper using it, whatever the votes said
            ids |= set(papers_to_repoint(store, extra_shorts))
        if ids:
            report.repointed = reload_papers(store, sorted(ids), resolver, extract)
    settle_graph(store, resolver, report, written)
    return report


def ambiguous_marks(resolver: EntityResolver) -> list[dict[str, Any]]:
    """The entities to mark ambiguous: the node of each short form the votes read two ways, with its expansions."""
    return [{"key": resolver.class_key(short, register=False), "expansions": expansions}
            for short, expansions in resolver.votes.ambiguous().items()]


def stale_short_form(mention: dict[str, Any], resolver: EntityResolver) -> bool:
    """Whether a MENTIONS row (kg.load.rows) was resolved with an outcome the votes no longer give: what
    PAPERS_USING_SHORT_FORMS and `votes.stale` find in a stored graph, for rows not stored yet."""
    short = mention["via"] if mention["via"] is not None else mention["defines"]
    return short is not None and resolver.votes.stale(short, mention["outcome"])


def own_alias_keys(key: str, alias_keys: list[str], keys: Container[str]) -> list[str]:
    """ALIAS_KEYS_OF_OTHERS and DROP_ALIAS_KEYS for one entity's row: its alias keys that are no other entity's key."""
    return [k for k in alias_keys if k == key or k not in keys]


def settle_graph(store: GraphStore, resolver: EntityResolver, report: FinishReport | None = None,
                 written: Written | None = None) -> FinishReport:
    """Remove unmentioned entities, drop alias keys that are another entity's key, mark ambiguous short forms,
    rebuild the variant trees. With `written` (a bulk load into the empty graph, which nothing else wrote to),
    the variant trees are computed from what it wrote, as these steps leave it, instead of read back."""
    report = report or FinishReport()
    store.query(REMOVE_UNMENTIONED, write=True)
    taken = store.query(ALIAS_KEYS_OF_OTHERS).records()
    if taken:
        store.query(DROP_ALIAS_KEYS, {"rows": [{"key": r["key"], "keys": r["keys"]} for r in taken]}, write=True)
    rows = ambiguous_marks(resolver)
    store.query(CLEAR_AMBIGUOUS, {"keys": [r["key"] for r in rows]}, write=True)
    if rows:
        store.query(MARK_AMBIGUOUS, {"rows": rows}, write=True)
    report.ambiguous = len(rows)
    entities, have = written_entities(written, {r["key"]: r["keys"] for r in taken}) if written else (None, None)
    if entities is not None and store.query(COUNT_ENTITIES).scalar() != len(entities):
        entities = have = None  # not the graph written (cannot happen in a bulk load's own run): read it back
    report.variants_added, report.variants_removed = rebuild_variant_edges(store, entities, have)
    return report


def written_entities(written: Written, dropped: dict[str, list[str]]
                     ) -> tuple[list[dict[str, Any]], set[tuple[str, str]]]:
    """The rows `variants.ALL_ENTITIES` and `ALL_VARIANT_EDGES` would read back from a bulk load's graph after
    REMOVE_UNMENTIONED and DROP_ALIAS_KEYS (`dropped`: ALIAS_KEYS_OF_OTHERS), in the graph's node order."""
    entities = [{"key": key, "name": name, "type": etype,
                 "alias_keys": [k for k in alias_keys if k not in dropped[key]] if key in dropped else alias_keys}
                for key, name, etype, alias_keys, mentioned in written.entity_rows if mentioned]
    keys = {row["key"] for row in entities}
    return entities, {(key, base) for key, base in written.variant_pairs if key in keys and base in keys}
