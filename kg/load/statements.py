"""The loader's Cypher: every statement a batch sends, and the plan that orders them for one atomic batch.

Shared by both stores, so kept to the Cypher both Neo4j 5 and FalkorDB accept; input only ever arrives as
parameters. Row shaping for the list-shaped statements (`mention_rows`, `tally_rows`) sits beside them.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from kg.load.rows import CLAIM_ROLES, ORPHAN_PASSES, BatchRows
from kg.models import ENTITY_TYPES
from kg.stores.base import Statement

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
    p.published = r.published, p.extractor = r.extractor, p.arxiv_id = r.arxiv_id, p.title_key = r.title_key"""

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
# it twice as much): [paper, key, count, surface, type, confidence, forms, form keys, the short form the paper
# defines, its expansion, the short form resolved by votes, what the votes said (kg.resolve)], where missing forms
# are [surface] and missing form keys [key], as they mostly are (`mention_rows`).
CREATE_MENTIONS = """
UNWIND $rows AS r
MATCH (p:Paper {id: r[0]})
MATCH (e:Entity {key: r[1]})
CREATE (p)-[:MENTIONS {count: r[2], surface: r[3], forms: coalesce(r[6], [r[3]]), form_keys: coalesce(r[7], [r[1]]),
                       type: r[4], confidence: r[5], defines: r[8], expansion: r[9], via: r[10],
                       outcome: r[11]}]->(e)"""


def mention_rows(mentions: Sequence[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for m in mentions:
        row = [m["paper"], m["key"], m["count"], m["surface"], m["type"], m["confidence"],
               None if m["forms"] == [m["surface"]] else m["forms"],
               None if m["form_keys"] == [m["key"]] else m["form_keys"],
               m.get("defines"), m.get("expansion"), m.get("via"), m.get("outcome")]
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
# in Python (`tally_rows`) and sent per entity: the statement only merges small sorted lists, instead of
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


def tally_rows(mentions: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Per entity, what `mentions` add to its tallies, as ADD_NEW_MENTIONS takes it."""
    per_key: dict[str, tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int], list[int]]] = {}
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

    def tally(counted: dict[str, int]) -> list[Any]:
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
        (CREATE_MENTIONS, {"rows": mention_rows(rows.mentions)}, bool(rows.mentions)),
        (CREATE_PROPOSES, {"rows": rows.proposes}, bool(rows.proposes)),
        (CREATE_CLAIMS, {"rows": rows.claims}, bool(rows.claims)),
        *[(CREATE_CLAIM_LINK[rel], {"rows": rows.links[rel]}, bool(rows.links[rel])) for _, rel, _ in CLAIM_ROLES],
        (CREATE_OUTPERFORMS, {"rows": rows.outperforms}, bool(rows.outperforms)),
        (CREATE_EVALUATED_ON, {"rows": rows.evaluated_on}, bool(rows.evaluated_on)),
        (MERGE_VARIANT_OF, {"rows": rows.variants}, bool(rows.variants)),
        (ADD_NEW_MENTIONS, {"rows": tally_rows(rows.mentions)}, bool(rows.mentions)),
        (DERIVE_FROM_TALLIES, derive_keys, bool(derive_keys["keys"])),
        *[(REMOVE_ORPHAN_ENTITIES, orphan_keys, bool(orphan_keys["keys"])) for _ in range(ORPHAN_PASSES)],
        (STAMP_PAPERS, {"rows": rows.stamps}, bool(rows.stamps)),
    ]
    return [(cypher.strip(), params) for cypher, params, needed in plan if needed]

