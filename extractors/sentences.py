"""Sentence boundaries for abstracts, as a spaCy component.

The blank English pipeline has no sentence splitter. Abstracts are full of full stops that do not end
sentences (`8.2%`, `e.g.`, `et al.`, `vs.`, `Fig. 2`), so a boundary needs a terminal punctuation token,
a next token that can open a sentence, and no abbreviation before the dot.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractors.lexicon import words
from extractors.tokens import view

_TERMINALS = frozenset({".", "!", "?"})
_OPENERS = frozenset({"(", "[", '"', "“", "'", "‘"})


def _opens_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


def sentence_starts(texts: list[str], spaces: list[bool]) -> list[bool]:
    """For each token, whether it opens a sentence."""
    abbreviations = words("abbreviations")
    n = len(texts)
    starts = [False] * n
    if n:
        starts[0] = True
    for i in range(1, n):
        prev = texts[i - 1]
        text = texts[i]
        if prev in _TERMINALS:
            # A dot after an abbreviation (`Fig .`, `et al .`) belongs to it.
            starts[i] = _opens_sentence(text) and not (
                prev == "." and i >= 2 and texts[i - 2].lower() in abbreviations)
        elif len(prev) > 1 and prev[-1] == "." and prev[:-1].lower() not in abbreviations:
            # The tokenizer keeps a dot on a letter glued to a name (`ImageNet - C.`): a boundary if a
            # sentence follows, unless it is a lone initial (`J. Smith`).
            initial = len(prev) == 2 and (spaces[i - 2] if i >= 2 else True)
            starts[i] = _opens_sentence(text) and not initial and "." not in prev[:-1]
        else:
            # A line break (a whitespace token) separates paragraphs.
            starts[i] = "\n" in prev and prev.isspace()
    return starts


@Language.component("kg_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Set the sentence boundaries on the doc (and on its token view)."""
    v = view(doc)
    starts = sentence_starts(v.texts, v.spaces)
    v.set_sentences(starts)
    if starts:
        marks = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], marks)
    return doc
