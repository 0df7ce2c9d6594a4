"""Restarts of the embedded store stay cheap: nothing piles up in its log or in server.log from start to start.

FalkorDB records a unique constraint's creation in the append-only log twice, and records it once more each
time a server start replays it; each replay of a duplicate fails with an `== CRITICAL ==` line in server.log.
Every `kg` command that starts the server (any `kg query` without `kg db start`) grew both logs, server.log
quadratically. Every `kg ingest` also re-created the existing constraints, logging three failing calls.
"""
from __future__ import annotations

from kg.stores.embedded_server import EmbeddedServer
from kg.stores.falkordb_store import FalkorDBStore


def logged_constraint_calls(data_dir) -> int:
    server = EmbeddedServer(data_dir)
    return b"".join(p.read_bytes() for p in (server.db_dir / "appendonlydir").glob("*.aof")).count(b"GRAPH.CONSTRAINT")


def test_repeated_schema_checks_add_nothing_to_the_log(tmp_path):
    data_dir = tmp_path / "kg"
    counts = []
    try:
        for run in range(4):  # four `kg ingest` runs, each its own server start
            with FalkorDBStore(data_dir=data_dir) as store:
                store.ensure_schema()
                store.query("CREATE (:Paper {id: $id})", {"id": str(run)}, write=True)
            assert not EmbeddedServer(data_dir).is_running()
            counts.append(logged_constraint_calls(data_dir))
        assert counts == [counts[0]] * 4, f"constraint calls in the log after each run: {counts}"
        for _ in range(3):  # plain starts, as `kg query` does them
            with FalkorDBStore(data_dir=data_dir) as store:
                store.query("RETURN 1")
        assert logged_constraint_calls(data_dir) == counts[0]
        assert "CRITICAL" not in EmbeddedServer(data_dir).log_file.read_text(errors="replace")
        with FalkorDBStore(data_dir=data_dir) as store:
            assert store.query("MATCH (p:Paper) RETURN count(p)").scalar() == 4
            constraints = store.query("CALL db.constraints() YIELD label, properties RETURN label, properties").rows
            assert sorted((label, tuple(props)) for label, props in constraints) == \
                [("Claim", ("id",)), ("Entity", ("key",)), ("Paper", ("id",))]
            # and the constraints still hold
            store.query("CREATE (:Entity {key: 'k'})", write=True)
            try:
                store.query("CREATE (:Entity {key: 'k'})", write=True)
                raise AssertionError("a second Entity with the same key was accepted")
            except Exception as exc:  # noqa: BLE001 - StoreError expected
                assert "unique constraint" in str(exc)
    finally:
        EmbeddedServer(data_dir).stop()
