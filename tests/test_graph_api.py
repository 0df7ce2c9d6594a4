"""The Python API (kg.queries.graph): opening a graph, typed rows, DataFrames, networkx, read-only by default."""
from __future__ import annotations

import pydantic
import pytest
from queries_graph import build

from kg.queries.graph import Graph, Rows, open_graph
from kg.queries.rows import Comparison, Score
from kg.queries.stats import graph_stats
from kg.stores import ReadOnlyViolation


@pytest.fixture
def g(store):
    build(store)
    return Graph(store)


def test_helpers_return_pydantic_rows_that_remember_their_columns(g):
    rows = g.outperformers("bert")
    assert isinstance(rows, Rows) and all(isinstance(r, Comparison) for r in rows)
    assert rows.columns[:3] == ["winner", "loser", "margin"]
    assert rows.records()[0]["winner"] == rows[0].winner == "AlphaNet"
    assert isinstance(g.leaderboard("GLUE")[0], Score)
    with pytest.raises(pydantic.ValidationError):
        rows[0].winner = "someone else"  # rows are immutable values


def test_run_takes_any_named_query_and_rejects_unknown_ones(g):
    assert [r.name for r in g.run("top_entities", type="Dataset", n=2)] == ["GLUE", "ImageNet"]
    with pytest.raises(ValueError, match="no named query 'nope'; there are: .*leaderboard"):
        g.run("nope")
    with pytest.raises(ValueError, match="needs --param entity"):
        g.run("outperformers")


def test_to_dataframe_has_the_query_columns_in_order(g):
    pd = pytest.importorskip("pandas")
    df = g.leaderboard("GLUE").to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == g.leaderboard("GLUE").columns
    assert df["value"].tolist() == [91.5, 90.1, 88.0]
    empty = g.beaten_by("ELMo").to_dataframe()
    assert len(empty) == 0 and list(empty.columns)[:2] == ["winner", "loser"]


def test_cypher_results_are_rows_of_dicts_with_parameters(g):
    rows = g.query("MATCH (e:Entity) WHERE e.type = $type RETURN e.name AS name ORDER BY name", {"type": "Metric"})
    assert rows == [{"name": n} for n in ["accuracy", "latency", "perplexity", "word error rate"]]


def test_a_write_without_write_true_is_refused_and_changes_nothing(g, store):
    before = graph_stats(store)
    for cypher in ("CREATE (:Paper {id: 'x'})", "MATCH (p:Paper) DETACH DELETE p",
                   "MATCH (e:Entity) SET e.name = 'oops'", "MERGE (:Entity {key: 'new'})"):
        with pytest.raises(ReadOnlyViolation, match="--write"):
            g.query(cypher)
    assert graph_stats(store) == before
    assert g.query("MATCH (e:Entity {name: 'oops'}) RETURN count(e) AS n") == [{"n": 0}]
    g.query("CREATE (:Paper {id: 'x', abstract: 'y'})", write=True)
    assert graph_stats(store)["nodes"]["Paper"] == before["nodes"]["Paper"] + 1


def test_result_to_networkx_is_the_subgraph_the_rows_name(g):
    nxg = g.outperformers("BERT").to_networkx()
    assert {"entity:alphanet", "entity:roberta", "entity:bert", "paper:p1", "paper:p2",
            "entity:glue", "entity:accuracy"} <= set(nxg.nodes)
    edges = {(a, b, d["_type"]) for a, b, d in nxg.edges(data=True)}
    assert ("entity:alphanet", "entity:bert", "OUTPERFORMS") in edges
    assert ("paper:p1", "entity:alphanet", "PROPOSES") in edges
    claim_nodes = [n for n, d in nxg.nodes(data=True) if "Claim" in d["_labels"]]
    assert len(claim_nodes) == 2
    assert nxg.nodes["entity:bert"]["name"] == "BERT" and nxg.nodes["entity:bert"]["_labels"] == ["Entity", "Model"]


def test_whole_graph_to_networkx_has_every_node_and_relationship(g, store):
    nxg = g.to_networkx()
    stats = graph_stats(store)
    assert nxg.number_of_nodes() == stats["nodes"]["Paper"] + stats["nodes"]["Entity"] + stats["nodes"]["Claim"]
    assert nxg.number_of_edges() == sum(stats["relationships"].values())
    variant = nxg.get_edge_data("entity:llama-3-8-b-instruct", "entity:llama-3-8-b")
    assert [d["_type"] for d in variant.values()] == ["VARIANT_OF"]


def test_open_uses_the_db_argument_like_the_cli(tmp_path):
    with Graph.open(tmp_path / "store") as graph:
        assert graph.store.uri == f"embedded:{tmp_path / 'store'}"
        assert graph.top_entities() == []
    graph = open_graph(str(tmp_path / "store"))
    try:
        assert graph.query("RETURN 1 AS one") == [{"one": 1}]
    finally:
        graph.close()
        from kg.stores.embedded_server import EmbeddedServer

        EmbeddedServer(tmp_path / "store").stop()


def test_export_writes_the_graph_or_a_result_to_a_file(g, tmp_path):
    import networkx as nx

    g.export(tmp_path / "all.gexf")
    assert nx.read_gexf(tmp_path / "all.gexf").number_of_nodes() == g.to_networkx().number_of_nodes()
    g.dominance_path("GammaLM", "ELMo").export(tmp_path / "path.graphml")
    path = nx.read_graphml(tmp_path / "path.graphml")
    # the subgraph the rows name: the chain's entities, dataset and metric, papers and claims, and every
    # relationship among them (DeltaNet also beats GammaLM, in p3 and p5)
    assert sorted(n for n in path if n.startswith("entity:")) == [
        "entity:accuracy", "entity:deltanet", "entity:elmo", "entity:gammalm", "entity:glue"]
    outperforms = sorted((a, b) for a, b, d in path.edges(data=True) if d["_type"] == "OUTPERFORMS")
    assert outperforms == [("entity:deltanet", "entity:elmo"), ("entity:deltanet", "entity:gammalm"),
                           ("entity:deltanet", "entity:gammalm"), ("entity:gammalm", "entity:deltanet")]
