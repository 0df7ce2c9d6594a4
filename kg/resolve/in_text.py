"""Does a paper write a name? Its text and the name compared word by word (case, hyphens and spacing aside)."""
from __future__ import annotations

import re

from kg.resolve.memo import memo

_WORDS = re.compile(r"\w+")


def normalised_words(text: str) -> str:
    """Words only, casefolded, one space apart and at both ends: `Low-Rank  Adaptation` -> ` low rank adaptation `."""
    return " " + " ".join(_WORDS.findall(text.casefold().replace("_", " "))) + " "


# A name's normalised words, memoised: names recur, a paper's text does not.
normalised_name = memo()(normalised_words)


def written_as_is(alias: str, text: str) -> bool:
    """Does the casefolded `text` hold the alias as it is, between non-word characters? Then its `normalised_words`
    form holds the alias's too (the same words, one space apart): the text need not be normalised. False says
    nothing (`low-rank` written `low rank`)."""
    form = alias.strip().casefold()
    if not form or not form[0].isalnum() or not form[-1].isalnum():
        return False
    start = text.find(form)
    while start >= 0:
        end = start + len(form)
        if (start == 0 or not _word_char(text[start - 1])) and (end == len(text) or not _word_char(text[end])):
            return True
        start = text.find(form, start + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"
