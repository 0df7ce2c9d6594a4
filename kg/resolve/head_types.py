"""A mention's type after the votes, from the shape of the name it ends with.

Two checks run on the name a mention resolves to, after the shipped lexicon's type votes
(`kg.resolve.entities`), so that neither the extractor's sentence nor a short form's other reading decides:
- **own head noun**: a spelled-out name of two or more words that ends in one of the head nouns that type a
  name (`X model`, `X encoder`, `X framework`, `X metric`, `X task`; `extractors/data/mining_frames.json`)
  is of that head's type. `Masked Autoencoder` is a Model by its head `encoder` even where the short form
  `MAE`'s other reading (a Metric) typed the mention. Only a head that names a Model, Method, Metric or Task
  counts (a data set's heads, `split`, `suite`, are parts of names of many kinds);
- **generic name after the vote**: a Model that `kg.extractors.generic_names` calls a description (a
  lower-case phrase such as `segmentation model`, a short form the corpus spells out in lower case such as
  `SVM` for support vector machine) is no named model: it is a Method (a learner, an architecture, a
  paradigm). The extraction stage applies the same check to its own types; this one sees the type the
  votes gave. So is a Model the corpus writes as a learner (`X classifier`, `X algorithm` in 5% of its
  papers or more: `extractors/mining/learners.py`, `learners.tsv`): an algorithm fitted to the data at
  hand, which the annotation guide types Method, not a trained artefact.

Then **no name at all** (`no_entity`): the name a mention resolved to may be a short form's reading the paper
does not write (`ZD` read as `Zorblax disease`), so the extraction stage's checks on the paper's own
spelling cannot see it. A Method written in lower-case words ending in a model noun (`zorblax detection
model`), a name ending in a noun of medical conditions or a short form read as one, a Model or Method whose
head is a noun of objects (`X interface`, `theory of X`) or a short form read as one, and a label (`Q7`) are
no entity (`kg.extractors.generic_names`), unless the paper proposes it; so is a Model, Method or Dataset
that the paper also writes as a plural short form the corpus uses as a class (`kinds.tsv`: `Zorb Neural
Networks (ZNNs)`), the class, which the extraction stage cannot see when the long form names the entity.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.extractors.corpus_types import KINDS_FILE, corpus_kind
from kg.extractors.generic_names import CONDITION, DESCRIPTION, LABEL, OBJECT, generic_name
from kg.extractors.lexicon import table
from kg.extractors.mining.learners import is_learner
from kg.resolve.memo import memo

_HEAD_TYPES = ("Model", "Method", "Metric", "Task")
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    return {w: t for w, t in table("mining_frames")["heads"].items()
            if not w.startswith("_") and t in _HEAD_TYPES}


def head_type(name: str) -> str | None:
    """The type the name's own last word gives (`Masked Autoencoder` -> Model), or None."""
    words = name.split()
    if len(words) < 2 or not words[0][:1].isalpha():
        return None
    last = _WORD.findall(words[-1].casefold())
    if not last:
        return None
    word = last[-1]
    heads = _heads()
    for form in (word, word[:-1] if word.endswith("s") else word):
        if form in heads:
            return heads[form]
        # a compound whose last part is a model head (`autoencoder`): at least 4 letters before it
        if any(form.endswith(head) and len(form) - len(head) >= 4 for head in _compound_heads()):
            return "Model"
    return None


@lru_cache(maxsize=1)
def _compound_heads() -> tuple[str, ...]:
    """The model heads a compound may end in (6 letters or more), listed once rather than per name."""
    return tuple(head for head, etype in _heads().items() if etype == "Model" and len(head) >= 6)


def settled_type(name: str, etype: str) -> str:
    """The type of a mention named `name` that the votes typed `etype`, after the two checks above."""
    return _settled_type((name, etype))


@memo()
def _settled_type(name_type: tuple[str, str]) -> str:
    name, etype = name_type
    own = head_type(name)
    if own is not None:
        etype = own
    if etype == "Model" and (_generic((name, etype)) == DESCRIPTION or is_learner(name)):
        return "Method"
    return etype


@memo()
def _generic(name_type: tuple[str, str]) -> str | None:
    """`generic_name` once per (name, type): a corpus repeats its names, the check is pure."""
    return generic_name(*name_type)


def no_entity(name: str, etype: str, proposed: bool = False, reading: str | None = None,
              forms: tuple[str, ...] = ()) -> bool:
    """Is the settled name and type no entity: a description typed Method, a condition, an object, a label, a
    class? `reading`: the long form the short form stands for here (defined by the paper, or the corpus's
    reading); a short form read as a condition or an object is one (`FD` for `Flurbo's disease`, `ZUI` for
    `zorb user interface`), one read as a description is not (a defined short form names one thing: `graph
    zorb network (GZN)`). `forms`: the paper's spellings leading to the name; one that is a plural short form
    the corpus uses as a class (`kinds.tsv`: `ZNNs`) makes the whole a class: `Zorb Neural Networks (ZNNs)`,
    even where the extraction read the paper as proposing it."""
    if etype in ("Model", "Method", "Dataset") and any(_plural_class(f) for f in (name, *forms)):
        return True  # a class is never one paper's proposal (`we introduce a zorb approach using ZNNs`)
    if proposed:
        return False
    kind = _generic((name, etype))
    if kind in (CONDITION, LABEL, OBJECT) or (kind == DESCRIPTION and etype == "Method"):
        return True
    return reading is not None and reading != name and _generic((reading, etype)) in (CONDITION, OBJECT)


def plural_class(form: str, kinds: Path = KINDS_FILE) -> bool:
    """A short form in the plural (`ZNNs`: one word, upper case before the final `s`) that the corpus's kinds
    call a class."""
    return (" " not in form and len(form) > 2 and form.endswith("s") and form[-2].isupper()
            and corpus_kind(form, kinds) == "class")


@memo()
def _plural_class(form: str) -> bool:
    """`plural_class` with the shipped kinds, once per form."""
    return plural_class(form)
