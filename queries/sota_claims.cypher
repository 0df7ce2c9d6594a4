// name: sota_claims
// description: Claims of state-of-the-art results, optionally on one dataset, with the sentence and paper;
// description: the first n (default 100) in the order dataset, metric, subject, paper.
// param dataset_key?: only claims on this dataset, any spelling (give `dataset`)
// param n? = 100: at most this many claims (a big graph has tens of thousands of them)
// example:
//
// Shipping tens of thousands of rows is what made the unlimited query slow, but the order needs the dataset,
// metric and subject of every claim. So: (1) the first n claims by dataset name alone; (2) the claims whose
// dataset ties with the n-th one's (by name; when the n-th has no dataset, every claim without one) may still
// belong, so they join them; (3) only those candidates get their metric, subject and paper and are sorted in full.
// The result is exactly the first n rows of the full order.
// coalesce: with a null $dataset_key FalkorDB scans every entity; with '' (no key) it looks up the index.
OPTIONAL MATCH (exact:Entity {key: coalesce($dataset_key, '')})
WITH exact
MATCH (c:Claim {sota: true})
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
WITH c, d, exact
WHERE $dataset_key IS NULL OR d = exact OR (exact IS NULL AND $dataset_key IN d.alias_keys)
WITH c, d, exact
ORDER BY d IS NULL, d.name
LIMIT $n
WITH exact, collect(c) AS first, collect(d.name) AS names, count(c) AS found
WITH exact, first, CASE WHEN found = $n AND size(names) = found THEN names[-1] END AS tie_name,
     found = $n AND size(names) < found AS tie_none
OPTIONAL MATCH (tied:Entity {name: tie_name})
WITH exact, first, tie_none, tied
OPTIONAL MATCH (tied)<-[:ON_DATASET]-(same:Claim {sota: true})
WHERE $dataset_key IS NULL OR tied = exact OR (exact IS NULL AND $dataset_key IN tied.alias_keys)
WITH first, tie_none, collect(same) AS same
OPTIONAL MATCH (loose:Claim {sota: true})
WHERE tie_none AND NOT (loose)-[:ON_DATASET]->(:Entity)
WITH first, same, collect(loose) AS loose
UNWIND first + same + loose AS c
WITH DISTINCT c
MATCH (p:Paper)-[:REPORTS]->(c)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
WITH p, c, d
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
WITH p, c, d, s
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN s.name AS subject, c.kind AS kind, d.name AS dataset, m.name AS metric, c.value AS value, c.unit AS unit,
       c.evidence AS evidence, p.id AS paper, p.title AS title,
       s.key AS subject_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY dataset IS NULL, dataset, metric IS NULL, metric, subject, paper, claim
LIMIT $n
