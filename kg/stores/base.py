"""The one small interface both graph stores implement."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence


class StoreError(Exception):
    """A problem talking to a store, with a message fit for a user (no traceback needed)."""


class ReadOnlyViolation(StoreError):
    """A query that writes was run without write=True."""


@dataclass
class QueryResult:
    """Rows of plain Python values (nodes and relationships become dicts, see `kg.stores.values`)."""

    columns: list[str]
    rows: list[list[Any]]
    stats: dict[str, int] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self.rows)

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows and self.rows[0] else None


Statement = tuple[str, Mapping[str, Any]]


class GraphStore(ABC):
    """Run Cypher with parameters; write groups of statements atomically; own its schema."""

    dialect: str = ""
    uri: str = ""

    @abstractmethod
    def query(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
              timeout_ms: int | None = None) -> QueryResult:
        """Run one statement. Without write=True the store refuses to modify data (ReadOnlyViolation);
        `timeout_ms` bounds its run time where the store can."""

    @abstractmethod
    def write_atomic(self, statements: Sequence[Statement]) -> None:
        """Run several write statements so that they land together or not at all on a crash."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints and indexes if missing (idempotent, per dialect)."""

    @abstractmethod
    def clear(self) -> None:
        """Delete the whole graph (used by tests and `kg db reset`)."""

    def close(self) -> None:  # noqa: B027  (a default: stores without a connection have nothing to close)
        pass

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
