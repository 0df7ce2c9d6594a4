// name: dominance_path
// description: The shortest chain of outperforms claims from A to B (A beats X, X beats ... beats B), one row per
// description: step, with the claim behind each step; at most 4 steps.
// param a_key: where the chain starts (the winner), any spelling (give `a`)
// param b_key: where the chain ends (the one beaten last), any spelling (give `b`)
// example: a=OpenVLA b=RT-2-X
//
// A bounded variable-length match sorted by length, not shortestPath(): both stores run it the same way.
// Among chains of equal length the one whose claim ids sort first wins, so the answer is deterministic.
OPTIONAL MATCH (exact_a:Entity {key: $a_key})
WITH exact_a
OPTIONAL MATCH (alias_a:Entity)
WHERE exact_a IS NULL AND $a_key IN alias_a.alias_keys
WITH coalesce(exact_a, alias_a) AS a
WHERE a IS NOT NULL
OPTIONAL MATCH (exact_b:Entity {key: $b_key})
WITH a, exact_b
OPTIONAL MATCH (alias_b:Entity)
WHERE exact_b IS NULL AND $b_key IN alias_b.alias_keys
WITH a, coalesce(exact_b, alias_b) AS b
WHERE b IS NOT NULL AND b <> a
MATCH path = (a)-[:OUTPERFORMS*1..4]->(b)
WITH path, length(path) AS hops, reduce(ids = '', o IN relationships(path) | ids + o.claim + ' ') AS claim_ids
ORDER BY hops, claim_ids
LIMIT 1
UNWIND range(0, hops - 1) AS i
WITH hops, i, nodes(path)[i] AS w, nodes(path)[i + 1] AS l, relationships(path)[i] AS o
MATCH (c:Claim {id: o.claim})
WITH hops, i, w, l, o, c
MATCH (c)<-[:REPORTS]-(p:Paper)
WHERE p.id = o.paper
OPTIONAL MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
RETURN i + 1 AS step, hops, w.name AS winner, l.name AS loser, o.value AS margin, o.unit AS unit,
       d.name AS dataset, m.name AS metric, c.evidence AS evidence, p.id AS paper, p.title AS title,
       w.key AS winner_key, l.key AS loser_key, d.key AS dataset_key, m.key AS metric_key, c.id AS claim
ORDER BY step
