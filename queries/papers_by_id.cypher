// name: papers_by_id
// description: Title, date and URL of each of some papers (by id).
// param ids: paper ids (a list)
// example: ids='["t-18f0fa3d2eefe3f8"]'
UNWIND $ids AS i
MATCH (p:Paper {id: i})
RETURN p.id AS paper, p.title AS title, p.published AS published, p.url AS url
ORDER BY paper
