// name: beaten_by
// description: Whom an entity beats: every outperforms claim with it as the winner, largest margin first.
// param entity_key: the entity that wins, any spelling (give `entity`)
// example: entity=Paramanu-Ganita
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (x)-[o:OUTPERFORMS]->(l:Entity)
WITH x, l, o
MATCH (c:Claim {id: o.claim})
WITH x, l, o, c
MATCH (c)<-[:REPORTS]-(p:Paper)
WHERE p.id = o.paper
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN x.name AS winner, l.name AS loser, o.value AS margin, o.unit AS unit, d.name AS dataset, m.name AS metric,
       c.qualifier AS qualifier, c.evidence AS evidence, p.id AS paper, p.title AS title,
       x.key AS winner_key, l.key AS loser_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY margin IS NULL, margin DESC, loser, paper, claim
