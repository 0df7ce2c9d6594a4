"""Two lexicons as one: the shipped lexicon plus the one mined from a user's corpus at ingest, so a name
defined in the user's papers is known alongside what 40,903 arXiv abstracts say. Counts add up (papers of
one corpus are not papers of the other); a row kept in either input is kept."""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, TypeVar

from kg.extractors.mining.lexicon import (
    TYPES,
    CommonWord,
    Expansion,
    Lexicon,
    Name,
    ScorePair,
    Surface,
    TypeEvidence,
    short_key,
)

Row = TypeVar("Row")


def _first_by(rows: Iterable[Row], key: Callable[[Row], str]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for row in rows:
        out.setdefault(key(row), row)
    return out


def merge(a: Lexicon, b: Lexicon) -> Lexicon:
    """`a` and `b` combined; where both spell a row differently, `a`'s spelling is kept."""
    used: Counter[str] = Counter()
    for lex in (a, b):
        used.update({k: e.short_papers for k, e in _first_by(lex.acronyms, lambda e: short_key(e.short)).items()})
    defs: dict[tuple[str, str], Expansion] = {}
    votes: Counter[tuple[str, str]] = Counter()
    for e in [*a.acronyms, *b.acronyms]:
        k = (short_key(e.short), e.key)
        defs.setdefault(k, e)
        votes[k] += e.papers
    total: Counter[str] = Counter()
    for (s, _), n in votes.items():
        total[s] += n
    acronyms = [Expansion(defs[k].short, defs[k].expansion, k[1], n, max(used[k[0]], n)) for k, n in votes.items()]
    acronyms.sort(key=lambda e: (-total[short_key(e.short)], short_key(e.short), -e.papers, e.key))

    types: dict[str, TypeEvidence] = {}
    for t in [*a.types, *b.types]:
        old = types.get(t.key)
        if old is None:
            types[t.key] = t
        else:
            types[t.key] = TypeEvidence(t.key, old.name, old.papers + t.papers,
                                        {x: old.votes.get(x, 0) + t.votes.get(x, 0) for x in TYPES}, old.frames)
    surfaces: Counter[tuple[str, str, str]] = Counter()
    for srow in [*a.surface_rows, *b.surface_rows]:
        surfaces[(srow.fold, srow.key, srow.surface)] += srow.papers
    fold_total: Counter[str] = Counter()
    for (fold, _, _), n in surfaces.items():
        fold_total[fold] += n
    names: dict[str, Name] = {}
    for row in [*a.names, *b.names]:
        old_name = names.get(row.key)
        names[row.key] = row if old_name is None else Name(row.key, old_name.name, old_name.papers + row.papers,
                                                           old_name.kind)
    pairs: dict[str, ScorePair] = {}
    for p in [*a.score_pairs, *b.score_pairs]:
        old_pair = pairs.get(p.key)
        pairs[p.key] = p if old_pair is None else ScorePair(p.key, old_pair.name, old_pair.score_papers + p.score_papers,
                                                            old_pair.papers + p.papers)
    words: dict[str, CommonWord] = {}
    for w in [*a.common_words, *b.common_words]:
        old_word = words.get(w.word)
        words[w.word] = w if old_word is None else CommonWord(w.word, old_word.papers + w.papers,
                                                              old_word.capitalised_papers + w.capitalised_papers)
    return Lexicon(
        acronyms=acronyms,
        types=sorted(types.values(), key=lambda t: (-t.papers, t.key)),
        surface_rows=sorted((Surface(f, k, s, n) for (f, k, s), n in surfaces.items()),
                            key=lambda s: (-fold_total[s.fold], s.fold, -s.papers, s.surface)),
        score_pairs=sorted(pairs.values(), key=lambda p: (-p.score_papers, p.key)),
        names=sorted(names.values(), key=lambda n: (-n.papers, n.key)),
        common_words=sorted(words.values(), key=lambda w: (-w.papers, w.word)),
        manifest={"merged": [a.manifest, b.manifest],
                  "documents": int(a.manifest.get("documents", 0)) + int(b.manifest.get("documents", 0))},
    )
