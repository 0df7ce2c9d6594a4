"""Command latency with the warm embedded server (issue 16): the cold start, then the second command.

    python benchmarks/bench_warm.py DATA_DIR [--repeat 5] [--named top_entities]

DATA_DIR is an existing store (e.g. built by `kg ingest` of `benchmarks/generate.py 75000`). Each figure is the
median wall time of `--repeat` runs of a real `kg` process:

- cold: `kg db stop`, then `kg query "RETURN 1"` (starts the server and loads the graph, KG_IDLE=0 so the
  command stops it again, as every command did before the warm server);
- warm: the server left running by a previous command (KG_IDLE=600), then `kg query "RETURN 1"` and
  `kg query NAMED`;
- reference, measured in the same run: `python -c pass` and the imports of `kg query` (QUERY_IMPORTS: the
  interpreter and the imports a query pays, warm server or not), so a busy machine shows as such.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

KG = [sys.executable, "-m", "kg"]
# what `kg query` imports before it talks to the server (the CLI loads a command's module on first use)
QUERY_IMPORTS = "import kg.cli.main, kg.cli.query, kg.stores.falkordb_store, kg.queries.lookup"


CPU: dict[str, list[float]] = {}


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds; the command's own CPU seconds (user + system, less sensitive to a busy machine) are
    kept in CPU under the same label."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    CPU.setdefault(" ".join(argv[-4:]), []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def median_of(repeat: int, argv: list[str], env: dict[str, str], before: list[str] | None = None) -> float:
    runs = []
    for _ in range(repeat):
        if before:
            subprocess.run(before, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs.append(timed(argv, env))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--named", default="top_entities")
    parser.add_argument("--no-cold", action="store_true",
                        help="only the references and the warm commands (a few seconds of CPU: no server restarts)")
    args = parser.parse_args()
    db = ["--db", str(args.data_dir)]
    cold_env = {**os.environ, "KG_IDLE": "0"}
    warm_env = {**os.environ, "KG_IDLE": "600"}
    stop = [*KG, "db", "stop", *db]
    figures = {
        "python -c pass (reference)": median_of(args.repeat, [sys.executable, "-c", "pass"], warm_env),
        "imports of kg query (reference)": median_of(args.repeat, [sys.executable, "-c", QUERY_IMPORTS], warm_env),
    }
    if not args.no_cold:
        figures["cold: kg query 'RETURN 1'"] = median_of(args.repeat, [*KG, "query", "RETURN 1", *db], cold_env, stop)
        figures[f"cold: kg query {args.named}"] = median_of(args.repeat, [*KG, "query", args.named, *db], cold_env,
                                                            stop)
    timed([*KG, "query", "RETURN 1", *db], warm_env)  # the first command: starts the server, leaves it warm
    figures["warm: kg query 'RETURN 1'"] = median_of(args.repeat, [*KG, "query", "RETURN 1", *db], warm_env)
    figures[f"warm: kg query {args.named}"] = median_of(args.repeat, [*KG, "query", args.named, *db], warm_env)
    subprocess.run(stop, env=warm_env, stdout=subprocess.DEVNULL)
    load = os.getloadavg()[0]
    print(json.dumps({"data_dir": str(args.data_dir), "repeat": args.repeat, "load_average_1min": round(load, 1),
                      "seconds": {k: round(v, 3) for k, v in figures.items()},
                      "client_cpu_seconds_median": {k: round(statistics.median(v), 3) for k, v in CPU.items()}},
                     indent=2))


if __name__ == "__main__":
    main()
