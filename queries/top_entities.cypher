// name: top_entities
// description: The most mentioned entities, by the number of papers mentioning them, optionally of one type.
// param type?: Model, Method, Dataset, Metric or Task (any case, plural too)
// param n? = 20: at most this many entities
// example: type=Dataset n=10
MATCH (p:Paper)-[m:MENTIONS]->(e:Entity)
WHERE $type IS NULL OR e.type = $type
WITH e, count(DISTINCT p) AS paper_count, sum(m.count) AS mention_count
RETURN e.name AS name, e.type AS type, paper_count, toInteger(mention_count) AS mention_count, e.key AS key
ORDER BY paper_count DESC, mention_count DESC, name
LIMIT $n
