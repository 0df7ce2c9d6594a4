"""Named queries: one `.cypher` file per question, the single source of truth for the CLI,
the Python helpers and Neo4j Browser.

A file starts with comment lines that describe it:

    // name: leaderboard
    // description: Every reported score on a dataset, best first.
    // param dataset: dataset name or any alias
    // param metric?: optional metric filter

`param NAME?` marks an optional parameter (bound to null when not given).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

QUERY_DIR = Path(__file__).resolve().parent
_HEADER = re.compile(r"^//\s*(name|description|param)\s*(\w*)(\??)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    description: str = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    param_help: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    path: Optional[Path] = None

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Check the given parameters against the declared ones; optional ones default to null."""
        unknown = set(values) - set(self.required) - set(self.optional)
        if unknown:
            raise ValueError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(self.required + self.optional) or 'none'}")
        missing = [p for p in self.required if p not in values]
        if missing:
            raise ValueError(f"query {self.name!r} needs --param {missing[0]}=VALUE")
        return {**{p: None for p in self.optional}, **values}


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    name, description, required, optional, helps = path.stem, "", [], [], {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        field_name, param, is_optional, value = match.groups()
        if field_name == "name":
            name = value.strip()
        elif field_name == "description":
            description = (description + " " + value.strip()).strip()
        elif param:
            (optional if is_optional else required).append(param)
            helps[param] = value.strip()
    return NamedQuery(name=name, cypher=text, description=description, required=tuple(required),
                      optional=tuple(optional), param_help=helps, path=path)


@lru_cache(maxsize=1)
def all_queries() -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(QUERY_DIR.glob("*.cypher")):
        query = parse_query_file(path)
        found[query.name] = query
    return found


def find_query(name: str) -> Optional[NamedQuery]:
    """The named query, or None when `name` is not one (then it is Cypher text)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        return None
    return all_queries().get(name)
