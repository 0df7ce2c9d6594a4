// name: head_to_head
// description: Every claim that compares two entities directly, in either direction (outperforms, matches, ...).
// param a_key: one entity, any spelling (give `a`)
// param b_key: the other entity, any spelling (give `b`)
// example: a=atom-of-thoughts b=o3-mini
OPTIONAL MATCH (exact_a:Entity {key: $a_key})
WITH exact_a
OPTIONAL MATCH (alias_a:Entity)
WHERE exact_a IS NULL AND $a_key IN alias_a.alias_keys
WITH coalesce(exact_a, alias_a) AS a
WHERE a IS NOT NULL
OPTIONAL MATCH (exact_b:Entity {key: $b_key})
WITH a, exact_b
OPTIONAL MATCH (alias_b:Entity)
WHERE exact_b IS NULL AND $b_key IN alias_b.alias_keys
WITH a, coalesce(exact_b, alias_b) AS b
WHERE b IS NOT NULL AND b.key <> a.key
UNWIND [[a, b], [b, a]] AS pair
WITH pair[0] AS s, pair[1] AS o
MATCH (s)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(o)
WITH s, o, c
MATCH (c)<-[:REPORTS]-(p:Paper)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN s.name AS subject, c.kind AS kind, o.name AS object, c.value AS value, c.unit AS unit,
       d.name AS dataset, m.name AS metric, c.evidence AS evidence, p.id AS paper, p.title AS title,
       s.key AS subject_key, o.key AS object_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY dataset IS NULL, dataset, metric IS NULL, metric, subject, paper, claim
