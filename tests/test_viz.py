"""`kg viz` and the Browser style: captions, colours, what a query result draws, caps, the page, the command.

The graph tests load a small graph through the real loader into the real store (FalkorDB, and Neo4j when
configured); the browser test (`test_browser.py`) looks at the rendered page itself.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from keyword_extractor import KeywordExtractor

from kg.load.loader import GraphLoader
from kg.models import Paper
from kg.queries import all_queries, find_query
from kg.viz import EntityNotFound, NothingToDraw, around_view, query_view
from kg.viz.graph import cap, collect
from kg.viz.grass import grass_caption, parse_grass, to_grass
from kg.viz.html import render_page
from kg.viz.style import format_amount, interpolate, node_caption, node_style, palette, shorten

REPO = Path(__file__).resolve().parents[1]
GRASS_FILE = REPO / "browser" / "claims.grass"
STARTERS = ("starter_overview", "starter_neighbourhood", "starter_leaderboard", "starter_contradictions")

PAPERS = [
    Paper(id="a", title="Low-Rank Adaptation of Large Language Models for Everyone Who Fine-Tunes",
          abstract="We propose LoRA. LoRA outperforms BERT by 2.5% on GLUE. BERT is evaluated on GLUE with accuracy."),
    Paper(id="b", title="A Robustly Optimized Pretraining Approach",
          abstract="RoBERTa outperforms BERT by 1.5% on GLUE. We use F1."),
    Paper(id="c", title="Open Models Catch Up",
          abstract="Llama-3-8B outperforms GPT-4 by 0.5% on MMLU for question answering."),
    Paper(id="d", title="Full Fine-Tuning Strikes Back",
          abstract="BERT outperforms LoRA by 1% on GLUE."),
]


def load(store) -> None:
    extractor = KeywordExtractor()
    GraphLoader(store).load((p, extractor.extract(p)) for p in PAPERS)


def by_caption(view) -> dict[str, dict]:
    return {n["caption"]: n for n in view.data["nodes"]}


def edge_captions(view, rel_type: str) -> list[str]:
    return sorted(e["caption"] for e in view.data["edges"] if e["type"] == rel_type)


# -- captions and colours -------------------------------------------------------------------------

def test_captions_follow_the_grass_rules_with_optional_segments():
    rel = {"value": 2.5, "unit": "%", "dataset": "GLUE"}
    assert interpolate("[by {value}{unit} ][on {dataset}]", rel) == "by 2.5% on GLUE"
    assert interpolate("[by {value}{unit} ][on {dataset}]", {"dataset": "GLUE"}) == "on GLUE"
    assert interpolate("[by {value}{unit} ][on {dataset}]", {"value": 3.0}) == "by 3"
    assert interpolate("{kind}[ {value}{unit}]", {"kind": "achieves", "value": 12, "unit": "GPU hours"}) \
        == "achieves 12 GPU hours"
    assert interpolate("{aliases}", {"aliases": ["a", "b"]}) == "a, b"
    assert interpolate("<type>", {}, rel_type="MENTIONS") == "MENTIONS"
    assert format_amount(2.0, "x") == "2x" and format_amount(None, "%") == ""


def test_node_style_takes_the_caption_from_entity_and_the_colour_from_the_type():
    model = node_style(["Entity", "Model"])
    dataset = node_style(["Dataset", "Entity"])
    assert model.caption == dataset.caption == "{name}"
    assert model.color != dataset.color
    assert node_style(["Entity"]).color not in (model.color, dataset.color)


def test_paper_captions_are_shortened_titles_and_the_full_title_is_kept_for_hover():
    title = "Low-Rank Adaptation of Large Language Models for Everyone Who Fine-Tunes"
    short, full = node_caption({"_id": 1, "_labels": ["Paper"], "title": title})
    assert full == title
    assert short.endswith("…") and len(short) <= node_style(["Paper"]).max_caption
    assert title.startswith(short[:-1])
    assert shorten("short", 10) == "short"


def test_unknown_labels_get_the_browser_default_caption():
    assert node_caption({"_id": 7, "_labels": ["Other"], "title": "T"})[0] == "T"
    assert node_caption({"_id": 7, "_labels": ["Other"]})[0] == "7"


def test_committed_grass_file_is_generated_from_the_palette():
    assert GRASS_FILE.read_text(encoding="utf-8") == to_grass(), \
        "browser/claims.grass is stale: run python -m kg.viz.grass > browser/claims.grass"


def test_grass_gives_each_label_its_colour_and_the_issue_captions():
    rules = parse_grass(GRASS_FILE.read_text(encoding="utf-8"))
    for rule in palette()["nodes"]:
        assert rules[f"node.{rule['label']}"]["color"] == rule["color"]
    for rule in palette()["relationships"]:
        assert rules[f"relationship.{rule['type']}"]["caption"]
    assert rules["node.Entity"]["caption"] == "{name}"
    assert rules["node.Paper"]["caption"] == "{title}"
    assert {"{kind}", "{value}"} <= set(re.findall(r"\{\w+\}", rules["node.Claim"]["caption"]))
    assert {"{value}", "{dataset}"} <= set(re.findall(r"\{\w+\}", rules["relationship.OUTPERFORMS"]["caption"]))
    # the Browser applies rules in file order: a type label must come after Entity to set the colour
    selectors = list(rules)
    assert selectors.index("node.Entity") < min(selectors.index(f"node.{t}") for t in ("Model", "Dataset"))


def test_grass_refuses_captions_the_browser_cannot_parse():
    with pytest.raises(ValueError, match="cannot read"):
        grass_caption("{value}: {unit}")


def test_html_and_grass_use_the_same_colours():
    rules = parse_grass(GRASS_FILE.read_text(encoding="utf-8"))
    graph = collect([[{"_id": i, "_labels": ["Entity", label], "name": label}]
                      for i, label in enumerate(("Model", "Method", "Dataset", "Metric", "Task"))])
    from kg.viz.view import view_data

    data = view_data(graph, title="t")
    for node in data["nodes"]:
        assert node["color"] == rules[f"node.{node['group']}"]["color"]


# -- collecting a result ----------------------------------------------------------------------------

def _node(i, name="n"):
    return {"_id": i, "_labels": ["Entity", "Model"], "name": f"{name}{i}"}


def _rel(i, s, t):
    return {"_id": i, "_type": "OUTPERFORMS", "_start": s, "_end": t, "value": 1.0}


def test_collect_finds_nodes_relationships_and_paths_anywhere_in_a_row_in_order():
    path = {"nodes": [_node(3), _node(4)], "relationships": [_rel(11, 3, 4)]}
    graph = collect([[_node(1), "scalar", 5], [[_node(2), {"inner": path}]], [_rel(10, 1, 9)]])
    assert graph.order == [1, 2, 3, 4, 9]
    assert set(graph.relationships) == {10, 11}
    assert graph.missing == [9]


def test_cap_keeps_the_first_nodes_and_says_how_to_see_more():
    graph = collect([[_node(i)] for i in range(10)] + [[_rel(100 + i, i, i + 1)] for i in range(9)])
    capped = cap(graph, 4, 100)
    assert list(capped.nodes) == [0, 1, 2, 3]
    assert sorted(capped.relationships) == [100, 101, 102]
    assert any("4 of 10 nodes" in n and "--max-nodes" in n for n in capped.notes)
    assert cap(graph, 50, 2).notes == ["showing 2 of 9 relationships (raise the cap with --max-relationships)"]
    assert cap(graph, 50, 100).notes == []


# -- drawing from the store ------------------------------------------------------------------------

def test_overview_draws_who_beats_whom_with_margins_datasets_and_evidence(store):
    load(store)
    q = find_query("starter_overview")
    view = query_view(store, q.cypher, q.bind({}), title=q.name)
    nodes = by_caption(view)
    assert {"LoRA", "BERT", "RoBERTa", "Llama-3-8B", "GPT-4", "GLUE", "MMLU"} <= set(nodes)
    assert nodes["GLUE"]["group"] == "Dataset" and nodes["BERT"]["group"] == "Model"
    assert edge_captions(view, "OUTPERFORMS") == ["by 0.5% on MMLU", "by 1% on GLUE", "by 1.5% on GLUE",
                                                   "by 2.5% on GLUE"]
    edge = next(e for e in view.data["edges"] if e["caption"] == "by 2.5% on GLUE")
    details = dict(edge["details"])
    assert details["evidence"] == "LoRA outperforms BERT by 2.5% on GLUE"
    assert details["paper"] == PAPERS[0].title
    assert details["margin"] == "2.5%"
    ids = {n["id"] for n in view.data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in view.data["edges"])


def test_relationships_alone_bring_their_endpoints(store):
    load(store)
    view = query_view(store, "MATCH (:Entity)-[r:OUTPERFORMS]->(:Entity) RETURN r", title="t")
    assert {"LoRA", "BERT", "RoBERTa", "Llama-3-8B", "GPT-4"} == set(by_caption(view))
    assert len(view.data["edges"]) == 4


def test_returned_nodes_are_connected_unless_asked_not_to(store):
    load(store)
    cypher = "MATCH (e:Entity) WHERE e.key IN ['lora', 'bert', 'glue'] RETURN e"
    connected = query_view(store, cypher, title="t")
    assert edge_captions(connected, "OUTPERFORMS") == ["by 1% on GLUE", "by 2.5% on GLUE"]
    assert {e["type"] for e in connected.data["edges"]} >= {"OUTPERFORMS", "EVALUATED_ON"}
    bare = query_view(store, cypher, title="t", connect_nodes=False)
    assert bare.counts == (3, 0)


def test_big_results_are_capped_with_a_note(store):
    load(store)
    view = query_view(store, "MATCH (n) RETURN n ORDER BY n.name", title="t", max_nodes=3)
    assert view.counts[0] == 3
    assert view.data["notes"] and "--max-nodes" in view.data["notes"][0]


def test_a_result_without_graph_values_is_refused(store):
    load(store)
    with pytest.raises(NothingToDraw, match="RETURN a, r, b"):
        query_view(store, "MATCH (e:Entity) RETURN e.name", title="t")


def test_around_finds_the_entity_by_any_spelling_and_grows_with_depth(store):
    load(store)
    one = around_view(store, "llama 3 8b", 1)
    two = around_view(store, "Llama-3-8B", 2)
    assert {"Llama-3-8B", "GPT-4", "MMLU"} <= set(by_caption(one))
    assert "question answering" not in by_caption(one)  # two hops away: through the paper
    assert "question answering" in by_caption(two)
    assert len(two.data["nodes"]) > len(one.data["nodes"])


def test_around_an_unknown_name_suggests_close_ones(store):
    load(store)
    with pytest.raises(EntityNotFound, match="'RoBERTa'"):
        around_view(store, "roberta-large", 1)
    with pytest.raises(EntityNotFound, match="no letters or digits"):
        around_view(store, "--", 1)


def test_every_starter_query_draws_on_the_test_graph(store):
    load(store)
    args = {"starter_overview": {}, "starter_neighbourhood": {"entity": "BERT"},
            "starter_leaderboard": {"dataset": "glue"}, "starter_contradictions": {}}
    views = {}
    for name in STARTERS:
        q = find_query(name)
        views[name] = query_view(store, q.cypher, q.bind(args[name]), title=name, connect_nodes=False)
    neighbourhood = by_caption(views["starter_neighbourhood"])
    assert {"BERT", "LoRA", "RoBERTa", "GLUE"} <= set(neighbourhood)
    assert any(n["group"] == "Paper" for n in neighbourhood.values())
    board = views["starter_leaderboard"]
    assert sorted(n["caption"] for n in board.data["nodes"] if n["group"] == "Claim") == \
        ["outperforms 1%", "outperforms 1.5%", "outperforms 2.5%"]
    contradiction = views["starter_contradictions"]
    assert {"LoRA", "BERT"} <= set(by_caption(contradiction))
    assert sorted(n["title"] for n in contradiction.data["nodes"] if n["group"] == "Paper") == \
        sorted([PAPERS[0].title, PAPERS[3].title])
    assert "RoBERTa" not in by_caption(contradiction)  # beats BERT, but nobody says the opposite


def test_starter_queries_are_read_only_named_queries_that_return_graph_values():
    for name in STARTERS:
        q = all_queries()[name]
        assert q.description and q.path.name == f"{name}.cypher"
        body = "\n".join(line for line in q.cypher.splitlines() if not line.lstrip().startswith("//"))
        assert not re.search(r"\b(CREATE|MERGE|SET|DELETE|REMOVE)\b", body, re.IGNORECASE)
        assert re.search(r"\bRETURN\b", body)


# -- the page ----------------------------------------------------------------------------------------

def test_page_is_self_contained_and_text_cannot_escape_the_data_block():
    hostile = "</script><script>alert(1)</script><img src=http://example.com/x.png>"
    graph = collect([[{"_id": 1, "_labels": ["Entity", "Model"], "name": hostile}]])
    from kg.viz.view import view_data

    html = render_page(view_data(graph, title="t /*KG_SCRIPT*/"))
    assert html.lower().count("</script") == 2  # the data block's and the script's own
    assert "<img" not in html and "alert(1)</script>" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    tags = re.findall(r"<(script|link|img|iframe)\b[^>]*>", html, re.IGNORECASE)
    assert not [t for t in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, re.IGNORECASE)
                if re.search(r"\b(src|href)\s*=", t)], tags
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", html.split('id="kg-data"')[0], re.IGNORECASE)
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert data["nodes"][0]["caption"] == hostile and data["title"] == "t /*KG_SCRIPT*/"


# -- the command ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def cli_db(request, tmp_path_factory):
    """What `--db` names: an embedded store of its own (the CLI always uses the default graph name), kept
    running for speed; or the Neo4j server of NEO4J_URI (emptied before and after)."""
    from kg.stores import open_store
    from kg.stores.embedded_server import EmbeddedServer

    if request.param == "neo4j":
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            pytest.skip("needs a running Neo4j: set NEO4J_URI (make test-neo4j)")
        with open_store(uri) as store:
            store.clear()
            store.ensure_schema()
            load(store)
        yield uri
        with open_store(uri) as store:
            store.clear()
        return
    path = tmp_path_factory.mktemp("viz-cli")
    server = EmbeddedServer(path)
    server.start(keep_running=True)
    with open_store(path) as store:
        store.ensure_schema()
        load(store)
    yield str(path)
    server.stop()


def run_kg(*args: str):
    from kg.cli import cli

    return CliRunner().invoke(cli, list(args), obj={}, catch_exceptions=False)


def test_kg_viz_writes_the_default_view_and_prints_its_path(cli_db, tmp_path):
    out = tmp_path / "view.html"
    result = run_kg("viz", "--db", cli_db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output
    html = out.read_text(encoding="utf-8")
    assert "starter_overview" in html and "by 2.5% on GLUE" in html


def test_kg_viz_named_query_with_params_and_around(cli_db, tmp_path):
    out = tmp_path / "board.html"
    result = run_kg("viz", "starter_leaderboard", "--param", "dataset=GLUE", "--db", cli_db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "outperforms 2.5%" in out.read_text(encoding="utf-8")
    result = run_kg("viz", "--around", "gpt 4", "--depth", "2", "--db", cli_db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Llama-3-8B" in out.read_text(encoding="utf-8")


def test_kg_viz_caps_with_a_message(cli_db, tmp_path):
    out = tmp_path / "all.html"
    result = run_kg("viz", "MATCH (n) RETURN n", "--max-nodes", "5", "--db", cli_db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "showing the first 5 of" in result.output and "--max-nodes" in result.output
    assert "5 nodes" in result.output


@pytest.mark.parametrize("args, code, message", [
    (["--around", "nobody-at-all"], 1, "no entity is called 'nobody-at-all'"),
    (["starter_leaderboard"], 2, "needs --param dataset=VALUE"),
    (["starter_overview", "--around", "BERT"], 2, "not both"),
    (["--depth", "2"], 2, "--depth goes with --around"),
    (["MATCH (e:Entity) RETURN e.name"], 1, "no nodes, relationships or paths"),
    (["CREATE (:Paper {id: 'x'}) RETURN 1"], 1, ""),
    (["MATCH (n RETURN n"], 1, ""),
])
def test_kg_viz_bad_input_is_a_message_not_a_traceback(cli_db, tmp_path, args, code, message):
    out = tmp_path / "x.html"
    result = run_kg("viz", *args, "--db", cli_db, "-o", str(out))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert message in result.output
    assert not out.exists()


def test_kg_viz_on_an_empty_graph_says_what_to_do(tmp_path):
    result = run_kg("viz", "--db", str(tmp_path / "empty"), "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and "ingest abstracts first" in result.output
    assert not (tmp_path / "x.html").exists()


def test_kg_viz_refuses_an_output_in_a_missing_directory(cli_db, tmp_path):
    result = run_kg("viz", "--db", cli_db, "-o", str(tmp_path / "nowhere" / "x.html"))
    assert result.exit_code == 2 and "not a directory" in result.output
