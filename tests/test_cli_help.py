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
    # AoT beats others but nobody beats it in the demo: an empty answer about a real entity is not a mistake.
    found = run("query", "entity", "--param", "name=aot", "--format", "json", "--db", demo_db)
    assert '"AoT"' in found.stdout
    result = run("query", "head_to_head", "--param", "a=AoT", "--param", "b=Paramanu-Ganita", "--strict",
                 "--db", demo_db)
    assert result.exit_code == 0 and result.stderr == ""


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

    out = tmp_path / "gpt4.html"
    whole = run("viz", "--around", "GPT-4", "--depth", "2", "--max-nodes", "1000", "--no-connect", "--db", demo_db,
                "-o", str(out))
    assert whole.exit_code == 0 and "nearest" not in whole.stderr
    total = int(re.search(r"\((\d+) nodes", whole.stdout).group(1))
    capped = run("viz", "--around", "GPT-4", "--depth", "2", "--max-nodes", "10", "--no-connect", "--db", demo_db,
                 "-o", str(out))
    assert capped.exit_code == 0
    assert capped.stderr.strip() == (f"kg: showing the 10 nodes nearest GPT-4 of {total} (raise the cap with "
                                     "--max-nodes, or use a smaller --depth)")
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                                out.read_text(encoding="utf-8"), re.S).group(1))
    assert data["nodes"][0]["caption"] == "GPT-4"
    centre = data["nodes"][0]["id"]
    neighbours = {e["source"] for e in data["edges"] if e["target"] == centre} | {
        e["target"] for e in data["edges"] if e["source"] == centre}
    assert len(neighbours) == len(data["nodes"]) - 1, "ten nodes at most one hop from GPT-4: its neighbours come first"
