// name: leaderboard
// description: Every reported score on a dataset (achieves claims), best first within each metric:
// description: higher first, lower first for error, loss, perplexity, latency and the like.
// param dataset_key: the dataset, any spelling (give `dataset`)
// param metric_key?: only scores under this metric, any spelling (give `metric`)
// param lower_is_better?: words of lower-is-better metrics; filled from kg.queries/lower_is_better.txt
// example: dataset="WMT'14"
//
// Scores are `achieves` claims with a value; margins of `outperforms`/`improves` claims are not scores
// (see outperformers and beaten_by). A metric is lower-is-better when a word of its key is in $lower_is_better;
// a score without a metric is lower-is-better when its unit is (`ms`, `GB`, ...). Rows come grouped by metric
// (scores without one last) and direction, best first in each group.
OPTIONAL MATCH (exact:Entity {key: $dataset_key})
WITH exact
OPTIONAL MATCH (d:Entity)
WHERE exact IS NULL AND $dataset_key IN d.alias_keys
WITH coalesce(exact, d) AS d
WHERE d IS NOT NULL
// coalesce: with a null $metric_key FalkorDB scans every entity; with '' (no key) it looks up the index.
OPTIONAL MATCH (exact_metric:Entity {key: coalesce($metric_key, '')})
WITH d, exact_metric
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:ON_DATASET]->(d)
WHERE c.kind = 'achieves' AND c.value IS NOT NULL
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
WITH p, c, d, m, exact_metric
WHERE $metric_key IS NULL OR m = exact_metric OR (exact_metric IS NULL AND $metric_key IN m.alias_keys)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
WITH p, c, d, m, s,
     CASE WHEN m IS NULL THEN toLower(coalesce(c.unit, '')) IN $lower_is_better
          ELSE any(w IN split(m.key, '-') WHERE w IN $lower_is_better) END AS lower_is_better
RETURN s.name AS model, c.value AS value, c.unit AS unit, m.name AS metric, lower_is_better,
       d.name AS dataset, c.qualifier AS qualifier, c.sota AS sota, c.evidence AS evidence,
       p.id AS paper, p.title AS title, s.key AS model_key, m.key AS metric_key, d.key AS dataset_key,
       c.id AS claim
ORDER BY metric IS NULL, metric, lower_is_better, CASE WHEN lower_is_better THEN value ELSE -value END, model, paper
