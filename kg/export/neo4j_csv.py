"""CSV files for `neo4j-admin database import full`: the first bulk load of a big graph into Neo4j.

The input is what extraction produces anywhere (`kg extract`, or a Spark/Dask job, see docs/scaling.md):
Extraction JSON Lines, plus the paper files they were extracted from (for titles, abstracts, urls, dates).
The rows come from the loader's own `batch_rows`, and entities get the loader's names, types, aliases and
tallies, so the imported graph is the one `kg ingest` would have written, and `kg ingest --db neo4j://...`
can carry on from it with daily feeds (idempotent MERGE, same ids and keys).

    python -m kg.export.neo4j_csv --papers papers.jsonl --extractions extractions.jsonl --out import/
    neo4j-admin database import full neo4j --overwrite-destination ... (printed, and written to import/import.sh)

Files: `papers.csv`, `entities.csv`, `claims.csv` (nodes, in the ID spaces Paper, Entity, Claim) and
`mentions.csv`, `proposes.csv`, `reports.csv`, `claim_roles.csv`, `outperforms.csv`, `evaluated_on.csv`,
`variant_of.csv` (relationships), each with its header line (`:ID(...)`, `:LABEL`, `:START_ID(...)`,
`:END_ID(...)`, `:TYPE`, typed properties such as `count:int`, `aliases:string[]`). Arrays are separated by
U+001F (`--array-delimiter=U+001F`, a character no text here contains: it is removed from values), and
fields may span lines (`--multiline-fields=true`): abstracts keep their line breaks.

Memory: the papers and extractions stream; what is held is one index entry per paper id (the offset of its
extraction and which occurrence of the paper is the last) and one tally per distinct entity - the size of
the graph's entity set, not of the input. A paper id listed more than once: the last one wins, as with
`kg ingest`. A paper without an extraction (extraction failed) is left out and counted.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

from kg.load.entity_tally import EntityTally
from kg.load.loader import CLAIM_ROLES, batch_rows
from kg.models import Extraction, Paper

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"

# (file, header) per node file; the ID space is named after the label.
NODE_FILES: dict[str, list[str]] = {
    "papers.csv": ["id:ID(Paper)", "title", "abstract", "source", "url", "published", "extractor",
                   "content_hash", ":LABEL"],
    "entities.csv": ["key:ID(Entity)", "name", "type", "aliases:string[]", "alias_keys:string[]",
                     "paper_count:int", "mention_count:int",
                     "tally_surfaces:string[]", "tally_surface_n:int[]", "tally_types:string[]", "tally_type_n:int[]",
                     "tally_forms:string[]", "tally_form_n:int[]", "tally_form_keys:string[]",
                     "tally_form_key_n:int[]", ":LABEL"],
    "claims.csv": ["id:ID(Claim)", "kind", "value:float", "unit", "qualifier", "sota:boolean", "evidence",
                   "start:int", "end:int", "confidence:float", "paper", ":LABEL"],
}
REL_FILES: dict[str, list[str]] = {
    "mentions.csv": [":START_ID(Paper)", ":END_ID(Entity)", ":TYPE", "count:int", "surface", "forms:string[]",
                     "form_keys:string[]", "type", "confidence:float"],
    "proposes.csv": [":START_ID(Paper)", ":END_ID(Entity)", ":TYPE"],
    "reports.csv": [":START_ID(Paper)", ":END_ID(Claim)", ":TYPE"],
    "claim_roles.csv": [":START_ID(Claim)", ":END_ID(Entity)", ":TYPE"],
    "outperforms.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "claim", "paper", "dataset", "metric",
                        "dataset_key", "metric_key", "value:float", "unit"],
    "evaluated_on.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "paper"],
    "variant_of.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"],
}


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(ARRAY_DELIMITER, " ")
    return value


def _array(values: Iterable[Any]) -> str:
    return ARRAY_DELIMITER.join(str(_text(v)) for v in values)


def _cell(value: Any) -> Any:
    """None -> empty field (no property); booleans as Neo4j reads them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


# The entity file's columns after the key, in order, as `EntityTally.properties` names them.
ENTITY_COLUMNS = ("name", "type", "aliases", "alias_keys", "paper_count", "mention_count",
                  "tally_surfaces", "tally_surface_n", "tally_types", "tally_type_n",
                  "tally_forms", "tally_form_n", "tally_form_keys", "tally_form_key_n")


def entity_row(key: str, tally: EntityTally) -> list[Any]:
    props = tally.properties(key)
    return [key] + [_array(props[c]) if isinstance(props[c], list) else _cell(props[c]) for c in ENTITY_COLUMNS] \
        + [_array(tally.labels())]


@dataclass
class ExportStats:
    papers: int = 0
    entities: int = 0
    claims: int = 0
    relationships: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    without_extraction: int = 0

    @property
    def nodes(self) -> int:
        return self.papers + self.entities + self.claims

    def as_dict(self) -> dict[str, Any]:
        return {"papers": self.papers, "entities": self.entities, "claims": self.claims, "nodes": self.nodes,
                "relationships": dict(self.relationships), "relationships_total": sum(self.relationships.values()),
                "duplicates_skipped": self.duplicates, "papers_without_extraction": self.without_extraction}


def export_pairs(pairs: Iterable[tuple[Paper, Extraction]], out_dir: str | os.PathLike[str]) -> ExportStats:
    """Write the import CSVs for (paper, extraction) pairs; each paper id must come once."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stats = ExportStats()
    entities: dict[str, EntityTally] = {}
    variants: set[tuple[str, str]] = set()
    handles = {name: (out / name).open("w", encoding="utf-8", newline="") for name in (*NODE_FILES, *REL_FILES)}
    try:
        writers = {name: csv.writer(fh, lineterminator="\n") for name, fh in handles.items()}
        for name, header in {**NODE_FILES, **REL_FILES}.items():
            writers[name].writerow(header)
        w = {name.removesuffix(".csv"): writer.writerow for name, writer in writers.items()}
        for paper, extraction in pairs:
            rows = batch_rows([(paper, extraction)])
            for p in rows.papers:
                w["papers"]([_cell(p["id"]), _cell(p["title"]), _cell(p["abstract"]), _cell(p["source"]),
                             _cell(p["url"]), _cell(p["published"]), _cell(p["extractor"]),
                             paper.content_hash, "Paper"])
                stats.papers += 1
            for key, row in rows.entities.items():
                if key not in entities:
                    entities[key] = EntityTally(row["name"], row["type"])
            for m in rows.mentions:
                entities[m["key"]].add(m)
                w["mentions"]([m["paper"], m["key"], "MENTIONS", m["count"], _cell(m["surface"]), _array(m["forms"]),
                               _array(m["form_keys"]), _cell(m["type"]), _cell(m["confidence"])])
                stats.relationships["MENTIONS"] += 1
            for r in rows.proposes:
                w["proposes"]([r["paper"], r["key"], "PROPOSES"])
                stats.relationships["PROPOSES"] += 1
            for c in rows.claims:
                w["claims"]([c["id"], _cell(c["kind"]), _cell(c["value"]), _cell(c["unit"]), _cell(c["qualifier"]),
                             _cell(c["sota"]), _cell(c["evidence"]), _cell(c["start"]), _cell(c["end"]),
                             _cell(c["confidence"]), c["paper"], "Claim"])
                w["reports"]([c["paper"], c["id"], "REPORTS"])
                stats.claims += 1
                stats.relationships["REPORTS"] += 1
            for _, rel, _ in CLAIM_ROLES:
                for r in rows.links[rel]:
                    w["claim_roles"]([r["claim"], r["key"], rel])
                    stats.relationships[rel] += 1
            for r in rows.outperforms:
                w["outperforms"]([r["subject"], r["object"], "OUTPERFORMS", r["claim"], r["paper"],
                                  _cell(r["dataset"]), _cell(r["metric"]), _cell(r["dataset_key"]),
                                  _cell(r["metric_key"]), _cell(r["value"]), _cell(r["unit"])])
                stats.relationships["OUTPERFORMS"] += 1
            for r in rows.evaluated_on:
                w["evaluated_on"]([r["subject"], r["dataset"], "EVALUATED_ON", r["paper"]])
                stats.relationships["EVALUATED_ON"] += 1
            for r in rows.variants:
                pair = (r["key"], r["base"])
                if pair not in variants:  # MERGE in the loader: one edge per pair
                    variants.add(pair)
                    w["variant_of"]([r["key"], r["base"], "VARIANT_OF"])
                    stats.relationships["VARIANT_OF"] += 1
        for key in sorted(entities):
            w["entities"](entity_row(key, entities[key]))
        stats.entities = len(entities)
    finally:
        for fh in handles.values():
            fh.close()
    (out / "import.sh").write_text(import_script(out), encoding="utf-8")
    (out / "schema.cypher").write_text(schema_script(), encoding="utf-8")
    return stats


def import_command(out_dir: str | os.PathLike[str], database: str = "neo4j") -> list[str]:
    """The `neo4j-admin database import full` command for the files in `out_dir` (Neo4j 5)."""
    out = Path(out_dir)
    args = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
            f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--multiline-fields=true",
            "--skip-duplicate-nodes=false", "--bad-tolerance=0"]
    args += [f"--nodes={out / name}" for name in NODE_FILES]
    args += [f"--relationships={out / name}" for name in REL_FILES]
    return args


def import_script(out_dir: Path) -> str:
    lines = ["#!/bin/sh", "# Bulk import into a stopped Neo4j 5 (the database is replaced). Then start it and run schema.cypher",
             "# (schema, and the empty arrays the import leaves out), e.g. cypher-shell -f schema.cypher.",
             "set -e", " \\\n  ".join(_shell_quote(a) for a in import_command(out_dir)), ""]
    return "\n".join(lines)


# neo4j-admin reads an empty array field as no property at all, while the loader writes an entity without
# aliases as `aliases: []` (found by importing into a real Neo4j, tests/test_neo4j_real.py). Run after the import.
RESTORE_EMPTY_ALIASES = "MATCH (e:Entity) WHERE e.aliases IS NULL SET e.aliases = []"


def post_import_statements() -> list[str]:
    """What makes an imported database the loader's graph: its schema, then the empty arrays back."""
    from kg.schema import neo4j_schema_statements

    return [*neo4j_schema_statements(), RESTORE_EMPTY_ALIASES]


def schema_script() -> str:
    return ";\n".join(post_import_statements()) + ";\n"


def _shell_quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


# -- pairing papers with their extractions ------------------------------------------------------------

def _extraction_index(paths: Sequence[Path]) -> dict[str, tuple[int, int]]:
    """paper id -> (file number, byte offset) of its last extraction line."""
    index: dict[str, tuple[int, int]] = {}
    for number, path in enumerate(paths):
        with path.open("rb") as fh:
            offset = 0
            for line in fh:
                if line.strip():
                    index[json.loads(line)["id"]] = (number, offset)
                offset += len(line)
    return index


def _paths(extractions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(extractions, (str, os.PathLike)):
        return [Path(extractions)]
    return [Path(p) for p in extractions]


def paired(paper_paths: Sequence[str | os.PathLike[str]],
           extractions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], fmt: str = "auto",
           stats: Optional[ExportStats] = None) -> Iterator[tuple[Paper, Extraction]]:
    """(paper, extraction) for every paper that has an extraction, in input order, the last occurrence of a
    repeated paper id winning. Extractions (one file or several, e.g. the part files of a Dask or Spark job)
    are found by id, in any order, read one at a time."""
    from kg.read import ReadProblem, read_papers

    stats = stats if stats is not None else ExportStats()
    files = _paths(extractions)
    index = _extraction_index(files)
    last: dict[str, int] = {}
    for i, paper in enumerate(read_papers(list(map(str, paper_paths)), fmt)):
        if not isinstance(paper, ReadProblem):
            last[paper.id] = i
    handles = [path.open("rb") for path in files]
    try:
        for i, paper in enumerate(read_papers(list(map(str, paper_paths)), fmt)):
            if isinstance(paper, ReadProblem):
                continue
            if last.get(paper.id) != i:
                stats.duplicates += 1
                continue
            where = index.get(paper.id)
            if where is None:
                stats.without_extraction += 1
                continue
            fh = handles[where[0]]
            fh.seek(where[1])
            yield paper, Extraction.model_validate_json(fh.readline())
    finally:
        for fh in handles:
            fh.close()


def export_files(paper_paths: Sequence[str | os.PathLike[str]],
                 extractions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                 out_dir: str | os.PathLike[str], fmt: str = "auto") -> ExportStats:
    side = ExportStats()
    stats = export_pairs(paired(paper_paths, extractions, fmt, side), out_dir)
    stats.duplicates, stats.without_extraction = side.duplicates, side.without_extraction
    return stats


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.export.neo4j_csv",
                                     description="CSV files for neo4j-admin database import full.")
    parser.add_argument("--papers", nargs="+", required=True, help="the paper files that were extracted")
    parser.add_argument("--extractions", nargs="+", required=True,
                        help="Extraction JSON Lines (kg extract -o ..., or the part files of a Dask/Spark job)")
    parser.add_argument("--out", required=True, help="directory for the CSV files")
    parser.add_argument("--format", default="auto", choices=["auto", "daily", "jsonl", "arxiv", "csv"])
    parser.add_argument("--database", default="neo4j")
    args = parser.parse_args(argv)
    stats = export_files(args.papers, args.extractions, args.out, args.format)
    print(json.dumps(stats.as_dict(), indent=2), file=sys.stderr)
    print(" ".join(_shell_quote(a) for a in import_command(args.out, args.database)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
