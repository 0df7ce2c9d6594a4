// name: all_results
// description: Every reported score in the graph (achieves claims with a value and a dataset), with the paper's
// description: date and the claim's confidence: what `kg site` builds its leaderboards from, in one read.
// example:
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:ON_DATASET]->(d:Entity)
WHERE c.kind = 'achieves' AND c.value IS NOT NULL
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
// The paper's other datasets and models, by every name they go by: whose number is it (kg.leaderboard.attribution)
OPTIONAL MATCH (p)-[:MENTIONS]->(o:Entity)
WHERE o <> d AND (s IS NULL OR o <> s) AND o.type IN ['Dataset', 'Model', 'Method']
  AND (o.type <> 'Dataset' OR NOT (o)-[:VARIANT_OF*1..3]-(d))  // a variant or parent is no other dataset
WITH p, c, d, m, s, collect(CASE WHEN o.type = 'Dataset' THEN o END) AS ods,
     collect(CASE WHEN o.type <> 'Dataset' THEN o END) AS oms
WITH p, c, d, m, s, reduce(acc = [], e IN ods | acc + [e.name] + coalesce(e.aliases, [])) AS other_datasets,
     reduce(acc = [], e IN oms | acc + [e.name] + coalesce(e.aliases, [])) AS other_models
RETURN s.name AS model, c.value AS value, c.unit AS unit, m.name AS metric, d.name AS dataset,
       d.name AS asked, c.qualifier AS qualifier, c.sota AS sota, c.evidence AS evidence,
       c.confidence AS confidence, p.id AS paper, p.title AS title, p.published AS published,
       p.url AS url, s.key AS model_key, m.key AS metric_key, d.key AS dataset_key, d.key AS asked_key,
       c.id AS claim, s.type AS model_type, coalesce(s.aliases, []) AS model_aliases,
       coalesce(d.aliases, []) AS dataset_aliases, other_datasets, other_models
ORDER BY dataset_key, metric_key, paper, claim
