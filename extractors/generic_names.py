"""Names that are no named thing by their shape, or by what the mined lexicon says they stand for.

- a **version fragment** (`v2`, `v1.5`): a version without the family it belongs to names nothing;
- a **bare head noun** (`score`, `framework`): one of the head nouns that type a name (`X score`,
  `X framework`; `extractors/data/mining_frames.json`) written alone is the head, not a name;
- a **description as a model**: a Model is a specific named model or family (`docs/annotation.md`), so a
  Model written only in lower-case words (`segmentation model`, `residual neural networks`) or a short form
  whose expansion the corpus writes in lower case (`AR` for augmented reality, `NMT` for neural machine
  translation; the acronyms of the mined lexicon, most-voted expansion) is a generic term or an area.
  Named models are capitalised or coined (`Vision Transformer`, `Segment Anything Model`, `GPT-4`).
  Typed Method, a lower-case phrase ending in a model noun (`X detection model`, `X neural networks`: the
  Model heads and `description_heads` of `mining_frames.json`) is the same generic class: techniques are
  written in lower case (`contrastive learning`), classes of models end in a model noun; unless the corpus
  also writes the words capitalised as a name (the mined `names.tsv`: `Graph Attention Networks`);
- a **label**: an upper-case letter and a digit (`T1`, `Q3`: a sequence, a quarter, a setting, a part of
  a longer name) names nothing unless the mined lexicon types it or expands it (`T5`, `C4`, `F1` are typed
  by the corpus's frames, `X model`, `trained on X`, `X score`), or types a variant of it as a Model, in any
  case (`Z7-mini`, `z7-8B`: `Z7` is a model family the corpus ships in versions; `variant_base`);
- a **condition**: a Model, Method or Dataset whose last word is a noun of medical conditions (`X disease`,
  `X syndrome`; `condition_nouns`, `mining_frames.json`) names what a method may be applied to, not the
  method, model or data set;
- an **object**: a Model, Method or Dataset whose head noun is a noun of things a method builds, shows or is
  about (`X interface`, `X view`, `X reality`, `X systems`, `theory of X`; `object_nouns`,
  `mining_frames.json`; the head is the last word, or the word before `of`) names an artefact, a
  representation, a field or a faculty, no technique or data set, unless the mined lexicon's frames type the
  name a data set most (`View-of-Zorb`, written `the X dataset`); a short form read as one too
  (`kg.resolve.head_types.no_entity`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from kg.extractors.lexicon import table
from kg.extractors.mining.lexicon import Lexicon, bundled_lexicon
from kg.extractors.normalize import entity_key, variant_base

FRAGMENT = "fragment"
HEAD_NOUN = "head noun"
DESCRIPTION = "description"
LABEL = "label"
CONDITION = "condition"
OBJECT = "object"

_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
_SHORT = re.compile(r"[A-Z][A-Za-z0-9&-]{0,7}")
_LABEL = re.compile(r"[A-Z]\d{1,2}")
_SYSTEM_TYPES = ("Model", "Method", "Dataset")


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    return frozenset(w for w in table("mining_frames")["heads"] if not w.startswith("_"))


@lru_cache(maxsize=1)
def _model_nouns() -> frozenset[str]:
    frames = table("mining_frames")
    heads = {w for w, t in frames["heads"].items() if t == "Model" and not w.startswith("_")}
    return frozenset(heads | set(frames["description_heads"]["words"]))


@lru_cache(maxsize=1)
def _condition_nouns() -> frozenset[str]:
    return frozenset(table("mining_frames")["condition_nouns"]["words"])


@lru_cache(maxsize=1)
def _object_nouns() -> frozenset[str]:
    return frozenset(table("mining_frames")["object_nouns"]["words"])


def head_word(words: list[str]) -> str:
    """The head noun of a spelled-out name, lower case: the word before `of` (`theory of X`), else the last
    word (`Bird's Eye View` -> `view`)."""
    low = [w.lower() for w in words]
    return low[low.index("of", 1) - 1] if "of" in low[1:] else low[-1]


def _written_as_name(text: str) -> bool:
    """Does the corpus also write these words capitalised, as a name (`Graph Attention Network`)? The mined
    lexicon's names (`names.tsv`, 3 papers or more, the singular or the plural)."""
    lexicon = bundled_lexicon()
    return bool(lexicon.name_papers(text) or lexicon.name_papers(text[:-1] if text.endswith("s") else text + "s"))


def _label(text: str) -> bool:
    """`T1`, `Q3` with neither type votes nor an expansion in the mined lexicon."""
    if not _LABEL.fullmatch(text):
        return False
    lexicon = bundled_lexicon()
    return not lexicon.type_votes(text) and not lexicon.expansions(text) and entity_key(text) not in _model_families()


@lru_cache(maxsize=1)
def _model_families() -> frozenset[str]:
    return model_families(bundled_lexicon())


def model_families(lexicon: Lexicon) -> frozenset[str]:
    """The keys of the letter-and-digit names a variant of which the lexicon types a Model most (`Z7-mini`,
    `z7-8B` -> `z-7`): model families, whatever the case they are written in."""
    found = set()
    for row in lexicon.types:
        votes = row.votes
        model = votes.get("Model", 0)
        if model and all(n < model for t, n in votes.items() if t != "Model"):
            base = variant_base(row.name)
            if base and _LABEL.fullmatch(base.upper()):
                found.add(entity_key(base))
    return frozenset(found)


def _lower_expansion(short: str) -> bool:
    """Does the corpus's most-voted expansion of this short form read in lower case (`augmented reality`)?"""
    if not _SHORT.fullmatch(short) or sum(c.isupper() for c in short) < 2:
        return False
    expansions = bundled_lexicon().expansions(short)
    if not expansions:
        return False
    long_form = expansions[0][0]
    return long_form == long_form.lower() and any(c.isalpha() for c in long_form)


def generic_name(name: str, type_: str) -> Optional[str]:
    """FRAGMENT, HEAD_NOUN, DESCRIPTION, LABEL, CONDITION or OBJECT when the name is no named thing of `type_`; else None."""
    text = name.strip()
    if _VERSION.fullmatch(text):
        return FRAGMENT
    if text in _head_nouns():
        return HEAD_NOUN
    if _label(text):
        return LABEL
    words = text.split()
    lower_phrase = len(words) > 1 and text == text.lower() and all(w.replace("-", "").isalpha() for w in words)
    if type_ == "Model":
        if lower_phrase or _lower_expansion(text):
            return DESCRIPTION
    if type_ == "Method" and lower_phrase and words[-1] in _model_nouns() and not _written_as_name(text):
        return DESCRIPTION
    if type_ in _SYSTEM_TYPES and len(words) > 1 and words[-1].lower() in _condition_nouns():
        return CONDITION
    parts = text.replace("-", " ").split()  # `Theory-of-Mind`, `Bird's-Eye-View`
    if type_ in _SYSTEM_TYPES and len(parts) > 1 and head_word(parts) in _object_nouns() and not _data_set(text):
        return OBJECT
    return None


def _data_set(text: str) -> bool:
    """Do the mined lexicon's frames type the name a data set most (`View-of-Zorb`: `the X dataset`)?"""
    votes = bundled_lexicon().type_votes(text)
    return bool(votes) and max(votes, key=lambda t: votes[t]) == "Dataset"
