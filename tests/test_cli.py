"""The `kg` command as a user runs it: real processes, real embedded store, exit codes and messages."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PLUGIN = ["--extractor", "keyword_extractor:KeywordExtractor"]


def kg(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    env.pop("KG_DB", None)
    result = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "papers.jsonl").write_text(
        json.dumps({"id": "a", "title": "LoRA paper", "abstract": "We propose LoRA. LoRA outperforms BERT by 2.5% on GLUE."})
        + "\n" + json.dumps({"id": "b", "title": "Other", "abstract": "RoBERTa outperforms BERT by 1% on GLUE."}) + "\n")
    yield tmp_path
    subprocess.run([sys.executable, "-m", "kg", "db", "stop"], cwd=tmp_path, capture_output=True, timeout=60)


def test_ingest_then_stats_then_query(workdir):
    result = kg("ingest", "papers.jsonl", *PLUGIN, cwd=workdir)
    assert "papers read: 2, written: 2" in result.stderr
    assert (workdir / ".kg").is_dir(), "the default store lives in ./.kg"
    stats = json.loads(kg("stats", "--format", "json", cwd=workdir).stdout)
    assert stats["nodes"]["Paper"] == 2 and stats["relationships"]["OUTPERFORMS"] == 2
    table = kg("query", "MATCH (a)-[o:OUTPERFORMS]->(b) RETURN a.name AS winner, o.value AS by ORDER BY by",
               cwd=workdir).stdout
    assert table.splitlines()[0].split() == ["winner", "by"]
    assert table.splitlines()[2].split() == ["RoBERTa", "1"]
    assert "(2 rows)" in table


def test_query_output_formats_and_parameters(workdir):
    kg("ingest", "papers.jsonl", *PLUGIN, cwd=workdir)
    cypher = "MATCH (p:Paper) WHERE p.id = $id RETURN p.id AS id, p.title AS title"
    as_json = json.loads(kg("query", cypher, "--param", "id=a", "--format", "json", cwd=workdir).stdout)
    assert as_json == [{"id": "a", "title": "LoRA paper"}]
    as_csv = list(csv.reader(io.StringIO(kg("query", cypher, "--param", "id=b", "--format", "csv", cwd=workdir).stdout)))
    assert as_csv == [["id", "title"], ["b", "Other"]]
    number = json.loads(kg("query", "RETURN $n + 1 AS x", "--param", "n=41", "--format", "json", cwd=workdir).stdout)
    assert number == [{"x": 42}]


def test_query_is_read_only_unless_write(workdir):
    kg("ingest", "papers.jsonl", *PLUGIN, cwd=workdir)
    refused = kg("query", "MATCH (p:Paper) DETACH DELETE p", cwd=workdir, check=False)
    assert refused.returncode == 1 and "--write" in refused.stderr
    assert json.loads(kg("stats", "--format", "json", cwd=workdir).stdout)["nodes"]["Paper"] == 2
    kg("query", "MATCH (p:Paper {id: 'b'}) DETACH DELETE p", "--write", cwd=workdir)
    assert json.loads(kg("stats", "--format", "json", cwd=workdir).stdout)["nodes"]["Paper"] == 1


def test_bad_inputs_get_one_clear_message_each_and_good_records_load(workdir):
    mixed = workdir / "mixed"
    mixed.mkdir()
    (mixed / "bad.jsonl").write_text('{"id": "x", "title": "t", "abstract": "BERT."}\n{"id": \n')
    (mixed / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (mixed / "empty.jsonl").write_text("")
    (mixed / "latin1.jsonl").write_bytes(b'{"id": "l", "title": "caf\xe9", "abstract": "x"}\n')
    (mixed / "no-columns.csv").write_text("id,title\n1,x\n")
    (mixed / "not-atom.xml").write_text("<?xml version='1.0'?><rss/>")
    result = kg("ingest", "mixed", "missing.jsonl", *PLUGIN, cwd=workdir)
    err = result.stderr
    assert "bad.jsonl:2:" in err
    assert "binary.txt" in err and "empty.jsonl" in err and "latin1.jsonl:1:" in err
    assert "no-columns.csv" in err and "abstract" in err
    assert "not-atom.xml" in err and "Atom" in err
    assert "missing.jsonl" in err
    assert "papers read: 1, written: 1" in err


def test_nothing_readable_exits_non_zero(workdir):
    (workdir / "binary.txt").write_bytes(b"\x00\x00")
    result = kg("ingest", "binary.txt", *PLUGIN, cwd=workdir, check=False)
    assert result.returncode == 1 and "nothing could be read" in result.stderr


def test_unreachable_neo4j_is_one_line_with_the_uri(workdir):
    result = kg("ingest", "papers.jsonl", "--db", "bolt://127.0.0.1:9", *PLUGIN, cwd=workdir, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "bolt://127.0.0.1:9" in result.stderr


def test_extract_writes_json_lines_without_a_database(workdir):
    kg("extract", "papers.jsonl", "-o", "out.jsonl", *PLUGIN, cwd=workdir)
    records = [json.loads(line) for line in (workdir / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    claim = records[0]["claims"][0]
    assert {"kind", "subject", "object", "dataset", "metric", "value", "unit", "qualifier", "sota", "evidence",
            "start", "end", "confidence", "id"} <= set(claim)
    assert {"name", "type", "key", "aliases", "proposed"} <= set(records[0]["entities"][0])
    assert not (workdir / ".kg").exists(), "extract touches no database"


def test_db_start_status_stop(workdir):
    assert "running" in kg("db", "start", cwd=workdir).stdout
    assert kg("db", "status", cwd=workdir).stdout.startswith("up")
    kg("ingest", "papers.jsonl", *PLUGIN, cwd=workdir)
    assert kg("db", "status", cwd=workdir).stdout.startswith("up"), "kept running between commands"
    assert kg("db", "stop", cwd=workdir).stdout.strip() == "stopped"
    assert kg("db", "status", cwd=workdir).stdout.startswith("down")


def test_unknown_named_query_parameter_is_a_usage_error(workdir):
    result = kg("query", "entity", "--param", "nonsense=1", cwd=workdir, check=False)
    assert result.returncode == 2 and "nonsense" in result.stderr


def test_named_query_tables_hide_link_columns_unless_asked(workdir):
    kg("ingest", "papers.jsonl", *PLUGIN, cwd=workdir)
    table = kg("query", "beaten_by", "--param", "entity=lora", cwd=workdir).stdout
    header = table.splitlines()[0].split()
    assert header[:2] == ["winner", "loser"] and not any(c.endswith("_key") or c == "claim" for c in header)
    assert table.splitlines()[2].split()[:3] == ["LoRA", "BERT", "2.5"]
    full = kg("query", "beaten_by", "--param", "entity=lora", "--all-columns", cwd=workdir).stdout
    assert "winner_key" in full.splitlines()[0] and "claim" in full.splitlines()[0].split()
    as_json = json.loads(kg("query", "beaten_by", "--param", "entity=lora", "--format", "json", cwd=workdir).stdout)
    # the key of the entity `lora` names (resolution may key LoRA by its long form)
    lora = json.loads(kg("query", "entity", "--param", "name=lora", "--format", "json", cwd=workdir).stdout)
    assert as_json[0]["winner_key"] == lora[0]["key"]
