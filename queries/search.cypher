// name: search
// description: Entities whose name or an alias contains some text (case-insensitive), most mentioned first.
// param text: the text to look for, e.g. 'llama'
// param type?: only entities of this type (Model, Method, Dataset, Metric, Task)
// param n? = 25: at most this many entities
// example: text=bert
MATCH (e:Entity)
WHERE ($type IS NULL OR e.type = $type)
  AND (toLower(e.name) CONTAINS toLower($text) OR any(a IN e.aliases WHERE toLower(a) CONTAINS toLower($text)))
OPTIONAL MATCH (p:Paper)-[:MENTIONS]->(e)
WITH e, count(DISTINCT p) AS paper_count
RETURN e.name AS name, e.type AS type, e.key AS key, e.aliases AS aliases, paper_count
ORDER BY paper_count DESC, name
LIMIT $n
