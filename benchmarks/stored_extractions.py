"""An extractor plug-in that extracts nothing: it hands back the extraction a file already holds for each paper
(`KG_STORED_EXTRACTIONS`: Extraction JSON Lines, `kg extract` output), so that

    KG_STORED_EXTRACTIONS=extractions.jsonl PYTHONPATH=benchmarks \
        kg ingest papers.jsonl --workers 1 --extractor stored_extractions:StoredExtractions

runs the resolve stage and the loader on extractions made once (bench_neo4j.py: the FalkorDB graph the
neo4j-admin import of the same extractions is compared with). A paper with no stored extraction fails, as a
failed extraction does (the paper is left out with a message).
"""
from __future__ import annotations

import os

from kg.export.extraction_files import ExtractionFiles
from kg.models import Extraction, Paper


class StoredExtractions:
    name = "stored"

    def __init__(self) -> None:
        self.files = ExtractionFiles(os.environ["KG_STORED_EXTRACTIONS"])

    def extract(self, paper: Paper) -> Extraction:
        found = self.files.index.get(paper.id)
        if not found:
            raise LookupError(f"no stored extraction for paper {paper.id}")
        return self.files.read(found[-1])
