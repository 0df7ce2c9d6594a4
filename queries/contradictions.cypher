// name: contradictions
// description: Pairs of claims that disagree: A beats B on a dataset and metric in one paper, B beats A on the
// description: same dataset and metric in another.
// param entity_key?: only contradictions involving this entity, any spelling (give `entity`)
// example:
//
// "Same dataset and metric" compares entity keys, and a missing dataset (or metric) only matches a missing one.
// Each pair of entities is listed once (a_key < b_key); a_* describes the claim where A wins.
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
MATCH (pa:Paper)-[:REPORTS]->(ca:Claim {kind: 'outperforms'})-[:SUBJECT]->(a:Entity),
      (ca)-[:OBJECT]->(b:Entity)
MATCH (pb:Paper)-[:REPORTS]->(cb:Claim {kind: 'outperforms'})-[:SUBJECT]->(b),
      (cb)-[:OBJECT]->(a)
WHERE pa <> pb AND a.key < b.key
  AND ($entity_key IS NULL OR a = exact OR b = exact
       OR (exact IS NULL AND ($entity_key IN a.alias_keys OR $entity_key IN b.alias_keys)))
OPTIONAL MATCH (ca)-[:ON_DATASET]->(da:Entity)
OPTIONAL MATCH (cb)-[:ON_DATASET]->(db:Entity)
OPTIONAL MATCH (ca)-[:USES_METRIC]->(ma:Entity)
OPTIONAL MATCH (cb)-[:USES_METRIC]->(mb:Entity)
WITH a, b, ca, cb, pa, pb, da, db, ma, mb
WHERE coalesce(da.key, '') = coalesce(db.key, '') AND coalesce(ma.key, '') = coalesce(mb.key, '')
RETURN a.name AS a, b.name AS b, da.name AS dataset, ma.name AS metric,
       ca.value AS a_margin, ca.unit AS a_unit, ca.evidence AS a_evidence, pa.id AS a_paper,
       cb.value AS b_margin, cb.unit AS b_unit, cb.evidence AS b_evidence, pb.id AS b_paper,
       a.key AS a_key, b.key AS b_key, da.key AS dataset_key, ma.key AS metric_key,
       ca.id AS a_claim, cb.id AS b_claim
ORDER BY a, b, dataset IS NULL, dataset, metric IS NULL, metric, a_paper, b_paper, a_claim, b_claim
