// name: starter_overview
// description: Who beats whom, and on what: every OUTPERFORMS edge (caption: margin and dataset) with the
// description: datasets the winners were evaluated on. The default picture of `kg viz` and `make demo`.
// param n? = 200: at most this many OUTPERFORMS edges
// example:
//
// A starter query: it returns nodes and relationships so that Neo4j Browser and `kg viz` draw it.
MATCH (a:Entity)-[o:OUTPERFORMS]->(b:Entity)
WITH a, o, b
ORDER BY a.key, b.key, o.claim
LIMIT $n
OPTIONAL MATCH (a)-[e:EVALUATED_ON]->(d:Dataset)
RETURN a, o, b, collect(e) AS evaluated_on, collect(d) AS datasets
