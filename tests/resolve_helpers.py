"""Shared by the resolution tests: write papers as JSON Lines, ingest them with the markup extractor, read back."""
from __future__ import annotations

import json
from pathlib import Path

from kg.pipeline import IngestReport, ingest
from kg.resolve.curation import Curation

MARKUP = "markup_extractor:MarkupExtractor"

# The query: pairs of entities where one's alias key is the other's key.
ALIAS_COLLISIONS = ("MATCH (a:Entity),(b:Entity) WHERE a<>b AND (b.key IN a.alias_keys OR a.key IN b.alias_keys) "
                    "AND a.key<b.key RETURN count(*)")


def write_papers(path: Path, papers: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": pid, "title": f"Paper {pid}", "abstract": text}) + "\n"
                            for pid, text in papers.items()), encoding="utf-8")
    return path


def ingest_markup(store, path: Path, curation: Curation | None = None, **options) -> IngestReport:
    options.setdefault("bulk", False)
    options.setdefault("lexicon", False)
    options.setdefault("extractor", MARKUP)
    report = ingest([path], store, curation=curation or Curation(), **options)
    assert not report.problems, report.problems
    return report


def entities(store) -> dict[str, dict]:
    rows = store.query("MATCH (e:Entity) RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases, "
                       "e.paper_count AS papers, e.ambiguous AS ambiguous, e.expansions AS expansions").records()
    return {row["key"]: row for row in rows}


def collisions(store) -> int:
    return store.query(ALIAS_COLLISIONS).scalar()
