"""The mined lexicon: what it holds, how it is written to and read from plain TSV files, and lookups.

Files (tab-separated, one header line, UTF-8, rows in a fixed order so a rebuild is byte-identical):
- `acronyms.tsv`: short, expansion, expansion_key, papers (defining it this way), short_papers (using it);
- `types.tsv`: key, name, papers, Model, Method, Dataset, Metric, Task, frames;
- `surfaces.tsv`: fold, key, surface, papers (spelling variants: one fold, several spellings);
- `score_pairs.tsv`: key, name, score_papers (`X score`), papers (`X`);
- `names.tsv`: key, name, papers, kind;
- `common_words.tsv`: word, papers (lower-case), capitalised_papers (capitalised inside a sentence);
- `kinds.tsv`: key, name, papers, modifier_papers, frame_papers, plural_share, kind, premod_papers, head_papers,
  area_papers, typed_papers (names used as a modality, a class, a modifier or an area, not as one named thing:
  `kg.extractors.mining.kinds`);
- `extensions.tsv`: word, name, papers (a word written before a listed lower-case task or technique name in a
  noun phrase: `video` + `action recognition`; see extensions.py);
- `manifest.json`: corpus, document count, thresholds.
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.extractors.mining.extensions import Extension
from kg.extractors.mining.kinds import Kind
from kg.extractors.mining.names import fold_key
from kg.extractors.mining.shapes import singular
from kg.extractors.normalize import entity_key

TYPES = ("Model", "Method", "Dataset", "Metric", "Task")
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "lexicon"


@dataclass(frozen=True, slots=True)
class Expansion:
    short: str
    expansion: str
    key: str
    papers: int
    short_papers: int


@dataclass(frozen=True, slots=True)
class TypeEvidence:
    key: str
    name: str
    papers: int
    votes: dict[str, int]
    frames: str


@dataclass(frozen=True, slots=True)
class Surface:
    fold: str
    key: str
    surface: str
    papers: int


@dataclass(frozen=True, slots=True)
class ScorePair:
    key: str
    name: str
    score_papers: int
    papers: int


@dataclass(frozen=True, slots=True)
class Name:
    key: str
    name: str
    papers: int
    kind: str


@dataclass(frozen=True, slots=True)
class CommonWord:
    word: str
    papers: int
    capitalised_papers: int


def short_key(short: str) -> str:
    """The key acronyms are looked up by: `LLMs`, `LLM` and `llm` share one."""
    return entity_key(singular(short))


@dataclass
class Lexicon:
    acronyms: list[Expansion] = field(default_factory=list)
    types: list[TypeEvidence] = field(default_factory=list)
    surface_rows: list[Surface] = field(default_factory=list)
    score_pairs: list[ScorePair] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    common_words: list[CommonWord] = field(default_factory=list)
    kinds: list[Kind] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._by_short: dict[str, list[Expansion]] = {}
        for row in self.acronyms:
            self._by_short.setdefault(short_key(row.short), []).append(row)
        self._types = {row.key: row for row in self.types}
        self._by_fold: dict[str, list[Surface]] = {}
        self._fold_of: dict[str, str] = {}
        for s in self.surface_rows:
            self._by_fold.setdefault(s.fold, []).append(s)
            self._fold_of.setdefault(s.key, s.fold)
        self._names = {row.key: row for row in self.names}
        self._common = {row.word: row for row in self.common_words}
        self._kinds = {row.key: row for row in self.kinds}

    # -- lookups ----------------------------------------------------------------------------------
    def expansions(self, short: str) -> list[tuple[str, int]]:
        """Every expansion the corpus gives `short` (singular or plural, any case), most votes first."""
        return [(e.expansion, e.papers) for e in self._by_short.get(short_key(short), [])]

    def short_papers(self, short: str) -> int:
        rows = self._by_short.get(short_key(short))
        return rows[0].short_papers if rows else 0

    def type_votes(self, name_or_key: str) -> dict[str, int]:
        """Votes per entity type for a name (any spelling with the same `entity_key`); empty if unseen."""
        row = self._types.get(entity_key(name_or_key))
        return {t: v for t, v in row.votes.items() if v} if row else {}

    def surfaces(self, name_or_key: str) -> list[tuple[str, int]]:
        """Spellings seen for the name and its variants (`ImageNet-C`/`ImageNetC`, `ViT`/`ViTs`), most
        papers first; a name seen in one spelling only gives that one."""
        key = entity_key(name_or_key)
        fold = self._fold_of.get(key) or fold_key(name_or_key)
        rows = self._by_fold.get(fold)
        if rows:
            return [(s.surface, s.papers) for s in rows]
        name = self._names.get(key)
        return [(name.name, name.papers)] if name else []

    def name_papers(self, name_or_key: str) -> int:
        row = self._names.get(entity_key(name_or_key))
        return row.papers if row else 0

    def common_word(self, word: str) -> CommonWord | None:
        return self._common.get(word.lower())

    def kind(self, name_or_key: str) -> str | None:
        """`modality`, `class`, `modifier` or `area` when the corpus uses the name as a kind of thing (`MRI`,
        `CNNs`, `human-AI`, `VR`), else None."""
        row = self._kinds.get(entity_key(name_or_key)) or self._kinds.get(entity_key(singular(name_or_key)))
        return row.kind if row else None

    # -- files ------------------------------------------------------------------------------------
    def write(self, directory: str | os.PathLike[str]) -> None:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        _write(out / "acronyms.tsv", ["short", "expansion", "expansion_key", "papers", "short_papers"],
               [[e.short, e.expansion, e.key, e.papers, e.short_papers] for e in self.acronyms])
        _write(out / "types.tsv", ["key", "name", "papers", *TYPES, "frames"],
               [[t.key, t.name, t.papers, *(t.votes.get(x, 0) for x in TYPES), t.frames] for t in self.types])
        _write(out / "surfaces.tsv", ["fold", "key", "surface", "papers"],
               [[s.fold, s.key, s.surface, s.papers] for s in self.surface_rows])
        _write(out / "score_pairs.tsv", ["key", "name", "score_papers", "papers"],
               [[p.key, p.name, p.score_papers, p.papers] for p in self.score_pairs])
        _write(out / "names.tsv", ["key", "name", "papers", "kind"],
               [[n.key, n.name, n.papers, n.kind] for n in self.names])
        _write(out / "common_words.tsv", ["word", "papers", "capitalised_papers"],
               [[w.word, w.papers, w.capitalised_papers] for w in self.common_words])
        _write(out / "kinds.tsv", ["key", "name", "papers", "modifier_papers", "frame_papers", "plural_share", "kind",
                                         "premod_papers", "head_papers", "area_papers", "typed_papers"],
               [[k.key, k.name, k.papers, k.modifier_papers, k.frame_papers, k.plural_share, k.kind,
                 k.premod_papers, k.head_papers, k.area_papers, k.typed_papers]
                for k in self.kinds])
        _write(out / "extensions.tsv", ["word", "name", "papers"],
               [[e.word, e.name, e.papers] for e in self.extensions])
        (out / "manifest.json").write_text(json.dumps(self.manifest, indent=2, sort_keys=True) + "\n",
                                           encoding="utf-8")

    @classmethod
    def read(cls, directory: str | os.PathLike[str]) -> "Lexicon":
        d = Path(directory)
        manifest_path = d / "manifest.json"
        return cls(
            acronyms=[Expansion(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in _read(d / "acronyms.tsv")],
            types=[TypeEvidence(r[0], r[1], int(r[2]), {t: int(v) for t, v in zip(TYPES, r[3:8])}, r[8])
                   for r in _read(d / "types.tsv")],
            surface_rows=[Surface(r[0], r[1], r[2], int(r[3])) for r in _read(d / "surfaces.tsv")],
            score_pairs=[ScorePair(r[0], r[1], int(r[2]), int(r[3])) for r in _read(d / "score_pairs.tsv")],
            names=[Name(r[0], r[1], int(r[2]), r[3]) for r in _read(d / "names.tsv")],
            common_words=[CommonWord(r[0], int(r[1]), int(r[2])) for r in _read(d / "common_words.tsv")],
            kinds=[Kind(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), float(r[5]), r[6],
                        *(int(x) for x in r[7:11])) for r in _read(d / "kinds.tsv")],
            extensions=[Extension(r[0], r[1], int(r[2])) for r in _read(d / "extensions.tsv")],
            manifest=json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {},
        )


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


def _read(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    return rows[1:]


@lru_cache(maxsize=1)
def bundled_lexicon() -> Lexicon:
    """The lexicon the package ships (`kg/extractors/data/lexicon`, mined from 40,903 arXiv abstracts), read once."""
    return Lexicon.read(BUNDLED)
