// name: all_results
// description: Every reported score in the graph (achieves claims with a value and a dataset), with the paper's
// description: date and the claim's confidence: what `kg site` builds its leaderboards from, in one read.
// example:
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:ON_DATASET]->(d:Entity)
WHERE c.kind = 'achieves' AND c.value IS NOT NULL
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
RETURN s.name AS model, c.value AS value, c.unit AS unit, m.name AS metric, d.name AS dataset,
       d.name AS asked, c.qualifier AS qualifier, c.sota AS sota, c.evidence AS evidence,
       c.confidence AS confidence, p.id AS paper, p.title AS title, p.published AS published,
       p.url AS url, s.key AS model_key, m.key AS metric_key, d.key AS dataset_key, d.key AS asked_key,
       c.id AS claim
ORDER BY dataset_key, metric_key, paper, claim
