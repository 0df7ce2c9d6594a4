// name: head_to_head
// description: Every claim that compares two entities directly, in either direction (outperforms, matches, ...).
// param a_key: one entity, any spelling (give `a`)
// param b_key: the other entity, any spelling (give `b`)
// example: a=AoT b=o3-mini
OPTIONAL MATCH (exact_a:Entity {key: $a_key})
WITH exact_a
MATCH (a:Entity)
WHERE a = exact_a OR (exact_a IS NULL AND $a_key IN a.alias_keys)
OPTIONAL MATCH (exact_b:Entity {key: $b_key})
WITH a, exact_b
MATCH (b:Entity)
WHERE (b = exact_b OR (exact_b IS NULL AND $b_key IN b.alias_keys)) AND b.key <> a.key
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:SUBJECT]->(s:Entity)
WHERE s = a OR s = b
MATCH (c)-[:OBJECT]->(o:Entity)
WHERE (s = a AND o = b) OR (s = b AND o = a)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN s.name AS subject, c.kind AS kind, o.name AS object, c.value AS value, c.unit AS unit,
       d.name AS dataset, m.name AS metric, c.evidence AS evidence, p.id AS paper, p.title AS title,
       s.key AS subject_key, o.key AS object_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY dataset IS NULL, dataset, metric IS NULL, metric, subject, paper, claim
