"""Sentence boundaries for abstracts, as a spaCy component.

The blank English pipeline has no sentence splitter. Abstracts are full of full stops that do not end
sentences (`8.2%`, `e.g.`, `et al.`, `vs.`, `Fig. 2`), so a boundary needs a terminal punctuation token,
a next token that can open a sentence, and no abbreviation before the dot.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.lexicon import words

_TERMINALS = frozenset({".", "!", "?"})
_OPENERS = frozenset({"(", "[", '"', "“", "'", "‘"})


def _opens_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


@Language.component("kg_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Mark `is_sent_start` on every token (True at a boundary, False elsewhere)."""
    abbreviations = words("abbreviations")
    n = len(doc)
    if n == 0:
        return doc
    doc[0].is_sent_start = True
    for i in range(1, n):
        prev = doc[i - 1].text
        text = doc[i].text
        if prev in _TERMINALS:
            # A dot after an abbreviation (`Fig .`, `et al .`) belongs to it.
            start = _opens_sentence(text) and not (
                prev == "." and i >= 2 and doc[i - 2].text.lower() in abbreviations)
        elif len(prev) > 1 and prev[-1] == "." and prev[:-1].lower() not in abbreviations:
            # The tokenizer keeps a dot on a letter glued to a name (`ImageNet - C.`): a boundary if a
            # sentence follows, unless it is a lone initial (`J. Smith`).
            initial = len(prev) == 2 and doc[i - 2].whitespace_ != "" if i >= 2 else len(prev) == 2
            start = _opens_sentence(text) and not initial and "." not in prev[:-1]
        else:
            # A line break (a whitespace token) separates paragraphs.
            start = "\n" in prev and prev.isspace()
        doc[i].is_sent_start = start
    return doc
