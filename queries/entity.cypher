// name: entity
// description: Look an entity up by its name or any alias or spelling (case, spaces, hyphens folded).
// param key: the normalised key of the name (the Python helper and `kg query entity --param name=...` compute it)
MATCH (e:Entity)
WHERE e.key = $key OR $key IN e.alias_keys
OPTIONAL MATCH (p:Paper)-[m:MENTIONS]->(e)
RETURN e.name AS name, e.type AS type, e.key AS key, e.aliases AS aliases, count(p) AS papers
ORDER BY papers DESC
