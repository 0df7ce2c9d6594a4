"""Name shapes that name the same thing as a shorter or longer name, each taken only with the corpus's evidence.

- **A maker's prefix**: `OpenAI o1`, `OpenAI-o1` are `o1` when the corpus writes the prefix as a maker (`OpenAI's
  o1`, `OpenAI's GPT-4o`: `kg/data/makers.tsv`, mined by `kg.resolve.makers`) and the rest is a name the lexicon
  knows. A prefix seen as a maker of fewer than two models is no maker (`CLIP's ViT`).
- **An expansion less its generic words**: `Segment Anything` is `Segment Anything Model` (SAM's reading), `Dice`
  `Dice Similarity Coefficient` (DSC's), `speech recognition` `automatic speech recognition` (ASR's), when the
  lexicon's readings give one dominant expansion that is the name plus generic end words (`Model`, `Network`,
  `Coefficient`, ...) or a generic opener (`automatic`), and the name itself is no short form's reading. A
  one-word name takes it only as a proper name (`Dice`), and only from an expansion of three words or more.
- **A short form and a generic head**: `Swin Transformer`, `SAM model` are `Swin`, `SAM` when the lexicon gives the
  short form an expansion.
- **A suffix a type adds**: `X prompting` is X when the lexicon types X as a Method and X is a named technique (a
  short form or a short form's reading: `chain-of-thought prompting`, `CoT prompting`), `X generation` is X when
  it types X as a Task and X maps one modality to another (`text-to-image generation`; `text generation` is no
  `text`); `X score` for a metric is `kg.resolve.keys.score_base`.
- **A short form inside an expansion** is read as its dominant expansion before expansions are compared
  (`mean IoU` and `mean Intersection over Union` are one reading of mIoU).
All of it depends on the shipped lexicon only (never on the order papers come in), so a name's key is the
same in every ingest.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from kg.resolve.keys import is_short_form, is_short_like, meaning, short_key
from kg.resolve.prefixes import Prefixes

MAKERS_FILE = Path(__file__).resolve().parents[1] / "data" / "makers.tsv"
# An expansion's reading holds this share of its short form's votes (and at least MIN_VOTES) to be read
# into another expansion or to take a name that lacks its head.
DOMINANT_SHARE = 0.85
MIN_VOTES = 5
UNANIMOUS_VOTES = 3
# Words at an expansion's end that do not change what it names (`Segment Anything Model`, `Dice Similarity
# Coefficient`), and at its start (`automatic speech recognition`). Not `index` or `measure`: `Structural
# Similarity Index` is a reading of SSIM of its own in the corpus's definitions, which the lexicon may not list.
GENERIC_HEADS = frozenset({"model", "models", "network", "networks", "coefficient", "similarity"})
# What a short form's name may carry after it (`SAM model`, `Swin Transformer`): the thing the short form names.
# Singular only: `NLP models`, `AI Models` name a class of things, not NLP or AI.
SHORT_FORM_HEADS = frozenset({"model", "network", "transformer"})
GENERIC_OPENERS = frozenset({"automatic", "automated"})
# `X <suffix>` is X when the lexicon's type votes make X of this type.
TYPE_SUFFIXES = {"prompting": "Method", "generation": "Task"}
_MODALITY_MAP = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-to-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_MAKER_SPLIT = re.compile(r"^(?P<maker>[A-Z][A-Za-z]+)[\s-](?P<rest>\S.*)$")


@lru_cache(maxsize=4)
def read_makers(path: Path = MAKERS_FILE) -> frozenset[str]:
    """The makers of `kg/data/makers.tsv` (empty when the file is absent)."""
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf-8", newline="") as fh:
        return frozenset(row["maker"] for row in csv.DictReader(fh, delimiter="\t"))


def name_shaped(text: str) -> bool:
    """A model's name rather than a word: a capital after the first letter or a digit (`o1`, `GPT-4o`, `LLaMA`),
    or a capitalised word of three letters or more (`Gemini`, `Whisper`)."""
    if any(c.isdigit() for c in text) or any(c.isupper() for c in text[1:]):
        return len(text) >= 2 and not (text.isupper() and len(text) <= 2)
    return text[:1].isupper() and len(text) >= 3


class NameShapes:
    """The shapes above for one lexicon (an object with `acronyms`, `type_votes` and `surfaces`; None: none)."""

    def __init__(self, lexicon: Any | None, makers: frozenset[str] | None = None):
        self.lexicon = lexicon
        self.makers = read_makers() if makers is None else makers
        self.dominant: dict[str, str] = {}  # short key -> its dominant expansion, as written
        self.readings: set[str] = set()  # meaning keys of every expansion the lexicon gives a short form
        self.headless: dict[str, Counter[str]] = defaultdict(Counter)  # meaning less a generic head -> expansions
        self._meanings: dict[str, str] = {}
        self._written: dict[str, str] = {}
        self.shorts: set[str] = set()
        self.prefixes = Prefixes(None, self.meaning)
        if lexicon is None:
            return
        by_short: dict[str, Counter[str]] = defaultdict(Counter)
        for row in lexicon.acronyms:
            by_short[short_key(row.short)][row.expansion] += row.papers
        self.shorts = set(by_short)  # short keys the lexicon gives an expansion
        for short, votes in by_short.items():
            total = sum(votes.values())
            (top, n), = votes.most_common(1)
            # inside an expansion, a short form every vote reads one way is read out from UNANIMOUS_VOTES on
            # (`area under the ROC curve`: ROC, 3 papers, all receiver operating characteristic)
            if (n >= MIN_VOTES and n >= DOMINANT_SHARE * total) or (n >= UNANIMOUS_VOTES and n == total):
                self.dominant[short] = top
        for row in lexicon.acronyms:
            folded = self.meaning(row.expansion)
            self.readings.add(folded)
            self._written.setdefault(folded, row.expansion)
            for rest in _without_generic_words(row.expansion.split()):
                self.headless[self.meaning(" ".join(rest))][folded] += row.papers
        self.prefixes = Prefixes(lexicon, self.meaning)  # `ChatGPT-4o`, `MS-COCO`, `Gaussian Splatting`

    # -- expansions ---------------------------------------------------------------------------------

    def spelled(self, expansion: str) -> str:
        """The expansion with each short form inside it written out as its dominant reading (`mean IoU` ->
        `mean Intersection over Union`); a one-word expansion as it is."""
        words = expansion.split()
        if len(words) < 2 or not self.dominant:
            return expansion
        changed = False
        for i, word in enumerate(words):
            if is_short_form(word):
                reading = self.dominant.get(short_key(word))
                if reading is not None:
                    words[i], changed = reading, True
        return " ".join(words) if changed else expansion

    def meaning(self, expansion: str) -> str:
        """`kg.resolve.keys.meaning` of the spelled expansion: what tells two readings apart."""
        found = self._meanings.get(expansion)
        if found is None:
            found = self._meanings[expansion] = meaning(self.spelled(expansion))
        return found

    # -- names --------------------------------------------------------------------------------------

    def base_name(self, name: str, type_of: Callable[[str], str | None]) -> str:
        """The name the shapes above give this one (itself when none applies). `type_of(X)`: the lexicon's
        majority type for X, or None."""
        return (self._maker_rest(name) or self.prefixes.base(name) or self._type_suffix(name, type_of)
                or self._short_with_head(name) or self._with_head(name) or name)

    def _short_with_head(self, name: str) -> str | None:
        """`Swin Transformer`, `SAM model` -> `Swin`, `SAM`: a short form the lexicon gives an expansion, then a
        generic head."""
        words = name.split()
        if len(words) == 2 and words[1].casefold() in SHORT_FORM_HEADS and is_short_like(words[0]) \
                and short_key(words[0]) in self.shorts:
            return words[0]
        return None

    def _maker_rest(self, name: str) -> str | None:
        match = _MAKER_SPLIT.match(name.strip())
        if not match or match.group("maker") not in self.makers or self.lexicon is None:
            return None
        rest = match.group("rest")
        if " " in rest or not name_shaped(rest):
            return None
        # The rest is a model the lexicon types so, or a name with a digit it has seen (`o1`): `Meta-Learning` is no
        # maker's `Learning`.
        votes = self.lexicon.type_votes(rest)
        model = sum(votes.values()) >= 3 and votes.get("Model", 0) >= 0.7 * sum(votes.values())
        seen = any(c.isdigit() for c in rest) and bool(self.lexicon.surfaces(rest))
        return rest if model or seen else None

    def _type_suffix(self, name: str, type_of: Callable[[str], str | None]) -> str | None:
        words = name.split()
        if len(words) != 2:
            return None
        head, suffix = words[0], words[1].casefold()
        if suffix not in TYPE_SUFFIXES or type_of(head) != TYPE_SUFFIXES[suffix]:
            return None
        # Only a named technique (a short form, or a short form's reading: `CoT`, `chain-of-thought`) or a mapping
        # between modalities (`text-to-image`) is the thing itself: `text generation` is no `text`, `Instance-Aware
        # Prompting` no `Instance-Aware`.
        if suffix == "prompting" and (short_key(head) in self.shorts or self.meaning(head) in self.readings):
            return head
        if suffix == "generation" and _MODALITY_MAP.match(head):
            return head
        return None

    def _with_head(self, name: str) -> str | None:
        words = name.split()
        if is_short_form(name) or (len(words) < 2 and not (name[:1].isupper() and name[1:].islower())):
            return None  # one word only as a proper name (`Dice`)
        folded = self.meaning(name)
        if folded in self.readings:
            return None  # a reading in its own right (`Gaussian Splatting`: GS)
        found = self.headless.get(folded)
        if not found:
            return None
        total = sum(found.values())
        (top, n), = found.most_common(1)
        if n < MIN_VOTES or n < DOMINANT_SHARE * total:
            return None
        return self._written[top]


def _without_generic_words(words: list[str]) -> list[list[str]]:
    """The expansion's words less its generic end words (one or more) or its generic opener; what is left keeps
    at least one word, or two when nothing but the head was dropped from a two-word expansion."""
    out = []
    end = len(words)
    while end > 1 and words[end - 1].casefold() in GENERIC_HEADS:
        end -= 1
        out.append(words[:end])
    if len(words) >= 3 and words[0].casefold() in GENERIC_OPENERS:
        out.append(words[1:])
    return [rest for rest in out if len(rest) >= 2 or (len(rest) == 1 and len(words) - len(rest) >= 2)]


__all__ = ["DOMINANT_SHARE", "GENERIC_HEADS", "GENERIC_OPENERS", "SHORT_FORM_HEADS", "MAKERS_FILE", "NameShapes", "TYPE_SUFFIXES", "name_shaped",
           "read_makers"]
