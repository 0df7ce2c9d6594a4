"""Hostile input through the whole program: `kg ingest` on files built to hurt, next to good ones.

The readers' own fuzzing (random bytes, truncation, nesting, XML entities, long records) is in
test_readers_fuzz.py. Here the same kinds of input go through a real `kg ingest` process into the real
embedded store, and what a user sees is checked: one clear line per bad record or file, no traceback, the
good records of the same run loaded, the store still up, and bounded memory for a 100 MB line.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from test_readers_fuzz import BILLION_LAUGHS, XXE_PAYLOADS
from test_reliability_helpers import KEYWORDS, kg_env, reap_processes_under, run_kg

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def leave_nothing_running(tmp_path):
    yield
    reap_processes_under(tmp_path)


def good(pid: str) -> str:
    return json.dumps({"id": pid, "title": f"Good {pid}", "abstract": "LoRA outperforms BERT by 2% on GLUE."}) + "\n"


def papers_in(data_dir: Path) -> list[str]:
    result = run_kg("query", "MATCH (p:Paper) RETURN p.id AS id ORDER BY id", "--db", str(data_dir),
                    "--format", "json")
    assert result.returncode == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: ")]


def ingest_measured(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run `kg ingest` under a fresh parent that reports the peak RSS (KiB) of its one child."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
             "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
             "sys.exit(r.returncode)\n")
    result = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "kg", "ingest", *args],
                            env=kg_env(), capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("PEAK_RSS_KB "), result.stdout
    return result, int(lines[-1].split()[1])


def test_a_100_mb_line_costs_one_record_and_bounded_memory(tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text(good("a") + good("b"))
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(good("a"))
        fh.write('{"id": "huge", "title": "Huge", "abstract": "')
        chunk = "LoRA outperforms BERT. " * (MB // 23 + 1)
        for _ in range(100):
            fh.write(chunk)
        fh.write('"}\n')
        fh.write(good("b"))
    assert big.stat().st_size > 100 * MB
    baseline, baseline_kb = ingest_measured(tmp_path, str(small), "--db", str(tmp_path / "base"),
                                            "--extractor", KEYWORDS)
    assert baseline.returncode == 0, baseline.stderr
    result, peak_kb = ingest_measured(tmp_path, str(big), "--db", str(tmp_path / "kg"), "--extractor", KEYWORDS)
    assert result.returncode == 0, result.stderr
    problems = problem_lines(result.stderr)
    assert len(problems) == 1 and f"{big}:2:" in problems[0] and "too long" in problems[0], result.stderr
    assert "papers read: 2" in result.stderr
    assert papers_in(tmp_path / "kg") == ["a", "b"]
    # The 100 MB line was never held: the peak is that of a tiny run plus at most a record-sized buffer.
    print(f"peak RSS: {baseline_kb} KiB for 2 small records, {peak_kb} KiB with the 100 MB line")
    assert peak_kb - baseline_kb < 40 * 1024, (baseline_kb, peak_kb)
    assert peak_kb < big.stat().st_size // 1024


def test_a_directory_of_hostile_files_next_to_good_ones(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.jsonl").write_text(good("g1") + good("g2"))
    (inputs / "laughs.xml").write_text(BILLION_LAUGHS)
    for number, payload in enumerate(XXE_PAYLOADS.values()):
        (inputs / f"xxe{number}.xml").write_text(payload)
    (inputs / "nested.jsonl").write_text(good("n1") + "[" * 200_000 + "\n" + '{"a":' * 100_000 + "\n" + good("n2"))
    (inputs / "random.jsonl").write_bytes(random.Random(1).randbytes(4096))
    (inputs / "nul.jsonl").write_bytes(good("z1").encode() + b'{"id": "z2", "title": "T\x00", "abstract": "x"}\n')  # binary
    (inputs / "truncated.jsonl").write_text(good("t1") + good("t2")[:30])
    (inputs / "garbage.csv").write_bytes(b"id,title,abstract\n\"unclosed,\x01\x02\n" + random.Random(2).randbytes(512))
    data_dir = tmp_path / "kg"
    result = run_kg("ingest", str(inputs), "--db", str(data_dir), "--extractor", KEYWORDS, timeout=120)
    assert result.returncode == 0, result.stderr
    problems = problem_lines(result.stderr)
    for name in ["laughs.xml", "xxe0.xml", "xxe1.xml", "xxe2.xml", "xxe3.xml", "nested.jsonl", "random.jsonl",
                 "nul.jsonl", "truncated.jsonl"]:
        mine = [p for p in problems if f"{inputs / name}" in p]
        assert mine, f"no message for {name}:\n{result.stderr}"
        assert all(len(p) < 400 for p in mine), mine
    assert "root:" not in result.stderr and "lollol" not in result.stderr
    assert papers_in(data_dir) == ["g1", "g2", "n1", "n2", "t1"]


@pytest.mark.parametrize("field, value", [
    ("url", "http://example.org/\u0000x"), ("published", "2024\u0000"), ("source", "s\u0000"),
    ("id", "a\u0001b"), ("id", "tab\tinside"), ("id", "line\nbreak"),
])
def test_characters_the_store_cannot_take_are_one_record_error(tmp_path, field, value):
    """A NUL in any field, or a control character in an id (FalkorDB crashes on it in a unique property),
    is a per-record problem: the rest of the file loads and the embedded server stays up."""
    record = {"id": "bad", "title": "Bad", "abstract": "LoRA is here.", field: value}
    path = tmp_path / "in.jsonl"
    path.write_text(good("a") + json.dumps(record) + "\n" + good("b"))
    data_dir = tmp_path / "kg"
    result = run_kg("ingest", str(path), "--db", str(data_dir), "--extractor", KEYWORDS)
    assert result.returncode == 0, result.stderr
    problems = problem_lines(result.stderr)
    assert len(problems) == 1 and f"{path}:2:" in problems[0] and field in problems[0], result.stderr
    assert papers_in(data_dir) == ["a", "b"]
    assert "exited" not in (data_dir / "server.log").read_text(errors="replace")
    assert "crashed" not in (data_dir / "server.log").read_text(errors="replace")


def test_rtl_and_zero_width_text_is_stored_exactly(tmp_path):
    title = "\u202eevil\u202c \u200bzero\u200d width \u2066isolate\u2069 \u05e9\u05dc\u05d5\u05dd"
    abstract = f"{title}: LoRA outperforms BERT by 2% on GLUE."
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "u\u200b1", "title": title, "abstract": abstract}, ensure_ascii=False) + "\n")
    data_dir = tmp_path / "kg"
    assert run_kg("ingest", str(path), "--db", str(data_dir), "--extractor", KEYWORDS).returncode == 0
    out = run_kg("query", "MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.abstract AS abstract",
                 "--db", str(data_dir), "--format", "json")
    assert json.loads(out.stdout) == [{"id": "u\u200b1", "title": title, "abstract": abstract}]


def test_entity_names_with_control_characters_do_not_crash_the_store(falkordb_store):
    """FalkorDB segfaults on a control character in a uniquely constrained property; entity keys never hold one."""
    from kg.extractors.normalize import entity_key
    from kg.load.loader import GraphLoader
    from kg.models import Entity, Extraction, Paper

    names = ["Foo\x01Net", "Bar\tNet", "\x01", "Baz\x0bNet\x0c", "Qux\x7fNet"]
    for name in names:
        assert not any(ord(c) < 32 or ord(c) == 127 for c in entity_key(name)), repr(entity_key(name))
    paper = Paper(id="p", title="T", abstract="text")
    GraphLoader(falkordb_store).load([(paper, Extraction(id="p", entities=[Entity(name=n, type="Model")
                                                                            for n in names]))])
    stored = sorted(row[0] for row in falkordb_store.query("MATCH (e:Entity) RETURN e.name").rows)
    assert stored == sorted(n for n in names if entity_key(n))
    assert falkordb_store.query("RETURN 1").scalar() == 1
