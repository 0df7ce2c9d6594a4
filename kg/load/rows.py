"""Extractions as parameter rows: what one batch writes, built in Python with no database."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

from kg.extractors import normalize
from kg.models import Claim, Entity, Extraction, Paper
from kg.read.ids import title_key

log = logging.getLogger(__name__)

ORPHAN_PASSES = 3  # variant chains are at most this deep (Llama-3-8B-Instruct -> Llama-3-8B -> Llama-3)
# VARIANT_OF edges are no longer rows of a paper: whether a family is an entity of the variant's type is a
# question about the whole graph, settled after loading (kg.resolve.variants). `BatchRows.variants` stays
# empty unless a caller fills it.

# FalkorDB crashes on unique-constrained strings over 4096 bytes (and its index misses them); no real
# entity name comes near this, so a longer one is an extraction error, skipped with a warning.
MAX_KEY_BYTES = 4000

# Claim roles and the relationship type each is written as (fixed schema, never from input).
CLAIM_ROLES: tuple[tuple[str, str, str], ...] = (
    ("subject", "SUBJECT", "Method"),
    ("object", "OBJECT", "Method"),
    ("dataset", "ON_DATASET", "Dataset"),
    ("metric", "USES_METRIC", "Metric"),
)



@dataclass
class BatchRows:
    """Everything one batch writes, as parameter rows."""

    ids: list[str] = field(default_factory=list)
    papers: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    proposes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {rel: [] for _, rel, _ in CLAIM_ROLES})
    outperforms: list[dict[str, Any]] = field(default_factory=list)
    evaluated_on: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)
    stamps: list[dict[str, Any]] = field(default_factory=list)


def batch_rows(batch: Sequence[tuple[Paper, Extraction]]) -> BatchRows:
    """Turn (paper, extraction) pairs into parameter rows; pure, no database."""
    rows = BatchRows()
    for paper, extraction in batch:
        rows.ids.append(paper.id)
        rows.papers.append({"id": paper.id, "title": paper.title, "abstract": paper.abstract,
                            "source": paper.source, "url": paper.url, "published": paper.published,
                            "extractor": extraction.extractor, "arxiv_id": paper.arxiv_id,
                            "title_key": title_key(paper.title) or None})
        rows.stamps.append({"id": paper.id, "hash": paper.content_hash})
        _paper_rows(rows, paper.id, extraction)
    return rows


def merge_rows(parts: Iterable[BatchRows]) -> BatchRows:
    """Per-paper rows (each `batch_rows` of one paper, distinct ids) as the rows of one batch: what
    `batch_rows` gives for the papers together."""
    merged = BatchRows()
    for rows in parts:
        merged.ids += rows.ids
        merged.papers += rows.papers
        merged.stamps += rows.stamps
        for key, row in rows.entities.items():
            merged.entities.setdefault(key, row)
        merged.mentions += rows.mentions
        merged.proposes += rows.proposes
        merged.claims += rows.claims
        for rel, links in rows.links.items():
            merged.links[rel] += links
        merged.outperforms += rows.outperforms
        merged.evaluated_on += rows.evaluated_on
        merged.variants += [row for row in rows.variants if row not in merged.variants]
    return merged


def _paper_rows(rows: BatchRows, paper_id: str, extraction: Extraction) -> None:
    mentions: dict[str, dict[str, Any]] = {}
    key_of: dict[str, str] = {}

    def mention(name: str, etype: str, *, key: str = "", count: int = 1, aliases: Iterable[str] = (),
                confidence: float = 1.0, proposed: bool = False, entity: Optional[Entity] = None) -> Optional[str]:
        key = key or normalize.entity_key(name)
        if not key:
            return None
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            log.warning("paper %s: entity name of %d characters skipped (longer than a key may be)",
                        paper_id, len(name))
            return None
        key_of[name] = key
        found = mentions.get(key)
        if found is None:
            found = mentions[key] = {"paper": paper_id, "key": key, "count": 0, "surface": name, "forms": [],
                                     "type": etype, "confidence": confidence, "proposed": False,
                                     "defines": None, "expansion": None, "via": None, "outcome": None,
                                     "resolved_keys": None}
        found["count"] += count
        found["confidence"] = max(found["confidence"], confidence)
        found["proposed"] = found["proposed"] or proposed
        for form in (name, *aliases):
            if form not in found["forms"]:
                found["forms"].append(form)
        if entity is not None:
            # What the resolve stage settled (kg.resolve): which forms lead here, what the paper defines.
            for field_name in ("defines", "expansion", "via", "outcome"):
                found[field_name] = found[field_name] or getattr(entity, field_name)
            if entity.form_keys is not None:
                found["resolved_keys"] = sorted(set(found["resolved_keys"] or []) | set(entity.form_keys))
        rows.entities.setdefault(key, {"key": key, "name": name, "type": etype})
        return key

    for entity in extraction.entities:
        key = mention(entity.name, entity.type, key=entity.key, count=entity.count, aliases=entity.aliases,
                      confidence=entity.confidence, proposed=entity.proposed, entity=entity)
        for alias in entity.aliases:
            key_of.setdefault(alias, key or entity.key or normalize.entity_key(entity.name))

    seen_claims: set[str] = set()
    evaluated: set[tuple[str, str]] = set()
    for claim in extraction.claims:
        if claim.id in seen_claims:
            continue
        seen_claims.add(claim.id)
        rows.claims.append(_claim_row(paper_id, claim))
        role_keys: dict[str, Optional[str]] = {}
        for role, rel, default_type in CLAIM_ROLES:
            name = getattr(claim, role)
            if not name:
                role_keys[role] = None
                continue
            # A claim may name something the extractor did not list; it is still a mention.
            key = key_of.get(name) or mention(name, default_type)
            role_keys[role] = key
            if key:
                rows.links[rel].append({"claim": claim.id, "key": key})
        subject, obj, dataset = role_keys["subject"], role_keys["object"], role_keys["dataset"]
        if claim.kind == "outperforms" and subject and obj and subject != obj:
            # The keys beside the names let "same dataset and metric" be compared on the edge itself.
            rows.outperforms.append({"subject": subject, "object": obj, "claim": claim.id, "paper": paper_id,
                                     "dataset": claim.dataset, "metric": claim.metric,
                                     "dataset_key": dataset, "metric_key": role_keys["metric"],
                                     "value": claim.value, "unit": claim.unit})
        if subject and dataset and (subject, dataset) not in evaluated:
            evaluated.add((subject, dataset))
            rows.evaluated_on.append({"subject": subject, "dataset": dataset, "paper": paper_id})

    for found in mentions.values():
        resolved = found.pop("resolved_keys")
        found["form_keys"] = (resolved if resolved is not None
                              else sorted({normalize.entity_key(f) for f in found["forms"]} - {""}))
        if found.pop("proposed"):
            rows.proposes.append({"paper": paper_id, "key": found["key"]})
        rows.mentions.append(found)


def _claim_row(paper_id: str, claim: Claim) -> dict[str, Any]:
    return {"paper": paper_id, "id": claim.id, "kind": claim.kind, "value": claim.value, "unit": claim.unit,
            "qualifier": claim.qualifier, "sota": claim.sota, "evidence": claim.evidence,
            "start": claim.start, "end": claim.end, "confidence": claim.confidence}

