// name: contradictions
// description: Pairs of claims that disagree: A beats B on a dataset and metric in one paper, B beats A on the
// description: same dataset and metric in another.
// param entity_key?: only contradictions involving this entity, any spelling (give `entity`)
// example:
//
// "Same dataset and metric" compares entity keys, and a missing dataset (or metric) only matches a missing one.
// Each pair of entities is listed once (a_key < b_key); a_* describes the claim where A wins.
// The pairs come from the derived OUTPERFORMS edges (one per outperforms claim, carrying the claim id, the
// paper id and the dataset and metric keys), so only two-way edges are looked at; the claims are then fetched
// by their unique id.
// coalesce: with a null $entity_key FalkorDB scans every entity; with '' (no key) it looks up the index.
OPTIONAL MATCH (exact:Entity {key: coalesce($entity_key, '')})
WITH exact
// The two-way pairs first, on the bare adjacency; only their edges are then compared (at 100k papers
// 30 ms instead of 76 ms for the single pattern with the edge conditions).
MATCH (a:Entity)-[:OUTPERFORMS]->(b)-[:OUTPERFORMS]->(a)
WITH DISTINCT a, b, exact
WHERE a.key < b.key
MATCH (a)-[o1:OUTPERFORMS]->(b)-[o2:OUTPERFORMS]->(a)
WHERE o1.paper <> o2.paper
  AND coalesce(o1.dataset_key, '') = coalesce(o2.dataset_key, '')
  AND coalesce(o1.metric_key, '') = coalesce(o2.metric_key, '')
  AND ($entity_key IS NULL OR a = exact OR b = exact
       OR (exact IS NULL AND ($entity_key IN a.alias_keys OR $entity_key IN b.alias_keys)))
WITH a, b, o1, o2
MATCH (pa:Paper)-[:REPORTS]->(ca:Claim {id: o1.claim})
MATCH (pb:Paper)-[:REPORTS]->(cb:Claim {id: o2.claim})
OPTIONAL MATCH (d:Entity {key: o1.dataset_key})
WITH a, b, ca, cb, pa, pb, d, o1
OPTIONAL MATCH (m:Entity {key: o1.metric_key})
WITH a, b, ca, cb, pa, pb, d, m
RETURN a.name AS a, b.name AS b, d.name AS dataset, m.name AS metric,
       ca.value AS a_margin, ca.unit AS a_unit, ca.evidence AS a_evidence, pa.id AS a_paper,
       cb.value AS b_margin, cb.unit AS b_unit, cb.evidence AS b_evidence, pb.id AS b_paper,
       a.key AS a_key, b.key AS b_key, d.key AS dataset_key, m.key AS metric_key,
       ca.id AS a_claim, cb.id AS b_claim
ORDER BY a, b, dataset IS NULL, dataset, metric IS NULL, metric, a_paper, b_paper, a_claim, b_claim
