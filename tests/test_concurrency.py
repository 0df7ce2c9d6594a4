"""Several `kg` processes on one embedded data directory at the same time.

The design shares one server between the processes of a data directory (a shared client lock, the last
one out stops it), so an ingest and any number of queries both work; two ingests are serialised batch by
batch by the server. A process that would cut the others off (`kg db stop`) gets a clear "in use" message.
Afterwards the store equals a clean run and no server is left running.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import test_reliability_helpers as helpers
from test_reliability_helpers import (
    KEYWORDS,
    Reference,
    assert_same_graph,
    graph_of,
    ingest_args,
    kg_pids,
    read_inputs,
    reap_processes_under,
    run_kg,
    server_pids,
    start_kg,
    synthetic_jsonl,
    wait_until,
)

from kg.stores.embedded_server import EmbeddedServer


@pytest.fixture(scope="module")
def keyword_reference(tmp_path_factory, corpus_dir) -> Reference:
    return helpers.keyword_reference(tmp_path_factory, corpus_dir)


@pytest.fixture(autouse=True)
def leave_nothing_running(tmp_path):
    yield
    reap_processes_under(tmp_path)


def check_snapshot(stats: dict) -> None:
    """What any reader sees between two atomic batches. (`kg stats` counts nodes and relationships in two
    queries, so a batch may land between them: only counts of one query are compared with each other.)"""
    nodes, rels = stats["nodes"], stats["relationships"]
    assert nodes["Entity"] == sum(nodes[t] for t in ("Model", "Method", "Dataset", "Metric", "Task")), stats
    # every synthetic claim has a subject and a dataset, and is reported by one paper
    assert rels["REPORTS"] == rels["SUBJECT"] == rels["ON_DATASET"], stats
    assert rels["OUTPERFORMS"] <= rels["REPORTS"] and rels["EVALUATED_ON"] <= rels["REPORTS"], stats


def check_all_gone(data_dir: Path) -> None:
    assert wait_until(lambda: not kg_pids(data_dir), 10), kg_pids(data_dir)
    assert wait_until(lambda: not server_pids(data_dir), 15), \
        f"the embedded server of {data_dir} still runs after every client left"
    assert not EmbeddedServer(data_dir).socket_path.exists()


def test_ingest_while_other_processes_query(tmp_path, keyword_reference):
    """One `kg ingest` and two loops of `kg query` / `kg stats` processes on one data directory at once."""
    import threading

    data_dir = tmp_path / "kg"
    args = ingest_args(keyword_reference.inputs, data_dir, KEYWORDS)
    args[args.index("--batch-size") + 1] = "2"  # a longer ingest: more queries meet it half-way
    stamped = "MATCH (p:Paper) WHERE p.content_hash IS NOT NULL RETURN count(p) AS n"
    seen: dict[str, list[int]] = {"query": [], "stats": []}
    failures: list[str] = []

    def reader(kind: str) -> None:
        while True:
            finished = ingest.proc.poll() is not None
            if kind == "query":
                result = run_kg("query", stamped, "--db", str(data_dir), "--format", "json")
            else:
                result = run_kg("stats", "--db", str(data_dir), "--format", "json")
            if result.returncode != 0:
                failures.append(result.stderr)
                return
            data = json.loads(result.stdout)
            if kind == "query":
                seen[kind].append(data[0]["n"])
            else:
                try:
                    check_snapshot(data)
                except AssertionError as exc:
                    failures.append(str(exc))
                seen[kind].append(data["nodes"]["Paper"])
            if finished:
                return

    ingest = start_kg(*args, workdir=tmp_path)
    threads = [threading.Thread(target=reader, args=(kind,)) for kind in seen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert ingest.wait() == 0, ingest.stderr
    assert "Traceback" not in ingest.stderr
    assert not failures, failures
    total = keyword_reference.distinct_ids
    for kind, counts in seen.items():
        assert counts == sorted(counts), f"a reader saw the graph shrink: {kind} {counts}"
        assert counts[-1] == total
    assert any(0 < n < total for counts in seen.values() for n in counts), \
        f"no reader met the ingest half-way ({seen}); the test did not test concurrency"
    check_all_gone(data_dir)
    dump, stats, ids = graph_of(data_dir)
    assert stats == keyword_reference.stats and ids == keyword_reference.claim_ids
    assert_same_graph(dump, keyword_reference.dump)


def test_two_ingests_of_different_inputs_at_once(tmp_path, corpus_dir):
    first = [corpus_dir]
    second = [synthetic_jsonl(tmp_path / "more.jsonl", 300, seed=3, prefix="more")]
    sequential = tmp_path / "sequential"
    for inputs in (first, second):
        assert run_kg(*ingest_args(inputs, sequential, KEYWORDS)).returncode == 0
    expected = graph_of(sequential)

    together = tmp_path / "together"
    procs = [start_kg(*ingest_args(inputs, together, KEYWORDS), workdir=tmp_path) for inputs in (first, second)]
    for proc in procs:
        assert proc.wait() == 0, proc.stderr
        assert "Traceback" not in proc.stderr
    check_all_gone(together)
    dump, stats, ids = graph_of(together)
    assert stats == expected[1] and ids == expected[2]
    assert_same_graph(dump, expected[0], "the graph of two concurrent ingests")
    # The inputs share entities (BERT, GPT-4, ImageNet ...): the two writers' batches met on the same nodes.
    assert entity_keys(first) & entity_keys(second)


def entity_keys(inputs) -> set[str]:
    from keyword_extractor import KeywordExtractor

    extractor = KeywordExtractor()
    return {e.key for p in read_inputs(inputs) for e in extractor.extract(p).entities}


def test_db_stop_while_an_ingest_runs_is_refused_as_in_use(tmp_path, keyword_reference):
    data_dir = tmp_path / "kg"
    assert run_kg("db", "start", "--db", str(data_dir)).returncode == 0
    # Batches of one paper: a long ingest, so `kg db stop` surely comes while it writes.
    args = ingest_args(keyword_reference.inputs, data_dir, KEYWORDS)
    args[args.index("--batch-size") + 1] = "1"
    ingest = start_kg(*args, workdir=tmp_path)
    time.sleep(0.8)  # the interpreter starts and the first batches land; this process holds no store open
    assert ingest.proc.poll() is None, "the ingest ended before `kg db stop`; nothing was tested"
    stop = run_kg("db", "stop", "--db", str(data_dir))
    assert ingest.proc.poll() is None, "`kg db stop` should not have had to wait for the ingest"
    assert stop.returncode == 1, (stop.stdout, stop.stderr)
    assert stop.stderr.startswith("kg: ") and "in use" in stop.stderr
    assert ingest.wait() == 0, ingest.stderr
    # `db stop` withdrew `db start`'s keep-running request: the last client out stopped the server.
    check_all_gone(data_dir)
    dump, stats, _ = graph_of(data_dir)
    assert_same_graph(dump, keyword_reference.dump)


@pytest.mark.slow
def test_many_readers_and_two_writers(tmp_path, corpus_dir):
    """Soak: two ingests and four query loops at once, repeated; always the sequential result."""
    import subprocess
    import sys

    inputs = [[corpus_dir], [synthetic_jsonl(tmp_path / "soak.jsonl", 600, seed=9, prefix="soak")]]
    sequential = tmp_path / "sequential"
    for part in inputs:
        assert run_kg(*ingest_args(part, sequential, KEYWORDS)).returncode == 0
    expected = graph_of(sequential)
    loop = ("import subprocess, sys, time\n"
            "end = time.monotonic() + float(sys.argv[2])\n"
            "while time.monotonic() < end:\n"
            "    r = subprocess.run([sys.executable, '-m', 'kg', 'stats', '--db', sys.argv[1]], capture_output=True, text=True)\n"
            "    if r.returncode or 'Traceback' in r.stderr: print(r.stderr); sys.exit(1)\n")
    for round_ in range(3):
        data_dir = tmp_path / f"soak-{round_}"
        writers = [start_kg(*ingest_args(part, data_dir, KEYWORDS), workdir=tmp_path) for part in inputs]
        readers = [subprocess.Popen([sys.executable, "-c", loop, str(data_dir), "8"], env=helpers.kg_env(),
                                    stdout=subprocess.PIPE, text=True) for _ in range(4)]
        for writer in writers:
            assert writer.wait() == 0, writer.stderr
        for reader in readers:
            out, _ = reader.communicate(timeout=120)
            assert reader.returncode == 0, out
        check_all_gone(data_dir)
        dump, stats, ids = graph_of(data_dir)
        assert_same_graph(dump, expected[0])
        time.sleep(0.1)
