"""The load stage: extractions into a graph store.

`loader` (GraphLoader: atomic batches of UNWIND upserts), `rows` (extractions as parameter rows), `statements`
(the Cypher a batch sends, shared by both stores), `bulk_load` (the first big load through FalkorDB's bulk insert),
`entity_tally` (per-entity counts the bulk load and the CSV exporter compute in Python).
"""
