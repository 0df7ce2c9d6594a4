"""Old home of the Python API; it lives in `kg.queries.graph` now (`from kg import Graph` is the short way)."""
from __future__ import annotations

import warnings

from kg.queries.graph import Graph, Rows

warnings.warn("kg.graph moved to kg.queries.graph; import Graph from kg or kg.queries.graph",
              DeprecationWarning, stacklevel=2)

__all__ = ["Graph", "Rows"]
