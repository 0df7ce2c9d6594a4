"""Named queries: one `.cypher` file per question, the single source of truth for the CLI,
the Python helpers (`kg.graph.Graph`) and Neo4j Browser.

A file starts with comment lines that describe it:

    // name: leaderboard
    // description: Every reported score on a dataset, best first.
    // param dataset_key: the dataset, by any name or alias
    // param metric_key?: only this metric
    // param n? = 20: at most this many rows
    // example: dataset=ImageNet

- `param NAME?` marks an optional parameter (null when not given); `= VALUE` (JSON) gives it a default.
- A parameter named `X_key` holds an entity key. Cypher cannot normalise names, so callers give `X`
  (any spelling: `--param entity="LLaMA 3 8B"`) and `bind` turns it into the key with
  `extractors.normalize.entity_key` (`llama-3-8-b`). Passing `X_key` works too; keys normalise to themselves.
  In Neo4j Browser set the key yourself (`kg queries NAME --param X=...` prints the `:param` lines).
- An entity parameter picks the entity with exactly that key; only when there is none does it fall back to
  the entities that list the spelling among their aliases (`alias_keys`). Every file does the lookup the same
  way, with two index lookups (FalkorDB needs a `WITH` after each OPTIONAL MATCH):

      OPTIONAL MATCH (exact:Entity {key: $entity_key})
      WITH exact
      OPTIONAL MATCH (alias:Entity)
      WHERE exact IS NULL AND $entity_key IN alias.alias_keys
      WITH coalesce(exact, alias) AS x
      WHERE x IS NOT NULL

  (`entity` itself lists every entity the spelling names, the exact one first.)
- `lower_is_better` is filled from `lower_is_better.txt`: the one place that decides whether a lower
  score is better for a metric.
- `type` is an entity type, accepted in any case and in the plural (`models` -> `Model`).

Example:

    >>> q = find_query("outperformers")
    >>> q.bind({"entity": "LLaMA 3 8B"})
    {'entity_key': 'llama-3-8-b'}
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

QUERY_DIR = Path(__file__).resolve().parent
LOWER_IS_BETTER_FILE = QUERY_DIR / "lower_is_better.txt"

_HEADER = re.compile(r"^//\s*(name|description|example)\s*:\s*(.*)$")
_PARAM = re.compile(r"^//\s*param\s+(\w+)\s*(\?)?\s*(?:=\s*([^:]*?))?\s*:\s*(.*)$")
KEY_SUFFIX = "_key"


def user_name(param: str) -> str:
    """The name a caller gives for a Cypher parameter: `entity_key` is given as `entity`."""
    return param[: -len(KEY_SUFFIX)] if param.endswith(KEY_SUFFIX) and len(param) > len(KEY_SUFFIX) else param


@lru_cache(maxsize=1)
def lower_is_better_words() -> tuple[str, ...]:
    """Words of metric keys (and units) for which lower scores are better, from lower_is_better.txt."""
    words = []
    for line in LOWER_IS_BETTER_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.append(word)
    return tuple(words)


def lower_is_better(metric: Optional[str], unit: Optional[str] = None) -> bool:
    """The same rule as the Cypher in the named queries, for Python callers: the metric decides;
    a score without a metric goes by its unit.

    >>> lower_is_better("word error rate"), lower_is_better("top-1 accuracy"), lower_is_better(None, "ms")
    (True, False, True)
    """
    from kg.extractors.normalize import entity_key

    words = set(lower_is_better_words())
    if metric:
        return any(t in words for t in entity_key(metric).split("-"))
    return (unit or "").lower() in words


# Parameters the library fills when the caller does not give them.
DERIVED = {"lower_is_better": lambda: list(lower_is_better_words())}


def entity_type(value: Any) -> str:
    """`model`, `Models`, `MODEL` -> `Model`; anything else is an error naming the types."""
    from kg.models import ENTITY_TYPES

    text = str(value).strip()
    for candidate in (text, text[:-1] if text.lower().endswith("s") else text):
        for known in ENTITY_TYPES:
            if candidate.lower() == known.lower():
                return known
    raise ValueError(f"{text!r} is not an entity type; use one of {', '.join(ENTITY_TYPES)}")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    description: str = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    param_help: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    path: Optional[Path] = None
    defaults: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    example: str = ""

    @property
    def params(self) -> tuple[str, ...]:
        """Every Cypher parameter, required first."""
        return self.required + self.optional

    def inputs(self) -> tuple[str, ...]:
        """The names a caller gives (`entity` for `$entity_key`); derived parameters are left out."""
        return tuple(user_name(p) for p in self.params if p not in DERIVED)

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check the given values against the declared parameters and turn them into Cypher parameters:
        names become keys, optional ones get their default (or null), derived ones are filled in.
        Raises ValueError with a message fit for a user."""
        given = dict(values)
        accepted = set(self.params) | {user_name(p) for p in self.params}
        unknown = sorted(set(given) - accepted)
        if unknown:  # first: a misspelt name is also a missing one, and this message says which
            raise ValueError(f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                             f"it takes: {', '.join(self.inputs()) or 'none'}")
        bound: dict[str, Any] = {}
        for param in self.params:
            alias = user_name(param)
            if alias != param and alias in given and param in given:
                raise ValueError(f"query {self.name!r}: give {alias} or {param}, not both")
            if param in given:
                value = given.pop(param)
            elif alias in given:
                value = given.pop(alias)
            elif param in self.defaults:
                value = self.defaults[param]
            elif param in DERIVED:
                value = DERIVED[param]()
            elif param in self.optional:
                value = None
            else:
                raise ValueError(f"query {self.name!r} needs --param {alias}=VALUE")
            bound[param] = self._convert(param, value)
        return bound

    def _convert(self, param: str, value: Any) -> Any:
        if value is None:
            return None
        if param.endswith(KEY_SUFFIX):
            from kg.extractors.normalize import entity_key

            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ValueError(f"query {self.name!r}: {user_name(param)} must be a name, not {value!r}")
            key = entity_key(str(value))
            if not key:
                raise ValueError(f"query {self.name!r}: {user_name(param)}={value!r} has no letters or digits "
                                 f"to look up")
            return key
        if param == "type":
            return entity_type(value)
        if param == "n":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"query {self.name!r}: n must be a whole number of at least 1, not {value!r}")
        return value

    def browser_params(self, values: Mapping[str, Any]) -> str:
        """`:param` lines to paste into Neo4j Browser before the query (values bound as `bind` does).

        >>> print(find_query("outperformers").browser_params({"entity": "BERT"}))
        :param entity_key => "bert"
        """
        bound = self.bind(values)
        return "\n".join(f":param {name} => {json.dumps(value, ensure_ascii=False)}" for name, value in bound.items())


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    name, description, example = path.stem, "", ""
    required: list[str] = []
    optional: list[str] = []
    helps: dict[str, str] = {}
    defaults: dict[str, Any] = {}
    for line in text.splitlines():
        line = line.strip()
        param = _PARAM.match(line)
        if param:
            pname, is_optional, default, help_text = param.groups()
            (optional if is_optional or default is not None else required).append(pname)
            helps[pname] = help_text.strip()
            if default is not None:
                try:
                    defaults[pname] = json.loads(default)
                except ValueError as exc:
                    raise ValueError(f"{path}: default of {pname} is not JSON: {default!r}") from exc
            continue
        header = _HEADER.match(line)
        if not header:
            continue
        field_name, value = header.groups()
        if field_name == "name":
            name = value.strip()
        elif field_name == "description":
            description = (description + " " + value.strip()).strip()
        else:
            example = value.strip()
    return NamedQuery(name=name, cypher=text, description=description, required=tuple(required),
                      optional=tuple(optional), param_help=helps, path=path, defaults=defaults, example=example)


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


def parse_example(example: str) -> dict[str, Any]:
    """`dataset=ImageNet metric="top-1 accuracy"` -> {'dataset': 'ImageNet', 'metric': 'top-1 accuracy'}."""
    import shlex

    values: dict[str, Any] = {}
    for item in shlex.split(example):
        name, _, raw = item.partition("=")
        try:
            values[name] = json.loads(raw)
        except ValueError:
            values[name] = raw
    return values
