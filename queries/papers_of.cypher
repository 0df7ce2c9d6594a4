// name: papers_of
// description: The papers mentioning each of some entities (by key), those proposing it first, newest first:
// description: `kg site` lists them on the entity pages.
// param keys: entity keys (a list)
// example: keys=["gsm-8-k"]
UNWIND $keys AS k
MATCH (e:Entity {key: k})<-[r:MENTIONS]-(p:Paper)
OPTIONAL MATCH (p)-[pr:PROPOSES]->(e)
RETURN e.key AS key, p.id AS paper, p.title AS title, p.published AS published, pr IS NOT NULL AS proposes
ORDER BY key, proposes DESC, published DESC, paper
