// name: starter_leaderboard
// description: A dataset's leaderboard as a graph: the dataset in the middle, every claim made on it (caption:
// description: kind and value), the entity each claim is about, its baseline and its metric.
// param dataset_key: the dataset, any spelling (give `dataset`; in Neo4j Browser its key, e.g. 'imagenet')
// example: dataset=ImageNet
//
// A starter query: it returns paths so that Neo4j Browser and `kg viz` draw it.
MATCH (d:Entity)
WHERE d.key = $dataset_key OR $dataset_key IN d.alias_keys
WITH d
ORDER BY d.key = $dataset_key DESC, d.key
LIMIT 1
MATCH scored = (:Entity)<-[:SUBJECT]-(c:Claim)-[:ON_DATASET]->(d)
OPTIONAL MATCH context = (c)-[:OBJECT|USES_METRIC]->(:Entity)
RETURN scored, collect(context) AS context
