// name: variants
// description: The family tree of an entity through VARIANT_OF: its family's root and every member, one row
// description: per member with its parents and generation (Llama -> Llama-3 -> Llama-3-8B -> Llama-3-8B-Instruct).
// param entity_key: any member of the family, any spelling (give `entity`)
// example: entity=Llama
//
// A member hangs under its nearest ancestor that is an entity of its type (kg.resolve.variants), skipping
// generations no paper names; graphs from older versions may hold several parents, so a member lists all its
// parents, and its depth is its longest chain up to the root.
OPTIONAL MATCH (exact:Entity {key: $entity_key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $entity_key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
MATCH (x)-[:VARIANT_OF*0..4]->(root:Entity)
WHERE NOT (root)-[:VARIANT_OF]->(:Entity)
WITH collect(DISTINCT x) AS asked, collect(DISTINCT root) AS roots
UNWIND roots AS root
MATCH tree = (member:Entity)-[:VARIANT_OF*0..4]->(root)
WITH asked, root, member, max(length(tree)) AS depth
OPTIONAL MATCH (member)-[:VARIANT_OF]->(parent:Entity)
WITH asked, root, member, depth, parent
ORDER BY parent.name
WITH root, member, depth, member IN asked AS is_query, collect(parent.name) AS parents,
     collect(parent.key) AS parent_keys
RETURN root.name AS family, member.name AS name, member.type AS type, parents, depth, is_query,
       root.key AS family_key, member.key AS key, parent_keys
ORDER BY family, depth, name
