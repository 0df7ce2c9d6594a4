"""Neo4j at scale (issue 14): our loader into a real Neo4j 5 against the naive one-statement-per-row loader,
the first big load by `neo4j-admin database import`, and the named queries beside FalkorDB, in one run.

For each N (default 10k and 100k) on the corpus scaled by `benchmarks/generate.py` (the inputs and
extractions of bench_scale.py, made again if missing):

1. FalkorDB (embedded, the reference of the same run): `GraphLoader` over the extractions (rows/s), then every
   named query's p50/p95 on that graph;
2. Neo4j 5 Community (tools/neo4j-server, a server of its own for this run: 127.0.0.1, page cache and heap
   below), warmed up by our loader over 200 papers (then cleared): the naive loader (one write and one round
   trip per node and per relationship) on the first `--naive-sample` papers, then our loader on the same
   sample, then our loader over all N; rows/s and ratios;
3. the named queries on the Neo4j graph: p50/p95, same parameters as on FalkorDB (taken from the graph);
4. the first big load the way Neo4j offers: our CSV exporter (`kg.export.neo4j_csv`, which runs `kg ingest`'s
   resolve stage) then `neo4j-admin database import full` (from the Maven Central jars) into a new Neo4j
   home, a server started on it, and its node and relationship counts compared with the export's and, with
   `--falkordb-ingest`, with `kg ingest --bulk` of the same extractions into FalkorDB (the same graph; the
   loader runs of 1-2 leave the resolve stage out). With `--no-full-load` the Neo4j named queries run on the
   imported graph, beside FalkorDB's on that `kg ingest` graph.

    .venv/bin/python benchmarks/bench_neo4j.py                  # 10k and 100k
    .venv/bin/python benchmarks/bench_neo4j.py --sizes 10000

Prints a table, writes JSON to --out (default benchmarks/out/neo4j.json).
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _p in (str(ROOT), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import bench_scale as scale  # noqa: E402
import generate  # noqa: E402
from size_table import SizeTable  # noqa: E402

from kg.queries.stats import graph_stats  # noqa: E402

SERVER = ROOT / "tools" / "neo4j-server" / "neo4j.sh"


class Neo4jServer:
    """A tools/neo4j-server instance with a state directory of its own (not the one `make neo4j-up` uses)."""

    def __init__(self, state: Path, password: str, copy_from: Optional[Path] = None,
                 java_opts: str = "-Xmx2g", pagecache: str = "1g"):
        self.env = {**os.environ, "KG_NEO4J_STATE": str(state), "NEO4J_PASSWORD": password,
                    "KG_NEO4J_JAVA_OPTS": java_opts, "KG_NEO4J_PAGECACHE": pagecache}
        if copy_from:
            self.env["KG_NEO4J_COPY_FROM"] = str(copy_from)
        self.state = state
        self.password = password

    def __enter__(self) -> "Neo4jServer":
        started = time.perf_counter()
        subprocess.run([str(SERVER), "up"], env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.start_seconds = time.perf_counter() - started
        info = dict(line.split("=", 1) for line in (self.state / "server.info").read_text().split())
        self.uri = info["bolt_uri"]
        return self

    def store(self):
        from kg.stores.neo4j_store import Neo4jStore

        return Neo4jStore(self.uri, user="neo4j", password=self.password)

    def __exit__(self, *exc) -> None:
        subprocess.run([str(SERVER), "down"], env=self.env, check=False, stdout=subprocess.DEVNULL)


def inputs(n: int, out: Path, seed: int, workers: int, extractor: str) -> tuple[Path, Path, dict[str, Any]]:
    """The generated papers and their extractions (as bench_scale.py makes them), reused when present."""
    info: dict[str, Any] = {}
    gen_path = out / f"gen_{n}_seed{seed}.jsonl"
    if not gen_path.exists():
        scale.log(f"N={n}: generating {gen_path.name}")
        generate.write_jsonl(gen_path, n, seed)
    ext_path = out / f"n{n}" / "extractions.jsonl"
    if not ext_path.exists():
        ext_path.parent.mkdir(parents=True, exist_ok=True)
        scale.log(f"N={n}: kg extract --workers {workers}")
        info["extract"] = scale.measure_extraction_workers(gen_path, ext_path, n, workers, extractor,
                                                           scale.subprocess_env())
    return gen_path, ext_path, info


def admin_import(gen_path: Path, ext_path: Path, work: Path) -> dict[str, Any]:
    """Our CSV exporter, then neo4j-admin database import full into a new Neo4j home."""
    from kg.export.neo4j_csv import export_files, import_command

    csv_dir, home = work / "import-csv", work / "import-home"
    for path in (csv_dir, home):
        shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    stats = export_files([str(gen_path)], [str(ext_path)], csv_dir)
    export_s = time.perf_counter() - started
    args = import_command(csv_dir)[1:]  # without the leading "neo4j-admin"
    started = time.perf_counter()
    done = subprocess.run([str(SERVER), "admin", str(home), *args], capture_output=True, text=True, cwd=work,
                          env={**os.environ, "KG_NEO4J_JAVA_OPTS": "-Xmx2g"})
    import_s = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"neo4j-admin import failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
    summary = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith(("IMPORT DONE", "Peak"))]
    return {"export_seconds": export_s, "import_seconds": import_s, "seconds": export_s + import_s,
            "csv_bytes": scale.dir_size(csv_dir), "export": stats.as_dict(),
            "import_summary": summary, "home": str(home)}


def run_size(n: int, opt: argparse.Namespace, password: str, result: dict[str, Any]) -> dict[str, Any]:
    """Fills `result` as it goes, so that a failure late in the run keeps the figures measured before it."""
    from kg.stores.embedded_server import EmbeddedServer
    from kg.stores.falkordb_store import FalkorDBStore

    work = opt.out / f"n{n}"
    gen_path, ext_path, made = inputs(n, opt.out, opt.seed, opt.workers, opt.extractor)
    result.update(made)
    result["n"] = n
    result["load_average_start"] = os.getloadavg()

    if "falkordb_queries" not in result and not opt.only_import and opt.falkordb_load:  # (a --resume'd run has it)
        scale.log(f"N={n}: FalkorDB, loader over all {n}")
        falkor_dir = work / "falkordb"
        shutil.rmtree(falkor_dir, ignore_errors=True)
        falkor = FalkorDBStore(data_dir=falkor_dir, graph="bench")
        try:
            result["falkordb_load"] = scale.measure_load(falkor, gen_path, ext_path, opt.batch_size)
            scale.log(f"  {result['falkordb_load']['rows_per_s']:.0f} rows/s; named queries")
            result["falkordb_queries"] = scale.measure_queries(falkor, opt.query_runs)
        finally:
            falkor.clear()
            falkor.close()
            EmbeddedServer(falkor_dir).stop()
            shutil.rmtree(falkor_dir, ignore_errors=True)

    if opt.falkordb_ingest and "falkordb_ingest" not in result and not opt.only_import:
        falkordb_ingest(n, opt, result, gen_path, ext_path, work)
    if "neo4j_load_sample" not in result and not opt.only_import:
        neo4j_loads(n, opt, password, result, gen_path, ext_path, work)
    if opt.import_:
        neo4j_import(n, opt, password, result, gen_path, ext_path, work)
    result["load_average_end"] = os.getloadavg()
    return result


def falkordb_ingest(n: int, opt: argparse.Namespace, result: dict[str, Any], gen_path: Path, ext_path: Path,
                    work: Path) -> None:
    """`kg ingest --bulk` into the embedded FalkorDB (extraction, the resolve stage, the bulk load): the graph
    `neo4j-admin` imports from our CSV export of the same extractions (tests/test_neo4j_csv_export.py), so that
    the named queries are compared on the same graph. The loader runs above load the extractions without the
    resolve stage."""
    from kg.stores.embedded_server import EmbeddedServer

    data_dir = work / "falkordb-ingest"
    shutil.rmtree(data_dir, ignore_errors=True)
    # The extractions the export reads, handed back by a plug-in (benchmarks/stored_extractions.py): the same
    # graph as extracting again, without the extraction's time.
    env = {**scale.subprocess_env([str(BENCH)]), "KG_STORED_EXTRACTIONS": str(ext_path)}
    scale.log(f"N={n}: kg ingest --bulk into FalkorDB (the graph the import gives), then the named queries")
    started = time.perf_counter()
    subprocess.run(scale.kg_command("-q", "ingest", str(gen_path), "--db", str(data_dir), "--workers", "1",
                                    "--extractor", "stored_extractions:StoredExtractions", "--bulk"),
                   env=env, check=True)
    seconds = time.perf_counter() - started
    try:
        queries = scale.measure_queries_in_fresh_process(data_dir, "claims", opt.query_runs, env)
        from kg.stores.falkordb_store import FalkorDBStore

        with FalkorDBStore(data_dir=data_dir) as store:
            graph = graph_stats(store)
    finally:
        EmbeddedServer(data_dir).stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    result["falkordb_ingest"] = {"seconds": seconds, "graph": graph}
    result["falkordb_ingest_queries"] = queries


def neo4j_loads(n: int, opt: argparse.Namespace, password: str, result: dict[str, Any], gen_path: Path,
                ext_path: Path, work: Path) -> None:
    with Neo4jServer(work / "neo4j-state", password) as server:
        result["neo4j_start_seconds"] = server.start_seconds
        store = server.store()
        try:
            version = store.query("CALL dbms.components() YIELD name, versions, edition "
                                  "RETURN versions[0], edition").rows[0]
            result["neo4j"] = {"version": version[0], "edition": version[1]}
            sample = list(scale.read_pairs(gen_path, ext_path, limit=opt.naive_sample))
            # A fresh server runs its first statements slowly (JIT, caches): warmed up first, so that neither
            # loader measured next pays for it (the run of 2026-12-02 09:48 did not; its naive loader did).
            scale.log(f"N={n}: Neo4j, warm-up (our loader over 200 papers, then cleared)")
            result["neo4j_warm_up"] = sample_load(store, sample[:200], opt.batch_size)
            store.clear()
            scale.log(f"N={n}: Neo4j, naive loader on {len(sample)} papers")
            result["neo4j_naive"] = scale.naive_load(store, sample)
            store.clear()
            scale.log(f"  {result['neo4j_naive']['rows_per_s']:.0f} rows/s; our loader on the same papers")
            result["neo4j_load_sample"] = sample_load(store, sample, opt.batch_size)
            store.clear()
            result["neo4j_load_sample"]["ratio_to_naive"] = \
                result["neo4j_load_sample"]["rows_per_s"] / result["neo4j_naive"]["rows_per_s"]
            if opt.full_load:
                scale.log(f"  {result['neo4j_load_sample']['rows_per_s']:.0f} rows/s; our loader over all {n}")
                result["neo4j_load"] = scale.measure_load(store, gen_path, ext_path, opt.batch_size)
                result["neo4j_load"]["ratio_to_naive"] = \
                    result["neo4j_load"]["rows_per_s"] / result["neo4j_naive"]["rows_per_s"]
                result["neo4j_load"]["same_counts_as_falkordb"] = \
                    result["neo4j_load"]["graph"] == result["falkordb_load"]["graph"]
                scale.log(f"  {result['neo4j_load']['rows_per_s']:.0f} rows/s; named queries")
                result["neo4j_queries"] = scale.measure_queries(store, opt.query_runs)
        finally:
            store.close()


def neo4j_import(n: int, opt: argparse.Namespace, password: str, result: dict[str, Any], gen_path: Path,
                 ext_path: Path, work: Path) -> None:
    scale.log(f"N={n}: CSV export + neo4j-admin database import full")
    result["neo4j_import"] = admin_import(gen_path, ext_path, work)
    with Neo4jServer(work / "neo4j-imported-state", password,
                     copy_from=Path(result["neo4j_import"]["home"])) as server:
        store = server.store()
        try:
            imported = graph_stats(store)
            if not opt.full_load:
                # The imported graph is the loader's (tests/test_neo4j_real.py): the queries run on it, with
                # the schema and the empty arrays that schema.cypher adds after an import.
                from kg.export.neo4j_csv import post_import_statements

                started = time.perf_counter()
                for statement in post_import_statements():
                    store.query(statement, write=True)
                result["neo4j_import"]["post_import_seconds"] = time.perf_counter() - started
                scale.log(f"N={n}: named queries on the imported Neo4j graph")
                result["neo4j_queries"] = scale.measure_queries(store, opt.query_runs)
                result["neo4j_queries_graph"] = "imported"
        finally:
            store.close()
    nodes, rels = scale.row_count(imported)
    result["neo4j_import"].update({"nodes": nodes, "relationships": rels, "graph": imported,
                                   "rows_per_s": (nodes + rels) / result["neo4j_import"]["seconds"]})
    export = result["neo4j_import"]["export"]
    result["neo4j_import"]["same_counts_as_export"] = \
        (nodes, rels) == (export["nodes"], export["relationships_total"])
    # The export runs the resolve stage, as `kg ingest` does; the loader runs above do not.
    if "falkordb_ingest" in result:
        result["neo4j_import"]["same_counts_as_kg_ingest"] = imported == result["falkordb_ingest"]["graph"]
    if "neo4j_naive" in result:
        result["neo4j_import"]["ratio_to_naive"] = \
            result["neo4j_import"]["rows_per_s"] / result["neo4j_naive"]["rows_per_s"]
    shutil.rmtree(result["neo4j_import"].pop("home"), ignore_errors=True)
    shutil.rmtree(work / "import-csv", ignore_errors=True)


def sample_load(store, pairs, batch_size: int) -> dict[str, Any]:
    from kg.load.loader import GraphLoader, chunks

    store.ensure_schema()
    loader = GraphLoader(store, batch_size=batch_size)
    started = time.perf_counter()
    for batch in chunks(pairs, batch_size):
        loader.load_batch(batch)
    seconds = time.perf_counter() - started
    nodes, rels = scale.row_count(graph_stats(store))
    return {"papers": len(pairs), "seconds": seconds, "nodes": nodes, "relationships": rels,
            "rows_per_s": (nodes + rels) / seconds}


def table(results: dict[int, dict[str, Any]]) -> str:
    sized = SizeTable(results)
    row = sized.row
    row("papers / nodes / relationships (FalkorDB loader)", lambda r: f"{r['falkordb_load']['papers']:,} / "
        f"{r['falkordb_load']['nodes']:,} / {r['falkordb_load']['relationships']:,}")
    row("Neo4j loader's graph: same counts as FalkorDB's", lambda r: str(r["neo4j_load"]["same_counts_as_falkordb"]))
    row("Neo4j naive one-statement-per-row: rows/s", lambda r: f"{r['neo4j_naive']['rows_per_s']:,.0f} "
        f"({r['neo4j_naive']['papers']:,} papers)")
    row("Neo4j our loader, same papers: rows/s (x naive)", lambda r: f"{r['neo4j_load_sample']['rows_per_s']:,.0f} "
        f"({r['neo4j_load_sample']['ratio_to_naive']:.1f}x)")
    row("Neo4j our loader, all N: rows/s (x naive), seconds", lambda r: f"{r['neo4j_load']['rows_per_s']:,.0f} "
        f"({r['neo4j_load']['ratio_to_naive']:.1f}x), {r['neo4j_load']['seconds']:.0f} s")
    row("Neo4j our loader: ms per batch of 200, first / last tenth", lambda r:
        f"{r['neo4j_load']['batch_ms_first_tenth']:.0f} / {r['neo4j_load']['batch_ms_last_tenth']:.0f}")
    row("FalkorDB our loader, all N: rows/s, seconds", lambda r: f"{r['falkordb_load']['rows_per_s']:,.0f}, "
        f"{r['falkordb_load']['seconds']:.0f} s")
    row("Neo4j first load: CSV export + neo4j-admin import (s)", lambda r:
        f"{r['neo4j_import']['export_seconds']:.0f} + {r['neo4j_import']['import_seconds']:.0f}")
    row("Neo4j first load: rows/s; same counts as the CSV export", lambda r:
        f"{r['neo4j_import']['rows_per_s']:,.0f}; {r['neo4j_import']['same_counts_as_export']}")
    row("Neo4j first load: same counts as `kg ingest --bulk` into FalkorDB (resolve stage included)", lambda r:
        str(r["neo4j_import"]["same_counts_as_kg_ingest"]))
    row("named queries: Neo4j graph / FalkorDB graph", lambda r: "imported / kg ingest --bulk"
        if r.get("neo4j_queries_graph") == "imported" else "loader / loader (no resolve stage)")
    names = sorted(set().union(*(r.get("neo4j_queries", {}).get("queries", {}) for r in results.values())))
    for name in names:
        def cell(r, name=name):
            parts = []
            same_graph = "falkordb_ingest_queries" if r.get("neo4j_queries_graph") == "imported" else "falkordb_queries"
            for key in ("neo4j_queries", same_graph):
                q = r[key]["queries"].get(name, {})
                parts.append(f"{q['p95_ms']:.1f}" if q.get("p95_ms") is not None else q.get("error", "-")[:40])
            return " / ".join(parts)
        row(f"query `{name}` p95 (ms), Neo4j / FalkorDB", cell)
    row("load average at start / end (1 min)", lambda r:
        f"{r['load_average_start'][0]:.1f} / {r['load_average_end'][0]:.1f}")
    return sized.markdown()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-sample", type=int, default=1000)
    parser.add_argument("--query-runs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--extractor", default="rules")
    parser.add_argument("--no-full-load", dest="full_load", action="store_false",
                        help="leave out our loader over all N into Neo4j (the naive/loader comparison stays, on the "
                             "sample); the named queries then run on the neo4j-admin imported graph")
    parser.add_argument("--table-from", type=Path, help="print the table of an earlier run's JSON")
    parser.add_argument("--only-import", action="store_true",
                        help="only the CSV export, neo4j-admin import and the named queries on the imported graph")
    parser.add_argument("--no-import", dest="import_", action="store_false",
                        help="leave out the CSV export and neo4j-admin import (run it later with --resume)")
    parser.add_argument("--falkordb-ingest", action="store_true",
                        help="also `kg ingest --bulk` into FalkorDB, and compare the named queries on Neo4j's "
                             "imported graph with FalkorDB's on that one (the same graph)")
    parser.add_argument("--no-falkordb-load", dest="falkordb_load", action="store_false",
                        help="leave out our loader into FalkorDB (with --falkordb-ingest, its graph is the reference)")
    parser.add_argument("--resume", type=Path, help="an interrupted run's JSON: its finished phases are kept")
    opt = parser.parse_args(argv)
    opt.out = opt.out.resolve()  # neo4j-admin runs in another directory: a relative --out would not be found there
    if opt.table_from:
        results = {int(k): v for k, v in json.loads(opt.table_from.read_text())["results"].items()}
        print(table(results))
        return 0
    opt.out.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)  # this run's servers only; never printed
    results: dict[int, dict[str, Any]] = {}
    if opt.resume:
        results = {int(k): v for k, v in json.loads(opt.resume.read_text())["results"].items()}
    out_json = opt.out / "neo4j.json"
    try:
        for n in (int(s) for s in opt.sizes.split(",")):
            results.setdefault(n, {})
            run_size(n, opt, password, results[n])
    finally:
        out_json.write_text(json.dumps({"machine": scale.machine(), "results": results}, indent=2, default=str))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
