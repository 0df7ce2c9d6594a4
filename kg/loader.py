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

from extractors import normalize
from kg.models import ENTITY_TYPES, Claim, Extraction, Paper
from kg.stores.base import GraphStore, Statement, StoreError

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
# FalkorDB crashes on unique-constrained strings over 4096 bytes (and its index misses them); no real
# entity name comes near this, so a longer one is an extraction error, skipped with a warning.
MAX_KEY_BYTES = 4000

# Claim roles and the relationship type each is written as (fixed schema, never from input).
CLAIM_ROLES: tuple[tuple[str, str, str], ...] = (
    ("subject", "SUBJECT", "Method"),
    ("object", "OBJECT", "Method"),
    ("dataset", "ON_DATASET", "Dataset"),
    ("metric", "USES_METRIC", "Metric"),
)

# -- statements (shared by both stores: keep to the Cypher both accept) ---------------------------

REMOVE_OLD_OUTPERFORMS = """
UNWIND $ids AS id
MATCH (:Paper {id: id})-[:REPORTS]->(c:Claim)-[:SUBJECT]->(:Entity)-[o:OUTPERFORMS]->()
WHERE o.claim = c.id
WITH DISTINCT o DELETE o"""

REMOVE_OLD_EVALUATED_ON = """
UNWIND $ids AS id
MATCH (:Paper {id: id})-[:MENTIONS]->(:Entity)-[r:EVALUATED_ON]->()
WHERE r.paper = id
WITH DISTINCT r DELETE r"""

REMOVE_OLD_CLAIMS = """
UNWIND $ids AS id
MATCH (:Paper {id: id})-[:REPORTS]->(c:Claim)
WITH DISTINCT c DETACH DELETE c"""

REMOVE_OLD_MENTIONS = """
UNWIND $ids AS id
MATCH (:Paper {id: id})-[m:MENTIONS|PROPOSES]->()
WITH DISTINCT m DELETE m"""

UPSERT_PAPERS = """
UNWIND $rows AS r
MERGE (p:Paper {id: r.id})
SET p.title = r.title, p.abstract = r.abstract, p.source = r.source, p.url = r.url,
    p.published = r.published, p.extractor = r.extractor"""

# New entities are created with their type label: adding a label to an existing node costs FalkorDB
# time that grows with the graph (about 0.6 ms a node at 30k nodes), creating it with the label does not.
# One fixed statement per type ('' for an entity of no known type: no type label).
UPSERT_ENTITIES = {t: f"""
UNWIND $rows AS r
OPTIONAL MATCH (x:Entity {{key: r.key}})
WITH r WHERE x IS NULL
CREATE (e:Entity{":" + t if t else ""} {{key: r.key, name: r.name, type: r.type, aliases: [], alias_keys: [],
    paper_count: 0, mention_count: 0,
    tally_surfaces: [], tally_surface_n: [], tally_types: [], tally_type_n: [],
    tally_forms: [], tally_form_n: [], tally_form_keys: [], tally_form_key_n: []}})""" for t in (*ENTITY_TYPES, "")}

# Rows are lists, as parsing the parameters is about half of this statement's cost to FalkorDB (maps cost
# it twice as much): [paper, key, count, surface, type, confidence, forms, form keys], where missing forms
# are [surface] and missing form keys [key], as they mostly are (`_mention_rows`).
CREATE_MENTIONS = """
UNWIND $rows AS r
MATCH (p:Paper {id: r[0]})
MATCH (e:Entity {key: r[1]})
CREATE (p)-[:MENTIONS {count: r[2], surface: r[3], forms: coalesce(r[6], [r[3]]), form_keys: coalesce(r[7], [r[1]]),
                       type: r[4], confidence: r[5]}]->(e)"""


def _mention_rows(mentions: Sequence[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for m in mentions:
        row = [m["paper"], m["key"], m["count"], m["surface"], m["type"], m["confidence"],
               None if m["forms"] == [m["surface"]] else m["forms"],
               None if m["form_keys"] == [m["key"]] else m["form_keys"]]
        while row[-1] is None:
            row.pop()
        out.append(row)
    return out

CREATE_PROPOSES = """
UNWIND $rows AS r
MATCH (p:Paper {id: r.paper})
MATCH (e:Entity {key: r.key})
CREATE (p)-[:PROPOSES]->(e)"""

CREATE_CLAIMS = """
UNWIND $rows AS r
MATCH (p:Paper {id: r.paper})
CREATE (p)-[:REPORTS]->(c:Claim {id: r.id, kind: r.kind, value: r.value, unit: r.unit,
    qualifier: r.qualifier, sota: r.sota, evidence: r.evidence, start: r.start, end: r.end,
    confidence: r.confidence, paper: r.paper})"""

# One statement per role: the relationship type is part of the fixed statement text.
CREATE_CLAIM_LINK = {rel: f"""
UNWIND $rows AS r
MATCH (c:Claim {{id: r.claim}})
MATCH (e:Entity {{key: r.key}})
CREATE (c)-[:{rel}]->(e)""" for _, rel, _ in CLAIM_ROLES}

CREATE_OUTPERFORMS = """
UNWIND $rows AS r
MATCH (s:Entity {key: r.subject})
MATCH (o:Entity {key: r.object})
CREATE (s)-[:OUTPERFORMS {claim: r.claim, paper: r.paper, dataset: r.dataset, metric: r.metric,
                          dataset_key: r.dataset_key, metric_key: r.metric_key, value: r.value, unit: r.unit}]->(o)"""

CREATE_EVALUATED_ON = """
UNWIND $rows AS r
MATCH (s:Entity {key: r.subject})
MATCH (d:Entity {key: r.dataset})
CREATE (s)-[:EVALUATED_ON {paper: r.paper}]->(d)"""

MERGE_VARIANT_OF = """
UNWIND $rows AS r
MATCH (v:Entity {key: r.key})
MATCH (b:Entity {key: r.base})
MERGE (v)-[:VARIANT_OF]->(b)"""

# Name, type and aliases of an entity follow from all its mentions. Recomputing them by reading every
# mention of every touched entity costs, per batch, the degree of its most popular entities, which grows
# with the graph (a name mentioned by 50k papers would be re-read by every batch that mentions it). So
# each entity keeps tallies of its mentions: sorted distinct values (surfaces, types, forms, form keys)
# with, beside each, how many mentions carry it. A batch subtracts what the mentions it removes carried
# (read from the stored edges, inside the atomic group) and adds what the mentions it creates carry (known
# before sending: counted in Python), then derives name, type and aliases from the tallies of the entities
# whose tallies changed. Sorted and count-based, the tallies are the same whatever order the papers came in.
TALLIES: tuple[tuple[str, str, str], ...] = (  # (values, their counts, what one list of mentions `ms` carries)
    ("tally_surfaces", "tally_surface_n", "[m IN ms | m.surface]"),
    ("tally_types", "tally_type_n", "[m IN ms | m.type]"),
    ("tally_forms", "tally_form_n", "reduce(a = [], m IN ms | a + m.forms)"),
    ("tally_form_keys", "tally_form_key_n", "reduce(a = [], m IN ms | a + m.form_keys)"),
)


def _tally_update(head: str, sign: str, start_empty: bool = False) -> str:
    """`head` binds `e` and the list `ms` of mention edges to count in (sign '+') or out (sign '-');
    `start_empty` ignores the stored tallies (counting everything again)."""
    gathered = ", ".join(f"{gather} AS g{i}" for i, (_, _, gather) in enumerate(TALLIES))
    merged = ", ".join(
        f"reduce(l = {'[]' if start_empty else f'coalesce(e.{values}, [])'}, x IN g{i} | CASE WHEN x IN l THEN l "
        f"ELSE [y IN l WHERE y < x] + [x] + [y IN l WHERE y > x] END) AS l{i}, g{i}"
        for i, (values, _, _) in enumerate(TALLIES))
    counted = ", ".join(
        f"l{i}, [v IN l{i} | "
        + ("0" if start_empty else f"reduce(c = 0, j IN range(0, size(coalesce(e.{values}, [])) - 1) | "
                                   f"CASE WHEN e.{values}[j] = v THEN e.{counts}[j] ELSE c END)")
        + f" {sign} size([x IN g{i} WHERE x = v])] AS n{i}"
        for i, (values, counts, _) in enumerate(TALLIES))
    kept = ", ".join(
        f"e.{values} = [j IN range(0, size(l{i}) - 1) WHERE n{i}[j] > 0 | l{i}[j]], "
        f"e.{counts} = [c IN n{i} WHERE c > 0]"
        for i, (values, counts, _) in enumerate(TALLIES))
    # paper_count (papers mentioning the entity: one MENTIONS edge each) and mention_count (the sum of their
    # counts) are kept beside the tallies, so that ranking entities reads one property instead of every edge.
    base = "0" if start_empty else "coalesce(e.{}, 0)"
    counted_also = (f"{base.format('paper_count')} {sign} size(ms) AS papers, "
                    f"{base.format('mention_count')} {sign} reduce(c = 0, m IN ms | c + m.count) AS mentions")
    return (f"{head.strip()}\nWITH e, ms, {gathered}\nWITH e, ms, {merged}\nWITH e, {counted}, {counted_also}\n"
            f"SET {kept}, e.paper_count = papers, e.mention_count = mentions")


# Tallies missing (a graph written before tallies existed) or not to be trusted (after a failed batch):
# counted again from every mention.
_ALL_MENTIONS = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
WHERE e.tally_surfaces IS NULL OR e.paper_count IS NULL
OPTIONAL MATCH (e)<-[m:MENTIONS]-()
WITH e, collect(m) AS ms"""
REBUILD_TALLIES = _tally_update(_ALL_MENTIONS, "+", start_empty=True)
FORCE_REBUILD_TALLIES = _tally_update(_ALL_MENTIONS.replace("WHERE e.tally_surfaces IS NULL OR e.paper_count IS NULL\n", ""), "+",
                                      start_empty=True)

SUBTRACT_OLD_MENTIONS = _tally_update("""
UNWIND $ids AS id
MATCH (:Paper {id: id})-[m:MENTIONS]->(e:Entity)
WITH e, collect(m) AS ms""", "-")


def _merge_in(values: str, counts: str, i: int) -> str:
    """The stored sorted `values` and their `counts` with the batch's sorted `v{i}` and counts `n{i}` merged
    in, as [values, counts]. An entity with no tallies yet takes the batch's; otherwise one insertion per
    value the batch brings (a few), each linear in the stored list (short: a popular entity has a handful
    of spellings)."""
    return (f"CASE WHEN size(coalesce(e.{values}, [])) = 0 THEN [v{i}, n{i}] ELSE "
            f"reduce(a = [e.{values}, e.{counts}], j IN range(0, size(v{i}) - 1) | "
            f"CASE WHEN v{i}[j] IN a[0] "
            f"THEN [a[0], [k IN range(0, size(a[0]) - 1) | a[1][k] + CASE WHEN a[0][k] = v{i}[j] THEN n{i}[j] ELSE 0 END]] "
            f"ELSE [[x IN a[0] WHERE x < v{i}[j]] + [v{i}[j]] + [x IN a[0] WHERE x > v{i}[j]], "
            f"[k IN range(0, size(a[0]) - 1) WHERE a[0][k] < v{i}[j] | a[1][k]] + [n{i}[j]] "
            f"+ [k IN range(0, size(a[0]) - 1) WHERE a[0][k] > v{i}[j] | a[1][k]]] END) END AS t{i}")


# What the batch's new mentions carry is known before sending (they are `rows.mentions`), so it is counted
# in Python (`_tally_rows`) and sent per entity: the statement only merges small sorted lists, instead of
# reading every new edge back and counting in Cypher. Parameters cost FalkorDB time to parse (about 60 ns a
# character) and this process time to write, so a row is a list, and what it usually repeats is left out:
# [key, papers, mentions, surfaces, their counts, types, their counts, forms, their counts, form keys, their
# counts], where missing counts are all 1, missing forms are the surfaces (with their counts) and missing
# form keys are [key] (counted once a paper).
ADD_NEW_MENTIONS = (
    "UNWIND $rows AS r\nMATCH (e:Entity {key: r[0]})\n"
    "WITH e, r, r[3] AS v0, coalesce(r[4], [x IN r[3] | 1]) AS n0, r[5] AS v1, coalesce(r[6], [x IN r[5] | 1]) AS n1\n"
    "WITH e, r, v0, n0, v1, n1, coalesce(r[7], v0) AS v2, "
    "CASE WHEN r[7] IS NULL THEN n0 ELSE coalesce(r[8], [x IN r[7] | 1]) END AS n2, "
    "coalesce(r[9], [r[0]]) AS v3, CASE WHEN r[9] IS NULL THEN [r[1]] ELSE coalesce(r[10], [x IN r[9] | 1]) END AS n3\n"
    f"WITH e, r, {', '.join(_merge_in(values, counts, i) for i, (values, counts, _) in enumerate(TALLIES))}\n"
    f"SET {', '.join(f'e.{values} = t{i}[0], e.{counts} = t{i}[1]' for i, (values, counts, _) in enumerate(TALLIES))}, "
    "e.paper_count = coalesce(e.paper_count, 0) + r[1], e.mention_count = coalesce(e.mention_count, 0) + r[2]")


def _tally_rows(mentions: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Per entity, what `mentions` add to its tallies, as ADD_NEW_MENTIONS takes it."""
    per_key: dict[str, tuple[dict, dict, dict, dict, list[int]]] = {}
    for m in mentions:
        found = per_key.get(m["key"])
        if found is None:
            found = per_key[m["key"]] = ({}, {}, {}, {}, [0, 0])
        surfaces, types, forms, form_keys, totals = found
        surfaces[m["surface"]] = surfaces.get(m["surface"], 0) + 1
        types[m["type"]] = types.get(m["type"], 0) + 1
        for form in m["forms"]:
            forms[form] = forms.get(form, 0) + 1
        for form_key in m["form_keys"]:
            form_keys[form_key] = form_keys.get(form_key, 0) + 1
        totals[0] += 1
        totals[1] += m["count"]

    def tally(counted: dict) -> list[Any]:
        values = sorted(counted)
        counts = [counted[v] for v in values]
        return [values, None if all(c == 1 for c in counts) else counts]

    out = []
    for key, (surfaces, types, forms, form_keys, (papers, total)) in per_key.items():
        row = [key, papers, total, *tally(surfaces), *tally(types),
               *([None, None] if forms == surfaces else tally(forms)),
               *([None, None] if form_keys == {key: papers} else tally(form_keys))]
        while row[-1] is None:
            row.pop()
        out.append(row)
    return out

# Name: the most common surface (ties: the smallest); type: the most common type; aliases: every other
# form; alias keys: every form's key. An entity no paper mentions keeps what it had (it is an orphan
# about to go, or the family of a variant). Only entities where something changed are written (a write
# re-indexes the node, and costs FalkorDB more as the graph grows; most touched entities are popular ones
# whose name, type and aliases stay). The type label follows `type`, written only where it is
# wrong: one FOREACH per type, as a label cannot be a parameter. (Entities are created with their label;
# adding one to an existing node costs FalkorDB time that grows with the graph. No WITH ... WHERE after
# the SET: FalkorDB then drops the SET of the rows the WHERE filters out.)
DERIVE_FROM_TALLIES = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
WHERE size(coalesce(e.tally_surfaces, [])) > 0
WITH e,
  reduce(b = 0, i IN range(0, size(e.tally_surfaces) - 1) | CASE WHEN e.tally_surface_n[i] > e.tally_surface_n[b]
    OR (e.tally_surface_n[i] = e.tally_surface_n[b] AND e.tally_surfaces[i] < e.tally_surfaces[b]) THEN i ELSE b END) AS s,
  reduce(b = 0, i IN range(0, size(e.tally_types) - 1) | CASE WHEN e.tally_type_n[i] > e.tally_type_n[b]
    OR (e.tally_type_n[i] = e.tally_type_n[b] AND e.tally_types[i] < e.tally_types[b]) THEN i ELSE b END) AS t
WITH e, e.tally_surfaces[s] AS name, e.tally_types[t] AS type
WITH e, name, type, [f IN e.tally_forms WHERE f <> name] AS aliases
WHERE e.name IS NULL OR e.name <> name OR e.type IS NULL OR e.type <> type OR e.aliases IS NULL
   OR e.aliases <> aliases OR e.alias_keys IS NULL OR e.alias_keys <> e.tally_form_keys
   OR size(labels(e)) <> 2 OR NOT type IN labels(e)
SET e.name = name, e.type = type, e.aliases = aliases, e.alias_keys = e.tally_form_keys
""" + "\n".join(
    f"FOREACH (_ IN CASE WHEN type = '{t}' AND (size(labels(e)) <> 2 OR NOT e:{t}) THEN [1] ELSE [] END | SET e:{t} "
    f"REMOVE {', '.join(f'e:{other}' for other in ENTITY_TYPES if other != t)})" for t in ENTITY_TYPES)

# An entity that no paper mentions and that is no family of a remaining variant goes.
REMOVE_ORPHAN_ENTITIES = """
UNWIND $keys AS k
MATCH (e:Entity {key: k})
OPTIONAL MATCH (e)<-[m:MENTIONS]-()
WITH e, count(m) AS mentions
WHERE mentions = 0
OPTIONAL MATCH (e)<-[v:VARIANT_OF]-()
WITH e, count(v) AS variants
WHERE variants = 0
DETACH DELETE e"""
ORPHAN_PASSES = 3  # variant chains are at most this deep (Llama-3-8B-Instruct -> Llama-3-8B -> Llama-3)

STAMP_PAPERS = """
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
SET p.content_hash = r.hash"""

STORED_STATE = """
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity)
OPTIONAL MATCH (e)-[:VARIANT_OF*1..3]->(b:Entity)
RETURN p.id AS id, p.content_hash AS hash, collect(DISTINCT e.key) + collect(DISTINCT b.key) AS keys"""

UNSTAMP_PAPERS = """
UNWIND $ids AS id
MATCH (p:Paper {id: id})
SET p.content_hash = null"""

DELETE_PAPERS = """
UNWIND $ids AS id
MATCH (p:Paper {id: id})
DETACH DELETE p"""


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


@dataclass
class BatchRows:
    """Everything one batch writes, as parameter rows."""

    ids: list[str] = field(default_factory=list)
    papers: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    proposes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {rel: [] for _, rel, _ in CLAIM_ROLES})
    outperforms: list[dict[str, Any]] = field(default_factory=list)
    evaluated_on: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)
    stamps: list[dict[str, Any]] = field(default_factory=list)


def batch_rows(batch: Sequence[tuple[Paper, Extraction]]) -> BatchRows:
    """Turn (paper, extraction) pairs into parameter rows; pure, no database."""
    rows = BatchRows()
    for paper, extraction in batch:
        rows.ids.append(paper.id)
        rows.papers.append({"id": paper.id, "title": paper.title, "abstract": paper.abstract,
                            "source": paper.source, "url": paper.url, "published": paper.published,
                            "extractor": extraction.extractor})
        rows.stamps.append({"id": paper.id, "hash": paper.content_hash})
        _paper_rows(rows, paper.id, extraction)
    return rows


def merge_rows(parts: Iterable[BatchRows]) -> BatchRows:
    """Per-paper rows (each `batch_rows` of one paper, distinct ids) as the rows of one batch: what
    `batch_rows` gives for the papers together."""
    merged = BatchRows()
    for rows in parts:
        merged.ids += rows.ids
        merged.papers += rows.papers
        merged.stamps += rows.stamps
        for key, row in rows.entities.items():
            merged.entities.setdefault(key, row)
        merged.mentions += rows.mentions
        merged.proposes += rows.proposes
        merged.claims += rows.claims
        for rel, links in rows.links.items():
            merged.links[rel] += links
        merged.outperforms += rows.outperforms
        merged.evaluated_on += rows.evaluated_on
        merged.variants += [row for row in rows.variants if row not in merged.variants]
    return merged


def _paper_rows(rows: BatchRows, paper_id: str, extraction: Extraction) -> None:
    mentions: dict[str, dict[str, Any]] = {}
    key_of: dict[str, str] = {}

    def mention(name: str, etype: str, *, count: int = 1, aliases: Iterable[str] = (),
                confidence: float = 1.0, proposed: bool = False) -> Optional[str]:
        key = normalize.entity_key(name)
        if not key:
            return None
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            log.warning("paper %s: entity name of %d characters skipped (longer than a key may be)",
                        paper_id, len(name))
            return None
        key_of[name] = key
        found = mentions.get(key)
        if found is None:
            found = mentions[key] = {"paper": paper_id, "key": key, "count": 0, "surface": name, "forms": [],
                                     "type": etype, "confidence": confidence, "proposed": False}
        found["count"] += count
        found["confidence"] = max(found["confidence"], confidence)
        found["proposed"] = found["proposed"] or proposed
        for form in (name, *aliases):
            if form not in found["forms"]:
                found["forms"].append(form)
        rows.entities.setdefault(key, {"key": key, "name": name, "type": etype})
        return key

    for entity in extraction.entities:
        mention(entity.name, entity.type, count=entity.count, aliases=entity.aliases,
                confidence=entity.confidence, proposed=entity.proposed)
        for alias in entity.aliases:
            key_of.setdefault(alias, entity.key or normalize.entity_key(entity.name))

    seen_claims: set[str] = set()
    evaluated: set[tuple[str, str]] = set()
    for claim in extraction.claims:
        if claim.id in seen_claims:
            continue
        seen_claims.add(claim.id)
        rows.claims.append(_claim_row(paper_id, claim))
        role_keys: dict[str, Optional[str]] = {}
        for role, rel, default_type in CLAIM_ROLES:
            name = getattr(claim, role)
            if not name:
                role_keys[role] = None
                continue
            # A claim may name something the extractor did not list; it is still a mention.
            key = key_of.get(name) or mention(name, default_type)
            role_keys[role] = key
            if key:
                rows.links[rel].append({"claim": claim.id, "key": key})
        subject, obj, dataset = role_keys["subject"], role_keys["object"], role_keys["dataset"]
        if claim.kind == "outperforms" and subject and obj and subject != obj:
            # The keys beside the names let "same dataset and metric" be compared on the edge itself.
            rows.outperforms.append({"subject": subject, "object": obj, "claim": claim.id, "paper": paper_id,
                                     "dataset": claim.dataset, "metric": claim.metric,
                                     "dataset_key": dataset, "metric_key": role_keys["metric"],
                                     "value": claim.value, "unit": claim.unit})
        if subject and dataset and (subject, dataset) not in evaluated:
            evaluated.add((subject, dataset))
            rows.evaluated_on.append({"subject": subject, "dataset": dataset, "paper": paper_id})

    for found in mentions.values():
        found["form_keys"] = sorted({normalize.entity_key(f) for f in found["forms"]} - {""})
        if found.pop("proposed"):
            rows.proposes.append({"paper": paper_id, "key": found["key"]})
        rows.mentions.append(found)
        _variant_rows(rows, found["surface"], found["key"], found["type"])


def _variant_rows(rows: BatchRows, name: str, key: str, etype: str) -> None:
    """VARIANT_OF edges up the family chain: `Llama-3-8B-Instruct` -> `Llama-3-8B` -> `Llama-3`."""
    variant_base = getattr(normalize, "variant_base", None)
    if variant_base is None:
        return
    for _ in range(ORPHAN_PASSES):
        base = variant_base(name)
        base_key = normalize.entity_key(base) if base else ""
        if not base_key or base_key == key:
            return
        rows.entities.setdefault(base_key, {"key": base_key, "name": base, "type": etype})
        row = {"key": key, "base": base_key}
        if row not in rows.variants:
            rows.variants.append(row)
        name, key = base, base_key


def _claim_row(paper_id: str, claim: Claim) -> dict[str, Any]:
    return {"paper": paper_id, "id": claim.id, "kind": claim.kind, "value": claim.value, "unit": claim.unit,
            "qualifier": claim.qualifier, "sota": claim.sota, "evidence": claim.evidence,
            "start": claim.start, "end": claim.end, "confidence": claim.confidence}


def batch_statements(rows: BatchRows, old_keys: Iterable[str] = (), rebuild: bool = True) -> list[Statement]:
    """The ordered statements of one atomic batch (statements with no rows are left out). `rebuild` first
    counts again the tallies of touched entities that have none (the loader leaves it out once it knows
    that every entity has them)."""
    ids = {"ids": rows.ids}
    touched = sorted(set(rows.entities) | set(old_keys))
    keys = {"keys": touched}
    # Name, type and aliases can only change where the tallies did: the entities mentioned by the removed
    # or the new versions (and, when rebuilding, those whose tallies are counted again).
    derive_keys = keys if rebuild else {"keys": sorted({m["key"] for m in rows.mentions} | set(old_keys))}
    # Only entities the replaced versions mentioned can be left with no mention: what this batch writes
    # is mentioned by it or is the family of something it mentions.
    orphan_keys = {"keys": sorted(set(old_keys) - set(rows.entities))}
    entity_rows: dict[str, list[dict[str, Any]]] = {t: [] for t in UPSERT_ENTITIES}
    for row in rows.entities.values():
        entity_rows[row["type"] if row["type"] in entity_rows else ""].append(row)
    plan: list[tuple[str, dict[str, Any], bool]] = [
        (REBUILD_TALLIES, keys, rebuild and bool(touched)),
        (SUBTRACT_OLD_MENTIONS, ids, True),
        (REMOVE_OLD_OUTPERFORMS, ids, True),
        (REMOVE_OLD_EVALUATED_ON, ids, True),
        (REMOVE_OLD_CLAIMS, ids, True),
        (REMOVE_OLD_MENTIONS, ids, True),
        (UPSERT_PAPERS, {"rows": rows.papers}, bool(rows.papers)),
        *[(UPSERT_ENTITIES[t], {"rows": entity_rows[t]}, bool(entity_rows[t])) for t in UPSERT_ENTITIES],
        (CREATE_MENTIONS, {"rows": _mention_rows(rows.mentions)}, bool(rows.mentions)),
        (CREATE_PROPOSES, {"rows": rows.proposes}, bool(rows.proposes)),
        (CREATE_CLAIMS, {"rows": rows.claims}, bool(rows.claims)),
        *[(CREATE_CLAIM_LINK[rel], {"rows": rows.links[rel]}, bool(rows.links[rel])) for _, rel, _ in CLAIM_ROLES],
        (CREATE_OUTPERFORMS, {"rows": rows.outperforms}, bool(rows.outperforms)),
        (CREATE_EVALUATED_ON, {"rows": rows.evaluated_on}, bool(rows.evaluated_on)),
        (MERGE_VARIANT_OF, {"rows": rows.variants}, bool(rows.variants)),
        (ADD_NEW_MENTIONS, {"rows": _tally_rows(rows.mentions)}, bool(rows.mentions)),
        (DERIVE_FROM_TALLIES, derive_keys, bool(derive_keys["keys"])),
        *[(REMOVE_ORPHAN_ENTITIES, orphan_keys, bool(orphan_keys["keys"])) for _ in range(ORPHAN_PASSES)],
        (STAMP_PAPERS, {"rows": rows.stamps}, bool(rows.stamps)),
    ]
    return [(cypher.strip(), params) for cypher, params, needed in plan if needed]


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
