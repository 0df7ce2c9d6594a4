"""Names a claim gives that no entity of its extraction carries (a subject, object, data set or metric written
only in the claim) become entities of the role's type, so that the resolve stage treats them as the others."""
from __future__ import annotations

from kg.extractors.normalize import entity_key
from kg.models import Entity, Extraction

# A claim's role and the entity type a name in it has when nothing else types it.
CLAIM_ROLE_TYPES = (("subject", "Method"), ("object", "Method"), ("dataset", "Dataset"), ("metric", "Metric"))


def claim_only_entities(extraction: Extraction) -> list[Entity]:
    """Names a claim gives that no listed entity carries: entities of the claim role's type, as the loader
    would make them, so they are resolved like the others."""
    named = {form for e in extraction.entities for form in (e.name, *e.aliases)}
    extra: dict[str, Entity] = {}
    for claim in extraction.claims:
        for role, etype in CLAIM_ROLE_TYPES:
            value = getattr(claim, role)
            if value and value not in named and value not in extra and entity_key(value):
                extra[value] = Entity(name=value, type=etype)  # type: ignore[arg-type]
    return list(extra.values())
