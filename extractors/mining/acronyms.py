"""Acronym definitions in one sentence: `Long Form (LF)` and `LF (Long Form)`.

A long form is accepted only when the short form's letters can be matched to it letter-wise, in order:
- the first letter at the start of the long form's first word;
- every content word of the long form starts with a matched letter (function words such as `of`, `to`
  may be skipped or matched: `Mixture-of-Experts (MoE)`, `Text-to-Speech (TTS)`);
- a letter matches at a word start, after a hyphen, at an in-word capital (`LoRA`), next to a digit
  (`3D`), or inside the word of the previous match (`Structural SIMilarity (SSIM)`);
- `2`/`4` may stand for `to`/`for` (`T2I`); a plural short form (`LLMs`) matches its singular.
Among the long forms that fit, the one with most letters at word starts wins, then the shortest.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extractors.mining.shapes import singular

FUNCTION_WORDS = frozenset("of for from and the a an in on with to by via over under at as into through "
                           "or using based".split())
_DIGIT_WORDS = {"2": ("to", "two"), "4": ("for", "four"), "3": ("three",), "1": ("one",)}
_OPEN, _CLOSE = "(", frozenset({")", ",", ";"})
MAX_SHORT = 10


@dataclass(frozen=True, slots=True)
class Definition:
    short: str  # singular (`LLM` for `LLMs`)
    long: str  # as written, plural folded when the short form was plural
    short_as_written: str


def valid_short(tok: str) -> bool:
    """2 to 10 letters/digits, at least one capital, starts with a letter or digit, not a plain number."""
    chars = [c for c in tok if c.isalnum()]
    return 2 <= len(chars) <= MAX_SHORT and tok[0].isalnum() and any(c.isupper() for c in tok) and \
        any(c.isalpha() for c in tok) and all(c.isalnum() or c in "-." for c in tok)


def _positions(words: tuple[str, ...]) -> list[tuple[int, int, str, bool, bool]]:
    """(word index, char index, char, is boundary, is start of a content word) for every letter/digit."""
    out = []
    for w, word in enumerate(words):
        content = word.lower() not in FUNCTION_WORDS
        prev = ""
        for j, ch in enumerate(word):
            if ch.isalnum():
                boundary = j == 0 or prev == "-" or (ch.isupper() and prev.islower()) or \
                    (ch.isdigit() != prev.isdigit() and prev.isalnum())
                out.append((w, j, ch, boundary, j == 0 and content))
            prev = ch
    return out


def _digit_word_match(sf_char: str, word: str, j: int) -> bool:
    part = word[j:].split("-", 1)[0].lower()
    return part in _DIGIT_WORDS.get(sf_char, ())


@lru_cache(maxsize=65536)
def match_score(short: str, words: tuple[str, ...]) -> int | None:
    """Letters of `short` matched at word boundaries when the whole of `words` spells it, else None."""
    letters = [c for c in short if c.isalnum()]
    pos = _positions(words)
    if not pos or not letters or words[0].lower() in FUNCTION_WORDS or words[-1].lower() in FUNCTION_WORDS:
        return None
    n = len(pos)

    memo: dict[tuple[int, int], int | None] = {}

    def best(i: int, p: int) -> int | None:
        if (i, p) not in memo:
            memo[(i, p)] = _best(i, p)
        return memo[(i, p)]

    def _best(i: int, p: int) -> int | None:
        # letters[i:] still to place from position p on; pos[p - 1] holds the previous match
        if i == len(letters):
            return 0 if pos[p - 1][0] == len(words) - 1 else None  # the last word holds the last match
        c = letters[i].lower()
        result: int | None = None
        prev_word = pos[p - 1][0]
        for q in range(p, n):
            w, j, ch, boundary, content_start = pos[q]
            ok = ch.lower() == c and (boundary or w == prev_word)
            if not ok and boundary:
                ok = _digit_word_match(letters[i], words[w], j)
            if ok:
                rest = best(i + 1, q + 1)
                if rest is not None and (result is None or rest + boundary > result):
                    result = rest + boundary
            if content_start:
                break  # a content word cannot be skipped
        return result

    first = pos[0]
    if first[2].lower() != letters[0].lower() and not _digit_word_match(letters[0], words[0], 0):
        return None
    rest = best(1, 1)
    if rest is None:
        return None
    score = rest + 1
    inword = len(letters) - score
    if score < 2 or inword > score:
        return None
    return score


def _fold_plural(long_words: list[str], plural: bool) -> str:
    text = " ".join(long_words)
    if plural and len(text) > 3 and text.endswith("s") and not text.endswith(("ss", "us", "is")):
        text = text[:-3] + "y" if text.endswith("ies") else text[:-1]
    return text


def _long_before(toks: list[str], open_at: int, short: str) -> list[str] | None:
    n_letters = sum(c.isalnum() for c in short)
    lo = open_at
    while lo > 0 and open_at - lo < n_letters + 3 and toks[lo - 1][:1].isalnum():
        lo -= 1
    best: tuple[int, int] | None = None
    first = short[0].lower()
    for start in range(open_at - 1, lo - 1, -1):
        word = toks[start]
        if word[0].lower() != first and not _digit_word_match(short[0], word, 0):
            continue  # the long form starts with the short form's first letter
        score = match_score(short, tuple(toks[start:open_at]))
        if score is not None and (best is None or score > best[0]):
            best = (score, start)
    return toks[best[1]:open_at] if best else None


def find_definitions(toks: list[str]) -> list[Definition]:
    """Acronym definitions among the tokens of one sentence."""
    out: list[Definition] = []
    if _OPEN not in toks:
        return out
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok != _OPEN or i + 2 >= n:
            continue
        inner = toks[i + 1]
        if toks[i + 2] in _CLOSE and valid_short(inner) and i > 0:
            short = singular(inner)
            words = _long_before(toks, i, short)
            if words is not None and (len(words) > 1 or "-" in words[0]):
                out.append(Definition(short, _fold_plural(words, short != inner), inner))
                continue
        # `LF (Long Form)`: the whole bracket must spell the token before it
        if i == 0 or not valid_short(toks[i - 1]) or sum(c.isupper() for c in toks[i - 1]) < 2:
            continue
        close = next((j for j in range(i + 1, min(n, i + 12)) if not toks[j][:1].isalnum()), None)
        if close is None or toks[close] != ")" or close - i < 2:
            continue
        before = toks[i - 1]
        short = singular(before)
        words = toks[i + 1:close]
        if (len(words) > 1 or "-" in words[0]) and match_score(short, tuple(words)) is not None:
            out.append(Definition(short, _fold_plural(words, short != before), before))
    return out
