"""Sentence boundaries for abstracts, as a spaCy component.

The blank English pipeline has no sentence splitter. Abstracts are full of full stops that do not end
sentences (`8.2%`, `e.g.`, `et al.`, `vs.`, `Fig. 2`), so a boundary needs a terminal punctuation token,
a next token that can open a sentence, and no abbreviation before the dot.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Optional, Sequence

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import words
from kg.extractors.tokens import view, watch

_TERMINALS = frozenset({".", "!", "?"})
_ENDINGS = frozenset(".!?\n")
_NEWLINE = re.compile(r"\n")
watch(_TERMINALS)
_NOT_START = numpy.uint64(2**64 - 1)  # -1 (does not open a sentence) as Doc.from_array takes it
_OPENERS = frozenset({"(", "[", '"', "“", "'", "‘"})


def _opens_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


def _ending_tokens(v) -> list[int]:
    """Tokens that may end a sentence: `.`, `!`, `?`, a capitalised word the tokenizer left a final dot
    on (`C.` in `ImageNet-C.`; lower-case ones such as `e.g.` are abbreviations), a line break.
    Found from the shared indexes rather than token by token."""
    texts = v.texts
    found = set(v.positions(_TERMINALS))
    found.update(k for k in v.marked() if len(texts[k]) > 1 and texts[k][-1] == ".")
    starts = v.starts
    if "\n" in v.text:
        for m in _NEWLINE.finditer(v.text):
            found.add(bisect_right(starts, m.start()) - 1)
    return sorted(found)


def sentence_starts(texts: list[str], spaces: Sequence[bool | int], endings: Optional[list[int]] = None) -> list[int]:
    """The tokens that open a sentence, in order (0 first); `endings` may list the only tokens that can
    end one (all are checked when it is None)."""
    abbreviations = words("abbreviations")
    n = len(texts)
    starts = [0] if n else []
    if endings is None:
        endings = [k for k, t in enumerate(texts) if t[-1:] in _ENDINGS]
    # Only a token after a terminal, a dotted word or a line break can open a sentence.
    for k in [k for k in endings if k + 1 < n and texts[k][-1:] in _ENDINGS]:
        i = k + 1
        # Extra spaces after the full stop are a token of their own (`expected.  Then`): look past them.
        while i + 1 < n and texts[i].isspace() and "\n" not in texts[i] and texts[k] in _TERMINALS:
            i += 1
        prev = texts[k]
        text = texts[i]
        if prev in _TERMINALS:
            # A dot after an abbreviation (`Fig .`, `et al .`) belongs to it.
            opens = _opens_sentence(text) and not (
                prev == "." and k >= 1 and texts[k - 1].lower() in abbreviations)
        elif len(prev) > 1 and prev[-1] == "." and prev[:-1].lower() not in abbreviations:
            # The tokenizer keeps a dot on a letter glued to a name (`ImageNet - C.`): a boundary if a
            # sentence follows, unless it is a lone initial (`J. Smith`).
            initial = len(prev) == 2 and (spaces[k - 1] if k >= 1 else True)
            opens = _opens_sentence(text) and not initial and "." not in prev[:-1]
        else:
            opens = prev.isspace() and "\n" in prev  # a line break separates paragraphs
        if opens:
            starts.append(i)
    return starts


@Language.component("kg_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Set the sentence boundaries on the token view, and on the doc for `doc.sents`."""
    v = view(doc)
    starts = sentence_starts(v.texts, v.spaces, _ending_tokens(v))
    v.set_sentences(starts)
    if starts:
        # Every token gets a decision (1 opens a sentence, -1 does not), written in one call.
        marks = numpy.empty(len(v), dtype="uint64")
        marks.fill(_NOT_START)
        for i in starts:  # a few per abstract: cheaper than numpy's fancy indexing
            marks[i] = 1
        doc.from_array([SENT_START], marks.reshape(-1, 1))  # type: ignore[arg-type]
    return doc
