// name: entity_index
// description: Datasets and tasks with how many papers mention them and how many scores (achieves claims with a
// description: value) those papers report: the index of `kg site`. A dataset's scores are those on it; a task's,
// description: those of the papers mentioning it. Entities with fewer than `min_papers` papers are left out.
// param min_papers? = 1: leave out entities mentioned by fewer papers
// example: min_papers=1
MATCH (e:Entity)
WHERE (e:Dataset OR e:Task) AND e.paper_count >= $min_papers
OPTIONAL MATCH (e)<-[:ON_DATASET]-(c:Claim)
WHERE e:Dataset AND c.kind = 'achieves' AND c.value IS NOT NULL
WITH e, count(c) AS on_dataset
OPTIONAL MATCH (e)<-[:MENTIONS]-(:Paper)-[:REPORTS]->(t:Claim)
WHERE e:Task AND t.kind = 'achieves' AND t.value IS NOT NULL
WITH e, on_dataset, count(t) AS in_papers
RETURN e.name AS name, e.type AS type, e.key AS key, e.paper_count AS paper_count,
       CASE WHEN e:Dataset THEN on_dataset ELSE in_papers END AS result_count
ORDER BY result_count DESC, paper_count DESC, key
