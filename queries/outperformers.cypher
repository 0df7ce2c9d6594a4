// name: outperformers
// description: Who beats an entity: every outperforms claim with it as the baseline, largest margin first.
// param entity_key: the entity that is beaten, any spelling (give `entity`)
// example: entity="PaLM 62B"
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (w:Entity)-[o:OUTPERFORMS]->(x)
WITH w, x, o
MATCH (c:Claim {id: o.claim})
WITH w, x, o, c
MATCH (c)<-[:REPORTS]-(p:Paper)
WHERE p.id = o.paper
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN w.name AS winner, x.name AS loser, o.value AS margin, o.unit AS unit, d.name AS dataset, m.name AS metric,
       c.qualifier AS qualifier, c.evidence AS evidence, p.id AS paper, p.title AS title,
       w.key AS winner_key, x.key AS loser_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY margin IS NULL, margin DESC, winner, paper, claim
