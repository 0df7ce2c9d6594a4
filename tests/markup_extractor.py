"""A test extractor that reads its entities from markup in the abstract, so resolution tests say exactly what
each paper mentions: `[[Name|Type]]`, and `[[long form (SHORT)|Type]]` for a short form defined in the paper
(the entity is named by the short form, with the long form as an alias, as the rule extractor gives it)."""
from __future__ import annotations

import re

from kg.models import Entity, Extraction, Paper

_MARK = re.compile(r"\[\[([^|\]]+)\|(\w+)\]\]")
_DEFINED = re.compile(r"^(?P<long>.+?)\s+\((?P<short>[^()]+)\)$")


class MarkupExtractor:
    name = "markup"

    def extract(self, paper: Paper) -> Extraction:
        found: dict[str, Entity] = {}
        for match in _MARK.finditer(paper.abstract):
            text, etype = match.group(1).strip(), match.group(2)
            defined = _DEFINED.match(text)
            name, aliases = (defined.group("short"), [defined.group("long")]) if defined else (text, [])
            if name in found:
                found[name].count += 1
            else:
                found[name] = Entity(name=name, type=etype, aliases=aliases)  # type: ignore[arg-type]
        return Extraction(id=paper.id, title=paper.title, entities=list(found.values()), extractor=self.name)


class CountingMarkupExtractor(MarkupExtractor):
    """The markup extractor, counting the papers it extracts (class-wide: the ingest makes its own instance)."""

    extracted: list[str] = []

    def extract(self, paper: Paper) -> Extraction:
        CountingMarkupExtractor.extracted.append(paper.id)
        return super().extract(paper)
