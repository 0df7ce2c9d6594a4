"""`kg viz` draws table-style named queries (leaderboard, outperformers, beaten_by, ...) as the entities, papers
and claims their key, paper and claim columns name, with the relationships among them."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from leaderboard_graph import loaded_db

from kg.queries import find_query
from kg.stores import open_store
from kg.viz import NothingToDraw, query_view


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    with loaded_db(tmp_path_factory.mktemp("viz-tables") / "kg") as path:
        yield path


def view_of(db, name, **values):
    q = find_query(name)
    store = open_store(db)
    try:
        return query_view(store, q.cypher, q.bind(values), title=name)
    finally:
        store.close()


def labels(view):
    return sorted({label for node in view.data["nodes"] for label in node["labels"]})


def test_a_leaderboard_draws_its_claims_models_dataset_and_papers_joined_up(db):
    view = view_of(db, "leaderboard", dataset="WikiText-103")
    names = {n.get("caption") for n in view.data["nodes"]}
    assert {"Claim", "Entity", "Paper"} <= set(labels(view))
    assert {"ModelA", "ModelB", "ModelC", "WikiText-103"} <= names, names
    types = {e["type"] for e in view.data["edges"]}
    assert {"SUBJECT", "ON_DATASET", "REPORTS"} <= types, types
    assert view.notes[0] == "a table of 3 rows: drawn as the entities, papers and claims it names"


@pytest.mark.parametrize("name, values, winner, loser", [
    ("beaten_by", {"entity": "ModelA"}, "ModelA", "ModelB"),
    ("outperformers", {"entity": "ModelB"}, "ModelA", "ModelB"),
])
def test_comparisons_draw_the_outperforms_edge(db, name, values, winner, loser):
    view = view_of(db, name, **values)
    by_id = {n["id"]: n.get("caption") for n in view.data["nodes"]}
    drawn = {(by_id[e["source"]], by_id[e["target"]]) for e in view.data["edges"] if e["type"] == "OUTPERFORMS"}
    assert (winner, loser) in drawn


def test_a_table_with_no_rows_says_so(db):
    with pytest.raises(NothingToDraw, match="no rows"):
        view_of(db, "beaten_by", entity="ModelD")


def test_kg_viz_writes_a_named_table_query(db, tmp_path):
    from kg.cli import cli

    page = tmp_path / "lb.html"
    out = CliRunner().invoke(cli, ["viz", "leaderboard", "--param", "dataset=GSM8K", "--db", db, "-o", str(page)],
                             obj={}, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                                page.read_text(encoding="utf-8"), re.DOTALL).group(1))
    assert len(data["nodes"]) >= 6 and data["edges"]
