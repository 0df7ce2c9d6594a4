// name: starter_neighbourhood
// description: An entity's neighbourhood: who it beats and who beats it, the datasets it was evaluated on,
// description: its variants, the papers that mention it, and the claims about it with their datasets and metrics
// description: (at most n of each: neighbours, papers, claims).
// param entity_key: the entity, any spelling (give `entity`; in Neo4j Browser its key, e.g. 'gpt-4')
// param n? = 50: at most this many neighbour edges, this many papers and this many claims
// example: entity=GPT-4
//
// A starter query: it returns nodes and relationships (in lists of [relationship, node] pairs) so that Neo4j
// Browser and `kg viz` draw it. The entity is sent once, not at the end of every path, and a much-mentioned
// entity (thousands of papers and claims) is cut to n of each: papers that propose it first, then the newest.
MATCH (e:Entity)
WHERE e.key = $entity_key OR $entity_key IN e.alias_keys
WITH e
ORDER BY e.key = $entity_key DESC, e.key
LIMIT 1
OPTIONAL MATCH (e)-[r:OUTPERFORMS|EVALUATED_ON|VARIANT_OF]-(x:Entity)
WITH e, r, x
ORDER BY type(r), x.key
LIMIT $n
WITH e, [pair IN collect([r, x]) WHERE pair[0] IS NOT NULL] AS near
OPTIONAL MATCH (p:Paper)-[m:MENTIONS|PROPOSES]->(e)
WITH e, near, m, p
ORDER BY type(m) = 'PROPOSES' DESC, p.published DESC, p.id
LIMIT $n
WITH e, near, [pair IN collect([m, p]) WHERE pair[0] IS NOT NULL] AS mentioned
OPTIONAL MATCH (c:Claim)-[role:SUBJECT|OBJECT]->(e)
WITH e, near, mentioned, c, role
ORDER BY c.id
LIMIT $n
WITH e, near, mentioned, [pair IN collect([role, c]) WHERE pair[0] IS NOT NULL] AS about, collect(c) AS cs
UNWIND CASE WHEN size(cs) = 0 THEN [NULL] ELSE cs END AS c
OPTIONAL MATCH (c)-[cr:SUBJECT|OBJECT|ON_DATASET|USES_METRIC]->(y:Entity)
WHERE y <> e
RETURN e, near, mentioned, about, [pair IN collect([cr, y]) WHERE pair[0] IS NOT NULL] AS claims
