"""The shared record of an entity candidate, and the Doc attributes the components fill.

Each entity component appends `Mention`s to `doc._.mentions`; `kg_resolve` settles overlaps and types.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from spacy.tokens import Doc

from kg.extractors.tokens import view

# How much each way of finding a name is trusted: used to settle overlaps and as base confidence.
SOURCE_SCORE = {
    "gazetteer": 0.9,
    "acronym": 0.85,
    "proposed": 0.85,
    "shape": 0.55,
    "phrase": 0.6,
    "capitalised": 0.45,
}


@dataclass(slots=True)
class Mention:
    """A candidate entity mention: tokens [start, end) of the doc, a type (None until typed)."""

    start: int
    end: int
    type: Optional[str]
    source: str
    score: float = 0.5
    canonical: Optional[str] = None  # gazetteer canonical name
    long_form: Optional[str] = None  # expansion of a defined abbreviation
    proposed: bool = False
    typed_by: Optional[str] = None  # what decided the type (for confidence)
    text: str = ""
    tags: set = field(default_factory=set)
    key: str = ""  # entity key, set by kg_resolve


# Results on the Doc for anyone who runs the pipeline: candidates settled into mentions, entities, claims,
# the defined abbreviations and the paper's proposal. (Components pass other facts on the token view.)
for _name, _default in (("mentions", None), ("acronyms", None), ("proposed", None), ("entities", None),
                        ("claims", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def doc_attr(doc: Doc, name: str) -> Any:
    """`doc._.<name>` for an extension with default None, read straight from `doc.user_data`, where spaCy
    keeps extension values: every `doc._` access builds an Underscore object (about 2 us; a dozen per doc)."""
    data: Any = doc.user_data  # (typed dict[str, Any] by spaCy; extension keys are tuples)
    return data.get(("._.", name, None, None))


def set_doc_attr(doc: Doc, name: str, value: Any) -> None:
    """`doc._.<name> = value`, written where spaCy's Underscore writes it."""
    data: Any = doc.user_data
    data[("._.", name, None, None)] = value


def mentions(doc: Doc) -> list[Mention]:
    """The doc's candidate list, created on first use. It lives on the token view (cheaper to reach than
    `doc._`); `kg_resolve` publishes the settled mentions as `doc._.mentions`."""
    return view(doc).mentions
