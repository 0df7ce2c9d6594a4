// name: evaluations
// description: The datasets and metrics an entity was evaluated on (as a claim's subject or baseline), most claims first.
// param entity_key: the entity, any spelling (give `entity`)
// example: entity=GPT-4
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:SUBJECT|OBJECT]->(x)
MATCH (c)-[:ON_DATASET]->(d:Entity)
OPTIONAL MATCH (c)-[:USES_METRIC]->(m:Entity)
// Ordered before collecting so that each row's papers come sorted, on both stores.
WITH d, m, c, p
ORDER BY p.id
WITH d, m, count(DISTINCT c) AS claim_count, collect(DISTINCT p.id) AS papers
RETURN d.name AS dataset, m.name AS metric, claim_count, size(papers) AS paper_count, papers,
       d.key AS dataset_key, m.key AS metric_key
ORDER BY claim_count DESC, paper_count DESC, dataset, metric IS NULL, metric
