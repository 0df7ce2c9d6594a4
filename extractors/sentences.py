"""Sentence boundaries for abstracts, as a spaCy component.

The blank English pipeline has no sentence splitter. Abstracts are full of full stops that do not end
sentences (`8.2%`, `e.g.`, `et al.`, `vs.`, `Fig. 2`), so a boundary needs a terminal punctuation token,
a next token that can open a sentence, and no abbreviation before the dot.

A blank line separates paragraphs. A single line break between two lines of text is a hard wrap (the arXiv
metadata wraps every abstract at about 80 characters), not a boundary: `unwrap` turns it into spaces before
tokenising, keeping every character's offset, so that a sentence and its evidence are the whole sentence, not
the one line holding the verb. A list item (a line opening with `- `, `* `, `• ` after a line that ends with
`:`, `.` or the like, or after another item) stays a line of its own.

    >>> unwrap("It reaches 91.5% accuracy\\non the test set.\\n\\nNew paragraph.")
    'It reaches 91.5% accuracy on the test set.\\n\\nNew paragraph.'
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
_LIST_MARKERS = frozenset({"-", "*", "•", "–"})
_NOT_START = numpy.uint64(2**64 - 1)  # -1 (does not open a sentence) as Doc.from_array takes it
_OPENERS = frozenset({"(", "[", '"', "“", "'", "‘"})
# A line break, with the spaces or tabs around it, between two lines of text
_WRAP = re.compile(r"(?<=\S)[ \t]*\r?\n[ \t]*(?=\S)")
_ITEM = re.compile(r"[-*•–][ \t]")  # a list marker opening a line


def _is_wrap(text: str, m: re.Match[str]) -> bool:
    """A line break between lines of a paragraph; not one before a list item (a marker opening the next line
    after a line that ends a sentence or clause, or that is itself an item: a dash after a plain wrap is a dash)."""
    if not _ITEM.match(text, m.end()):
        return True
    line = text.rfind("\n", 0, m.start()) + 1
    return text[m.start() - 1] not in ":;.!?" and not _ITEM.match(text, line)


def unwrap(text: str) -> str:
    """`text` with each hard line wrap (a line break inside a paragraph) made spaces; the same length, so that
    offsets into it are offsets into `text`."""
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: " " * len(m.group()) if _is_wrap(text, m) else m.group(), text)


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
        endings = [k for k, t in enumerate(texts) if t[-1:] in _ENDINGS or "\n" in t]
    # Only a token after a terminal, a dotted word or a line break can open a sentence.
    for k in [k for k in endings if k + 1 < n and (texts[k][-1:] in _ENDINGS or "\n" in texts[k])]:
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
            # A blank line or an indented line separates paragraphs, and a line break after a sentence's
            # final punctuation ends it; a plain line break inside a sentence is only where the text was
            # wrapped (arXiv abstracts wrap every ~80 characters).
            # A line opening with a list marker (`- `, `* `, `• `) is an item of its own.
            opens = prev.isspace() and "\n" in prev and (
                prev.count("\n") > 1 or not prev.endswith("\n") or (k >= 1 and texts[k - 1][-1:] in _TERMINALS)
                or text in _LIST_MARKERS)
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
