// name: sota_claims
// description: Claims of state-of-the-art results, optionally on one dataset, with the sentence and paper.
// param dataset_key?: only claims on this dataset, any spelling (give `dataset`)
// example:
OPTIONAL MATCH (exact:Entity {key: $dataset_key})
WITH exact
MATCH (p:Paper)-[:REPORTS]->(c:Claim {sota: true})
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
WITH p, c, d, exact
WHERE $dataset_key IS NULL OR d = exact OR (exact IS NULL AND $dataset_key IN d.alias_keys)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN s.name AS subject, c.kind AS kind, d.name AS dataset, m.name AS metric, c.value AS value, c.unit AS unit,
       c.evidence AS evidence, p.id AS paper, p.title AS title,
       s.key AS subject_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY dataset IS NULL, dataset, metric IS NULL, metric, subject, paper, claim
