"""Abbreviations defined in the text: `Contrastive Language-Image Pre-training (CLIP)` is one entity, named by
the short form, with the long form as an alias. Also the reverse order `CLIP (Contrastive ...)`.

The long form is found with the Schwartz & Hearst (2003) algorithm: the short form's characters must appear
in order in the words before the bracket, the first one at the start of a word.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import table
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions, set_doc_attr
from kg.extractors.shapes import glued_runs
from kg.extractors.tokens import TokenView, view, watch

_STOPS = frozenset({".", ";", ":", "(", ")", "[", "]", "!", "?", ",", "{", "}", "\"", "“", "”"})
_CLOSERS = frozenset({")", ";", ","})
_OPENERS = frozenset({"(", ":"})
watch(_OPENERS)
_GENERIC_HEADS = tuple(table("head_types")["generic_heads"])


@dataclass(slots=True)
class Abbreviation:
    short: str
    long: str
    short_span: tuple[int, int]
    long_span: tuple[int, int]

    @property
    def generic(self) -> bool:
        """A plural abbreviation of a class of models (`Large Language Models (LLMs)`) names no entity."""
        return self.short.endswith("s") and self.long.lower().endswith(_GENERIC_HEADS)


_LEAD_SKIP = frozenset({"a", "an", "the", "of", "for", "from", "with", "on", "in", "to", "via", "by", "and"})


def lead_letters(phrase: str) -> str:
    """The first three letters of a long form's first content word, accents and markup dropped: two spellings
    of one expansion (`Contrastive Language-Image Pre-training`, `Fr\\'echet ...`) start the same."""
    for word in unicodedata.normalize("NFKD", phrase).lower().replace("-", " ").split():
        if word not in _LEAD_SKIP:
            return "".join(c for c in word if "a" <= c <= "z")[:3]
    return ""


def valid_short_form(text: str) -> bool:
    """2 to 12 characters, starting with a letter or digit, with a capital letter, not a number."""
    if not 2 <= len(text) <= 12 or not text[0].isalnum():
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= 1 and any(c.isupper() for c in text) and " " not in text


def long_form_start(short: str, candidate: str) -> Optional[int]:
    """Character index in `candidate` where the long form for `short` starts (Schwartz & Hearst), or None.
    A digit that stands for a word (`A2D` for `Agree-to-Disagree`, `P4R` for `Pay for Results`) is tried as
    that word's initial when it is not in the long form."""
    start = _letters_start(short, candidate)
    if start is None and any(d in short[1:] for d in _DIGIT_WORDS) and not any(c.isdigit() for c in candidate):
        start = _letters_start("".join(_DIGIT_WORDS.get(c, c) for c in short), candidate)
    return start


_DIGIT_WORDS = {"2": "t", "4": "f"}


def _letters_start(short: str, candidate: str) -> Optional[int]:
    s = len(short) - 1
    l_ = len(candidate) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l_ >= 0 and (candidate[l_].lower() != c or (
                s == 0 and l_ > 0 and candidate[l_ - 1].isalnum())):
            l_ -= 1
        if l_ < 0:
            return None
        l_ -= 1
        s -= 1
    return candidate.rfind(" ", 0, l_ + 1) + 1


_FUNCTION_WORDS = frozenset({"of", "for", "from", "and", "the", "a", "an", "in", "on", "with", "to", "by", "via"})


def initials_start(short: str, candidate: str) -> Optional[int]:
    """Where a long form starts whose content words' initials spell `short` (`Learning from Label
    Proportions` for LLP, which Schwartz & Hearst would shorten to `Label Proportions`), or None."""
    letters = [c.lower() for c in short if c.isalpha()]
    if short.endswith("s") and len(letters) > 2 and short[-2:-1].isupper():
        letters = letters[:-1]  # plural `STNs`
    words = []  # (char offset, initial) of content words, hyphen parts included (`Language-Image`)
    pos = 0
    for word in candidate.split(" "):
        function_word = word.lower() in _FUNCTION_WORDS
        for k, part in enumerate(word.split("-")):
            if part and not function_word and part[0].isalnum():
                words.append((pos, part[0].lower(), k > 0))
            pos += len(part) + 1
    # The initials from word i on, or those of whole words only, must be the letters: only a start with as
    # many words (or whole words) left as there are letters is compared.
    n, wanted = len(words), len(letters)
    whole_left = [0] * (n + 1)  # whole words (not hyphen parts) from i on
    for i in range(n - 1, -1, -1):
        whole_left[i] = whole_left[i + 1] + (not words[i][2])
    for i in range(n):
        if words[i][2]:
            continue  # a long form starts at a word, not inside a hyphen compound
        if n - i == wanted and [w[1] for w in words[i:]] == letters:
            return words[i][0]
        if whole_left[i] == wanted and [w[1] for w in words[i:] if not w[2]] == letters:
            return words[i][0]
    return None


def _long_form_tokens(v: TokenView, short: str, end: int, lo: int) -> Optional[tuple[int, int]]:
    """Tokens [start, end) before position `end` spelling out `short`; `lo` bounds the search."""
    texts, spaces = v.texts, v.spaces
    n_chars = sum(c.isalnum() for c in short)
    max_words = min(n_chars + 5, 2 * n_chars)
    start = end
    word_count = 0
    while start > lo and texts[start - 1] not in _STOPS and word_count < max_words:
        start -= 1
        if spaces[start] or start == end - 1:
            word_count += 1
    if start == end:
        return None
    base = v.starts[start]
    candidate = v.text[base:v.end_char(end - 1)]
    offset = initials_start(short, candidate)
    if offset is None:
        offset = long_form_start(short, candidate)
    if offset is None:
        return None
    char = base + offset
    for i in range(start, end):
        if v.starts[i] >= char:
            first = i
            break
    else:
        return None
    # The long form must be longer than the short form and not just the short form itself.
    long = v.span_text(first, end) if first < end else ""
    if not long or long == short or len(long) <= len(short):
        return None
    return first, end


def find_abbreviations(doc: Doc) -> list[Abbreviation]:
    v = view(doc)
    texts = v.texts
    out: list[Abbreviation] = []
    glued_runs(v)
    runs, run_ending = v.run_from, v.run_to
    n = len(texts)
    for i in v.positions(_OPENERS):
        text = texts[i]
        if i + 1 >= n:
            continue
        sent_start = v.sentence_of(i)[0]
        inner_end = runs.get(i + 1) if text == "(" else None
        if inner_end is not None and inner_end < n and texts[inner_end] in _CLOSERS:
            # `long form (SF)`
            short = v.span_text(i + 1, inner_end)
            if valid_short_form(short):
                span = _long_form_tokens(v, short, i, sent_start)
                if span is not None:
                    out.append(Abbreviation(short, v.span_text(*span), (i + 1, inner_end), span))
                    continue
        # `SF (long form)`, `SF: long form,`: the run before the bracket or colon is the short form.
        closers = (")", ";") if text == "(" else (",", ";", ".", "(")
        close = next((j for j in range(i + 1, min(n, i + 14)) if texts[j] in closers), None)
        if close is None or close - i < 2 or i == 0:
            continue
        prev_start = run_ending.get(i)
        if prev_start is None:
            continue
        short = v.span_text(prev_start, i)
        if not valid_short_form(short) or sum(c.isupper() for c in short) < 2:
            continue
        span = _long_form_tokens(v, short, close, i + 1)
        if span is not None and span[0] == i + 1:
            out.append(Abbreviation(short, v.span_text(*span), (prev_start, i), span))
    return out


@Language.component("kg_acronyms")
def mark_acronyms(doc: Doc) -> Doc:
    """Add a `Mention` (source `acronym`) for each defined short form, and one tagged `long_form` for the
    long form; store the definitions on `doc._.acronyms` (short form -> Abbreviation)."""
    found = mentions(doc)
    defs: dict[str, Abbreviation] = {}
    for ab in find_abbreviations(doc):
        if ab.short in defs:
            continue
        defs[ab.short] = ab
        extra = {"not_entity"} if ab.generic else set()
        found.append(Mention(ab.short_span[0], ab.short_span[1], None, "acronym", SOURCE_SCORE["acronym"],
                             long_form=ab.long, text=ab.short, tags={"definition"} | extra))
        found.append(Mention(ab.long_span[0], ab.long_span[1], None, "acronym", SOURCE_SCORE["acronym"],
                             long_form=ab.long, text=ab.long, tags={"long_form"} | extra))
    set_doc_attr(doc, "acronyms", defs)
    view(doc).acronyms = defs
    return doc
