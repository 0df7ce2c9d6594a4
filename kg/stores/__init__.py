"""Graph stores behind one interface; `open_store` picks one from a `--db` value.

- nothing, a directory path, or `embedded:PATH`  -> the embedded FalkorDB (default `./.kg`, or $KG_DB)
- `falkordb://HOST:PORT[/GRAPH]`, `redis://...`  -> an external FalkorDB server (password from FALKORDB_PASSWORD)
- `unix:///path/to.sock`                         -> an external FalkorDB server on a unix socket
- `bolt://`, `neo4j://`, `neo4j+s://`, ...       -> Neo4j (NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE)
"""
from __future__ import annotations

import os

from kg.stores.base import GraphStore, QueryResult, ReadOnlyViolation, StoreError

DEFAULT_DATA_DIR = ".kg"
DEFAULT_GRAPH = "claims"

__all__ = ["GraphStore", "QueryResult", "ReadOnlyViolation", "StoreError", "open_store", "DEFAULT_DATA_DIR"]


def open_store(db: str | os.PathLike[str] | None = None, *, graph: str = DEFAULT_GRAPH) -> GraphStore:
    from kg.stores.falkordb_store import FalkorDBStore
    from kg.stores.neo4j_store import Neo4jStore
    from kg.stores.uri import NEO4J_SCHEMES, looks_malformed, parse, redact

    target = os.fspath(db) if db is not None else os.environ.get("KG_DB") or DEFAULT_DATA_DIR
    if looks_malformed(target):
        raise StoreError(f"--db {redact(target)!r} is not a valid URI (expected scheme://host:port) and is not "
                         f"taken as a directory; for a directory named like that, write ./{redact(target)}")
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    if scheme in NEO4J_SCHEMES:
        return Neo4jStore(target)
    if scheme in ("falkordb", "redis"):
        parts = parse(target)
        return FalkorDBStore(host=parts.host, port=parts.port or 6379, graph=parts.path or graph,
                             password=os.environ.get("FALKORDB_PASSWORD") or parts.password)
    if scheme == "unix":
        return FalkorDBStore(socket_path=target[len("unix://"):], graph=graph,
                             password=os.environ.get("FALKORDB_PASSWORD"))
    if scheme:
        raise StoreError(f"--db {redact(target)!r}: unknown scheme {scheme!r}; use a directory, bolt://, neo4j://, "
                         f"neo4j+s://, falkordb:// or unix://")
    if target.startswith("embedded:"):
        target = target[len("embedded:"):]
    return FalkorDBStore(data_dir=target, graph=graph)
