"""Curation decisions applied to a graph: record them in the curation file, then resolve again the papers they
touch (`kg merge`, `kg split`, `kg retype`, `kg curation import`)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from kg.models import Extraction, Paper
from kg.resolve.cases import is_case_key
from kg.resolve.curation import Curation, CurationError, curation_path
from kg.resolve.entities import EntityResolver
from kg.resolve.finish import FinishReport, finish
from kg.resolve.keys import entity_key, is_short_like, short_key
from kg.stores.base import GraphStore

FIND_ENTITY = """
MATCH (e:Entity)
WHERE e.key = $key OR $key IN e.alias_keys
RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases, e.paper_count AS papers
ORDER BY e.paper_count DESC, e.key"""

Extract = Callable[[list[Paper]], list[Extraction | str]]


@dataclass
class Curated:
    line: tuple[str, str, str]
    path: Path
    finish: FinishReport


def find_entity(store: GraphStore, name: str) -> dict[str, Any]:
    """The entity a name or key denotes (its key, else an alias); an error names the candidates."""
    key = entity_key(name) if "@" not in name and not is_case_key(name) else name  # a split's key as given
    rows = store.query(FIND_ENTITY, {"key": key}).records()
    exact = [r for r in rows if r["key"] == key]
    if exact:
        return exact[0]
    if not rows:
        raise CurationError(f"no entity is called {name!r}")
    if len(rows) > 1:
        listed = ", ".join(f"{r['key']} ({r['name']})" for r in rows[:5])
        raise CurationError(f"{name!r} names several entities: {listed}; give a key")
    return rows[0]


def decide(store: GraphStore, action: str, name: str, argument: str) -> list[tuple[str, str, str]]:
    """The curation lines for a decision about the graph's entities (looked up by name or key)."""
    if action == "split" and argument == "expansion" and is_short_like(name):
        return [("split", short_key(name), "expansion")]  # a short form, whether or not it has a node now
    entity = find_entity(store, name)
    key = entity["key"]
    if action == "merge":
        into = find_entity(store, argument)["key"]
        if into == key:
            raise CurationError(f"{name!r} and {argument!r} are already one entity ({key})")
        return [("merge", key, into)]
    if action == "split" and argument == "expansion":
        shorts = sorted({short_key(f) for f in [entity["name"], *(entity["aliases"] or [])] if is_short_like(f)})
        if not shorts:
            raise CurationError(f"{entity['name']!r} has no short form to split by expansion; split by paper?")
        return [("split", s, "expansion") for s in shorts]
    return [(action, key, argument)]


def apply_lines(store: GraphStore, lines: list[tuple[str, str, str]], extract: Extract | None,
                path: str | os.PathLike[str] | None = None) -> FinishReport:
    """Add the lines to the store's curation file and resolve again every paper they touch."""
    target = Path(path) if path is not None else curation_path(store)
    curation = Curation.read(target)
    touched: set[str] = set()
    for action, key, argument in lines:
        curation.add(action, key, argument)
        touched.add(key)
        if action == "merge":
            touched.add(argument)
    curation.write(target)
    resolver = EntityResolver(store, curation)
    touched |= {resolver.class_key(s, register=False) for a, s, arg in lines if a == "split" and arg == "expansion"}
    # Entities that carry a curated short form: every paper that mentions them is resolved again.
    expansion_keys = [r["key"] for s in sorted(curation.split_expansion) for r in
                      store.query(FIND_ENTITY, {"key": s}).records()]
    shorts = sorted({key for action, key, argument in lines if action == "split" and argument == "expansion"})
    return finish(store, resolver, extract, extra_keys=sorted(touched | set(expansion_keys)), extra_shorts=shorts)
