// name: co_mentioned
// description: Entities most often mentioned in the same papers as an entity (e.g. the datasets a method is
// description: used with), optionally of one type.
// param entity_key: the entity, any spelling (give `entity`)
// param type?: only co-mentioned entities of this type (Model, Method, Dataset, Metric, Task)
// param n? = 20: at most this many entities
// example: entity=GPT-4 type=Dataset
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (x)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(e:Entity)
WHERE e <> x AND ($type IS NULL OR e.type = $type)
WITH e, count(DISTINCT p) AS paper_count
RETURN e.name AS name, e.type AS type, paper_count, e.key AS key
ORDER BY paper_count DESC, name
LIMIT $n
