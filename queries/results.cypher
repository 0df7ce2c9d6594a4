// name: results
// description: Every reported score (achieves claim with a value) on a dataset and on its variants
// description: (`ImageNet` also finds `ImageNet-1K`), with the paper's date and the claim's confidence:
// description: the raw rows `kg leaderboard` ranks.
// param dataset_key: the dataset, any spelling (give `dataset`)
// example: dataset=ImageNet
//
// A variant is an entity with a VARIANT_OF chain (at most 3 steps) to the dataset; each row names the dataset
// it was reported on, so a variant's results stay labelled as such. Grouping, direction and ranking are done by
// kg.leaderboard (settings such as zero-shot are read from the qualifier and the evidence sentence).
OPTIONAL MATCH (exact:Entity {key: $dataset_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $dataset_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (d:Entity)-[:VARIANT_OF*0..3]->(x)
WITH DISTINCT x, d
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:ON_DATASET]->(d)
WHERE c.kind = 'achieves' AND c.value IS NOT NULL
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
RETURN s.name AS model, c.value AS value, c.unit AS unit, m.name AS metric, d.name AS dataset,
       x.name AS asked, c.qualifier AS qualifier, c.sota AS sota, c.evidence AS evidence,
       c.confidence AS confidence, p.id AS paper, p.title AS title, p.published AS published,
       p.url AS url, s.key AS model_key, m.key AS metric_key, d.key AS dataset_key, x.key AS asked_key,
       c.id AS claim
ORDER BY dataset_key, metric_key, paper, claim
