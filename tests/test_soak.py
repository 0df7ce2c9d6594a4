"""Soak: kill -9 of `kg` and of the embedded server at random points, over and over, for a set time.

Each round takes a fresh or a surviving data directory and does one of: an ingest (random --batch-size,
--workers 1 or 2, sometimes --force) killed at a random moment; an ingest whose server is killed at a
random moment; or queries running while an ingest goes on. After every kill the ingest is re-run to the end
under another PYTHONHASHSEED, and the graph must equal a clean run's byte for byte (canonical dump); no
command may ever print a traceback. The counts go to the test's output and to $KG_SOAK_REPORT if set.

Run by hand (not in CI): KG_SOAK_SECONDS=1800 .venv/bin/pytest -m slow tests/test_soak.py -s
KG_SOAK_EXTRACTOR=rules uses the default extractor (slower rounds; seed-dependent extraction shows up here).
"""
from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
import test_reliability_helpers as helpers
from test_reliability_helpers import (
    KEYWORDS,
    assert_same_graph,
    dump_difference,
    graph_of,
    ingest_args,
    kg_env,
    reap_processes_under,
    run_kg,
    start_kg,
    wait_until,
)

from kg.stores.embedded_server import EmbeddedServer

SOAK_SECONDS = float(os.environ.get("KG_SOAK_SECONDS", "120"))
pytestmark = [pytest.mark.slow, pytest.mark.timeout(int(SOAK_SECONDS) + 1200)]

QUERIES = (("stats",), ("query", "RETURN 1"), ("query", "top_entities"), ("query", "MATCH (p:Paper) RETURN count(p)"))


def _env(seed: int) -> dict[str, str]:
    return kg_env({"PYTHONHASHSEED": str(seed), "KG_IDLE": "0"})


def _kill_server(data_dir: Path) -> bool:
    pid = EmbeddedServer(data_dir).pid()
    if pid is None:
        return False
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def test_soak_kill9_over_mixed_work(tmp_path, tmp_path_factory, corpus_dir):
    seconds = SOAK_SECONDS
    extractor = os.environ.get("KG_SOAK_EXTRACTOR", KEYWORDS)
    inputs = [corpus_dir, helpers.synthetic_jsonl(tmp_path / "synthetic.jsonl", 300, seed=7)]
    ref_dir = tmp_path / "reference"
    ref = run_kg(*ingest_args(inputs, ref_dir, extractor), env=_env(0))
    assert ref.returncode == 0, ref.stderr
    reference, ref_stats, ref_ids = graph_of(ref_dir)
    clean_seconds = max(1.0, float(os.environ.get("KG_SOAK_CLEAN_SECONDS", "0")) or _timed_clean(inputs, tmp_path,
                                                                                                  extractor))
    rng = random.Random(int(os.environ.get("KG_SOAK_SEED", "17")))
    counts: Counter[str] = Counter()
    differences: list[str] = []
    deadline = time.monotonic() + seconds
    round_no = 0
    while time.monotonic() < deadline:
        round_no += 1
        data_dir = tmp_path / f"round-{round_no % 3}"  # rounds reuse directories: kills on top of kills
        extra = ["--batch-size", str(rng.choice([1, 7, 20, 200]))]
        if rng.random() < 0.3:
            extra += ["--workers", "2"]
        if rng.random() < 0.3:
            extra.append("--force")
        action = rng.choice(["kill-kg", "kill-server", "queries"])
        seed = rng.randint(1, 10_000)
        proc = start_kg(*ingest_args(inputs, data_dir, extractor, *extra[2:]), "--batch-size", extra[1],
                        workdir=tmp_path / "logs", env=_env(seed))
        time.sleep(rng.uniform(0.0, clean_seconds))
        if action == "kill-kg":
            if proc.proc.poll() is None:
                proc.kill9()
                counts["kill -9 kg"] += 1
        elif action == "kill-server":
            if _kill_server(data_dir):
                counts["kill -9 server"] += 1
            proc.wait(timeout=300)
        else:
            for args in rng.sample(QUERIES, 2):
                result = run_kg(*args, "--db", str(data_dir), env=_env(seed))  # asserts: no traceback
                counts[f"query exit {result.returncode}"] += 1
            proc.wait(timeout=300)
        assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
        counts[f"ingest exit {proc.proc.returncode}"] += 1
        wait_until(lambda data_dir=data_dir: not helpers.kg_pids(data_dir), 15)
        rerun = run_kg(*ingest_args(inputs, data_dir, extractor), env=_env(rng.randint(1, 10_000)))
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        dump, stats, ids = graph_of(data_dir)
        counts["compared with the clean run"] += 1
        if dump != reference or ids != ref_ids:
            differences.append(f"round {round_no} ({action}, {extra}): {dump_difference(dump, reference)}")
    reap_processes_under(tmp_path)
    summary = {"seconds": seconds, "rounds": round_no, "extractor": extractor, "differences": len(differences),
               **dict(counts)}
    print("\nsoak:", json.dumps(summary))
    if os.environ.get("KG_SOAK_REPORT"):
        Path(os.environ["KG_SOAK_REPORT"]).write_text(json.dumps({**summary, "details": differences[:20]}, indent=2))
    assert not differences, "\n".join(differences[:5])
    assert_same_graph(graph_of(ref_dir)[0], reference, "the reference, read again")


def _timed_clean(inputs: list[Path], tmp: Path, extractor: str) -> float:
    started = time.monotonic()
    result = run_kg(*ingest_args(inputs, tmp / "timed-clean", extractor), env=_env(1))
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started
