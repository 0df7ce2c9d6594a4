"""Neo4j behind the store interface, through the official driver.

Credentials come from NEO4J_USER / NEO4J_PASSWORD (never from the URI in logs or messages);
the database from NEO4J_DATABASE (default: the server's default database).
"""
from __future__ import annotations

import logging
import os
from typing import Any, Mapping, Optional, Sequence

from kg import schema
from kg.stores import values
from kg.stores.base import GraphStore, QueryResult, ReadOnlyViolation, Statement, StoreError
from kg.stores.neo4j_errors import describe_unreachable
from kg.stores.query_limits import check_query, read_timeout_ms
from kg.stores.uri import NEO4J_SCHEMES, parse, redact

log = logging.getLogger(__name__)

__all__ = ["NEO4J_SCHEMES", "Neo4jStore", "redact"]


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str, user: Optional[str] = None, password: Optional[str] = None,
                 database: Optional[str] = None):
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        parts = parse(uri)
        self.uri = parts.public()
        user = user or parts.user or os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j"
        password = password or parts.password or os.environ.get("NEO4J_PASSWORD")
        connect_uri = f"{parts.scheme}://{parts.address()}" + (f"?{parts.query}" if parts.query else "")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        auth = (user, password) if password is not None else None
        try:
            # Notifications off: on a new or small graph the server warns about every label, type and property
            # not yet in it (the loader's and the named queries' normal state), which the driver logs on stderr.
            self.driver = neo4j.GraphDatabase.driver(connect_uri, auth=auth, connection_timeout=10,
                                                     notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise StoreError(f"Neo4j at {self.uri} refused the credentials of user {user!r} "
                             f"(set NEO4J_USER and NEO4J_PASSWORD)") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreError(describe_unreachable(self.uri, exc)) from exc
        except neo4j.exceptions.Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.uri}: {_first_line(exc)}") from exc

    def _session(self, write: bool) -> Any:
        import neo4j

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
              timeout_ms: Optional[int] = None) -> QueryResult:
        import neo4j
        from neo4j.exceptions import ClientError, Neo4jError

        check_query(cypher)
        params = values.json_like_params(params)
        if not write:
            timeout_ms = read_timeout_ms(timeout_ms)

        # A transaction function takes its timeout from unit_of_work (neo4j.Query works with session.run only).
        @neo4j.unit_of_work(timeout=timeout_ms / 1000 if timeout_ms else None)
        def work(tx: Any) -> tuple[list[str], list[list[Any]], Any]:
            result = tx.run(cypher, dict(params or {}))
            columns = list(result.keys())
            rows = [[values.plain(v) for v in record.values()] for record in result]
            counters = result.consume().counters
            return columns, rows, counters

        try:
            with self._session(write) as session:
                runner = session.execute_write if write else session.execute_read
                columns, rows, counters = runner(work)
        except ClientError as exc:
            if exc.code and ("AccessMode" in exc.code or "WriteOnReadOnlyAccessDatabase" in exc.code):
                raise ReadOnlyViolation("this query writes to the graph; run it with --write (write=True) "
                                        "if that is what you want") from exc
            raise StoreError(f"Neo4j rejected the query: {_first_line(exc)}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j error: {_first_line(exc)}") from exc
        stats = {name: getattr(counters, name) for name in (
            "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set", "labels_added") if getattr(counters, name, 0)}
        return QueryResult(columns=columns, rows=rows, stats=stats)

    def write_atomic(self, statements: Sequence[Statement]) -> None:
        """One transaction: all statements commit together or not at all."""
        from neo4j.exceptions import Neo4jError

        def work(tx: Any) -> None:
            for cypher, params in checked:
                tx.run(cypher, params).consume()

        checked = [(cypher, values.json_like_params(params)) for cypher, params in statements]

        try:
            with self._session(True) as session:
                session.execute_write(work)
        except Neo4jError as exc:
            raise StoreError(f"Neo4j rejected a write: {_first_line(exc)}") from exc

    def ensure_schema(self) -> None:
        for statement in schema.neo4j_schema_statements():
            self.query(statement, write=True)

    def clear(self) -> None:
        # Batched so a large graph does not need one huge transaction.
        while True:
            result = self.query("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted", write=True)
            if not result.scalar():
                return

    def close(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.close()


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
