// name: entities_of
// description: Name, type, aliases and paper count of each of some entities (by key): `kg site` heads its
// description: entity pages with them.
// param keys: entity keys (a list)
// example: keys='["imagenet","cifar-100"]'
UNWIND $keys AS k
MATCH (e:Entity {key: k})
RETURN e.name AS name, e.type AS type, e.key AS key, e.aliases AS aliases, e.paper_count AS paper_count
ORDER BY key
