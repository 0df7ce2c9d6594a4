// name: papers_of
// description: For each of some entities (by key): the newest `n` papers mentioning it, and the papers proposing
// description: it; `kg site` lists them on the entity pages (titles and dates: `papers_by_id`).
// param keys: entity keys (a list)
// param n? = 60: at most this many mentioning papers an entity
// example: keys='["imagenet","cifar-100"]'
//
// Ids only, capped in the query: the most mentioned entities have thousands of papers each, and sending them all
// cost the site build most of its time.
UNWIND $keys AS k
MATCH (e:Entity {key: k})<-[:MENTIONS]-(p:Paper)
WITH k, e, p
ORDER BY p.published DESC, p.id
WITH k, e, collect(p.id)[0..$n] AS papers
OPTIONAL MATCH (e)<-[:PROPOSES]-(q:Paper)
WITH k, papers, collect(q.id) AS proposing
RETURN k AS key, papers, proposing
ORDER BY key
