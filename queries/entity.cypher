// name: entity
// description: Look an entity up by its name or any alias or spelling (case, spaces, hyphens folded).
// param name_key: the name to look up, any spelling (give `name`; in Neo4j Browser give its key, e.g. 'llama-3-8-b')
// example: name="multi task learning"
//
// An exact key match comes first (exact = true); entities that only list the spelling as an alias follow.
MATCH (e:Entity)
WHERE e.key = $name_key OR $name_key IN e.alias_keys
OPTIONAL MATCH (p:Paper)-[:MENTIONS]->(e)
WITH e, count(DISTINCT p) AS paper_count
OPTIONAL MATCH (c:Claim)-[:SUBJECT|OBJECT]->(e)
WITH e, paper_count, count(DISTINCT c) AS claim_count
RETURN e.name AS name, e.type AS type, e.key AS key, e.aliases AS aliases, paper_count, claim_count,
       e.key = $name_key AS exact
ORDER BY exact DESC, paper_count DESC, name
