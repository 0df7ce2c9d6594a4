// name: papers_mentioning
// description: Papers that mention an entity, the ones proposing it first, then by how often they mention it.
// param entity_key: the entity, any spelling (give `entity`)
// example: entity=GPT-4
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (p:Paper)-[m:MENTIONS]->(x)
OPTIONAL MATCH (p)-[pr:PROPOSES]->(x)
RETURN p.id AS paper, p.title AS title, p.published AS published, p.url AS url, m.count AS mentions,
       m.surface AS surface, pr IS NOT NULL AS proposes, x.name AS entity, x.key AS entity_key
ORDER BY proposes DESC, mentions DESC, paper
