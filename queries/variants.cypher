// name: variants
// description: The family tree of an entity through VARIANT_OF: its family's root and every member, with
// description: each member's parent and depth (Llama-3 -> Llama-3-8B -> Llama-3-8B-Instruct).
// param entity_key: any member of the family, any spelling (give `entity`)
// example: entity=LLEMMA-7B
MATCH (x:Entity)
WHERE x.key = $entity_key OR $entity_key IN x.alias_keys
MATCH (x)-[:VARIANT_OF*0..4]->(root:Entity)
WHERE NOT (root)-[:VARIANT_OF]->(:Entity)
MATCH tree = (member:Entity)-[:VARIANT_OF*0..4]->(root)
OPTIONAL MATCH (member)-[:VARIANT_OF]->(parent:Entity)
WITH DISTINCT root, member, parent, length(tree) AS depth, member = x AS is_query
RETURN root.name AS family, member.name AS name, member.type AS type, parent.name AS parent, depth, is_query,
       root.key AS family_key, member.key AS key, parent.key AS parent_key
ORDER BY family, depth, name
