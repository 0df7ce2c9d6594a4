"""Export to networkx, GraphML, GEXF and JSON Lines: files read back with networkx's own readers."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from queries_graph import HUGE, NASTY, build

from kg.export.formats import (
    ExportError,
    format_for,
    graph_to_networkx,
    result_to_networkx,
    subgraph_to_networkx,
    write_graph,
)
from kg.queries.stats import graph_stats
from kg.stores.base import QueryResult


@pytest.fixture
def built(store):
    build(store)
    return store


def test_graphml_round_trips_nodes_edges_and_attributes(built, tmp_path):
    graph = graph_to_networkx(built)
    path = tmp_path / "claims.graphml"
    write_graph(graph, path)
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    node = back.nodes["entity:" + built.query("MATCH (e:Entity {name: $n}) RETURN e.key", {"n": NASTY}).scalar()]
    assert node["name"] == NASTY and node["label"] == NASTY and node["_labels"] == "Entity:Method"
    assert json.loads(back.nodes["entity:clip"]["aliases"]) == ["Contrastive Language-Image Pre-training"]
    claims = [d for _, d in back.nodes(data=True) if d["_labels"] == "Claim"]
    assert HUGE in {d["evidence"] for d in claims}
    outperforms = [d for _, _, d in back.edges(data=True) if d["_type"] == "OUTPERFORMS"]
    assert len(outperforms) == built.query("MATCH ()-[o:OUTPERFORMS]->() RETURN count(o)").scalar()
    assert all(isinstance(d["value"], float) for d in outperforms)


def test_gexf_renames_the_attributes_its_writer_reserves(built, tmp_path):
    path = tmp_path / "claims.gexf"
    write_graph(graph_to_networkx(built), path)
    back = nx.read_gexf(path)
    stats = graph_stats(built)
    assert back.number_of_nodes() == stats["nodes"]["Paper"] + stats["nodes"]["Entity"] + stats["nodes"]["Claim"]
    paper = back.nodes["paper:p1"]
    assert paper["kg_id"] == "p1" and paper["label"] == "AlphaNet: a new network"
    claim = next(d for _, d in back.nodes(data=True) if d.get("kg_start") == 10 and d.get("kind") == "outperforms"
                 and "AlphaNet beats" in d.get("evidence", ""))
    assert claim["kg_end"] == 20
    mention_types = {d.get("kg_type") for _, _, d in back.edges(data=True) if d.get("_type") == "MENTIONS"}
    assert mention_types == {"Model", "Method", "Dataset", "Metric"}


def test_jsonl_has_one_node_or_relationship_per_line_with_raw_properties(built):
    buffer = io.BytesIO()
    write_graph(graph_to_networkx(built), buffer, "jsonl")
    records = [json.loads(line) for line in buffer.getvalue().decode("utf-8").splitlines()]
    nodes = [r for r in records if r["type"] == "node"]
    rels = [r for r in records if r["type"] == "relationship"]
    stats = graph_stats(built)
    assert len(rels) == sum(stats["relationships"].values())
    assert records.index(rels[0]) == len(nodes), "nodes come first"
    clip = next(n for n in nodes if n["id"] == "entity:clip")
    assert clip["labels"] == ["Entity", "Model"] and clip["properties"]["aliases"] == [
        "Contrastive Language-Image Pre-training"]
    ids = {n["id"] for n in nodes}
    assert all(r["start"] in ids and r["end"] in ids for r in rels)
    assert {r["label"] for r in rels} == {t for t, n in stats["relationships"].items() if n}


def test_a_result_of_paths_exports_its_nodes_and_relationships(built):
    result = built.query("MATCH p = (:Entity {key: 'gammalm'})-[:OUTPERFORMS*2]->(:Entity {key: 'elmo'}) RETURN p")
    graph = result_to_networkx(result)
    assert set(graph.nodes) == {"entity:gammalm", "entity:deltanet", "entity:elmo"}
    assert sorted((a, b) for a, b in graph.edges()) == [("entity:deltanet", "entity:elmo"),
                                                        ("entity:gammalm", "entity:deltanet")]


def test_a_result_of_values_exports_the_subgraph_its_id_columns_name(built):
    result = built.query("MATCH (c:Claim)-[:SUBJECT]->(e:Entity {key: 'roberta'}) "
                         "RETURN e.key AS key, c.id AS claim, c.paper AS paper")
    graph = result_to_networkx(result, built)
    labels = sorted(tuple(d["_labels"]) for _, d in graph.nodes(data=True))
    assert labels.count(("Claim",)) == 5 and labels.count(("Paper",)) == 2
    assert {(a.split(":")[0], b.split(":")[0], d["_type"]) for a, b, d in graph.edges(data=True)} == {
        ("paper", "entity", "MENTIONS"), ("paper", "claim", "REPORTS"), ("claim", "entity", "SUBJECT")}


def test_a_result_with_nothing_to_export_is_a_clear_error(built):
    with pytest.raises(ExportError, match="no nodes, relationships or paths"):
        result_to_networkx(built.query("RETURN 1 AS one"), built)
    with pytest.raises(ExportError, match="needs the store"):
        result_to_networkx(QueryResult(columns=["key"], rows=[["bert"]]))


def test_subgraph_of_nothing_is_empty(built):
    assert subgraph_to_networkx(built).number_of_nodes() == 0


def test_mixed_attribute_types_become_one_type_for_graphml(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("a", _labels=["X"], score=1, flag=True, mixed=1)
    graph.add_node("b", _labels=["X"], score=2.5, flag=False, mixed="text", tags=["t", "u"], nothing=None)
    path = tmp_path / "mixed.graphml"
    write_graph(graph, path)
    back = nx.read_graphml(path)
    assert back.nodes["a"]["score"] == 1.0 and back.nodes["b"]["score"] == 2.5
    assert back.nodes["a"]["mixed"] == "1" and back.nodes["b"]["mixed"] == "text"
    assert back.nodes["a"]["flag"] is True and json.loads(back.nodes["b"]["tags"]) == ["t", "u"]
    assert "nothing" not in back.nodes["b"]


def test_format_comes_from_the_option_then_the_file_name():
    assert format_for("x.gexf") == "gexf" and format_for("x.JSONL") == "jsonl" and format_for("x.xml") == "graphml"
    assert format_for(None) == "graphml" and format_for("x.gexf", "jsonl") == "jsonl"
    with pytest.raises(ExportError, match="unknown export format 'dot'"):
        format_for("x", "dot")


def test_loader_bookkeeping_stays_out_of_exports(falkordb_store):
    from keyword_extractor import KeywordExtractor

    from kg.export.formats import graph_to_networkx
    from kg.load.loader import GraphLoader
    from kg.models import Paper

    paper = Paper(id="t", title="t", abstract="BERT outperforms GPT-4 by 3% on MMLU.")
    GraphLoader(falkordb_store).load([(paper, KeywordExtractor().extract(paper))])
    stored = falkordb_store.query("MATCH (e:Entity {key: 'bert'}) RETURN keys(e)").scalar()
    assert any(k.startswith("tally_") for k in stored), "the loader keeps tallies on entities"
    exported = graph_to_networkx(falkordb_store).nodes["entity:bert"]
    assert exported["name"] == "BERT" and not any(k.startswith("tally_") for k in exported)
