"""One SHA-256 over a whole graph, to show that two ingests wrote the same graph.

    python benchmarks/graph_digest.py DATA_DIR [DATA_DIR ...]

For each embedded data directory (as `benchmarks/resolution.py` leaves them): every node as its labels and
all its properties, every relationship as its type, its two ends (an entity by key, a paper or claim by id)
and all its properties, each written as one JSON line; the lines are sorted (node ids and scan order do not
count) and hashed. Prints the counts and the digest per kind and over all. Lists keep their order: a
property list in another order is another graph.
"""
from __future__ import annotations

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


def lines(store, query: str) -> list[bytes]:
    """The query's rows as sorted SHA-256 digests of their JSON lines (bounded memory on big graphs)."""
    out: list[bytes] = []
    skip = 0
    while True:
        rows = store.query(query, {"skip": skip, "limit": PAGE}).records()
        for row in rows:
            if "labels" in row:
                row = {"labels": sorted(row["labels"]), "props": row["props"]}
            out.append(hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).digest())
        if len(rows) < PAGE:
            return sorted(out)
        skip += PAGE


def digest(data_dir: Path) -> dict[str, str | int]:
    from kg.stores.falkordb_store import FalkorDBStore

    store = FalkorDBStore(data_dir=data_dir)
    try:
        found: dict[str, str | int] = {}
        whole = hashlib.sha256()
        for kind, query in (("nodes", NODES), ("relationships", EDGES)):
            rows = lines(store, query)
            part = hashlib.sha256(b"".join(rows))
            whole.update(part.digest())
            found[kind], found[f"{kind} sha256"] = len(rows), part.hexdigest()
        found["graph sha256"] = whole.hexdigest()
        return found
    finally:
        store.close()
        subprocess.run([sys.executable, "-m", "kg", "db", "stop", "--db", str(data_dir)], capture_output=True)


def main() -> None:
    for arg in sys.argv[1:]:
        print(arg)
        for name, value in digest(Path(arg)).items():
            print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
