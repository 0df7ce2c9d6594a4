"""Settle the candidates into entities: one mention per stretch of text, one entity per name.

Overlapping candidates: the longer span wins (the author's most specific form, `GPT-4o-mini` over `GPT-4o`),
then the more trusted source. A `not_entities` phrase that wins removes what it covers. Mentions of one name
(by `entity_key`) and an abbreviation's long form make one entity; its type comes from its most trusted mention.
A name the corpus uses as a kind of thing (a modality or sensor, `X scans`; a class, mostly plural; a modifier,
`X collaboration`; an area, `X applications`: `kg.extractors.corpus_types.corpus_kind`) is no Model, Method or
Dataset and no entity, unless the paper proposes it; nor is a version fragment (`v2`), a bare head noun
(`score`), a Model that is a description or a Model or Method headed by a noun of objects (`X interface`,
`theory of X`; `kg.extractors.generic_names`).
The result is `doc._.entities` (a list of `EntityRecord`), with each mention's `key` set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.corpus_types import corpus_kind
from kg.extractors.entity_types import type_from_head
from kg.extractors.generic_names import DESCRIPTION, generic_name
from kg.extractors.lexicon import table, words
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions, set_doc_attr
from kg.extractors.model_names import size_list, variant_word
from kg.extractors.noise import clean_name, is_noise
from kg.extractors.normalize import entity_key
from kg.extractors.shapes import is_size
from kg.extractors.tokens import TokenView, view

_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    return frozenset(k.split()[0] for k in table("units")["units"]) | {"%", "\\%", "of", "and", "to", "-"}


# Equal spans: an abbreviation's definition or the paper's own name beats a list entry, which beats a shape.
_SOURCE_RANK = {"acronym": 4, "proposed": 3, "gazetteer": 2, "phrase": 2, "shape": 1, "capitalised": 0}


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


def select(found: list[Mention], blocked: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Non-overlapping mentions, longest first, then by source and score. `blocked` spans (generic
    phrases from `not_entities`) compete like gazetteer entries and, where they win, leave the words empty."""
    ranked: list[tuple[tuple[int, int, float, int], Mention | tuple[int, int]]] = [((-(m.end - m.start), -_SOURCE_RANK.get(m.source, 0), -m.score, m.start), m) for m in found]
    if blocked:
        # Only a block that overlaps some candidate can matter.
        covered: set[int] = set()
        for m in found:
            covered.update(range(m.start, m.end))
        gazetteer_rank, gazetteer_score = -_SOURCE_RANK["gazetteer"], -SOURCE_SCORE["gazetteer"]
        ranked += [((start - end, gazetteer_rank, gazetteer_score, start), (start, end)) for start, end in blocked
                   if not covered.isdisjoint(range(start, end))]
    ranked.sort(key=lambda pair: pair[0])
    taken: list[Mention] = []
    end = max([m.end for m in found] + [e for _, e in blocked], default=0)
    occupied = [False] * end
    for _, candidate in ranked:
        if isinstance(candidate, tuple):
            start, stop = candidate
            if not any(occupied[start:stop]):
                occupied[start:stop] = [True] * (stop - start)
            continue
        m = candidate
        if any(occupied[m.start:m.end]):
            # A proposal on the same words keeps its flag on the winner, a metric named in a list its tag, a
            # name the author gives (`a risk termed X`) the type its noun says, a statistic named after its
            # author (`Cohen's kappa`) Metric, a name set beside a new task (`a new task, X,`) Task.
            if m.proposed or "listed" in m.tags or "named" in m.tags or "typed" in m.tags:
                for t in taken:
                    if t.start == m.start and t.end == m.end:
                        t.proposed = t.proposed or m.proposed
                        if "listed" in m.tags:
                            t.tags = t.tags | {"listed"}
                        if "named" in m.tags or "typed" in m.tags:
                            t.type = m.type
                        if "typed" in m.tags:  # the frame's type holds against a proposal's default
                            t.typed_by = m.typed_by
            continue
        taken.append(m)
        occupied[m.start:m.end] = [True] * (m.end - m.start)
    return sorted(taken, key=lambda m: m.start)


def _extend_with_size(v: TokenView, m: Mention, units: frozenset[str]) -> None:
    """`Zorblax 7B`: a model size after a name is part of it; so is a version after a known model
    (`Claude 3.5`), unless the number is a quantity (`BERT 3 times`), and a variant word after a
    sized model (`Llama 3.1 70B Instruct`, `Mistral 7B v0.3`)."""
    n = len(v)
    while m.type in ("Model", "Method") and m.end < n and v.spaces[m.end - 1]:
        nxt = v.texts[m.end]
        if is_size(nxt):
            m.type = "Model"
        elif not (m.type == "Model" and m.source == "gazetteer" and _VERSION.match(nxt) and (
                m.end + 1 >= n or v.lowers[m.end + 1] not in units)):
            break
        m.end += 1
        m.text = v.span_text(m.start, m.end)
    if m.type == "Model" and m.end < n and v.spaces[m.end - 1] and is_size(v.texts[m.end - 1]) and \
            variant_word(v.texts[m.end]):
        m.end += 1
        m.text = v.span_text(m.start, m.end)


def _split_known_compounds(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Drop a shape that is only known names joined by hyphens or slashes (`PSNR-FLOP`, `ImageNet/COCO`):
    its parts are the entities."""
    v = view(doc)
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
                if i < m.end and v.texts[i] in ("-", "/"):
                    i += 1
                else:
                    break
            if i == m.end and parts >= 2:
                continue
        out.append(m)
    return out


_DIGIT = re.compile(r"\d")
_CITATION_YEAR = re.compile(r"^(?:19|20)\d\d[a-z]?$")


def _strip_generic_tail(v: TokenView, m: Mention, tails: frozenset[str]) -> None:
    """`GLUE benchmark`, `QN model`: the name is `GLUE`, `QN` (the noun after it only types it)."""
    if m.end - m.start >= 2 and v.lowers[m.end - 1] in tails and "long_form" not in m.tags:
        head = v.span_text(m.start, m.end - 1)
        if any(c.isupper() or c.isdigit() for c in head):
            m.end -= 1
            m.text = head


def _keep(doc: Doc, m: Mention, stop: frozenset[str]) -> bool:
    if "not_entity" in m.tags or m.type is None:
        return False
    low = m.text.lower()
    if low in stop and not m.proposed:
        return False
    if _CITATION_YEAR.match(m.text):
        return False  # `(Smith et al., 2019b)`
    if m.source != "gazetteer" and is_noise(m.text, m.type):
        return False  # `3%sim5`, `1.1TB`, `A100`, `multi-GPU`
    if m.source == "shape" and m.typed_by in ("default", "corpus") and ("weak" in m.tags or _undefined_short_caps(m.text)):
        # `Non-Parametric`, `CT`, `OSS`: a capitalised compound or a short all-caps word with nothing
        # else to go on is more often an ordinary word or a domain abbreviation than a named entity.
        return False
    return True


def _undefined_short_caps(text: str) -> bool:
    if text.endswith("s") and len(text) > 2:
        text = text[:-1]  # `PEs`
    return text.isalpha() and text.isupper() and len(text) <= 3


def _choose(doc: Doc) -> list[Mention]:
    v = view(doc)
    stop = words("name_stopwords")
    tails = words("generic_name_tails")
    chosen = []
    for m in select(_split_known_compounds(doc, mentions(doc)), view(doc).blocked):
        if "not_entity" in m.tags:
            continue
        m.text = clean_name(m.text or v.span_text(m.start, m.end))
        if _keep(doc, m, stop):
            _strip_generic_tail(v, m, tails)
            chosen.append(m)
    units = _unit_words()
    covered_to = -1
    out = []
    for m in chosen:
        if m.start < covered_to:
            continue  # taken into the name before it (`Mistral 7B v0.3`)
        _extend_with_size(v, m, units)
        m.text = clean_name(m.text)
        covered_to = m.end
        out.append(m)
    chosen = out
    return chosen


def _group(doc: Doc, chosen: list[Mention]) -> dict[str, list[Mention]]:
    """Mentions by entity key; a long form joins its short form's entity."""
    short_of_long = {m.long_form: m.text for m in chosen if m.source == "acronym" and "definition" in m.tags}
    groups: dict[str, list[Mention]] = {}
    for m in chosen:
        short = short_of_long.get(m.long_form) if "long_form" in m.tags else None
        key = entity_key(short or m.text)
        if key:
            groups.setdefault(key, []).append(m)
    # Other spellings of a defined long form (`Knowledge distillation` later in lower case).
    for lf, sf in short_of_long.items():
        lk, sk = entity_key(lf), entity_key(sf)
        if lk in groups and sk in groups and lk != sk:
            groups[sk].extend(groups.pop(lk))
    v = view(doc)
    # A defined abbreviation of a generic phrase (`Mixture-of-Experts (MoE)`, `Supervised Fine-Tuning
    # (SFT)`: its long form is a `not_entities` phrase) is no entity either; a plural one (`ViTs`) names
    # the family of a named model.
    generic = {entity_key(ab.short) for ab in v.acronyms.values()
               if ab.generic or (not ab.short.endswith("s") and any(
                   s <= ab.long_span[0] and ab.long_span[1] <= e for s, e in v.blocked))}
    return {k: ms for k, ms in groups.items() if k not in generic}


def _record(key: str, ms: list[Mention]) -> Optional[EntityRecord]:
    if all(m.source == "capitalised" and not m.proposed for m in ms) and len(ms) < 2 and not any(
            m.typed_by in ("cue", "head", "gazetteer", "corpus", "list") for m in ms):
        return None  # a capitalised phrase said once, with nothing to say what it is (`Useful Lessons`)
    best = ms[0] if len(ms) == 1 else max(
        ms, key=lambda m: (_SOURCE_RANK.get(m.source, 0) if m.typed_by != "default" else -1, m.score))
    type_ = best.type or "Method"
    claimed = any(m.proposed for m in ms)
    if claimed and type_ in ("Task", "Metric") and best.typed_by in ("head", "default"):
        # A paper proposes a method, a model or data: `Zero-shot Adaptive Parsing Modeling (ZAPM)`
        # is not a task here.
        type_ = "Method"
    if any("title_phrase" in m.tags for m in ms) and best.typed_by != "head":
        # A lower-case description the paper proposes (proposed.py) is a technique; name suffixes and
        # context cues are for names (`retrieval` ends like `...Eval`).
        type_ = "Method"
    # A metric or a task is not what a paper proposes (`our energy use`), unless its title says so.
    proposed = claimed and (type_ in ("Model", "Method", "Dataset") or any("title" in m.tags for m in ms))
    surface = [m.text for m in ms if "long_form" not in m.tags]
    if not surface:
        return None
    name = surface[0] if len(surface) == 1 else max(set(surface), key=lambda s: (surface.count(s), -surface.index(s)))
    aliases: list[str] = []
    for m in ms:
        for form in (m.text, m.long_form, m.canonical):
            if form and form != name and form not in aliases and form.lower() != name.lower():
                aliases.append(form)
    confidence = _confidence(name, type_, proposed, ms)
    for m in ms:
        m.key = key
        m.type = type_
    return EntityRecord(key=key, name=name, type=type_, aliases=aliases, proposed=proposed, count=len(ms),
                        confidence=round(min(1.0, confidence), 3), mentions=ms)


def _confidence(name: str, type_: str, proposed: bool, ms: list[Mention]) -> float:
    """How sure the entity is, from the best evidence for it.

    Measured on the development set: names with capitals or digits from the lists, the paper's own
    proposals and shapes typed by a cue are right about nine times in ten; lower-case list entries far
    less often (a method such as `instruction tuning` is often mentioned in passing, not annotated);
    an abbreviation or shape with nothing to type it, and capitalised phrases, are guesses."""
    cased = name != name.lower() or _DIGIT.search(name) is not None
    best = 0.5
    for m in ms:
        if m.proposed and type_ in ("Model", "Method", "Dataset"):
            score = 0.9
        elif m.source == "gazetteer":
            score = 0.9 if cased else (0.55 if type_ == "Method" else 0.75)
        elif m.source in ("acronym", "shape", "proposed"):
            score = {"gazetteer": 0.85, "cue": 0.8, "size": 0.85, "family": 0.8, "head": 0.75,
                     "suffix": 0.7, "list": 0.65, "on": 0.65}.get(m.typed_by or "", 0.55)
        elif m.source == "phrase":
            score = 0.7
        else:
            score = 0.45
        best = max(best, score)
    return best + (0.05 if len(ms) > 1 else 0.0)


def _split_size_lists(records: list[EntityRecord]) -> list[EntityRecord]:
    """`Gemma-2B/7B`, `DeiT-Ti/S/B` name one model per size; the mentions go with the first."""
    out = []
    for r in records:
        names = size_list(r.name) if r.type in ("Model", "Method") else []
        if not names:
            out.append(r)
            continue
        for k, name in enumerate(names):
            out.append(EntityRecord(key=entity_key(name), name=name, type="Model", proposed=r.proposed,
                                    count=r.count, confidence=r.confidence, mentions=r.mentions if k == 0 else []))
        for mention in r.mentions:
            mention.key = entity_key(names[0])
    return out


_URL = re.compile(r"(?:https?://|www\.)\S+")


def _title_record(doc: Doc, known: set[str]) -> Optional[EntityRecord]:
    """The proposal named only in the title (`ZAP: Zero-shot Adaptive Parsing`)."""
    title_entity = view(doc).title_entity
    if title_entity is None:
        return None
    name, long_form = title_entity
    if entity_key(name) in known or name.lower() in _URL.sub(" ", view(doc).text).lower():
        return None  # in the abstract, perhaps inside longer names (`DriveLM-Agent`); a web address is no mention
    head = type_from_head(long_form) if long_form else None
    return EntityRecord(key=entity_key(name), name=name, type=head if head in ("Model", "Method", "Dataset") else "Method",
                        aliases=[long_form] if long_form else [], proposed=True, count=1, confidence=0.6)


@Language.component("kg_resolve")
def resolve(doc: Doc) -> Doc:
    groups = _group(doc, _choose(doc))
    records = [r for r in (_record(k, ms) for k, ms in groups.items()) if r is not None]
    records = [r for r in _split_size_lists(records) if not _a_kind(r)]
    title = _title_record(doc, {r.key for r in records})
    if title is not None:
        records.append(title)
    settled = sorted((m for r in records for m in r.mentions), key=lambda m: m.start)
    view(doc).mentions = settled
    set_doc_attr(doc, "mentions", settled)
    set_doc_attr(doc, "entities", records)
    view(doc).proposed_key = _proposed_key(doc, records)
    return doc


def _a_kind(r: EntityRecord) -> bool:
    """MRI, LiDAR, RGB-D (used before data nouns), CNNs, KGs (used in the plural), `human-AI` (a modifier) are
    kinds, not named things; `v2`, a bare `score`, a lower-case description typed Model are no names."""
    if r.proposed:
        return False
    if r.type in ("Model", "Method", "Dataset") and corpus_kind(r.name) is not None:
        return True
    kind = generic_name(r.name, r.type)
    if kind == DESCRIPTION and r.type == "Method" and r.aliases:
        return False  # `graph zorb networks (GZN)`: a short form defined for it names one method
    return kind is not None


def _proposed_key(doc: Doc, records: list[EntityRecord]) -> Optional[str]:
    """The entity that `we`, `our method` stand for: the paper's main proposal (found by its name, an alias
    or a long form), or another proposed model or method. A data set never stands for `we` (a paper that
    introduces a benchmark and a method means the method; one that only introduces a benchmark, nothing)."""
    name = view(doc).proposed
    if not name:
        return None
    key = entity_key(name)
    for r in records:
        if r.key == key or any(entity_key(a) == key for a in r.aliases):
            if r.type != "Dataset":
                return r.key
            break
    for r in records:
        if r.proposed and r.type in ("Model", "Method"):
            return r.key
    return None
