"""What a reader reports instead of raising: one bad record, or one file it could not read."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadProblem:
    """One bad record or unreadable file. Readers yield these and carry on with the next record."""

    path: str
    line: int | None  # 1-based line (or record number where a format has no lines); None for the whole file
    message: str  # user-facing, no traceback

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"
