// name: starter_contradictions
// description: Contradictions as a picture: A beats B in one paper, B beats A in another, on the same dataset
// description: and metric (the rule of the `contradictions` query); each paper, its claim and both entities.
// param entity_key?: only contradictions involving this entity, any spelling (give `entity`)
// example:
//
// A starter query: it returns paths so that Neo4j Browser and `kg viz` draw it.
// The pairs come from the derived OUTPERFORMS edges (as in `contradictions`); the claims are then found by id.
// The two-way pairs first, on the bare adjacency; only their edges are then compared (at 100k papers
// 30 ms instead of 76 ms for the single pattern with the edge conditions).
MATCH (a:Entity)-[:OUTPERFORMS]->(b)-[:OUTPERFORMS]->(a)
WITH DISTINCT a, b
WHERE a.key < b.key
MATCH (a)-[o1:OUTPERFORMS]->(b)-[o2:OUTPERFORMS]->(a)
WHERE o1.paper <> o2.paper
  AND coalesce(o1.dataset_key, '') = coalesce(o2.dataset_key, '')
  AND coalesce(o1.metric_key, '') = coalesce(o2.metric_key, '')
  AND ($entity_key IS NULL OR a.key = $entity_key OR b.key = $entity_key
       OR $entity_key IN a.alias_keys OR $entity_key IN b.alias_keys)
WITH a, b, o1, o2
MATCH a_says = (:Paper)-[:REPORTS]->(ca:Claim {id: o1.claim})-[:SUBJECT]->(a),
      a_beats = (ca)-[:OBJECT]->(b)
MATCH b_says = (:Paper)-[:REPORTS]->(cb:Claim {id: o2.claim})-[:SUBJECT]->(b),
      b_beats = (cb)-[:OBJECT]->(a)
WITH a_says, a_beats, b_says, b_beats, ca, cb
OPTIONAL MATCH a_on = (ca)-[:ON_DATASET|USES_METRIC]->(:Entity)
WITH a_says, a_beats, b_says, b_beats, cb, collect(a_on) AS a_on
OPTIONAL MATCH b_on = (cb)-[:ON_DATASET|USES_METRIC]->(:Entity)
RETURN a_says, a_beats, b_says, b_beats, a_on, collect(b_on) AS b_on
