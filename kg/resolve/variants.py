"""Variant trees: family -> version -> size -> tuned variant (Llama -> Llama-3 -> Llama-3-8B -> Llama-3-8B-Instruct).

A name's parent drops its last variant part: a tuning suffix (`Instruct`, `Chat`), a size (`8B`, `8x7B`, `-L`,
`/16`), a date or checkpoint (`0613`, `v0.1`), a network depth (`ResNet-50`), or a version number after the
family's name (`Llama-3`, `Qwen2.5`, `GPT-4o`). An entity hangs under its nearest ancestor that is itself an
entity of the same type, so no tree has a root that is not an entity (`Iterative` from `Iterative DPO`) and no
tree crosses types (`ImageNet-G-v1`, a Model, is not under the ImageNet Dataset). The edges are computed for the
whole graph after a load: whether an ancestor exists is a question about the whole graph.

A dataset's name followed by a hyphenated word or an image size names a split, a version or a harder form of it
(`ImageNet-R`, `MMLU-Pro`, `COCO-Stuff`, `ImageNet 256x256`): a Dataset hangs under the Dataset its name starts
with (`dataset_parent`), so that a leaderboard of the dataset shows these results too, labelled as a variant's.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extractors.normalize import entity_key
from kg.stores.base import GraphStore

MAX_DEPTH = 6
_SEPARATORS = re.compile(r"([-_\s/]+)")
_SIZE = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?[BMKT]$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4,8}$")
_CHECKPOINT = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
_SIZE_CLASS = re.compile(r"^(?:S|B|L|H|G|XL|XXL|Ti)$")
_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?[a-z]?$")  # 3, 3.1, 2.5, 4o
_GLUED_VERSION = re.compile(r"^(?P<family>.*[A-Za-z]{2})(?P<version>\d{1,2}(?:\.\d{1,2})?[a-z]?)$")
_DEPTH = re.compile(r"^\d{2,3}$")
_IMAGE_SIZE = re.compile(r"^(?P<stem>.*[A-Za-z0-9])[\s_-]+\d{2,4}\s*[x×]\s*\d{2,4}$")
_DATASET_SUFFIX = re.compile(r"^(?P<stem>.*[A-Za-z].*?[A-Za-z0-9])-[A-Za-z0-9]+$")


@lru_cache(maxsize=1)
def _tuning_suffixes() -> frozenset[str]:
    from kg.extractors.lexicon import words

    return words("variant_suffixes")


def _variant_part(part: str, sep: str, rest: str) -> bool:
    if _SIZE.match(part) or _DATE.match(part) or _CHECKPOINT.match(part) or part.lower() in _tuning_suffixes():
        return True
    if sep.strip() == "/" and part.isdigit():
        return True  # ViT-B/16
    if _SIZE_CLASS.match(part) and "-" in sep:
        return True  # ViT-B, DeiT-S
    if _DEPTH.match(part) and "-" in sep and rest.lower().endswith(("net", "vgg", "wrn")):
        return True  # ResNet-50
    return bool(_VERSION.match(part)) and sum(c.isalpha() for c in rest) >= 2  # Llama-3, GPT 4o


@lru_cache(maxsize=262_144)
def parent_name(name: str) -> str | None:
    """The name one generation up, or None: `Llama-3-8B-Instruct` -> `Llama-3-8B` -> `Llama-3` -> `Llama`."""
    pieces = _SEPARATORS.split(name.strip())
    parts, seps = pieces[0::2], [""] + pieces[1::2]
    if len(parts) > 1:
        rest = "".join(parts[i] + (seps[i + 1] if i < len(parts) - 2 else "") for i in range(len(parts) - 1))
        rest = rest.rstrip("-_ /")
        if rest and any(c.isalpha() for c in rest) and _variant_part(parts[-1], seps[-1], rest):
            return rest
        return None
    glued = _GLUED_VERSION.match(name.strip())
    if glued:
        return glued.group("family")  # Qwen2.5 -> Qwen, Llama3 -> Llama (not GSM8K, T5)
    return None


def dataset_parent(name: str) -> str | None:
    """The dataset a Dataset's name extends by a hyphenated word or an image size, or None:
    `MMLU-Pro` -> `MMLU`, `ImageNet 256x256` -> `ImageNet`, `CIFAR-10-C` -> `CIFAR-10`."""
    name = name.strip()
    found = _IMAGE_SIZE.match(name) or _DATASET_SUFFIX.match(name)
    return found.group("stem") if found else None


ALL_ENTITIES = """
MATCH (e:Entity)
RETURN e.key AS key, e.name AS name, e.type AS type, e.alias_keys AS alias_keys"""

ALL_VARIANT_EDGES = """
MATCH (v:Entity)-[:VARIANT_OF]->(b:Entity)
RETURN v.key AS key, b.key AS base"""

DELETE_VARIANT_EDGES = """
UNWIND $rows AS r
MATCH (v:Entity {key: r.key})-[x:VARIANT_OF]->(b:Entity {key: r.base})
DELETE x"""

CREATE_VARIANT_EDGES = """
UNWIND $rows AS r
MATCH (v:Entity {key: r.key})
MATCH (b:Entity {key: r.base})
MERGE (v)-[:VARIANT_OF]->(b)"""


def variant_edges(entities: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(variant key, family key) for every entity whose nearest ancestor is an entity of its type."""
    by_key: dict[str, dict[str, Any]] = {}
    for row in entities:
        if row["key"]:
            by_key[row["key"]] = row
    lookup: dict[str, str] = {}
    for row in entities:
        for alias in row.get("alias_keys") or []:
            lookup.setdefault(alias, row["key"])
    lookup.update({key: key for key in by_key})
    edges = set()
    for key, row in by_key.items():
        name = row["name"] or key
        for _ in range(MAX_DEPTH):
            parent = parent_name(name) or (dataset_parent(name) if row["type"] == "Dataset" else None)
            if parent is None:
                break
            found = lookup.get(entity_key(parent))
            if found and found != key and by_key[found]["type"] == row["type"]:
                edges.add((key, found))
                break
            name = parent
    return edges


def rebuild_variant_edges(store: GraphStore, entities: list[dict[str, Any]] | None = None,
                          have: set[tuple[str, str]] | None = None) -> tuple[int, int]:
    """Make the graph's VARIANT_OF edges those `variant_edges` gives; (added, removed). `entities` and `have`:
    the graph's ALL_ENTITIES rows, in its order, and its edges, when known without asking it."""
    wanted = variant_edges(entities if entities is not None else store.query(ALL_ENTITIES).records())
    if have is None:
        have = {(r["key"], r["base"]) for r in store.query(ALL_VARIANT_EDGES).records()}
    remove = [{"key": k, "base": b} for k, b in sorted(have - wanted)]
    add = [{"key": k, "base": b} for k, b in sorted(wanted - have)]
    statements = []
    if remove:
        statements.append((DELETE_VARIANT_EDGES.strip(), {"rows": remove}))
    if add:
        statements.append((CREATE_VARIANT_EDGES.strip(), {"rows": add}))
    if statements:
        store.write_atomic(statements)
    return len(add), len(remove)
