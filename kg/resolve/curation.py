"""Curation: a person's decisions about identity, kept in a plain file that every later ingest respects.

The file (`curation.tsv` in the data directory) holds one decision a line, tab-separated, in the order made:

    merge	<key>	<into key>        every mention resolved to <key> goes to <into key>
    split	<short key>	expansion     the short form is ambiguous: each paper's own expansion, else context,
                                      else the short form's own node (never the corpus's majority)
    split	<key>	paper             each paper's mentions of <key> become an entity of their own (<key>@<paper id>)
    retype	<key>	<Type>            the entity's type, whatever the mentions vote

Lines starting with `#` are comments. A later line about the same key replaces an earlier one. The file can
be copied to another data directory or imported into another graph (`kg curation export/import`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kg.models import ENTITY_TYPES

CURATION_FILE = "curation.tsv"
ACTIONS = ("merge", "split", "retype")
SPLIT_BY = ("expansion", "paper")
HEADER = "# kg curation: action<TAB>key<TAB>argument (merge: into key; split: expansion|paper; retype: Type)\n"


class CurationError(ValueError):
    pass


@dataclass
class Curation:
    merges: dict[str, str] = field(default_factory=dict)
    split_expansion: set[str] = field(default_factory=set)
    split_paper: set[str] = field(default_factory=set)
    retypes: dict[str, str] = field(default_factory=dict)
    lines: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, action: str, key: str, argument: str) -> None:
        """Record one decision (checked); a later decision about the same key wins."""
        if action not in ACTIONS:
            raise CurationError(f"unknown curation action {action!r} (one of {', '.join(ACTIONS)})")
        if not key or not argument:
            raise CurationError(f"{action} needs a key and an argument")
        if action == "merge":
            if key == argument or self.final(argument) == key:
                raise CurationError(f"merging {key!r} into {argument!r} would make a loop")
            self.merges[key] = argument
            self.split_paper.discard(key)
        elif action == "split":
            if argument not in SPLIT_BY:
                raise CurationError(f"split by {argument!r}: expected one of {', '.join(SPLIT_BY)}")
            (self.split_expansion if argument == "expansion" else self.split_paper).add(key)
            self.merges.pop(key, None)
        else:
            if argument not in ENTITY_TYPES:
                raise CurationError(f"{argument!r} is not an entity type ({', '.join(ENTITY_TYPES)})")
            self.retypes[key] = argument
        self.lines.append((action, key, argument))

    def final(self, key: str) -> str:
        """Where merges take `key` (followed to the end)."""
        if key not in self.merges:
            return key  # the common case, asked for every mention: no set built
        seen = {key}
        while key in self.merges:
            key = self.merges[key]
            if key in seen:
                break
            seen.add(key)
        return key

    def apply(self, key: str, etype: str, paper_id: str) -> tuple[str, str]:
        """The (key, type) of one mention after the decisions."""
        key = self.final(key)
        etype = self.retypes.get(key, etype)
        if key in self.split_paper:
            key = f"{key}@{paper_id}"
        return key, etype

    def __bool__(self) -> bool:
        return bool(self.lines)

    # -- the file -----------------------------------------------------------------------------------

    @classmethod
    def parse(cls, lines: Iterable[str], where: str = "curation") -> "Curation":
        curation = cls()
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise CurationError(f"{where}, line {number}: expected action<TAB>key<TAB>argument")
            try:
                curation.add(*(p.strip() for p in parts))
            except CurationError as exc:
                raise CurationError(f"{where}, line {number}: {exc}") from None
        return curation

    @classmethod
    def read(cls, path: str | os.PathLike[str] | None) -> "Curation":
        if path is None or not Path(path).exists():
            return cls()
        with open(path, encoding="utf-8") as fh:
            return cls.parse(fh, str(path))

    def text(self) -> str:
        return HEADER + "".join(f"{a}\t{k}\t{v}\n" for a, k, v in self.lines)

    def write(self, path: str | os.PathLike[str]) -> None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(self.text(), encoding="utf-8")
        os.replace(temporary, target)  # a reader never sees half a file


def curation_path(store: Any) -> Path:
    """The curation file of a store: in its data directory (one file per graph but the default one), else
    `$KG_CURATION`, else `.kg/curation.tsv`."""
    if os.environ.get("KG_CURATION"):
        return Path(os.environ["KG_CURATION"])
    server = getattr(store, "server", None)
    data_dir = getattr(server, "data_dir", None)
    graph = getattr(store, "graph_name", None)
    from kg.stores import DEFAULT_DATA_DIR

    directory = Path(data_dir) if data_dir else Path(DEFAULT_DATA_DIR)
    if graph and graph not in ("kg", "claims"):
        return directory / f"curation.{graph}.tsv"
    return directory / CURATION_FILE
