"""Longer forms of known lower-case task and technique names: `brain tumor segmentation` for the listed
`tumor segmentation`, `industrial anomaly detection` for `anomaly detection`.

ANNOTATION.md names an entity by its most specific surface form as written, and the gazetteer lists the
general form. Whether a word before a known name belongs to it is a fact about the field's usage, learnt
here from unlabelled text: a pair (word, name) counts in a paper when the word stands right before the name
in a noun-phrase position (after an article or a preposition: `for brain tumor segmentation`, `the industrial
anomaly detection`), is a lower-case word outside the list of function and evaluative words
(`task_metric_frames.json` `not_modifiers`), not a verb in -ing or an adverb in -ly (`for advancing X`), and
is not hyphenated onto something before it. Pairs written
so in at least `Thresholds.extension_papers` papers go to `extensions.tsv`; `kg_frames` then extends a
listed name by that word where an abstract writes it.

An evaluative adjective stands there too (`robust object detection`, `accurate depth estimation`); it is told
apart by being gradable: a word the corpus writes after `more`, `most`, `highly`, `very`, `less`, `least` or
`increasingly` in at least `Thresholds.gradable_share` of the papers using it (`effective` 14%, `robust` 11%;
`medical`, `video`, `brain` under 0.5%) extends nothing. The counts are floors, not proofs.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.extractors.lexicon import table

# Words after which a noun phrase starts (`to` and `and` are left out: a verb can follow them).
_PHRASE_OPENERS = frozenset({"the", "a", "an", "for", "on", "in", "of", "with", "from", "via", "by", "at"})
TYPES = ("Task", "Method")
_DEGREE = frozenset({"more", "most", "highly", "very", "less", "least", "increasingly"})
# After a preposition a word in -ing is a verb (`for advancing autonomous driving`), one in -ly an adverb.
_VERB_ENDINGS = ("ing", "ly")


@dataclass(frozen=True, slots=True)
class Extension:
    word: str
    name: str
    papers: int


@lru_cache(maxsize=4)
def known_names(gazetteer_dir: Path | None = None) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lower-case listed Task and Method names as mining tokens (`action recognition`, `self - training`),
    indexed by their first token, longest first."""
    from kg.extractors.gazetteer import GAZETTEER_DIR, load_gazetteer

    gazetteer = load_gazetteer(gazetteer_dir or GAZETTEER_DIR)
    index: dict[str, list[tuple[str, ...]]] = {}
    for type_ in TYPES:
        for form in gazetteer.lower.get(type_, {}):
            if form == form.lower() and form.replace("-", "").replace(" ", "").isalpha():
                toks = tuple(form.replace("-", " - ").split())
                index.setdefault(toks[0], []).append(toks)
    return {k: tuple(sorted(set(v), key=lambda t: (-len(t), t))) for k, v in index.items()}


@lru_cache(maxsize=1)
def _not_modifiers() -> frozenset[str]:
    return frozenset(table("task_metric_frames")["not_modifiers"])


class ExtensionCounter:
    """Feed sentences with `sentence`, close each paper with `end_paper`, then take the `rows`."""

    def __init__(self, names: dict[str, tuple[tuple[str, ...], ...]] | None = None) -> None:
        self.names = known_names() if names is None else names
        self.stop = _not_modifiers()
        self.papers: Counter[tuple[str, str]] = Counter()
        self.graded: Counter[str] = Counter()  # papers writing `more W`, `highly W`, ...
        self._paper: set[tuple[str, str]] = set()
        self._graded: set[str] = set()

    def sentence(self, toks: list[str]) -> None:
        names, stop = self.names, self.stop
        for i in range(1, len(toks)):
            if toks[i - 1].lower() in _DEGREE and toks[i].islower():
                self._graded.add(toks[i])
            if i < 2:
                continue
            tok = toks[i]
            if tok not in names:  # known names are lower case: a capitalised token starts none
                continue
            word = toks[i - 1]
            if not (word.isalpha() and word.islower()) or word in stop or word.endswith(_VERB_ENDINGS) or \
                    toks[i - 2].lower() not in _PHRASE_OPENERS:
                continue
            for seq in names[tok]:
                if tuple(toks[i:i + len(seq)]) == seq:
                    self._paper.add((word, " ".join(seq).replace(" - ", "-")))
                    break

    def end_paper(self) -> None:
        self.papers.update(self._paper)
        self.graded.update(self._graded)
        self._paper = set()
        self._graded = set()

    def rows(self, min_papers: int, word_papers: Counter[str], gradable_share: float) -> list[Extension]:
        """Pairs in at least `min_papers` papers whose word is not gradable (`word_papers`: papers using each
        lower-case word)."""
        out = [Extension(w, n, c) for (w, n), c in self.papers.items() if c >= min_papers
               and self.graded[w] < gradable_share * max(word_papers.get(w, 0), c)]
        out.sort(key=lambda e: (-e.papers, e.name, e.word))
        return out
