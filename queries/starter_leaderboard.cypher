// name: starter_leaderboard
// description: A dataset's leaderboard as a graph: the dataset in the middle, the claims made on it (caption:
// description: kind and value; at most n, state-of-the-art claims first), the entity each claim is about,
// description: its baseline and its metric.
// param dataset_key: the dataset, any spelling (give `dataset`; in Neo4j Browser its key, e.g. 'imagenet')
// param n? = 100: at most this many claims
// example: dataset=ImageNet
//
// A starter query: it returns nodes and relationships so that Neo4j Browser and `kg viz` draw it. One row, in
// which each node is sent once (a path per claim repeated the dataset, the subjects and the metrics).
MATCH (d:Entity)
WHERE d.key = $dataset_key OR $dataset_key IN d.alias_keys
WITH d
ORDER BY d.key = $dataset_key DESC, d.key
LIMIT 1
MATCH (s:Entity)<-[about:SUBJECT]-(c:Claim)-[on:ON_DATASET]->(d)
WITH d, s, about, c, on
ORDER BY coalesce(c.sota, false) DESC, c.id
LIMIT $n
WITH d, collect(c) AS claims, collect(on) AS on_dataset, collect(about) AS about, collect(DISTINCT s) AS subjects
UNWIND claims AS c
OPTIONAL MATCH (c)-[role:OBJECT|USES_METRIC]->(x:Entity)
RETURN d AS dataset, claims, on_dataset, about, subjects, collect(role) AS context, collect(DISTINCT x) AS context_entities
