// name: claims_about
// description: Every claim with an entity as its subject or its object (baseline), with the sentence and paper.
// param entity_key: the entity, any spelling (give `entity`)
// example: entity=GPT-4
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[r:SUBJECT|OBJECT]->(x)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN CASE type(r) WHEN 'SUBJECT' THEN 'subject' ELSE 'object' END AS role, c.kind AS kind,
       s.name AS subject, o.name AS object, d.name AS dataset, m.name AS metric,
       c.value AS value, c.unit AS unit, c.qualifier AS qualifier, c.sota AS sota, c.evidence AS evidence,
       p.id AS paper, p.title AS title, c.start AS start, c.id AS claim,
       s.key AS subject_key, o.key AS object_key, d.key AS dataset_key, m.key AS metric_key
ORDER BY paper, start, role DESC, claim
