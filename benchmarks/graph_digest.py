"""One SHA-256 over a whole graph, to show that two ingests wrote the same graph.

    python benchmarks/graph_digest.py [--ignore PROPERTY ...] DATA_DIR [DATA_DIR ...]

For each embedded data directory (as `benchmarks/resolution.py` leaves them): every node as its labels and
all its properties, every relationship as its type, its two ends (an entity by key, a paper or claim by id)
and all its properties, each written as one JSON line; the lines are sorted (node ids and scan order do not
count) and hashed. Prints the counts (papers, entities, claims, relationships of each type) and the digest of
the nodes, of the relationships and over all. Lists keep their order: a
property list in another order is another graph. `--ignore source` leaves a property out (a paper's `source` is
the input file's path, which differs between two runs' output directories).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE = 100_000
NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props SKIP $skip LIMIT $limit"
EDGES = ("MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.key, a.id) AS a, coalesce(b.key, b.id) AS b, "
         "properties(r) AS props SKIP $skip LIMIT $limit")


def lines(store, query: str, ignore: frozenset[str] = frozenset()) -> list[bytes]:
    """The query's rows as sorted SHA-256 digests of their JSON lines (bounded memory on big graphs)."""
    out: list[bytes] = []
    skip = 0
    while True:
        rows = store.query(query, {"skip": skip, "limit": PAGE}).records()
        for row in rows:
            if "labels" in row:
                row = {"labels": sorted(row["labels"]), "props": row["props"]}
            if ignore:
                row = {**row, "props": {k: v for k, v in row["props"].items() if k not in ignore}}
            out.append(hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).digest())
        if len(rows) < PAGE:
            return sorted(out)
        skip += PAGE


def digest(data_dir: Path, ignore: frozenset[str] = frozenset()) -> dict[str, str | int]:
    from kg.stores.falkordb_store import FalkorDBStore

    store = FalkorDBStore(data_dir=data_dir)
    try:
        found: dict[str, str | int] = {}
        for label in ("Paper", "Entity", "Claim"):
            found[label] = store.query(f"MATCH (n:{label}) RETURN count(n)").scalar()
        for row in store.query("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type").records():
            found[row["type"]] = row["n"]
        whole = hashlib.sha256()
        for kind, query in (("nodes", NODES), ("relationships", EDGES)):
            rows = lines(store, query, ignore)
            part = hashlib.sha256(b"".join(rows))
            whole.update(part.digest())
            found[kind], found[f"{kind} sha256"] = len(rows), part.hexdigest()
        found["graph sha256"] = whole.hexdigest()
        return found
    finally:
        store.close()
        subprocess.run([sys.executable, "-m", "kg", "db", "stop", "--db", str(data_dir)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dirs", nargs="+", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="a property left out (repeatable)")
    args = parser.parse_args()
    for data_dir in args.data_dirs:
        print(data_dir)
        for name, value in digest(data_dir, frozenset(args.ignore)).items():
            print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
