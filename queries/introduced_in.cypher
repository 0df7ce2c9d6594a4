// name: introduced_in
// description: The papers that propose an entity (where it was introduced), earliest first.
// param entity_key: the entity, any spelling (give `entity`)
// example: entity="Control LLM"
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (p:Paper)-[:PROPOSES]->(x)
RETURN x.name AS entity, p.id AS paper, p.title AS title, p.published AS published, p.url AS url,
       x.key AS entity_key
ORDER BY published IS NULL, published, paper
