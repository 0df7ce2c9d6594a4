"""Unseen names found by their shape: capitals inside a word, letters mixed with digits, all capitals,
glued with hyphens or slashes (`ResFormer-B-MR`, `Llama3.1-8B-Instruct`, `p-MoD`, `CIFAR-10-C`, `GPT-4o-mini`),
followed by a model size (`Qwen2.5 7B`).

The blank tokenizer splits such names at hyphens (`Llama3.1 - 8B - Instruct`), so a name is a run of tokens
with no space between them. This component only finds the spans; `kg_types` gives them a type.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import table, words
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions
from kg.extractors.tokens import TokenView, view

_JOINERS = frozenset({"-", "/", "_", "+", ".", "@", "–"})
# Tokens that are numbers with a unit or an ordinal, never names by themselves (`20x`, `7B`, `2nd`).
_QUANTITY = re.compile(r"^[+\-~]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?(?:x|×|%|\\%|k|K|M|B|T|s|ms|h|d|pp|nd|st|rd|th|times|X)?\.?$")
_ALNUM = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _size_pattern() -> re.Pattern:
    return re.compile(table("entity_cues")["size_token"])


@lru_cache(maxsize=100_000)
def name_like(text: str) -> bool:
    """Does a single token look like part of a name (`ResFormer`, `GSM8K`, `BLEU`, `pass@k`, `T5`)?"""
    if len(text) < 2 or _QUANTITY.match(text):
        return False
    if "-" in text and all(_QUANTITY.match(part) for part in text.split("-") if part):
        return False  # a range of sizes (`70M-12B`)
    has_alpha = any(c.isalpha() for c in text)
    if not has_alpha:
        return False
    if "@" in text or any(c.isdigit() for c in text):
        return True
    return any(c.isupper() for c in text[1:])


@lru_cache(maxsize=100_000)
def is_size(text: str) -> bool:
    """A model size written after a name (`7B`, `1.5B`, `350M`)."""
    return bool(_size_pattern().match(text))


# Characters of formulas, markup and quotes: a token holding one is no part of a name.
_FORBIDDEN = frozenset('[]{}|\\$=^<>"“”‘’`~*')
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _is_word(text: str) -> bool:
    if not any(c.isalnum() for c in text) or any(c in _FORBIDDEN for c in text) or text in _POSSESSIVE:
        return False
    # `P(IK` (its `)` is the next token) is fine, `RL)-free` is not.
    return text.count(")") <= text.count("(")


def _is_link(text: str) -> bool:
    low = text.lower()
    return "://" in low or low.startswith(("www.", "http")) or ".com" in low or ".org" in low or ".io" in low


@lru_cache(maxsize=100_000)
def _word(text: str) -> bool:
    return _is_word(text)


def glued_runs(v: TokenView) -> list[tuple[int, int]]:
    """Spans of tokens written without spaces between them (`ResFormer-B-MR`, `P(IK)`), with
    sentence punctuation, unbalanced brackets and dangling joiners left out (cached on the view).

    Only the space-delimited stretches around a token with a capital, a digit or `@` are looked at: a
    name always has one, and most words have none."""
    if v.runs is not None:
        return v.runs
    texts, spaces, starts = v.texts, v.spaces, v.sent_start
    runs = []
    n = len(texts)
    done = 0
    for m in v.marked():
        if m < done:
            continue
        i = m
        while i > 0 and not spaces[i - 1]:
            i -= 1
        stop = m
        while stop < n - 1 and not spaces[stop]:
            stop += 1
        stop += 1
        done = stop
        while i < stop:
            if not _word(texts[i]):
                i += 1
                continue
            if spaces[i] or i + 1 == n:
                runs.append((i, i + 1))
                i += 1
                continue
            text = texts[i]
            k = i
            depth = text.count("(") - text.count(")")
            while k + 1 < n and not spaces[k]:
                nxt = texts[k + 1]
                if k + 1 < len(starts) and starts[k + 1] or (nxt == "." and k + 2 < len(starts) and starts[k + 2]):
                    break  # a sentence ends inside the glued text (`GLUE.It`): the name stops before it
                if _word(nxt) or nxt in _JOINERS:
                    depth += nxt.count("(") - nxt.count(")")
                elif nxt == ")" and depth > 0:
                    depth -= 1
                elif nxt == "(":
                    depth += 1
                else:
                    break
                k += 1
            end = k + 1
            # Drop a trailing joiner or an open bracket (`BERT-`, `CLIP(`).
            while end > i + 1 and (texts[end - 1] in _JOINERS or texts[end - 1] == "("):
                end -= 1
            if depth > 0:
                # An unbalanced `(` inside: keep the part before it.
                for j in range(i, end):
                    if "(" in texts[j]:
                        end = j if texts[j] == "(" else end
                        break
            if end > i:
                runs.append((i, end))
            i = k + 1
    v.runs = runs
    v.run_from = dict(runs)
    v.run_to = {end: start for start, end in runs}
    return runs


def run_is_name(texts: list[str], start: int, end: int) -> tuple[bool, bool]:
    """(is a name, is only a weak one). A weak name is a Title-Case hyphen compound (`Math-Hard`)."""
    if end - start == 1:
        return name_like(texts[start]), False
    part_texts = texts[start:end]
    if any(name_like(t) for t in part_texts):
        return True, False
    joined = "".join(part_texts).rstrip(".")
    parts = _ALNUM.findall(joined)
    if any(c.isdigit() for c in joined) and any(
            any(c.isupper() for c in p) and not _QUANTITY.match(p) for p in parts):
        return True, False  # `1.5-Pints`, not `70M-12B` or `128K-long`
    if len(parts) >= 2 and all(p[0].isupper() for p in parts) and "-" in part_texts:
        return True, True
    return False, False


@Language.component("kg_shapes")
def find_shapes(doc: Doc) -> Doc:
    """Add an untyped `Mention` (source `shape`) for every name-shaped run of tokens."""
    stop = words("name_stopwords")
    strip = words("name_trailing_words")
    found = mentions(doc)
    v = view(doc)
    texts, lowers, spaces = v.texts, v.lowers, v.spaces
    n = len(texts)
    for start, end in glued_runs(v):
        if end - start == 1:
            if not name_like(texts[start]):
                continue  # most runs are one ordinary word
            is_name, weak = True, False
        else:
            is_name, weak = run_is_name(texts, start, end)
            if not is_name:
                continue
        # A common word hyphenated onto a name is not part of it (`VLM-based`, `RARE-trained`).
        while end - start >= 3 and texts[end - 2] == "-" and (
                lowers[end - 1] in strip or (texts[end - 1].islower() and texts[end - 1].endswith("ed"))):
            end -= 2
        text = v.span_text(start, end)
        if text.lower() in stop or _is_link(text) or not run_is_name(texts, start, end)[0]:
            continue
        if weak and v.sent_start[start]:
            continue  # a capitalised compound opening a sentence is usually an ordinary word
        # A model size after a space belongs to the name (`Qwen2.5 7B`, `Zorblax 7B`).
        while end < n and spaces[end - 1] and is_size(texts[end]):
            end += 1
        # The tokenizer leaves a full stop on a final capital (`DeiT-B.`): not part of the name.
        text = v.span_text(start, end)
        if text.endswith(".") and (end == n or spaces[end - 1] or v.sent_start[end]):
            text = text[:-1]
        m = Mention(start, end, None, "shape", SOURCE_SCORE["shape"] - (0.15 if weak else 0.0), text=text)
        if weak:
            m.tags.add("weak")
        found.append(m)
    _family_with_size(v, found)
    return doc


_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")


def _family_with_size(v: TokenView, found: list) -> None:
    """`Quux 7B`, `Zorblax 2.5 14B`: a capitalised word, an optional version and a model size is a model,
    whatever the word's shape (a plain word has no other mark of a name)."""
    texts, spaces = v.texts, v.spaces
    stop = words("capitalised_stopwords")
    for i in v.marked():
        if i == 0 or not spaces[i - 1] or not is_size(texts[i]):
            continue
        j = i - 1
        if j > 0 and _VERSION.match(texts[j]) and spaces[j - 1]:
            j -= 1
        word = texts[j]
        if len(word) > 1 and word[0].isupper() and word[1:].isalpha() and word[1:].islower() and \
                v.lowers[j] not in stop and (j == 0 or spaces[j - 1]):
            found.append(Mention(j, i + 1, None, "shape", SOURCE_SCORE["shape"], text=v.span_text(j, i + 1)))
