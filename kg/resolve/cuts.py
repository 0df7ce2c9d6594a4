"""Names cut before their last word: `Group Relative Policy` for `Group Relative Policy Optimization`.

An extractor that stops a span early (a line break, a word it takes for the start of the next phrase) leaves a
name that is a short form's expansion less its last word. When the corpus's most-voted expansion of a short
form (the shipped lexicon's acronyms, at least `MIN_PAPERS` papers) has three or more words, its first words
are such a cut, unless they are themselves an expansion the corpus gives some short form (`Vision
Transformer` is ViT's, not a cut of a longer one). Only names written with every word capitalised are read
as cuts (`Group Relative Policy`): a lower-case phrase (`latent diffusion`) is a description of its own.
"""
from __future__ import annotations

from kg.resolve.keys import entity_key

MIN_PAPERS = 10


_BUILT: dict[int, tuple[object, dict[str, str], set[str]]] = {}  # id -> (lexicon, its cuts, expansion keys)


def _cuts(lexicon: object) -> dict[str, str]:
    return _built(lexicon)[1]


def _built(lexicon: object) -> tuple[object, dict[str, str], set[str]]:
    kept = _BUILT.get(id(lexicon))
    if kept is not None and kept[0] is lexicon:
        return kept
    best: dict[str, tuple[int, str]] = {}
    expansions: set[str] = set()
    for row in lexicon.acronyms:  # type: ignore[attr-defined]
        expansions.add(entity_key(row.expansion))
        if row.papers >= MIN_PAPERS and row.papers > best.get(row.short, (0, ""))[0]:
            best[row.short] = (row.papers, row.expansion)
    found: dict[str, set[str]] = {}
    for _, expansion in best.values():
        words = expansion.split()
        if len(words) >= 3:
            cut = entity_key(" ".join(words[:-1]))
            if cut not in expansions:
                found.setdefault(cut, set()).add(expansion)
    cuts = {cut: full.pop() for cut, full in found.items() if len(full) == 1}
    _BUILT[id(lexicon)] = (lexicon, cuts, expansions)
    return _BUILT[id(lexicon)]


def cut_expansion(lexicon: object | None, name: str) -> str | None:
    """The expansion `name` is cut from, or None."""
    words = name.split()
    if lexicon is None or len(words) < 2 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    return _cuts(lexicon).get(entity_key(name))


def without_model_word(lexicon: object | None, spelling: str) -> str:
    """An expansion written with a trailing `Model` (`Contrastive Language-Image Pre-training Model`) as the
    corpus's expansion without it, when the lexicon has that one as a short form's expansion: the spelling a
    meaning's key is taken from should not depend on which paper came first."""
    words = spelling.split()
    if lexicon is None or len(words) < 3 or words[-1].casefold() not in ("model", "models"):
        return spelling
    shorter = " ".join(words[:-1])
    return shorter if entity_key(shorter) in _built(lexicon)[2] else spelling
