"""FalkorDB behind the store interface: the embedded default, or an external FalkorDB server."""
from __future__ import annotations

import copy
import functools
import logging
import math
import os
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

import redis
from falkordb import FalkorDB
from falkordb.helpers import stringify_param_value

from kg import schema
from kg.stores import values
from kg.stores.base import GraphStore, QueryResult, ReadOnlyViolation, Statement, StoreError
from kg.stores.embedded_server import EmbeddedServer
from kg.stores.query_limits import check_query, read_timeout_ms

log = logging.getLogger(__name__)

_READ_ONLY_ERROR = "is to be executed only on read-only queries"
_EMPTY_KEY_ERROR = "empty key"
# Redis answers BUSY while a long script holds its thread: the server is working, not failing; wait for it.
BUSY_WAIT_SECONDS = float(os.environ.get("KG_BUSY_WAIT", "600"))


def while_busy(call: Callable[[], Any], limit: float = BUSY_WAIT_SECONDS) -> Any:
    """`call()`, run again while the server answers BUSY (a script holds it), for up to `limit` seconds."""
    deadline = time.monotonic() + limit
    while True:
        try:
            return call()
        except redis.exceptions.ResponseError as exc:
            if not str(exc).startswith("BUSY") or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def params_header(params: Mapping[str, Any] | None) -> str:
    """FalkorDB receives parameters as a `CYPHER name=value ...` prefix; values are quoted by the client."""
    if not params:
        return ""
    parts = []
    for name, value in params.items():
        if not name.isidentifier():
            raise StoreError(f"invalid parameter name {name!r}: use letters, digits and _")
        parts.append(f"{name}={_literal(name, value)}")
    return "CYPHER " + " ".join(parts) + " "


def _literal(name: str, value: Any) -> str:
    """`check_param` and `stringify_param_value` in one pass: the same text and the same errors, in half the
    time on the loader's row lists (they are most of a batch's time in this process). Exact types only;
    anything else goes through the two functions."""
    kind = type(value)
    if kind is str:
        if "\x00" in value:
            raise StoreError(f"parameter {name!r} contains a NUL character, which FalkorDB cannot store")
        text: str = value
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if kind is int and -(2**63) <= value < 2**63:
        return str(value)
    if kind is float and math.isfinite(value):
        return str(value)
    if kind is list or kind is tuple:
        return "[" + ",".join([_literal(name, item) for item in value]) + "]"
    if kind is dict and all(type(key) is str and key and "`" not in key for key in value):
        return "{" + ",".join([f"`{key}`:{_literal(name, item)}" for key, item in value.items()]) + "}"
    # Subclasses and anything else: the exact JSON-like value, or a ParameterError (never str(value) unquoted).
    plain_value = values.json_like_params({name: value})[name]
    check_param(name, plain_value)
    return str(stringify_param_value(plain_value))


def check_param(name: str, value: Any) -> None:
    """Refuse, before anything is sent, values the text header cannot carry: FalkorDB would cut the query
    at a NUL, fail to parse NaN or infinity, and silently clamp integers beyond 64 bits."""
    if isinstance(value, str):
        if "\x00" in value:
            raise StoreError(f"parameter {name!r} contains a NUL character, which FalkorDB cannot store")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise StoreError(f"parameter {name!r}: {value} does not fit in a 64-bit integer")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise StoreError(f"parameter {name!r} is {value}, which FalkorDB cannot store")
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_param(name, item)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not str(key) or "`" in str(key):
                raise StoreError(f"parameter {name!r}: map key {str(key)!r} cannot be empty or contain a backtick")
            check_param(name, item)


class FalkorDBStore(GraphStore):
    dialect = "falkordb"

    def __init__(self, *, data_dir: Optional[str | os.PathLike[str]] = None, host: Optional[str] = None,
                 port: int = 6379, socket_path: Optional[str] = None, graph: str = "claims",
                 password: Optional[str] = None):
        self.graph_name = graph
        self.server: Optional[EmbeddedServer] = None
        if data_dir is not None:
            self.server = EmbeddedServer(data_dir)
            socket_path = str(self.server.acquire())
            self.uri = f"embedded:{self.server.data_dir}"
        elif socket_path:
            self.uri = f"unix://{socket_path}"
        else:
            self.uri = f"falkordb://{host}:{port}"
        try:
            if socket_path:
                self.db = while_busy(lambda: FalkorDB(unix_socket_path=socket_path, password=password))
            else:
                self.db = while_busy(lambda: FalkorDB(host=host, port=port, password=password))
            self.graph = self.db.select_graph(graph)
            while_busy(self.db.connection.ping)
        except (redis.exceptions.ConnectionError, OSError) as exc:
            self.close()
            raise StoreError(f"cannot reach FalkorDB at {self.uri}: {exc}") from exc

    # -- queries -----------------------------------------------------------------------------

    def query(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
              timeout_ms: Optional[int] = None) -> QueryResult:
        check_query(cypher)
        params = values.json_like_params(params)
        for name, value in params.items():
            check_param(name, value)
        if not write:
            timeout_ms = read_timeout_ms(timeout_ms)
        try:
            run = self.graph.query if write else self.graph.ro_query
            try:
                result = while_busy(lambda: run(cypher, params=dict(params) if params else None, timeout=timeout_ms))
            except redis.exceptions.ResponseError as exc:
                if _EMPTY_KEY_ERROR not in str(exc):
                    raise
                # A graph that was never written to does not exist yet; reads see it as empty.
                self.graph.query("RETURN 0")
                result = run(cypher, params=dict(params) if params else None, timeout=timeout_ms)
        except redis.exceptions.ResponseError as exc:
            message = str(exc)
            if _READ_ONLY_ERROR in message:
                raise ReadOnlyViolation("this query writes to the graph; run it with --write (write=True) "
                                        "if that is what you want") from exc
            raise StoreError(f"FalkorDB rejected the query: {message}") from exc
        except redis.exceptions.ConnectionError as exc:
            raise StoreError(f"lost the connection to FalkorDB at {self.uri}: {exc}") from exc
        except ValueError as exc:  # the client refused a parameter (e.g. a backtick in its name)
            raise StoreError(f"invalid query parameter: {exc}") from exc
        rows = [[values.plain(v) for v in row] for row in result.result_set]
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (result.header or [])]
        columns = [h.decode() if isinstance(h, bytes) else str(h) for h in header]
        stats = {name: int(getattr(result, attr)) for name, attr in (
            ("nodes_created", "nodes_created"), ("nodes_deleted", "nodes_deleted"),
            ("relationships_created", "relationships_created"), ("relationships_deleted", "relationships_deleted"),
            ("properties_set", "properties_set"), ("labels_added", "labels_added"))
            if getattr(result, attr, 0)}
        return QueryResult(columns=columns, rows=rows, stats=stats)

    def write_atomic(self, statements: Sequence[Statement]) -> None:
        """MULTI/EXEC: the statements run back to back with nothing in between, and the append-only log
        records them as one block, so a crash replays all of them or none. Redis has no rollback: a
        statement that fails leaves the earlier ones applied, so callers put their completion marker last."""
        pipe = self.db.connection.pipeline(transaction=True)
        for cypher, params in statements:
            pipe.execute_command("GRAPH.QUERY", self.graph_name, params_header(params) + cypher)
        try:
            replies = pipe.execute(raise_on_error=False)
        except redis.exceptions.ConnectionError as exc:
            raise StoreError(f"lost the connection to FalkorDB at {self.uri} during a write: {exc}") from exc
        for (cypher, _), reply in zip(statements, replies):
            if isinstance(reply, Exception):
                first_line = cypher.strip().splitlines()[0]
                raise StoreError(f"FalkorDB rejected a write ({first_line} ...): {reply}")

    # -- schema ------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        existing = self._existing_indexes()
        for label, prop in schema.falkordb_range_indexes():
            if (label, prop) not in existing:
                self._schema_call(f"CREATE INDEX FOR (n:{schema.check_label(label)}) ON (n.{prop})")
        # Only the missing ones: FalkorDB logs even a failing "already exists" call in its append-only log.
        # (The embedded server rewrites its log at shutdown while constraint calls are in it; see
        # ServerProcess._log_replays_constraints.)
        constraints = self._existing_constraints()
        for label, prop in schema.UNIQUE:
            if (label, prop) not in constraints:
                self._schema_call(functools.partial(self.graph.create_node_unique_constraint, label, prop))
        self._wait_for_constraints()

    def _wait_for_constraints(self, timeout_s: float = 300.0) -> None:
        """FalkorDB builds a unique constraint in the background; until it is OPERATIONAL it is not
        enforced, and deleting the graph meanwhile has hung the server (a leaked global lock, seen in
        our test runs). So schema set-up returns only once every constraint is in force."""
        deadline = time.monotonic() + timeout_s
        while True:
            statuses = [row[1] for row in self.graph.ro_query(
                "CALL db.constraints() YIELD label, status RETURN label, status").result_set]
            if "FAILED" in statuses:
                raise StoreError("FalkorDB could not build a unique constraint: the graph holds duplicate "
                                 "keys (Entity.key, Paper.id or Claim.id)")
            if all(status == "OPERATIONAL" for status in statuses):
                return
            if time.monotonic() > deadline:
                raise StoreError(f"FalkorDB constraints still pending after {timeout_s:.0f} s")
            time.sleep(0.01)

    def _existing_constraints(self) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        try:
            for label, props in self.graph.ro_query(
                    "CALL db.constraints() YIELD label, properties RETURN label, properties").result_set:
                found.update((label, prop) for prop in props)
        except redis.exceptions.ResponseError:
            pass  # an empty graph has no constraints to list
        return found

    def _existing_indexes(self) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        try:
            for row in self.graph.ro_query("CALL db.indexes() YIELD label, properties RETURN label, properties").result_set:
                for prop in row[1]:
                    found.add((row[0], prop))
        except redis.exceptions.ResponseError:
            pass  # an empty graph has no indexes to list
        return found

    def _schema_call(self, action: str | Callable[[], object]) -> None:
        try:
            if callable(action):
                action()
            else:
                self.graph.query(action)
        except redis.exceptions.ResponseError as exc:
            if "already" not in str(exc).lower():
                raise StoreError(f"FalkorDB schema statement failed: {exc}") from exc

    def clear(self) -> None:
        try:
            self.graph.delete()
        except redis.exceptions.ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise StoreError(f"cannot delete graph {self.graph_name}: {exc}") from exc

    # -- for the bulk load (kg.load.bulk_load) ---------------------------------------------------------

    def on_graph(self, name: str) -> "FalkorDBStore":
        """This connection, on another graph of the same server (closing it leaves the server alone)."""
        other = copy.copy(self)
        other.graph_name, other.graph, other.server = name, self.db.select_graph(name), None
        return other

    def is_empty(self) -> bool:
        return not self.query("MATCH (n) RETURN 1 LIMIT 1").rows

    def forget_schema_cache(self) -> None:
        """The client caches label and property names per graph; after the graph under this name was
        replaced (a bulk load's swap), the cache would name things wrongly."""
        self.graph = self.db.select_graph(self.graph_name)

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            try:
                db.connection.close()
            except Exception:  # closing is best effort
                pass
        if self.server is not None:
            self.server.release()
            self.server = None


def embedded(data_dir: str | os.PathLike[str] = ".kg", graph: str = "claims") -> FalkorDBStore:
    return FalkorDBStore(data_dir=Path(data_dir), graph=graph)
