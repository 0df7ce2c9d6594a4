// name: proposed_by
// description: What a paper proposes (its new models, methods, datasets), by paper id or exact title.
// param paper: the paper's id, or its title (case-insensitive)
// example: paper=t-1e8a08ab0d07c501
OPTIONAL MATCH (exact:Paper {id: $paper})
WITH exact
OPTIONAL MATCH (titled:Paper)
WHERE exact IS NULL AND toLower(titled.title) = toLower($paper)
WITH coalesce(exact, titled) AS p
WHERE p IS NOT NULL
MATCH (p)-[:PROPOSES]->(e:Entity)
OPTIONAL MATCH (p)-[m:MENTIONS]->(e)
RETURN e.name AS name, e.type AS type, m.count AS mentions, p.id AS paper, p.title AS title, e.key AS key
ORDER BY paper, mentions DESC, name
