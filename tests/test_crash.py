"""Crashes during ingest: `kill -9` of the `kg ingest` process, of its worker pool, or of the embedded server.

Each iteration starts a real `kg ingest` over the real corpus (plus synthetic papers the keyword extractor
finds claims in) into a fresh data directory, kills something at a seeded random point, and then checks:

1. right after the kill, no paper is half-written: every paper in the graph carries the content hash of one
   version of its input, its mentions, claims and proposals are exactly what a clean load of that version
   gives, and the whole graph equals a clean load of just the papers that landed (entities, names, aliases,
   derived edges, orphans removed);
2. the next `kg ingest` of the same input completes, and the graph equals that of a clean, uninterrupted run
   (same canonical dump, so the same counts and claim ids);
3. nothing is left behind: no `kg` process, no embedded server once every client is gone.

The default run does a few iterations with the keyword extractor and one with the default (rules) extractor;
`pytest -m slow` does many more.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
import test_reliability_helpers as helpers
from test_reliability_helpers import (
    BATCH,
    KEYWORDS,
    Reference,
    assert_same_graph,
    canonical_dump,
    clean_reference,
    dump_of_clean_load,
    graph_of,
    ingest_args,
    kg_env,
    kg_pids,
    load_extractor_spec,
    open_data_dir,
    paper_fingerprints,
    paper_sources,
    reap_processes_under,
    run_kg,
    server_pids,
    start_kg,
    synthetic_jsonl,
    wait_until,
)

from kg.stores.embedded_server import EmbeddedServer


@pytest.fixture(autouse=True)
def leave_nothing_running(tmp_path):
    yield
    reap_processes_under(tmp_path)


@pytest.fixture(scope="module")
def keyword_reference(tmp_path_factory, corpus_dir) -> Reference:
    return helpers.keyword_reference(tmp_path_factory, corpus_dir)


# -- the checks ------------------------------------------------------------------------------------

def check_nothing_half_written(data_dir: Path, ref: Reference, embedded_dir: Path) -> int:
    """The state a crash left: only whole papers, and a graph equal to a clean load of exactly those."""
    with open_data_dir(data_dir) as store:
        fingerprints = paper_fingerprints(store)
        sources = paper_sources(store)
        dump = canonical_dump(store, mask_unmentioned_entities=True)
    landed = []
    for pid, (chash, fingerprint) in fingerprints.items():
        assert chash is not None, f"paper {pid} is in the graph without its completion stamp"
        assert (pid, chash) in ref.versions, f"paper {pid} carries a hash of no input version"
        _, expected = ref.versions[(pid, chash)]
        assert fingerprint == expected, f"paper {pid} is half-written: {fingerprint} != {expected}"
        # the same version may be listed in two files; the stored one is one of them
        landed.append(ref.occurrences[(pid, chash, sources[pid])])
    extractor = load_extractor_spec(ref.extractor)
    landed.sort(key=lambda p: p.id)
    # VARIANT_OF edges are settled over the whole graph when an ingest finishes (kg.resolve.finish): a run killed
    # before that leaves them as the last finished run did, and the re-run settles them (check_rerun_repairs).
    assert_same_graph(without_variant_edges(dump),
                      without_variant_edges(dump_of_clean_load(embedded_dir, [(p, extractor.extract(p)) for p in landed])),
                      "the graph after the crash")
    return len(landed)


def without_variant_edges(dump: dict) -> dict:
    return {**dump, "relationships": [r for r in dump["relationships"] if '"type": "VARIANT_OF"' not in r]}


def check_rerun_repairs(data_dir: Path, ref: Reference, *extra: str) -> None:
    result = run_kg(*ingest_args(ref.inputs, data_dir, ref.extractor, *extra))
    assert result.returncode == 0, result.stderr
    dump, stats, ids = graph_of(data_dir)
    # (type labels of entities no paper mentions can differ: the known issue the dumps mask)
    assert stats["relationships"] == ref.stats["relationships"]
    assert [stats["nodes"][n] for n in ("Paper", "Entity", "Claim")] == \
        [ref.stats["nodes"][n] for n in ("Paper", "Entity", "Claim")]
    assert ids == ref.claim_ids
    assert_same_graph(dump, ref.dump, "the graph after the re-run")
    assert wait_until(lambda: not server_pids(data_dir), 15), \
        f"an embedded server is still running for {data_dir} after every client left"
    assert not kg_pids(data_dir)


def stamped(store) -> int:
    return store.query("MATCH (p:Paper) WHERE p.content_hash IS NOT NULL RETURN count(p)").scalar() or 0


def run_until(proc, data_dir: Path, target: int, timeout: float = 120):
    """Wait until `target` papers are stamped (or the process ends); returns the open watcher store."""
    assert wait_until(lambda: EmbeddedServer(data_dir).is_running() or proc.proc.poll() is not None, timeout)
    store = open_data_dir(data_dir)
    wait_until(lambda: stamped(store) >= target or proc.proc.poll() is not None, timeout, interval=0.01)
    return store


def kill_ingest_once(tmp: Path, ref: Reference, embedded_dir: Path, seed: int, *extra: str) -> str:
    rng = random.Random(seed)
    data_dir = tmp / f"killed-{seed}"
    proc = start_kg(*ingest_args(ref.inputs, data_dir, ref.extractor, *extra), workdir=tmp)
    if rng.random() < 0.4:
        # anywhere: interpreter start, server start, schema, reading, between or inside batches
        point = f"after {rng.uniform(0.0, 0.5 * ref.seconds):.2f} s"
        time.sleep(float(point.split()[1]))
        watcher = None
    else:
        target = rng.randint(1, int(0.8 * ref.distinct_ids))
        point = f"once {target} papers were stamped"
        watcher = run_until(proc, data_dir, target)
    assert proc.proc.poll() is None, f"ingest finished before the kill ({point}); the test did not crash it"
    proc.kill9()
    if watcher is not None:
        watcher.close()
    assert proc.proc.returncode == -signal.SIGKILL
    # Worker processes die with the ingest process; they must not hold the store open.
    assert wait_until(lambda: not kg_pids(data_dir), 10), f"kg processes outlived the killed ingest: {kg_pids(data_dir)}"
    landed = check_nothing_half_written(data_dir, ref, embedded_dir)
    assert landed < ref.distinct_ids
    check_rerun_repairs(data_dir, ref, *extra)
    return f"killed {point}: {landed} papers had landed"


# -- kill -9 the ingest -----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [11, 12, 13])
def test_kill_ingest_then_rerun_equals_a_clean_run(tmp_path, keyword_reference, embedded_dir, seed):
    kill_ingest_once(tmp_path, keyword_reference, embedded_dir, seed)


def test_kill_ingest_with_worker_processes(tmp_path, keyword_reference, embedded_dir):
    """`--workers 2`: the pool's processes must not outlive the killed parent (they would keep the server up)."""
    kill_ingest_once(tmp_path, keyword_reference, embedded_dir, 5, "--workers", "2")


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 130))
def test_kill_ingest_many_points(tmp_path, keyword_reference, embedded_dir, seed):
    kill_ingest_once(tmp_path, keyword_reference, embedded_dir, seed, *(("--workers", "2") if seed % 3 == 0 else ()))


# -- Ctrl-C and SIGTERM -------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupted_ingest_stops_cleanly(tmp_path, keyword_reference, embedded_dir, how):
    """Ctrl-C (SIGINT to the whole process group, workers included) or SIGTERM (`docker stop`, systemd):
    a short message at most, no traceback, the server stopped by the last one out, nothing half-written."""
    extra = ("--workers", "2") if how == "ctrl-c" else ()
    total = keyword_reference.distinct_ids
    for attempt in range(4):  # a run that ends before the signal reaches it is no test: again, stopped earlier
        data_dir = tmp_path / f"interrupted-{attempt}"
        proc = start_kg(*ingest_args(keyword_reference.inputs, data_dir, KEYWORDS, *extra), workdir=tmp_path,
                        new_session=True)
        watcher = run_until(proc, data_dir, max(1, total // (3 * 2 ** attempt)))
        if proc.proc.poll() is not None:
            watcher.close()
            continue
        os.killpg(proc.pid, signal.SIGINT if how == "ctrl-c" else signal.SIGTERM)
        # Read after the signal (stamps only grow): at most this many papers had landed when it was sent.
        landed_by_then = stamped(watcher)
        watcher.close()
        code = proc.wait(timeout=60)
        if code != 0:
            break
        # Exit 0 is right only for a run that had loaded everything before the signal came (and was ending).
        assert landed_by_then == total, \
            f"the signal was lost: sent with {landed_by_then} of {total} papers loaded, the ingest loaded the rest " \
            f"and exited 0; its stderr:\n{proc.stderr[-3000:]}"
    else:
        pytest.fail("the ingest ended before the signal every time")
    assert code == (143 if how == "sigterm" else code) and code != 0, code
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert len(proc.stderr.strip().splitlines()) <= 1, proc.stderr
    assert wait_until(lambda: not kg_pids(data_dir) and not server_pids(data_dir), 15), \
        "the interrupted ingest was the last client: it should have stopped the server"
    landed = check_nothing_half_written(data_dir, keyword_reference, embedded_dir)
    assert 0 < landed < keyword_reference.distinct_ids
    check_rerun_repairs(data_dir, keyword_reference)


def test_ctrl_c_reaches_kg_even_when_the_test_run_ignores_it(tmp_path):
    """A test run started in the background by a script (`make test &`) ignores SIGINT, and `kg` inherited that:
    the Ctrl-C test above then saw every ingest load on to its end and exit 0 (two CI runs). `start_kg` with
    `new_session` starts `kg` as a terminal does: Ctrl-C stops it whatever this process ignores."""
    data_dir = tmp_path / "kg"
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in a test run started with `&`
    try:
        proc = start_kg("-q", "ingest", "-", "--db", str(data_dir), "--extractor", KEYWORDS, workdir=tmp_path,
                        new_session=True, stdin_pipe=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert proc.proc.stdin is not None
    try:
        # It opens the store, then waits for papers on its standard input (open, never written to).
        assert wait_until(lambda: EmbeddedServer(data_dir).is_running() or proc.proc.poll() is not None, 60)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill9()
            pytest.fail(f"Ctrl-C did not stop `kg`; its stderr:\n{proc.stderr[-3000:]}")
        assert code == 130 and proc.stderr.strip() == "kg: interrupted", (code, proc.stderr)
    finally:
        proc.proc.stdin.close()


@pytest.mark.parametrize("name, code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_that_lands_in_a_finaliser_still_stops_kg(tmp_path, name, code):
    """Python raises Ctrl-C's KeyboardInterrupt (and SIGTERM's exit) in whatever code runs when the signal comes;
    in a `__del__` (redis-py drops a pipeline per batch) it was printed as "Exception ignored" and lost, and the
    ingest loaded on to the end and exited 0. The plug-in raises the signal inside a finaliser."""
    papers = synthetic_jsonl(tmp_path / "papers.jsonl", 40)
    proc = start_kg("-q", "ingest", str(papers), "--db", str(tmp_path / "kg"), "--extractor",
                    "finaliser_signal_extractor:FinaliserSignalExtractor", workdir=tmp_path, new_session=True,
                    env=kg_env({"FINALISER_SIGNAL": name}))
    assert proc.wait(timeout=60) == code, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr


# -- kill -9 the embedded server --------------------------------------------------------------------

def kill_server_once(tmp: Path, ref: Reference, embedded_dir: Path, seed: int) -> str:
    rng = random.Random(seed)
    data_dir = tmp / f"server-killed-{seed}"
    proc = start_kg(*ingest_args(ref.inputs, data_dir, ref.extractor), workdir=tmp)
    target = rng.randint(1, int(0.8 * ref.distinct_ids))
    watcher = run_until(proc, data_dir, target)
    assert proc.proc.poll() is None, "ingest finished before the server was killed"
    server_pid = EmbeddedServer(data_dir).pid()
    assert server_pid
    os.kill(server_pid, signal.SIGKILL)
    watcher.close()
    code = proc.wait(timeout=60)
    err = proc.stderr
    assert "Traceback" not in err, err[-3000:]
    assert code == 1, (code, err)
    last = [line for line in err.splitlines() if line.strip()][-1]
    assert last.startswith("kg: ") and "FalkorDB" in last, err[-2000:]
    assert wait_until(lambda: not kg_pids(data_dir), 10)
    # The server restarts from its append-only log with every acknowledged batch, and nothing half-done.
    landed = check_nothing_half_written(data_dir, ref, embedded_dir)
    # Not asserted: that every batch a reader had seen survived. Redis may answer before it has written a batch
    # to its log when a slow disk is still syncing the previous second (seen here once under load: 135 of 144
    # papers came back). What a server kill loses is whole batches, and the re-run below writes them again.
    assert landed > 0 or target <= int(BATCH)
    check_rerun_repairs(data_dir, ref)
    return f"server killed after {target} papers: {landed} had landed"


@pytest.mark.parametrize("seed", [21, 22])
def test_kill_server_then_rerun_equals_a_clean_run(tmp_path, keyword_reference, embedded_dir, seed):
    kill_server_once(tmp_path, keyword_reference, embedded_dir, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(200, 215))
def test_kill_server_many_points(tmp_path, keyword_reference, embedded_dir, seed):
    kill_server_once(tmp_path, keyword_reference, embedded_dir, seed)


# -- the log itself --------------------------------------------------------------------------------------

def test_a_log_cut_inside_a_batch_loses_that_whole_batch_and_nothing_later(tmp_path, embedded_dir):
    """What the server finds after a crash in the middle of logging a batch (a kill -9 during a large write,
    a power loss): a log that ends inside the batch's MULTI/EXEC block. Redis then cuts the log at the last
    whole command, which is inside the block: the block's MULTI stays open in the file. Writes appended after
    it would, at the next start, be replayed into that open block (the cut batch coming back, the next batch
    failing half-way). The batch must be gone whole, now and after later writes and restarts."""
    from keyword_extractor import KeywordExtractor

    from kg.load.loader import GraphLoader
    from kg.models import Paper

    extractor = KeywordExtractor()

    def papers(prefix: str) -> list:
        return [Paper(id=f"{prefix}{i}", title=f"{prefix}{i}", abstract=f"LoRA outperforms BERT by {i}% on GLUE.")
                for i in range(3)]

    def load(batch) -> None:
        with open_data_dir(data_dir) as store:
            store.ensure_schema()
            GraphLoader(store).load((p, extractor.extract(p)) for p in batch)

    def crash() -> None:
        os.kill(server.pid(), signal.SIGKILL)
        assert wait_until(lambda: not server.is_running(), 10)

    data_dir = tmp_path / "kg"
    server = EmbeddedServer(data_dir)
    server.start(keep_running=True)  # so that closing a store does not stop (and compact) it
    try:
        load(papers("a"))
        load(papers("b"))
        crash()
        incr = sorted((server.db_dir / "appendonlydir").glob("*.incr.aof"))[-1]
        log = incr.read_bytes()
        last_multi = log.rindex(b"MULTI")
        assert log.find(b"EXEC", last_multi) > 0, "batch b is the last block of the log"
        incr.write_bytes(log[: last_multi + (len(log) - last_multi) // 2])  # cut inside that block
        expected = [p for p in papers("a")]
        with open_data_dir(data_dir) as store:
            assert_same_graph(canonical_dump(store, mask_unmentioned_entities=True),
                              dump_of_clean_load(embedded_dir, [(p, extractor.extract(p)) for p in expected],
                                                 resolve=False))
        # Later writes, another crash, another start: still exactly what was written, nothing of b.
        load(papers("c"))
        expected += papers("c")
        crash()
        with open_data_dir(data_dir) as store:
            assert_same_graph(canonical_dump(store, mask_unmentioned_entities=True),
                              dump_of_clean_load(embedded_dir, [(p, extractor.extract(p)) for p in expected],
                                                 resolve=False),
                              "the graph after a second crash and start")
    finally:
        server.stop()


# -- the default extractor --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rules_reference(tmp_path_factory, corpus_dir) -> Reference:
    tmp = tmp_path_factory.mktemp("crash-rules")
    return clean_reference(tmp, [corpus_dir / "002_90fc59abfe4786ca.txt"], "rules")


def test_kill_ingest_with_the_default_extractor(tmp_path, rules_reference, embedded_dir):
    assert rules_reference.stats["relationships"]["MENTIONS"] > 100
    kill_ingest_once(tmp_path, rules_reference, embedded_dir, 31)


@pytest.fixture(scope="module")
def rules_corpus_reference(tmp_path_factory, corpus_dir) -> Reference:
    tmp = tmp_path_factory.mktemp("crash-rules-corpus")
    return clean_reference(tmp, [corpus_dir], "rules")


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(300, 306))
def test_kill_ingest_with_the_default_extractor_over_the_corpus(tmp_path, rules_corpus_reference, embedded_dir, seed):
    kill_ingest_once(tmp_path, rules_corpus_reference, embedded_dir, seed)
    kill_server_once(tmp_path, rules_corpus_reference, embedded_dir, seed + 1000)


# -- kill -9 a bulk load ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [51, 52])
def test_kill_a_bulk_ingest_then_rerun_equals_a_clean_run(tmp_path, rules_corpus_reference, embedded_dir, seed):
    """A bulk load shows nothing until its swap: killed before, the graph is still empty, and the re-run
    removes the dead load's temporary graph and writes everything."""
    ref = rules_corpus_reference
    data_dir = tmp_path / f"bulk-killed-{seed}"
    proc = start_kg(*ingest_args(ref.inputs, data_dir, ref.extractor, "--bulk"), workdir=tmp_path)
    time.sleep(random.Random(seed).uniform(0.1, 0.5) * ref.seconds)
    assert proc.proc.poll() is None, "the bulk ingest finished before the kill; the test did not crash it"
    proc.kill9()
    assert wait_until(lambda: not kg_pids(data_dir), 10), f"kg processes outlived the killed ingest: {kg_pids(data_dir)}"
    assert check_nothing_half_written(data_dir, ref, embedded_dir) in (0, ref.distinct_ids)  # all or nothing
    check_rerun_repairs(data_dir, ref, "--bulk")
    store = open_data_dir(data_dir)
    try:
        assert store.db.connection.keys(f"{store.graph_name}.bulk-*") == []
    finally:
        store.close()
