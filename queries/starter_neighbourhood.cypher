// name: starter_neighbourhood
// description: An entity's neighbourhood: who it beats and who beats it, the datasets it was evaluated on,
// description: its variants, the papers that mention it, and the claims about it with their datasets and metrics.
// param entity_key: the entity, any spelling (give `entity`; in Neo4j Browser its key, e.g. 'gpt-4')
// example: entity=GPT-4
//
// A starter query: it returns paths so that Neo4j Browser and `kg viz` draw it.
MATCH (e:Entity)
WHERE e.key = $entity_key OR $entity_key IN e.alias_keys
WITH e
ORDER BY e.key = $entity_key DESC, e.key
LIMIT 1
OPTIONAL MATCH near = (e)-[:OUTPERFORMS|EVALUATED_ON|VARIANT_OF]-(:Entity)
WITH e, collect(near) AS near
OPTIONAL MATCH mentioned = (:Paper)-[:MENTIONS|PROPOSES]->(e)
WITH e, near, collect(mentioned) AS mentioned
OPTIONAL MATCH claimed = (e)<-[:SUBJECT|OBJECT]-(:Claim)-[:SUBJECT|OBJECT|ON_DATASET|USES_METRIC]->(:Entity)
RETURN e, near, mentioned, collect(claimed) AS claims
