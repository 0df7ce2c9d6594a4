// name: starter_contradictions
// description: Contradictions as a picture: A beats B in one paper, B beats A in another, on the same dataset
// description: and metric (the rule of the `contradictions` query); each paper, its claim and both entities.
// param entity_key?: only contradictions involving this entity, any spelling (give `entity`)
// example:
//
// A starter query: it returns paths so that Neo4j Browser and `kg viz` draw it.
MATCH a_says = (pa:Paper)-[:REPORTS]->(ca:Claim {kind: 'outperforms'})-[:SUBJECT]->(a:Entity),
      a_beats = (ca)-[:OBJECT]->(b:Entity)
MATCH b_says = (pb:Paper)-[:REPORTS]->(cb:Claim {kind: 'outperforms'})-[:SUBJECT]->(b),
      b_beats = (cb)-[:OBJECT]->(a)
WHERE pa <> pb AND a.key < b.key
  AND ($entity_key IS NULL OR a.key = $entity_key OR b.key = $entity_key
       OR $entity_key IN a.alias_keys OR $entity_key IN b.alias_keys)
OPTIONAL MATCH (ca)-[:ON_DATASET]->(da:Entity)
OPTIONAL MATCH (cb)-[:ON_DATASET]->(db:Entity)
OPTIONAL MATCH (ca)-[:USES_METRIC]->(ma:Entity)
OPTIONAL MATCH (cb)-[:USES_METRIC]->(mb:Entity)
WITH a_says, a_beats, b_says, b_beats, ca, cb, da, db, ma, mb
WHERE coalesce(da.key, '') = coalesce(db.key, '') AND coalesce(ma.key, '') = coalesce(mb.key, '')
OPTIONAL MATCH a_on = (ca)-[:ON_DATASET|USES_METRIC]->(:Entity)
OPTIONAL MATCH b_on = (cb)-[:ON_DATASET|USES_METRIC]->(:Entity)
RETURN a_says, a_beats, b_says, b_beats, collect(DISTINCT a_on) AS a_on, collect(DISTINCT b_on) AS b_on
