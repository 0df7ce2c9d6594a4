"""Mistakes get help, not Cypher errors: misspelt query names, entities the graph lacks, options after the
subcommand. In process through click's CliRunner, on the demo graph (bundled abstracts, default extractor)
in a real embedded store."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "kg" / "data" / "demo_abstracts.jsonl"


def run(*args: str, input: str | bytes | None = None):
    result = CliRunner().invoke(cli, list(args), obj={}, input=input, catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from kg.stores.embedded_server import EmbeddedServer

    db = tmp_path_factory.mktemp("help") / "kg"
    server = EmbeddedServer(db)
    server.start(keep_running=True)  # one server for the module, as `kg db start` keeps one
    try:
        result = run("ingest", str(DEMO), "--db", str(db), "-q")
        assert result.exit_code == 0, result.stderr
        yield str(db)
    finally:
        server.stop()


@pytest.mark.parametrize("typed, message", [
    ("outperfomers", "kg: no query named 'outperfomers'; did you mean 'outperformers'?"),
    ("Leaderboard", "kg: no query named 'Leaderboard'; did you mean 'leaderboard'?"),
    ("top-entities", "kg: no query named 'top-entities'; did you mean 'top_entities'?"),
    ("banana", "kg: no query named 'banana'; `kg queries` lists the named queries"),
])
def test_a_misspelt_query_name_gets_the_closest_names_not_a_cypher_error(demo_db, typed, message):
    result = run("query", typed, "--param", "entity=GPT-4", "--db", demo_db)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert "Invalid input" not in result.stderr and result.stdout == ""


def test_the_other_commands_that_take_a_query_name_suggest_too(demo_db, tmp_path):
    viz = run("viz", "outperfomers", "--param", "entity=GPT-4", "--db", demo_db, "-o", str(tmp_path / "v.html"))
    assert viz.exit_code == 2 and "did you mean 'outperformers'?" in viz.stderr
    export = run("export", "Leaderboard", "--db", demo_db)
    assert export.exit_code == 2 and "did you mean 'leaderboard'?" in export.stderr
    shown = run("queries", "top-entities")
    assert shown.exit_code == 2 and shown.stderr.strip() == "kg: no query named 'top-entities'; did you mean 'top_entities'?"


def test_cypher_is_still_cypher(demo_db):
    result = run("query", "RETURN 1 AS one", "--format", "json", "--db", demo_db)
    assert result.exit_code == 0 and result.stdout.strip() == '[\n  {\n    "one": 1\n  }\n]'


def test_an_unknown_entity_is_named_with_the_closest_ones(demo_db):
    result = run("query", "outperformers", "--param", "entity=GPT-5", "--db", demo_db)
    assert result.exit_code == 0, "without --strict an empty answer is still an answer"
    assert "(0 rows)" in result.stdout
    assert result.stderr.startswith("kg: no entity is called 'GPT-5'; did you mean ")
    assert "'GPT-4'" in result.stderr


def test_strict_makes_an_unknown_entity_exit_1(demo_db):
    result = run("query", "beaten_by", "--param", "entity=Paramanu", "--strict", "--db", demo_db)
    assert result.exit_code == 1
    assert result.stderr.strip() == "kg: no entity is called 'Paramanu'; did you mean 'Paramanu-Ganita'?"


def test_a_typo_in_an_entity_finds_the_name_by_spelling(demo_db):
    result = run("query", "claims_about", "--param", "entity=Paramanu-Ganitta", "--db", demo_db)
    assert result.exit_code == 0
    assert "did you mean 'Paramanu-Ganita'" in result.stderr


def test_a_known_entity_gets_no_message_even_with_no_rows(demo_db):
    # An entity that beats others but that nobody beats: an empty answer about it is not a mistake.
    import json

    unbeaten = json.loads(run("query", "MATCH (a:Entity)-[:OUTPERFORMS]->() WHERE NOT ()-[:OUTPERFORMS]->(a) "
                                       "RETURN DISTINCT a.name AS name ORDER BY name LIMIT 1",
                              "--format", "json", "--db", demo_db).stdout)
    assert unbeaten, "the demo graph has claims"
    result = run("query", "outperformers", "--param", f"entity={unbeaten[0]['name']}", "--strict", "--db", demo_db)
    assert result.exit_code == 0 and "(0 rows)" in result.stdout and result.stderr == ""


def test_kg_viz_of_a_named_query_names_the_missing_entity(demo_db, tmp_path):
    result = run("viz", "starter_neighbourhood", "--param", "entity=Llamma-2", "--db", demo_db,
                 "-o", str(tmp_path / "v.html"))
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: no entity is called 'Llamma-2'; did you mean ")


def test_verbose_and_quiet_work_after_the_subcommand(demo_db):
    quiet = run("ingest", str(DEMO), "--db", demo_db, "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = run("ingest", str(DEMO), "--db", demo_db, "-v")
    assert loud.exit_code == 0 and "papers read: 50" in loud.stderr
    for args in (["db", "status", "--db", demo_db, "-q"], ["stats", "-v", "--db", demo_db]):
        assert run(*args).exit_code == 0, args


def test_db_help_names_the_environment_variable():
    for command in (["query"], ["ingest"], ["viz"], ["stats"], ["db", "status"]):
        text = run(*command, "--help").stdout
        assert "env var: KG_DB" in text, command


def test_a_big_neighbourhood_is_capped_to_the_nearest_nodes_with_a_message(demo_db, tmp_path):
    import json
    import re

    def shown(path):
        data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                                    path.read_text(encoding="utf-8"), re.S).group(1))
        centre = data["nodes"][0]["id"]
        neighbours = {e["source"] for e in data["edges"] if e["target"] == centre} | {
            e["target"] for e in data["edges"] if e["source"] == centre}
        return data, neighbours - {centre}

    out = tmp_path / "gpt4.html"
    whole = run("viz", "--around", "GPT-4", "--depth", "2", "--max-nodes", "1000", "--no-connect", "--db", demo_db,
                "-o", str(out))
    assert whole.exit_code == 0 and "nearest" not in whole.stderr
    total = int(re.search(r"\((\d+) nodes", whole.stdout).group(1))
    _, all_neighbours = shown(out)
    capped = run("viz", "--around", "GPT-4", "--depth", "2", "--max-nodes", "10", "--no-connect", "--db", demo_db,
                 "-o", str(out))
    assert capped.exit_code == 0
    assert capped.stderr.strip() == (f"kg: showing the 10 nodes nearest GPT-4 of {total} (raise the cap with "
                                     "--max-nodes, or use a smaller --depth)")
    data, neighbours = shown(out)
    assert data["nodes"][0]["caption"] == "GPT-4" and len(data["nodes"]) == 10
    # The nearest first: as many of GPT-4's own neighbours as fit, and only then nodes two hops away.
    assert len(neighbours) == min(9, len(all_neighbours)), "GPT-4's neighbours come before nodes two hops away"
