"""Every named query on the demo graph: kg/data/demo_abstracts.jsonl ingested with the default rule extractor.

Nothing here is a hard-coded answer: each test states what must hold on real data and checks it against
an independent computation (a plain Cypher count, networkx over the raw edges, Python over raw claims).
The graph is built once for the module in its own data directory, so the CLI can use it as `--db DIR`.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from itertools import groupby
from pathlib import Path

import networkx as nx
import pytest

from kg.extractors.normalize import entity_key
from kg.queries import all_queries, parse_example
from kg.queries.graph import Graph

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "kg" / "data" / "demo_abstracts.jsonl"

pytestmark = pytest.mark.skipif(importlib.util.find_spec("kg.extractors.rules") is None,
                                reason="the rule extractor (extractors/rules.py) is not there yet")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    from kg.pipeline import ingest
    from kg.stores.embedded_server import EmbeddedServer
    from kg.stores.falkordb_store import FalkorDBStore

    path = tmp_path_factory.mktemp("demo") / "store"
    store = FalkorDBStore(data_dir=path)  # held open: the server stays up for the CLI tests too
    report = ingest([DEMO], store)
    assert report.written == 50 and not report.problems
    yield path, store
    store.close()
    EmbeddedServer(path).stop()


@pytest.fixture(scope="module")
def g(demo_dir):
    return Graph(demo_dir[1])


def scalar(g, cypher, **params):
    return g.store.query(cypher, params).scalar()


def column(g, cypher, **params):
    return [row[0] for row in g.store.query(cypher, params).rows]


def test_the_demo_graph_has_claims_to_ask_about(g):
    assert scalar(g, "MATCH ()-[o:OUTPERFORMS]->() RETURN count(o)") >= 10
    assert scalar(g, "MATCH (c:Claim {kind: 'achieves'})-[:ON_DATASET]->() RETURN count(c)") >= 10


def test_every_query_file_runs_on_the_demo_graph_with_its_example(g):
    answered = 0
    for name, query in all_queries().items():
        rows = g.run(name, **parse_example(query.example))
        assert rows.columns, name
        answered += bool(rows)
    # The examples in the file headers are chosen to show something on the demo graph.
    assert answered >= len(all_queries()) - 2


def test_entity_finds_every_entity_by_its_name_and_by_each_alias(g):
    entities = g.store.query("MATCH (e:Entity) RETURN e.key AS key, e.name AS name, e.aliases AS aliases").records()
    with_alias = 0
    for e in entities:
        assert e["key"] in [m.key for m in g.entity(e["name"])]
        for alias in e["aliases"]:
            found = g.entity(alias)
            assert e["key"] in [m.key for m in found], alias
            exact = [m.key for m in found if m.exact]
            assert exact == ([entity_key(alias)] if entity_key(alias) in [m.key for m in found] else [])
            with_alias += entity_key(alias) != e["key"]
    assert with_alias >= 5, "the demo graph has aliases spelled differently from their entity"


def test_leaderboards_hold_only_the_dataset_asked_for_best_first_per_metric(g):
    datasets = column(g, "MATCH (c:Claim {kind: 'achieves'})-[:ON_DATASET]->(d:Entity) WHERE c.value IS NOT NULL "
                         "RETURN DISTINCT d.key")
    assert datasets
    for key in datasets:
        rows = g.leaderboard(key)
        expected = scalar(g, "MATCH (c:Claim {kind: 'achieves'})-[:ON_DATASET]->(d:Entity {key: $k}) "
                             "WHERE c.value IS NOT NULL RETURN count(c)", k=key)
        assert len(rows) == expected and {r.dataset_key for r in rows} == {key}
        groups = [k for k, _ in groupby(rows, key=lambda r: (r.metric_key, r.lower_is_better))]
        assert len(groups) == len(set(groups)), f"{key}: metric groups are not contiguous"
        for (_, lower), group in groupby(rows, key=lambda r: (r.metric_key, r.lower_is_better)):
            values = [r.value for r in group]
            assert values == sorted(values, reverse=not lower), (key, values)
        for metric in {r.metric for r in rows if r.metric}:
            assert {r.metric for r in g.leaderboard(key, metric=metric)} == {metric}


def test_outperformers_and_beaten_by_match_the_outperforms_edges(g):
    edges = g.store.query("MATCH (a:Entity)-[o:OUTPERFORMS]->(b:Entity) RETURN a.key, b.key, o.claim").rows
    losers, winners = Counter(b for _, b, _ in edges), Counter(a for a, _, _ in edges)
    for key, n in losers.items():
        rows = g.outperformers(key)
        assert len(rows) == n and {r.loser_key for r in rows} == {key}
        margins = [r.margin for r in rows if r.margin is not None]
        assert margins == sorted(margins, reverse=True)
        assert all(r.margin is not None for r in rows[:len(margins)]), "margins first, then claims without one"
    for key, n in winners.items():
        rows = g.beaten_by(key)
        assert len(rows) == n and {r.winner_key for r in rows} == {key}
        assert all(r.evidence and r.paper for r in rows)


def test_claims_about_and_evaluations_agree_with_the_claim_links(g):
    keys = column(g, "MATCH (c:Claim)-[:SUBJECT|OBJECT]->(e:Entity) RETURN e.key, count(c) AS n "
                     "ORDER BY n DESC, e.key LIMIT 12")
    for key in keys:
        rows = g.claims_about(key)
        expected = scalar(g, "MATCH (c:Claim)-[:SUBJECT|OBJECT]->(e:Entity {key: $k}) RETURN count(c)", k=key)
        assert len(rows) == expected
        assert all((r.subject_key if r.role == "subject" else r.object_key) == key for r in rows)
        on_datasets = Counter((r.dataset_key, r.metric_key) for r in rows if r.dataset_key)
        evaluations = g.evaluations(key)
        assert {(e.dataset_key, e.metric_key): e.claim_count for e in evaluations} == dict(on_datasets)
        counts = [e.claim_count for e in evaluations]
        assert counts == sorted(counts, reverse=True)


def test_papers_mentioning_proposed_by_and_introduced_in_agree(g):
    proposals = g.store.query("MATCH (p:Paper)-[:PROPOSES]->(e:Entity) RETURN p.id, e.key").rows
    assert proposals
    for paper, key in proposals:
        assert key in [r.key for r in g.proposed_by(paper)]
        assert paper in [r.paper for r in g.introduced_in(key)]
        mentioning = g.papers_mentioning(key)
        assert len(mentioning) == scalar(g, "MATCH (:Paper)-[m:MENTIONS]->(:Entity {key: $k}) RETURN count(m)", k=key)
        flags = [r.proposes for r in mentioning]
        assert flags == sorted(flags, reverse=True) and any(flags)
    title, pid = g.store.query("MATCH (p:Paper) RETURN p.title, p.id ORDER BY p.id LIMIT 1").rows[0]
    assert [r.paper for r in g.paper_claims(title.upper())] == [r.paper for r in g.paper_claims(pid)]


def test_paper_claims_are_all_a_papers_claims_in_text_order(g):
    for pid in column(g, "MATCH (p:Paper)-[:REPORTS]->() RETURN DISTINCT p.id ORDER BY p.id LIMIT 15"):
        rows = g.paper_claims(pid)
        assert len(rows) == scalar(g, "MATCH (:Paper {id: $p})-[:REPORTS]->(c) RETURN count(c)", p=pid)
        assert [r.start for r in rows] == sorted(r.start for r in rows)


def test_contradictions_are_exactly_the_opposite_claim_pairs(g):
    claims = g.store.query(
        "MATCH (p:Paper)-[:REPORTS]->(c:Claim {kind: 'outperforms'})-[:SUBJECT]->(a:Entity), (c)-[:OBJECT]->(b:Entity) "
        "OPTIONAL MATCH (c)-[:ON_DATASET]->(d) OPTIONAL MATCH (c)-[:USES_METRIC]->(m) "
        "RETURN c.id, p.id, a.key, b.key, d.key, m.key").rows
    expected = sorted((ca, cb) for ca, pa, a, b, d, m in claims for cb, pb, b2, a2, d2, m2 in claims
                      if (a2, b2) == (a, b) and a < b and pa != pb and (d, m) == (d2, m2))
    assert sorted((c.a_claim, c.b_claim) for c in g.contradictions()) == expected


def test_dominance_paths_are_shortest_chains_of_real_claims(g):
    edges = g.store.query("MATCH (a:Entity)-[o:OUTPERFORMS]->(b:Entity) RETURN a.key, b.key, o.claim").rows
    digraph = nx.DiGraph((a, b) for a, b, _ in edges)
    claims = {(a, b, c) for a, b, c in edges}
    pairs = [(a, b) for a in digraph for b, hops in nx.single_source_shortest_path_length(digraph, a, cutoff=4).items()
             if hops >= 1]
    assert pairs
    for a, b in pairs:
        path = g.dominance_path(a, b)
        hops = nx.shortest_path_length(digraph, a, b)
        assert [s.step for s in path] == list(range(1, hops + 1)) and {s.hops for s in path} == {hops}
        assert path[0].winner_key == a and path[-1].loser_key == b
        assert all(x.loser_key == y.winner_key for x, y in zip(path, path[1:]))
        assert all((s.winner_key, s.loser_key, s.claim) in claims for s in path)
    loser_only = next(b for b in digraph if digraph.out_degree(b) == 0)
    assert g.dominance_path(loser_only, next(iter(digraph.predecessors(loser_only)))) == []


def test_top_entities_counts_papers_and_filters_by_type(g):
    top = g.top_entities(n=15)
    assert len(top) == 15
    assert [e.paper_count for e in top] == sorted((e.paper_count for e in top), reverse=True)
    for e in top[:5]:
        assert e.paper_count == scalar(g, "MATCH (p:Paper)-[:MENTIONS]->(:Entity {key: $k}) RETURN count(DISTINCT p)",
                                       k=e.key)
    for etype in ("Model", "Dataset", "Metric", "Task", "Method"):
        assert {e.type for e in g.top_entities(etype.lower() + "s", n=5)} == {etype}


def test_variants_trees_are_consistent(g):
    keys = column(g, "MATCH (e:Entity) RETURN e.key ORDER BY e.key LIMIT 40") + column(
        g, "MATCH (e:Entity)-[:VARIANT_OF]-() RETURN DISTINCT e.key")
    for key in keys:
        rows = g.variants(key)
        assert [r.key for r in rows if r.is_query] == [key]
        members = {r.key for r in rows}
        assert len(members) == len(rows), "one row per member"
        assert all(r.parent_keys and set(r.parent_keys) <= members for r in rows if r.depth > 0)
        assert {r.family_key for r in rows} == {r.key for r in rows if r.depth == 0}


def test_sota_search_and_co_mentioned(g):
    sota = g.sota_claims(n=100_000)
    assert len(sota) == scalar(g, "MATCH (:Paper)-[:REPORTS]->(c:Claim {sota: true}) RETURN count(c)")
    dataset = next(r.dataset_key for r in sota if r.dataset_key)
    assert {r.dataset_key for r in g.sota_claims(dataset)} == {dataset}
    hits = g.search("net")
    assert hits and all("net" in (h.name + " ".join(h.aliases)).lower() for h in hits)
    top = g.top_entities(n=1)[0]
    for co in g.co_mentioned(top.key, n=5):
        shared = scalar(g, "MATCH (:Entity {key: $a})<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(:Entity {key: $b}) "
                           "RETURN count(DISTINCT p)", a=top.key, b=co.key)
        assert co.paper_count == shared and co.key != top.key


def test_sota_claims_n_gives_exactly_the_first_n_of_the_full_order(g):
    """The query takes the first n by dataset name, then the claims tied with the n-th one: check every cut,
    including cuts inside a dataset's claims and inside the claims without a dataset."""
    full = [r.model_dump() for r in g.sota_claims(n=100_000)]
    def order(r):
        return (r["dataset"] is None, r["dataset"] or "", r["metric"] is None, r["metric"] or "",
                r["subject"] is None, r["subject"] or "", r["paper"], r["claim"])
    assert full == sorted(full, key=order)
    assert [r.model_dump() for r in g.sota_claims()] == full[:100]  # the default n
    tied = [k for k in range(1, len(full)) if order(full[k - 1])[:2] == order(full[k])[:2]]
    assert any(full[k]["dataset"] is None for k in tied) and any(full[k]["dataset"] for k in tied)
    for k in range(1, len(full) + 1):  # every cut (the demo graph has some 70 such claims)
        assert [r.model_dump() for r in g.sota_claims(n=k)] == full[:k], k
    dataset = next(r["dataset_key"] for r in full if r["dataset_key"])
    on_it = [r for r in full if r["dataset_key"] == dataset]
    assert [r.model_dump() for r in g.sota_claims(dataset, n=1)] == on_it[:1]


def test_starter_queries_return_graph_elements_to_draw(g):
    drawn = 0
    for name in (n for n in all_queries() if n.startswith("starter_")):
        rows = g.run(name, **parse_example(all_queries()[name].example))
        if rows:  # (the demo graph has no contradictions to draw)
            assert rows.to_networkx().number_of_nodes() > 0, name
            drawn += 1
    assert drawn >= 2


# -- the CLI on the demo graph ------------------------------------------------------------------------------------

def kg(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_DB"}
    result = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_kg_query_takes_an_entity_by_any_spelling(g, demo_dir, tmp_path):
    winner, loser = g.store.query("MATCH (a:Entity)-[:OUTPERFORMS]->(b:Entity) RETURN a.name, b.name "
                                  "ORDER BY b.name LIMIT 1").rows[0]
    respelled = loser.upper().replace("-", " ")
    out = kg("query", "outperformers", "--param", f"entity={respelled}", "--format", "json", "--db", str(demo_dir[0]),
             cwd=tmp_path).stdout
    assert winner in [row["winner"] for row in json.loads(out)]


def test_kg_queries_lists_every_file(tmp_path):
    listed = kg("queries", "--json", cwd=tmp_path).stdout
    assert sorted(q["name"] for q in json.loads(listed)) == sorted(all_queries())
    shown = kg("queries", "leaderboard", cwd=tmp_path).stdout
    assert "dataset:" in shown and "MATCH (d:Entity)" in shown and "lower_is_better? (filled in)" in shown
    browser = kg("queries", "outperformers", "--param", "entity=LLaMA 3 8B", cwd=tmp_path).stdout
    assert browser.startswith(':param entity_key => "llama-3-8-b"\n')
    bad = kg("queries", "nope", cwd=tmp_path, check=False)
    assert bad.returncode == 2 and "no query named 'nope'" in bad.stderr


def test_kg_export_writes_the_whole_demo_graph_and_query_subgraphs(g, demo_dir, tmp_path):
    db = str(demo_dir[0])
    kg("export", "-o", "all.graphml", "--db", db, cwd=tmp_path)
    graph = nx.read_graphml(tmp_path / "all.graphml")
    assert graph.number_of_nodes() == scalar(g, "MATCH (n) RETURN count(n)")
    assert graph.number_of_edges() == scalar(g, "MATCH ()-[r]->() RETURN count(r)")
    kg("export", "--format", "gexf", "-o", "all.gexf", "--db", db, cwd=tmp_path)
    assert nx.read_gexf(tmp_path / "all.gexf").number_of_nodes() == graph.number_of_nodes()
    loser = column(g, "MATCH ()-[:OUTPERFORMS]->(b:Entity) RETURN b.name ORDER BY b.name LIMIT 1")[0]
    lines = kg("export", "outperformers", "--param", f"entity={loser}", "--format", "jsonl", "--db", db,
               cwd=tmp_path).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert f"entity:{entity_key(loser)}" in {r["id"] for r in records if r["type"] == "node"}
    assert "OUTPERFORMS" in {r["label"] for r in records if r["type"] == "relationship"}
    nothing = kg("export", "RETURN 1 AS one", "--db", db, cwd=tmp_path, check=False)
    assert nothing.returncode == 1 and "no nodes, relationships or paths" in nothing.stderr


def test_kg_query_refuses_writes_without_write_and_changes_nothing(g, demo_dir, tmp_path):
    before = scalar(g, "MATCH (n) RETURN count(n)"), scalar(g, "MATCH ()-[r]->() RETURN count(r)")
    for cypher in ("MATCH (n) DETACH DELETE n", "CREATE (:Entity {key: 'x'})", "MATCH (e:Entity) SET e.name = 'x'"):
        refused = kg("query", cypher, "--db", str(demo_dir[0]), cwd=tmp_path, check=False)
        assert refused.returncode == 1 and "--write" in refused.stderr
    assert (scalar(g, "MATCH (n) RETURN count(n)"), scalar(g, "MATCH ()-[r]->() RETURN count(r)")) == before


def test_starter_overview_shows_the_first_n_edges_of_the_whole_order(g):
    """The query finds the first n winners before sorting their edges; the edges must be the first n of
    all OUTPERFORMS edges by (winner key, beaten key, claim)."""
    from kg.queries import find_query

    everything = [tuple(row) for row in g.store.query(
        "MATCH (a:Entity)-[o:OUTPERFORMS]->(b) RETURN a.key, b.key, o.claim ORDER BY a.key, b.key, o.claim").rows]
    assert len(everything) > 10
    q = find_query("starter_overview")
    for n in (1, 3, 7, len(everything), len(everything) + 5):
        shown = sorted((row[0]["key"], beaten["key"], edge["claim"])
                       for row in g.store.query(q.cypher, q.bind({"n": n})).rows
                       for edge, beaten in _edges_with_ends(row))
        assert shown == everything[:n], n


def _edges_with_ends(row):
    """(edge, beaten node) pairs of one starter_overview row (winner, outperforms, beaten, ...)."""
    beaten = {node["_id"]: node for node in row[2]}
    return [(edge, beaten[edge["_end"]]) for edge in row[1]]
