"""Names the corpus writes as learners: `X classifier`, `X regressor`, `X algorithm`, `X learner`.

By `docs/annotation.md` a Model is a specific trained artefact (released weights, a checkpoint) and an
algorithm is a Method. The corpus says which names it uses as learning algorithms fitted to the data at hand:
such a name is written right before a learner noun (`learner_nouns`, `mining_frames.json`: `X classifier`,
`X regressors`, `X algorithm`) in a good share of the papers naming it, while a named model is written so
in hardly any (`a X-based classifier` is counted against neither). Counted in papers, in two passes over
unlabelled abstracts: the phrases of one to four words before a learner noun, then the papers naming each
phrase that reached the minimum.

`learners.tsv`: key, name (most used spelling), papers (naming it), learner_papers (writing it before a
learner noun); only names that pass the thresholds are written. Read with `is_learner`.
"""
from __future__ import annotations

import csv
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from kg.extractors.lexicon import table, tsv_column
from kg.extractors.mining.kinds import FUNCTION_WORDS
from kg.extractors.mining.text import clean_text, sentences, tokens
from kg.extractors.normalize import entity_key

log = logging.getLogger(__name__)

LEARNERS_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "learners.tsv"
MAX_WORDS = 4


@dataclass(frozen=True)
class LearnerThresholds:
    min_learner_papers: int = 3
    min_learner_share: float = 0.05  # of the papers naming it


@dataclass(frozen=True, slots=True)
class Learner:
    key: str
    name: str
    papers: int
    learner_papers: int


@lru_cache(maxsize=1)
def learner_nouns() -> frozenset[str]:
    return frozenset(table("mining_frames")["learner_nouns"]["words"])


def _word(tok: str) -> bool:
    return tok[:1].isalnum() and tok.lower() not in FUNCTION_WORDS


def _sentences(texts: Iterable[str]) -> Iterable[list[list[str]]]:
    for text in texts:
        yield [tokens(s) for s in sentences(clean_text(text))]


def _before_learner(toks: Sequence[str]) -> set[tuple[str, ...]]:
    """Lower-cased phrases of one to four words right before a learner noun (`Zorb Forest` in `Zorb Forest
    classifier`); a phrase stops at a function word or a mark, and a phrase written `X-based` is left out."""
    nouns = learner_nouns()
    out = set()
    for k, tok in enumerate(toks):
        if tok.lower() not in nouns:
            continue
        for start in range(k - 1, max(-1, k - 1 - MAX_WORDS), -1):
            if not _word(toks[start]) or toks[start].lower() in nouns:
                break
            phrase = tuple(t.lower() for t in toks[start:k])
            if not phrase[-1].endswith("-based"):
                out.add(phrase)
    return out


def mine_learners(texts: Sequence[str], th: LearnerThresholds | None = None) -> list[Learner]:
    """`texts`: one string per paper (title and abstract). Two passes; rows sorted by key."""
    th = th or LearnerThresholds()
    learner_papers: Counter[tuple[str, ...]] = Counter()
    for paper in _sentences(texts):
        learner_papers.update(set().union(*(_before_learner(toks) for toks in paper)) if paper else set())
    candidates = {p for p, n in learner_papers.items() if n >= th.min_learner_papers}
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in candidates:
        by_first[phrase[0]].append(phrase)
    papers: Counter[tuple[str, ...]] = Counter()
    spelling: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for paper in _sentences(texts):
        seen: set[tuple[str, ...]] = set()
        for toks in paper:
            low = [t.lower() for t in toks]
            for i, first in enumerate(low):
                for phrase in by_first.get(first, ()):
                    n = len(phrase)
                    if tuple(low[i:i + n]) == phrase and (i + n == len(low) or low[i + n] != "-"):
                        seen.add(phrase)
                        spelling[phrase][" ".join(toks[i:i + n])] += 1
        papers.update(seen)
    rows: dict[str, Learner] = {}
    for phrase in candidates:
        n, hits = papers[phrase], learner_papers[phrase]
        key = entity_key(" ".join(phrase))
        if not key or n == 0 or hits < th.min_learner_share * n:
            continue
        name = min(spelling[phrase].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if key not in rows or rows[key].papers < n:
            rows[key] = Learner(key, name, n, hits)
    return sorted(rows.values(), key=lambda r: r.key)


def write_learners(path: str | Path, rows: Iterable[Learner]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["key", "name", "papers", "learner_papers"])
        writer.writerows([r.key, r.name, r.papers, r.learner_papers] for r in rows)


@lru_cache(maxsize=4)
def load_learners(path: Path = LEARNERS_FILE) -> frozenset[str]:
    """Keys of the names the corpus writes as learners; empty when the file is missing."""
    return tsv_column(path, "key", "learner")


def is_learner(name: str, path: Path = LEARNERS_FILE) -> bool:
    """Does the corpus write this name (by `entity_key`) as a learning algorithm (`X classifier`)?"""
    return entity_key(name) in load_learners(path)
