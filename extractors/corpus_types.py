"""Type evidence mined from unlabelled abstracts (`extractors/data/lexicon/types.tsv`, written by
`kg.extractors.mining`): how often a name appeared with a typing head noun or frame (`GSM8K benchmark`,
`accuracy of 80%`, `trained on X`) across the corpus. A name typed in other papers is typed here when
nothing in its own abstract says what it is.

The file is optional: without it (or for names it does not hold) this gives no type. `common_words.tsv` says
which words are ordinary English of the corpus (`debate`), so that a single coined word (`Zorblax`) can be
told from one. `kinds.tsv` lists names the corpus uses as a modality or sensor (`X scans`, `X images`), as a
class (mostly in the plural), as a modifier (`X collaboration`, hardly ever alone) or as an area (`X
applications`, `the field of X`): kinds of things, which are not entities.
"""
from __future__ import annotations

import csv
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from kg.extractors.lexicon import DATA_DIR, tsv_column
from kg.extractors.mining.shapes import singular
from kg.extractors.normalize import entity_key

log = logging.getLogger(__name__)

TYPES_FILE = DATA_DIR / "lexicon" / "types.tsv"
COMMON_WORDS_FILE = DATA_DIR / "lexicon" / "common_words.tsv"
KINDS_FILE = DATA_DIR / "lexicon" / "kinds.tsv"
EXTENSIONS_FILE = DATA_DIR / "lexicon" / "extensions.tsv"
_TYPES = ("Model", "Method", "Dataset", "Metric", "Task")
MIN_PAPERS = 3  # evidence from at least this many abstracts
MIN_SHARE = 0.6  # the winning type's share of the votes


@lru_cache(maxsize=4)
def load_types(path: Path = TYPES_FILE) -> dict[str, tuple[str, int]]:
    """Name key -> (type, papers) for names whose votes agree enough; {} when the file is missing."""
    out: dict[str, tuple[str, int]] = {}
    if not Path(path).exists():
        log.info("corpus type file %s not found; continuing without it", path)
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            try:
                votes = {t: int(row.get(t) or 0) for t in _TYPES}
                papers = int(row["papers"])
            except (KeyError, ValueError):
                continue
            total = sum(votes.values())
            if papers < MIN_PAPERS or total == 0:
                continue
            # Highest vote; a tie goes to the earlier type in _TYPES (deterministic).
            best = max(_TYPES, key=lambda t: (votes[t], -_TYPES.index(t)))
            if votes[best] / total >= MIN_SHARE:
                out[row["key"]] = (best, papers)
    return out


_NUMBER_FRAMES = ("number-x", "x-of-number")  # `45.3 X`, `X of 45.3%` (extractors/mining/frames.py)


@lru_cache(maxsize=4)
def load_measured(path: Path = TYPES_FILE) -> frozenset[str]:
    """Keys of Metric names that other abstracts measure with a number (`81% X`, `X of 0.9`) in at least
    MIN_PAPERS papers, counted in the frames column of the file; empty when the file is missing."""
    types = load_types(path)
    out = set()
    if not Path(path).exists():
        return frozenset()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            key = row.get("key") or ""
            if types.get(key, ("", 0))[0] != "Metric":
                continue
            counts = (f.rpartition("=") for f in (row.get("frames") or "").split(","))
            if sum(int(n) for frame, _, n in counts if frame in _NUMBER_FRAMES and n.isdigit()) >= MIN_PAPERS:
                out.add(key)
    return frozenset(out)


def measured_metric(name: str, path: Path = TYPES_FILE) -> bool:
    """Do other abstracts report this metric with numbers (`accuracy`, `perplexity`), rather than only talk
    about it (`memory`, `inference time`)?"""
    return entity_key(name) in load_measured(path)


def corpus_type(name: str, path: Path = TYPES_FILE) -> Optional[str]:
    """The type other abstracts give this name, or None."""
    if path is TYPES_FILE:
        return _shipped_type(name)
    hit = load_types(path).get(entity_key(name))
    return hit[0] if hit else None


@lru_cache(maxsize=100_000)
def _shipped_type(name: str) -> Optional[str]:
    """`corpus_type` with the shipped file, memoised per name (asked for every untyped candidate)."""
    hit = load_types(TYPES_FILE).get(entity_key(name))
    return hit[0] if hit else None


@lru_cache(maxsize=4)
def load_common_words(path: Path = COMMON_WORDS_FILE) -> frozenset[str]:
    """Words the corpus writes in lower case (`debate`, `mesa`); empty when the file is missing."""
    return tsv_column(path, "word", "common word")


def common_word(word: str, path: Path = COMMON_WORDS_FILE) -> bool:
    """Is this an ordinary word of the corpus rather than a coined name? (`Debate` is; `Zorblax` is not.)"""
    return word.lower() in load_common_words(path)


@lru_cache(maxsize=4)
def load_kinds(path: Path = KINDS_FILE) -> dict[str, str]:
    """Name key -> `modality`, `class`, `modifier` or `area`; {} when the file is missing."""
    if not Path(path).exists():
        log.info("kind file %s not found; continuing without it", path)
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["key"]: row["kind"] for row in csv.DictReader(fh, delimiter="\t") if row.get("key") and row.get("kind")}


def corpus_kind(name: str, path: Path = KINDS_FILE) -> Optional[str]:
    """`modality` (MRI, LiDAR: used before data nouns), `class` (CNNs: used in the plural), `modifier`
    (`human-AI`: before other nouns) or `area` (VR: `X applications`) when the corpus uses the name as a kind of
    thing rather than one named thing; else None."""
    kinds = load_kinds(path)
    return kinds.get(entity_key(name)) or kinds.get(entity_key(singular(name))) or _joined_modality(name, kinds)


_PART = re.compile(r"[-/]")
_CHANNEL = re.compile(r"[A-Z]{1,2}")


def _joined_modality(name: str, kinds: dict[str, str]) -> Optional[str]:
    """`modality` for modalities joined by a hyphen or slash, or a modality with a channel letter or two
    after a hyphen (`RGB-T`: thermal, `RGB-D`: depth): a pairing of kinds of data is itself one."""
    parts = _PART.split(name.strip())
    if len(parts) < 2 or kinds.get(entity_key(parts[0])) != "modality":
        return None
    if all(_CHANNEL.fullmatch(p) or kinds.get(entity_key(p)) == "modality" for p in parts[1:]):
        return "modality"
    return None


@lru_cache(maxsize=4)
def load_extensions(path: Path = EXTENSIONS_FILE) -> frozenset[tuple[str, str]]:
    """(word, name) pairs: the corpus writes `word name` as one longer name (`video` + `action recognition`);
    empty when the file is missing."""
    if not Path(path).exists():
        log.info("extension file %s not found; continuing without it", path)
        return frozenset()
    with open(path, encoding="utf-8", newline="") as fh:
        return frozenset((row["word"], row["name"]) for row in csv.DictReader(fh, delimiter="\t")
                         if row.get("word") and row.get("name"))


ACRONYMS_FILE = DATA_DIR / "lexicon" / "acronyms.tsv"


@lru_cache(maxsize=4)
def load_definitions(path: Path = ACRONYMS_FILE) -> dict[str, int]:
    """Long form key -> papers defining an abbreviation by it (`markov-decision-process` -> 31); {} when the
    file is missing."""
    if not Path(path).exists():
        log.info("acronym file %s not found; continuing without it", path)
        return {}
    out: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("expansion_key") and row.get("papers"):
                out[row["expansion_key"]] = out.get(row["expansion_key"], 0) + int(row["papers"])
    return out


def defining_papers(long_form: str, path: Path = ACRONYMS_FILE) -> int:
    """How many papers of the mined corpus define an abbreviation by this long form (singular or plural)."""
    defs = load_definitions(path)
    return max(defs.get(entity_key(form), 0) for form in (long_form, singular(long_form), long_form + "s"))
