// name: top_entities
// description: The most mentioned entities, by the number of papers mentioning them, optionally of one type.
// param type?: Model, Method, Dataset, Metric or Task (any case, plural too)
// param n? = 20: at most this many entities
// example: type=Dataset n=10
//
// paper_count (papers with a MENTIONS edge to the entity) and mention_count (the sum of those edges' count)
// are kept on each entity by the loader: reading them is one pass over the entities, not over every MENTIONS
// edge. An entity that no paper mentions (only the family of a variant) has paper_count 0 and is left out.
MATCH (e:Entity)
WHERE e.paper_count > 0 AND ($type IS NULL OR e.type = $type)
RETURN e.name AS name, e.type AS type, e.paper_count AS paper_count, e.mention_count AS mention_count,
       e.key AS key
ORDER BY paper_count DESC, mention_count DESC, name
LIMIT $n
