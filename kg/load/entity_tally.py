"""An entity's properties computed in Python from all its mentions, as the loader's tallies give them.

The incremental loader (`kg.load.loader`) keeps running tallies on each Entity node and derives the name, type
and aliases from them in Cypher. A bulk load (neo4j-admin CSVs, FalkorDB's GRAPH.BULK) sees the whole input
at once and computes the same properties here, so that every path writes the same graph.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.models import ENTITY_TYPES


@dataclass(slots=True)  # one per distinct entity of a bulk load: slots keep it small
class EntityTally:
    """What the loader's tallies hold for one entity over the whole input. `name` and `type` are those of
    the first row that created the entity: what an entity no paper mentions (the family of a variant) keeps."""

    name: str
    type: str
    surfaces: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    form_keys: Counter[str] = field(default_factory=Counter)
    mentions: int = 0

    def add(self, mention: dict[str, Any]) -> None:
        """Count one MENTIONS row (`kg.load.loader.batch_rows`)."""
        self.mentions += mention["count"]
        self.surfaces[mention["surface"]] += 1
        self.types[mention["type"]] += 1
        self.forms.update(mention["forms"])
        self.form_keys.update(mention["form_keys"])

    def remove(self, mention: dict[str, Any]) -> None:
        """Take back one `add` (the paper was listed again later: its last version counts). A count that falls
        to 0 goes (one value at a time: `Counter.subtract` runs in Python, and papers resolved again at the end
        of a bulk load take back every mention of their first version)."""
        self.mentions -= mention["count"]
        for counter, values in ((self.surfaces, (mention["surface"],)), (self.types, (mention["type"],)),
                                (self.forms, mention["forms"]), (self.form_keys, mention["form_keys"])):
            for value in values:
                left = counter.get(value, 0) - 1
                if left > 0:
                    counter[value] = left
                else:
                    counter.pop(value, None)

    def derived(self) -> tuple[str, str]:
        """(name, type) as DERIVE_FROM_TALLIES: the most common surface and type, ties to the smallest."""
        if not self.surfaces:
            return self.name, self.type
        return (min(self.surfaces, key=lambda s: (-self.surfaces[s], s)),
                min(self.types, key=lambda t: (-self.types[t], t)))

    def labels(self) -> list[str]:
        etype = self.derived()[1]
        return ["Entity"] + ([etype] if etype in ENTITY_TYPES else [])

    def properties(self, key: str) -> dict[str, Any]:
        """The node's properties, in the loader's names; lists sorted as the tallies keep them."""
        name, etype = self.derived()
        forms, form_keys = sorted(self.forms), sorted(self.form_keys)
        surfaces, types = sorted(self.surfaces), sorted(self.types)
        return {
            "key": key, "name": name, "type": etype,
            "aliases": [f for f in forms if f != name] if self.surfaces else [],
            "alias_keys": form_keys if self.surfaces else [],
            "paper_count": sum(self.surfaces.values()), "mention_count": self.mentions,
            "tally_surfaces": surfaces, "tally_surface_n": [self.surfaces[s] for s in surfaces],
            "tally_types": types, "tally_type_n": [self.types[t] for t in types],
            "tally_forms": forms, "tally_form_n": [self.forms[f] for f in forms],
            "tally_form_keys": form_keys, "tally_form_key_n": [self.form_keys[k] for k in form_keys],
        }
