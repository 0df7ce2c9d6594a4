"""Settle the candidates into entities: one mention per stretch of text, one entity per name.

Overlapping candidates: the longer span wins (the author's most specific form, `GPT-4o-mini` over `GPT-4o`),
then the more trusted source. A `not_entities` phrase that wins removes what it covers. Mentions of one name
(by `entity_key`) and an abbreviation's long form make one entity; its type comes from its most trusted mention.
The result is `doc._.entities` (a list of `EntityRecord`), with each mention's `key` set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from extractors.lexicon import words
from extractors.mentions import Mention, mentions
from extractors.normalize import entity_key
from extractors.shapes import is_size

# Equal spans: an abbreviation's definition or the paper's own name beats a list entry, which beats a shape.
_SOURCE_RANK = {"acronym": 4, "proposed": 3, "gazetteer": 2, "phrase": 2, "shape": 1, "context": 0}


@dataclass
class EntityRecord:
    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    proposed: bool = False
    count: int = 0
    confidence: float = 0.5
    mentions: list[Mention] = field(default_factory=list)


def select(found: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, longest first, then by source and score."""
    ranked = sorted(found, key=lambda m: (-(m.end - m.start), -_SOURCE_RANK.get(m.source, 0), -m.score, m.start))
    taken: list[Mention] = []
    occupied: set[int] = set()
    for m in ranked:
        if any(i in occupied for i in range(m.start, m.end)):
            # A proposal on the same words keeps its flag on the winner.
            if m.proposed:
                for t in taken:
                    if t.start == m.start and t.end == m.end:
                        t.proposed = True
            continue
        taken.append(m)
        occupied.update(range(m.start, m.end))
    return sorted(taken, key=lambda m: m.start)


def _extend_with_size(doc: Doc, m: Mention) -> None:
    """`Pensez 7B`: a model size after a name is part of it."""
    if m.type in ("Model", "Method") and m.end < len(doc) and doc[m.end - 1].whitespace_ and is_size(doc[m.end].text):
        m.end += 1
        m.text = doc[m.start:m.end].text
        m.type = "Model"


@Language.component("kg_resolve")
def resolve(doc: Doc) -> Doc:
    stop = words("name_stopwords")
    chosen = []
    for m in select(mentions(doc)):
        if "not_entity" in m.tags or m.type is None:
            continue
        if not m.text:
            m.text = doc[m.start:m.end].text
        if m.text.lower() in stop and m.source not in ("acronym", "proposed"):
            continue
        chosen.append(m)
    for m in chosen:
        _extend_with_size(doc, m)

    # Group by name; a long form joins its short form's entity.
    short_of_long = {m.long_form: m.text for m in chosen if m.source == "acronym" and "definition" in m.tags}
    groups: dict[str, list[Mention]] = {}
    for m in chosen:
        if "long_form" in m.tags:
            short = short_of_long.get(m.long_form)
            key = entity_key(short) if short else entity_key(m.text)
        else:
            key = entity_key(m.text)
        if not key:
            continue
        groups.setdefault(key, []).append(m)
    # Further spellings of a defined long form (`Knowledge distillation` later written lower-case) are
    # recognised by key.
    long_keys = {entity_key(lf): entity_key(sf) for lf, sf in short_of_long.items()}
    for lk, sk in long_keys.items():
        if lk in groups and sk in groups and lk != sk:
            groups[sk].extend(groups.pop(lk))

    generic = {entity_key(ab.short) for ab in (doc._.acronyms or {}).values() if ab.generic}
    records = []
    for key, ms in groups.items():
        if key in generic:
            continue
        best = max(ms, key=lambda m: (_SOURCE_RANK.get(m.source, 0) if m.typed_by != "default" else -1, m.score))
        type_ = best.type
        surface = [m.text for m in ms if "long_form" not in m.tags]
        if not surface:
            continue
        name = max(set(surface), key=lambda s: (surface.count(s), -surface.index(s)))
        aliases = []
        for m in ms:
            for form in (m.text, m.long_form, m.canonical):
                if form and form != name and form not in aliases and form.lower() != name.lower():
                    aliases.append(form)
        confidence = max(m.score for m in ms)
        if len(ms) > 1:
            confidence = min(1.0, confidence + 0.05)
        for m in ms:
            m.key = key
            m.type = type_
        records.append(EntityRecord(key=key, name=name, type=type_, aliases=aliases,
                                    proposed=any(m.proposed for m in ms), count=len(ms),
                                    confidence=round(confidence, 3), mentions=ms))
    doc._.mentions = sorted((m for r in records for m in r.mentions), key=lambda m: m.start)
    doc._.entities = records
    return doc


def entity_by_key(doc: Doc) -> dict[str, EntityRecord]:
    return {r.key: r for r in doc._.entities or []}


def find_entity(doc: Doc, name: Optional[str]) -> Optional[EntityRecord]:
    if not name:
        return None
    return entity_by_key(doc).get(entity_key(name))
