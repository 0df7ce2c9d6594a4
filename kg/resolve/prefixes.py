"""Leading words that name nothing more (or less) than the name without them, each on the corpus's evidence.

- **A product's prefix**: `ChatGPT-4o` is `GPT-4o` when the corpus ascribes both the product (`ChatGPT`) and the
  family its name ends with (`GPT`) to one maker (`OpenAI's ChatGPT`, `OpenAI's GPT-4`: `kg/data/products.tsv`,
  mined by `kg.resolve.makers`), and the family's version (`GPT-4o`) is a name the lexicon has seen. A name
  that holds a family's name inside another product's (`Minigpt-4` for a model no maker of the family makes)
  stays: its prefix is part of a different product's name.
- **A maker's initials**: `MS-COCO`, `MS COCO`, `MSCOCO` and `Microsoft COCO` are `COCO` when the corpus writes
  the name after both the initials and one word they abbreviate (`MS COCO` and `Microsoft COCO`, the lexicon's
  names), that word is a proper name (the corpus hardly writes it in lower case: no common word), and the name
  alone is a name of the lexicon with the same type. `ST-GCN` is no `GCN`: `Spatial` is a common word.
- **A default dimension**: a bare name (`Gaussian Splatting`) is its one dimension-qualified reading
  (`3D Gaussian Splatting`) when the lexicon's expansions qualify it by a dimension (`2D`, `3D`, `4D`), one of
  them holds DEFAULT_SHARE of those votes (3DGS 374 of 401; 2DGS 15, 4DGS 12) and at least DEFAULT_RATIO times
  the votes of the bare name as an expansion of its own (GS: 33): most papers that write it bare mean that one.
  The other dimensions keep their nodes (`2D Gaussian Splatting` is a method of its own).
Each depends on the shipped lexicon and the mined file only, never on the order papers come in.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from kg.resolve.keys import entity_key

PRODUCTS_FILE = Path(__file__).resolve().parents[1] / "data" / "products.tsv"
DEFAULT_SHARE = 0.85
DEFAULT_RATIO = 5
MIN_VOTES = 10
_INITIALS = re.compile(r"^(?P<initials>[A-Z]{2,4})(?P<sep>[\s-]?)(?P<rest>[A-Z0-9][\w.\-]*)$")
_MAKER_WORD = re.compile(r"^(?P<word>[A-Z][a-z]{2,})\s(?P<rest>[A-Z0-9][\w.\-]*)$")
_DIMENSION = re.compile(r"^[1-4]D$")
_VERSION = re.compile(r"^[\s-]?(?P<version>\d[\w.]*(?:-\w+)*)$")


@lru_cache(maxsize=4)
def read_products(path: Path = PRODUCTS_FILE) -> tuple[tuple[str, str], ...]:
    """(product, family) pairs of `kg/data/products.tsv`, longest product first (empty when absent)."""
    if not path.exists():
        return ()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [(row["product"], row["family"]) for row in csv.DictReader(fh, delimiter="\t")]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r)))


def abbreviates(initials: str, word: str) -> bool:
    """`MS` abbreviates `Microsoft`: the same first letter, the others in order in the word."""
    text = word.casefold()
    if not text.startswith(initials[0].casefold()):
        return False
    at = 1
    for c in initials[1:].casefold():
        at = text.find(c, at)
        if at < 0:
            return False
        at += 1
    return True


class Prefixes:
    """The three rules above for one lexicon (None: none apply)."""

    def __init__(self, lexicon: Any | None, meaning: Callable[[str], str],
                 products: tuple[tuple[str, str], ...] | None = None):
        self.lexicon = lexicon
        self.products = read_products() if products is None else products
        self.meaning = meaning
        self.maker_words: dict[str, set[str]] = defaultdict(set)  # name key -> proper words written before it
        self.defaults: dict[str, str] = {}  # meaning of a bare name -> its default qualified expansion
        if lexicon is None:
            return
        for row in lexicon.names:
            match = _MAKER_WORD.match(row.name)
            if match and lexicon.common_word(match.group("word")) is None:
                self.maker_words[entity_key(match.group("rest"))].add(match.group("word"))
        qualified: dict[str, Counter[str]] = defaultdict(Counter)
        written: dict[str, str] = {}
        bare: Counter[str] = Counter()
        for row in lexicon.acronyms:
            words = row.expansion.split()
            folded = meaning(row.expansion)
            bare[folded] += row.papers
            if len(words) >= 3 and _DIMENSION.match(words[0]):
                qualified[meaning(" ".join(words[1:]))][folded] += row.papers
                written.setdefault(folded, row.expansion)
        for rest, votes in qualified.items():
            (top, n), = votes.most_common(1)
            if n >= MIN_VOTES and n >= DEFAULT_SHARE * sum(votes.values()) and n >= DEFAULT_RATIO * bare[rest]:
                self.defaults[rest] = written[top]

    def base(self, name: str) -> str | None:
        """The name one of the rules gives this one, or None."""
        return self.product_family(name) or self.without_initials(name) or self.default_dimension(name)

    def product_family(self, name: str) -> str | None:
        """`ChatGPT-4o` -> `GPT-4o` (a product's version as the family's)."""
        if self.lexicon is None:
            return None
        for product, family in self.products:
            if name[:len(product)].casefold() == product.casefold():
                version = _VERSION.match(name[len(product):])
                if version:
                    for candidate in (f"{family}-{version.group('version')}", f"{family}{version.group('version')}"):
                        if self.lexicon.name_papers(candidate) or self.lexicon.type_votes(candidate):
                            return candidate
        return None

    def without_initials(self, name: str) -> str | None:
        """`MS-COCO`, `MS COCO`, `Microsoft COCO` -> `COCO` (a maker's initials or name before a name)."""
        if self.lexicon is None:
            return None
        text = name.strip()
        splits = [_INITIALS.match(text)] + [_INITIALS.match(f"{text[:n]} {text[n:]}") for n in (2, 3, 4)
                                             if text[:n].isupper() and text[n:n + 1].isupper()]
        for match, group in [*((m, "initials") for m in splits), (_MAKER_WORD.match(text), "word")]:
            if not match:
                continue
            rest = match.group("rest")
            words = self.maker_words.get(entity_key(rest), set())
            if group == "word":
                prefix = match.group("word")
                ok = prefix in words and any(self._apart(i, rest) for i in _initials_of(prefix))
            else:
                prefix = match.group("initials")
                ok = any(abbreviates(prefix, w) for w in words) and self._apart(prefix, rest)
            if ok and self._same_type(name, rest):
                return rest
        return None

    def default_dimension(self, name: str) -> str | None:
        """`Gaussian Splatting` -> `3D Gaussian Splatting` (the one dimension most papers mean)."""
        if " " not in name.strip() or _DIMENSION.match(name.split()[0]):
            return None
        return self.defaults.get(self.meaning(name))

    def _apart(self, initials: str, rest: str) -> bool:
        """The corpus writes the initials apart from the name (`MS-COCO`, `MS COCO`): a prefix, not the first
        letters of one acronym (`CSQA`)."""
        assert self.lexicon is not None
        return any(self.lexicon.name_papers(f"{initials}{sep}{rest}") or
                   any(s == f"{initials}{sep}{rest}" for s, _ in self.lexicon.surfaces(f"{initials}{sep}{rest}"))
                   for sep in ("-", " "))

    def _same_type(self, name: str, rest: str) -> bool:
        """The name alone is a name of the lexicon, and both are typed alike by the lexicon's votes."""
        assert self.lexicon is not None
        mine, its = self.lexicon.type_votes(name), self.lexicon.type_votes(rest)
        return bool(self.lexicon.name_papers(rest) and mine and its) and \
            max(sorted(mine), key=mine.__getitem__) == max(sorted(its), key=its.__getitem__)


def _initials_of(word: str) -> list[str]:
    """Two capitals that could abbreviate `word`: its first letter, then one of its other letters."""
    return [word[0] + c for c in dict.fromkeys(word[1:].upper()) if c.isalpha()]


__all__ = ["DEFAULT_RATIO", "DEFAULT_SHARE", "PRODUCTS_FILE", "Prefixes", "abbreviates", "read_products"]
