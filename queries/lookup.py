"""Help for names that are not quite right: a query name with a typo, an entity the graph does not have.

`kg query outperfomers` used to go to the store as Cypher and come back as `Invalid input 'u'`; a single word
that looks like a name (letters, digits, `_`, `-`) is never valid Cypher, so it is taken as a query name and an
unknown one is answered with the closest names. An entity parameter that names nothing made a named query
return no rows in silence; `missing_entity_message` says so and names the closest entities.

    >>> closest_query_names("outperfomers"), closest_query_names("Leaderboard"), closest_query_names("top-entities")
    (['outperformers'], ['leaderboard'], ['top_entities'])
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Mapping

from kg.extractors.normalize import entity_key
from kg.queries import KEY_SUFFIX, NamedQuery, all_queries, find_query, user_name
from kg.stores.base import GraphStore

_NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


class UnknownQuery(ValueError):
    """A name that is no named query; the message suggests the closest ones."""


def looks_like_a_name(text: str) -> bool:
    """One word of letters, digits, `_` and `-`: a name, since no Cypher statement is a single such word."""
    return bool(_NAME_LIKE.fullmatch(text.strip()))


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def closest_query_names(name: str, n: int = 3) -> list[str]:
    """Named queries close to `name`, closest first: case and `-`/`_` are ignored, then spelling decides."""
    names = sorted(all_queries())
    wanted = _normalise(name)
    if wanted in names:
        return [wanted]
    close = difflib.get_close_matches(wanted, names, n=n, cutoff=0.6)
    if close:
        return close
    # A part of a name (`overview`, `head`): the queries containing it.
    return [q for q in names if len(wanted) >= 4 and wanted in q][:n]


def named_or_cypher(text: str) -> NamedQuery | None:
    """The named query `text` names, None when `text` is Cypher; raises UnknownQuery for a name-like word
    that is no query."""
    named = find_query(text)
    if named is not None or not looks_like_a_name(text):
        return named
    close = closest_query_names(text)
    if close:
        raise UnknownQuery(f"no query named {text!r}; did you mean {' or '.join(repr(c) for c in close)}?")
    raise UnknownQuery(f"no query named {text!r}; `kg queries` lists the named queries")


# -- entities ---------------------------------------------------------------------------------------------

# The named queries' own lookup (docstring of kg.queries): the exact key, else an alias, both from indexes.
ENTITY_BY_KEY = """
OPTIONAL MATCH (exact:Entity {key: $key})
WITH exact
OPTIONAL MATCH (alias:Entity)
WHERE exact IS NULL AND $key IN alias.alias_keys
WITH coalesce(exact, alias) AS x
WHERE x IS NOT NULL
RETURN x.name AS name
LIMIT 1""".strip()

# Names containing the one asked for, names it extends (`roberta-large` -> RoBERTa), and names sharing its
# first word (when that word is not too short to mean anything).
SIMILAR_NAMES = """
MATCH (e:Entity)
WHERE e.key CONTAINS $key OR $key STARTS WITH (e.key + '-') OR ($head <> '' AND e.key STARTS WITH $head)
RETURN e.name AS name ORDER BY size(e.name), name LIMIT 5""".strip()

# Typos (`Llamma`): keys that start like the one asked for, compared by spelling here. Bounded, so a
# graph of millions of entities answers in well under a second.
SAME_START = """
MATCH (e:Entity)
WHERE e.key STARTS WITH $start
RETURN e.key AS key, e.name AS name
LIMIT 20000""".strip()


def entity_exists(store: GraphStore, key: str) -> bool:
    return bool(store.query(ENTITY_BY_KEY, {"key": key}).rows)


def similar_entity_names(store: GraphStore, name: str, n: int = 5) -> list[str]:
    """Names of entities close to `name` (which names none): by containment first, then by spelling."""
    key = entity_key(name)
    if not key:
        return []
    head = key.split("-")[0]
    found = [r["name"] for r in store.query(SIMILAR_NAMES, {"key": key, "head": head if len(head) >= 3 else ""})
             .records()]
    if found:
        return found[:n]
    by_key: dict[str, str] = {}
    for rec in store.query(SAME_START, {"start": key[:1]}).records():
        by_key.setdefault(rec["key"], rec["name"])
    return [by_key[k] for k in difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.75)]


def missing_entity_message(store: GraphStore, name: str) -> str | None:
    """None when an entity has this name (any spelling or alias); else a message with the closest names."""
    key = entity_key(name)
    if not key:
        return f"{name!r} is not a name (it has no letters or digits)"
    if entity_exists(store, key):
        return None
    similar = similar_entity_names(store, name)
    hint = f"; did you mean {', '.join(repr(s) for s in similar)}?" if similar else ""
    return f"no entity is called {name!r}{hint}"


def missing_entities(store: GraphStore, query: NamedQuery, given: Mapping[str, Any]) -> list[str]:
    """Messages for the entity parameters of `query` (as the caller gave them, before `bind`) that name no
    entity in the graph."""
    messages = []
    for param in query.params:
        if not param.endswith(KEY_SUFFIX):
            continue
        value = given.get(user_name(param), given.get(param))
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        message = missing_entity_message(store, str(value))
        if message:
            messages.append(message)
    return messages
