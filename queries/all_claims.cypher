// name: all_claims
// description: Every claim with the entities it names (subject, baseline, dataset, metric), its sentence and its
// description: paper: what `kg site` builds its entity pages from, in one read.
// example:
MATCH (p:Paper)-[:REPORTS]->(c:Claim)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN c.kind AS kind, s.name AS subject, o.name AS object, d.name AS dataset, m.name AS metric,
       c.value AS value, c.unit AS unit, c.qualifier AS qualifier, c.evidence AS evidence,
       c.confidence AS confidence, p.id AS paper, p.title AS title, p.published AS published,
       s.key AS subject_key, o.key AS object_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY paper, claim
