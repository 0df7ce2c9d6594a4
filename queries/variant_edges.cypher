// name: variant_edges
// description: Every VARIANT_OF edge (variant -> base) with both names: the family trees of the whole graph in
// description: one read (`kg site` lists each entity's variants and folds a dataset's variants into its page).
// example:
MATCH (v:Entity)-[:VARIANT_OF]->(b:Entity)
RETURN v.name AS variant, b.name AS base, v.type AS type, v.key AS variant_key, b.key AS base_key
ORDER BY base_key, variant_key
