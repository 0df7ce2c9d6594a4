// name: beaten_by
// description: Whom an entity beats: every outperforms claim with it as the winner, largest margin first.
// param entity_key: the entity that wins, any spelling (give `entity`)
// example: entity=Paramanu-Ganita
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
MATCH (x:Entity)
WHERE x = exact OR (exact IS NULL AND $entity_key IN x.alias_keys)
MATCH (x)-[o:OUTPERFORMS]->(l:Entity)
MATCH (p:Paper {id: o.paper})-[:REPORTS]->(c:Claim {id: o.claim})
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN x.name AS winner, l.name AS loser, o.value AS margin, o.unit AS unit, d.name AS dataset, m.name AS metric,
       c.qualifier AS qualifier, c.evidence AS evidence, p.id AS paper, p.title AS title,
       x.key AS winner_key, l.key AS loser_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY margin IS NULL, margin DESC, loser, paper, claim
