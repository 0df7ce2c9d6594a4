"""Inputs as they come: TSV by name, standard input, gzip dumps (arXiv metadata as it is), capped
repeated messages, a summary that counts what the graph holds, Neo4j errors that keep their reason.
In process through click's CliRunner, on real embedded stores."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
PLUGIN = ["--extractor", "keyword_extractor:KeywordExtractor"]
# Records shaped as in the arXiv metadata dump (`arxiv-2025.jsonl.gz`): the abstract is `summary`, the page `abs`.
ARXIV_DUMP = FIXTURES / "arxiv_dump_sample.jsonl.gz"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), obj={}, input=input, catch_exceptions=False)


@pytest.fixture
def db(tmp_path):
    from kg.stores.embedded_server import EmbeddedServer

    path = tmp_path / "kg"
    yield str(path)
    EmbeddedServer(path).stop()


def count(db: str, label: str) -> int:
    result = run("query", f"MATCH (n:{label}) RETURN count(n) AS n", "--format", "json", "--db", db)
    return json.loads(result.stdout)[0]["n"]


def test_the_arxiv_dump_format_ingests_gzipped_as_it_is(db):
    records = [json.loads(line) for line in gzip.open(ARXIV_DUMP, "rt", encoding="utf-8")]
    assert {"id", "abs", "pdf", "title", "summary", "authors", "categories"} <= set(records[0])
    result = run("ingest", str(ARXIV_DUMP), "--db", db, *PLUGIN)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"papers read: {len(records)}, written: {len(records)},")
    rows = json.loads(run("query", "MATCH (p:Paper) RETURN p.id AS id, p.url AS url, p.abstract AS abstract "
                                   "ORDER BY id", "--format", "json", "--db", db).stdout)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in records)
    first = next(r for r in records if r["id"] == rows[0]["id"])
    assert rows[0]["abstract"] == first["summary"].strip() and rows[0]["url"] == first["abs"]


def test_gzip_files_are_found_in_directories_and_read_by_their_inner_format(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "a.csv.gz", "wt", encoding="utf-8") as f:
        f.write("id,title,abstract\nc1,CSV paper,We propose LoRA. LoRA outperforms BERT by 2% on GLUE.\n")
    with gzip.open(folder / "b.txt.gz", "wb") as g:
        g.write((REPO / "kg" / "data" / "demo_listing.txt").read_bytes())
    result = run("ingest", str(folder), "--db", db, *PLUGIN)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("papers read: 51, written: 51,")


def test_format_tsv_is_accepted(db, tmp_path):
    path = tmp_path / "papers.data"
    path.write_text("id\ttitle\tabstract\nt1\tTab paper\tRoBERTa outperforms BERT by 1% on GLUE.\n", encoding="utf-8")
    result = run("ingest", str(path), "--format", "tsv", "--db", db, *PLUGIN)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("papers read: 1, written: 1,")


def test_a_dash_reads_standard_input(db):
    lines = "".join(json.dumps({"id": f"s{i}", "title": f"Paper {i}", "abstract": "BERT is evaluated on GLUE."}) + "\n"
                    for i in range(3))
    result = run("ingest", "-", "--db", db, *PLUGIN, input=lines)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("papers read: 3, written: 3,")
    extracted = run("extract", "-", *PLUGIN, input=gzip.compress(lines.encode()))
    assert [json.loads(line)["id"] for line in extracted.stdout.splitlines()] == ["s0", "s1", "s2"]


def test_problems_on_standard_input_name_it(db):
    result = run("ingest", "-", "--db", db, *PLUGIN, input='{"id": "x", "title": "T", "abstract": "A."}\n{"id":\n')
    assert "kg: <stdin>:2: invalid JSON" in result.stderr


def test_repeated_messages_are_capped_with_a_count(db):
    listing = REPO / "kg" / "data" / "demo_listing.txt"
    result = run("ingest", str(listing), "--format", "jsonl", "--db", db, *PLUGIN)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    shown = [line for line in lines if "invalid JSON: Expecting value" in line]
    assert len(shown) == 3
    blocks = sum(1 for line in listing.read_text(encoding="utf-8").splitlines() if line.strip())
    assert f"kg: {listing}: ... and {blocks - 3} more like this" in lines
    assert lines[-1] == "kg: nothing could be read"


def test_the_summary_counts_what_the_graph_holds(db, tmp_path):
    # One paper listed twice with two abstracts, in separate batches: written twice, held once.
    papers = [{"id": "a", "title": "A", "abstract": "LoRA outperforms BERT by 2% on GLUE."},
              {"id": "b", "title": "B", "abstract": "RoBERTa outperforms BERT by 1% on GLUE."},
              {"id": "a", "title": "A", "abstract": "LoRA outperforms BERT by 3% on GLUE."}]
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    result = run("ingest", str(path), "--batch-size", "1", "--db", db, *PLUGIN)
    assert result.exit_code == 0, result.stderr
    first, held = result.stderr.strip().splitlines()
    assert first.startswith("papers read: 3, written: 3,")
    papers_held, entities, claims = count(db, "Paper"), count(db, "Entity"), count(db, "Claim")
    assert papers_held == 2
    assert held == (f"the graph holds {papers_held} papers (+{papers_held}), {entities} entities (+{entities}), "
                    f"{claims} claims (+{claims})")
    again = run("ingest", str(path), "--batch-size", "1", "--db", db, *PLUGIN).stderr.strip().splitlines()[-1]
    assert again == f"the graph holds 2 papers (+0), {entities} entities (+0), {claims} claims (+0)"


def test_an_unreachable_neo4j_keeps_the_reason_and_says_what_to_try(tmp_path):
    (tmp_path / "p.jsonl").write_text(json.dumps({"id": "a", "title": "A", "abstract": "B."}) + "\n")
    result = run("ingest", str(tmp_path / "p.jsonl"), "--db", "bolt://127.0.0.1:9", *PLUGIN)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "kg: cannot reach Neo4j at bolt://127.0.0.1:9: Connection refused; is Neo4j running there? "
        "(`docker compose up -d` starts the bundled one; check the host and port in --db)")


def test_the_bundled_listing_reads_as_the_bundled_json_lines():
    from kg.read import read_papers

    listing = list(read_papers(REPO / "kg" / "data" / "demo_listing.txt"))
    records = list(read_papers(REPO / "kg" / "data" / "demo_abstracts.jsonl"))
    assert len(listing) == len(records) == 50
    assert [(p.id, p.title, p.abstract) for p in listing] == [(p.id, p.title, p.abstract) for p in records]
