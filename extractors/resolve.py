"""Settle the candidates into entities: one mention per stretch of text, one entity per name.

Overlapping candidates: the longer span wins (the author's most specific form, `GPT-4o-mini` over `GPT-4o`),
then the more trusted source. A `not_entities` phrase that wins removes what it covers. Mentions of one name
(by `entity_key`) and an abbreviation's long form make one entity; its type comes from its most trusted mention.
The result is `doc._.entities` (a list of `EntityRecord`), with each mention's `key` set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from extractors.lexicon import table, words
from extractors.entity_types import type_from_head
from extractors.mentions import Mention, mentions
from extractors.normalize import entity_key
from extractors.shapes import is_size

_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    return frozenset(k.split()[0] for k in table("units")["units"]) | {"%", "\\%", "of", "and", "to", "-"}


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


def _extend_with_size(doc: Doc, m: Mention, units: frozenset[str]) -> None:
    """`Pensez 7B`: a model size after a name is part of it; so is a version after a known model
    (`Claude 3.5`), unless the number is a quantity (`BERT 3 times`)."""
    n = len(doc)
    while m.type in ("Model", "Method") and m.end < n and doc[m.end - 1].whitespace_:
        nxt = doc[m.end].text
        if is_size(nxt):
            m.type = "Model"
        elif not (m.type == "Model" and m.source == "gazetteer" and _VERSION.match(nxt) and (
                m.end + 1 >= n or doc[m.end + 1].lower_ not in units)):
            break
        m.end += 1
        m.text = doc[m.start:m.end].text


def _split_known_compounds(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Drop a shape that is only known names joined by hyphens or slashes (`PSNR-FLOP`, `ImageNet/COCO`):
    its parts are the entities."""
    known: dict[int, int] = {}
    for m in found:
        if m.source == "gazetteer" and "not_entity" not in m.tags:
            known[m.start] = max(known.get(m.start, m.start), m.end)
    if not known:
        return found
    out = []
    for m in found:
        if m.source == "shape" and m.end - m.start >= 3:
            i, parts = m.start, 0
            while i < m.end and i in known and known[i] <= m.end:
                i, parts = known[i], parts + 1
                if i < m.end and doc[i].text in ("-", "/"):
                    i += 1
                else:
                    break
            if i == m.end and parts >= 2:
                continue
        out.append(m)
    return out


@Language.component("kg_resolve")
def resolve(doc: Doc) -> Doc:
    stop = words("name_stopwords")
    chosen = []
    for m in select(_split_known_compounds(doc, mentions(doc))):
        if "not_entity" in m.tags or m.type is None:
            continue
        if not m.text:
            m.text = doc[m.start:m.end].text
        if m.text.lower() in stop and m.source not in ("acronym", "proposed"):
            continue
        chosen.append(m)
    units = _unit_words()
    for m in chosen:
        _extend_with_size(doc, m, units)

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
        # A metric or a task is not what a paper proposes (`our carbon footprint`), unless its title says so.
        proposed = any(m.proposed and (m.type in ("Model", "Method", "Dataset") or "title" in m.tags) for m in ms)
        if proposed and type_ in ("Task", "Metric") and best.typed_by in ("head", "default"):
            # A paper proposes a method, a model or data: `Retrieval-Augmented Reasoning Modeling (RARE)`
            # is not a task here.
            type_ = "Method"
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
                                    proposed=proposed, count=len(ms),
                                    confidence=round(confidence, 3), mentions=ms))
    title_entity = doc._.title_entity
    if title_entity is not None and entity_key(title_entity[0]) not in groups:
        name, long_form = title_entity
        head = type_from_head(long_form) if long_form else None
        records.append(EntityRecord(key=entity_key(name), name=name,
                                    type=head if head in ("Model", "Method", "Dataset") else "Method",
                                    aliases=[long_form] if long_form else [], proposed=True, count=1,
                                    confidence=0.6))
    doc._.mentions = sorted((m for r in records for m in r.mentions), key=lambda m: m.start)
    doc._.entities = records
    return doc


def entity_by_key(doc: Doc) -> dict[str, EntityRecord]:
    return {r.key: r for r in doc._.entities or []}


def find_entity(doc: Doc, name: Optional[str]) -> Optional[EntityRecord]:
    if not name:
        return None
    return entity_by_key(doc).get(entity_key(name))
