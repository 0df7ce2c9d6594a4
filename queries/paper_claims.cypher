// name: paper_claims
// description: Every claim one paper makes, in the order of its abstract, by paper id or exact title.
// param paper: the paper's id, or its title (case-insensitive)
// example: paper=t-1e8a08ab0d07c501
OPTIONAL MATCH (exact:Paper {id: $paper})
WITH exact
OPTIONAL MATCH (titled:Paper)
WHERE exact IS NULL AND toLower(titled.title) = toLower($paper)
WITH coalesce(exact, titled) AS p
WHERE p IS NOT NULL
MATCH (p)-[:REPORTS]->(c:Claim)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN c.kind AS kind, s.name AS subject, o.name AS object, d.name AS dataset, m.name AS metric,
       c.value AS value, c.unit AS unit, c.qualifier AS qualifier, c.sota AS sota, c.evidence AS evidence,
       c.start AS start, c.end AS end, p.id AS paper, p.title AS title, c.id AS claim,
       s.key AS subject_key, o.key AS object_key, d.key AS dataset_key, m.key AS metric_key
ORDER BY paper, start, claim
