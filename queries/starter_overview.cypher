// name: starter_overview
// description: Who beats whom, and on what: every OUTPERFORMS edge (caption: margin and dataset) with the
// description: datasets the winners were evaluated on. The default picture of `kg viz` and `make demo`.
// param n? = 200: at most this many OUTPERFORMS edges
// example:
//
// A starter query: it returns nodes and relationships so that Neo4j Browser and `kg viz` draw it.
// One row per winner (its edges, the entities it beats, its EVALUATED_ON edges and datasets), so that no node
// or relationship is sent twice: one row per edge repeated the winner's datasets on every row (seconds on a
// big graph, where a node's every property is sent each time it appears).
// The first n edges by winner key have at most n distinct winners: those are found first, so only their
// edges are sorted (at 100k papers: 30 instead of 70 ms).
MATCH (a:Entity)-[:OUTPERFORMS]->()
WITH DISTINCT a
ORDER BY a.key
LIMIT $n
MATCH (a)-[o:OUTPERFORMS]->(b)
WITH a, o, b
ORDER BY a.key, b.key, o.claim
LIMIT $n
WITH a, collect(o) AS outperforms, collect(DISTINCT b) AS beaten
OPTIONAL MATCH (a)-[e:EVALUATED_ON]->(d:Dataset)
RETURN a AS winner, outperforms, beaten, collect(e) AS evaluated_on, collect(DISTINCT d) AS datasets
ORDER BY winner.key
