// name: confident_claims
// description: Claims ranked by confidence (the measured precision of the extraction rule that made them, see
// description: tools/calibrate_claims.py), most confident first, with the whole sentence and its offsets to check
// description: them; optionally only one kind, one dataset, or claims at least (or at most) so confident.
// param min_confidence? = 0.0: only claims at least this confident (0 to 1)
// param max_confidence? = 1.0: only claims at most this confident (to review the doubtful ones)
// param kind?: only claims of this kind (outperforms, achieves, improves, reduces, matches)
// param dataset_key?: only claims on this dataset, any spelling (give `dataset`)
// param n? = 50: at most this many claims
// example: min_confidence=0.6
// coalesce: with a null $dataset_key FalkorDB scans every entity; with '' (no key) it looks up the index.
OPTIONAL MATCH (exact:Entity {key: coalesce($dataset_key, '')})
WITH exact
MATCH (p:Paper)-[:REPORTS]->(c:Claim)
WHERE c.confidence >= $min_confidence AND c.confidence <= $max_confidence AND ($kind IS NULL OR c.kind = $kind)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
WITH p, c, d
WHERE $dataset_key IS NULL OR d = exact OR (exact IS NULL AND $dataset_key IN d.alias_keys)
WITH p, c, d
ORDER BY c.confidence DESC, p.id, c.start, c.id
LIMIT $n
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
WITH p, c, d, s
OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity)
WITH p, c, d, s, o
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN c.confidence AS confidence, c.kind AS kind, s.name AS subject, o.name AS object, d.name AS dataset,
       m.name AS metric, c.value AS value, c.unit AS unit, c.qualifier AS qualifier, c.evidence AS evidence,
       c.start AS start, c.end AS end, p.id AS paper, p.title AS title,
       s.key AS subject_key, o.key AS object_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY confidence DESC, paper, start, claim
