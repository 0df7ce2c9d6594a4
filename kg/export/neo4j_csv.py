"""CSV files for `neo4j-admin database import full`: the first bulk load of a big graph into Neo4j.

The input is what extraction produces anywhere (`kg extract`, or a Spark/Dask job, see docs/scaling.md):
Extraction JSON Lines, plus the paper files they were extracted from (for titles, abstracts, urls, dates).
The papers go through `kg ingest`'s resolve stage as ingest runs it into an empty graph
(`kg.resolve.first_load`: paper identity, entity resolution, papers resolved again when the corpus's votes
changed, ambiguity marks, variant trees), into the loader's own rows (`kg.load.row_spool`), so the imported
graph is the one `kg ingest` would have written (tests/test_neo4j_real.py compares every property), and
`kg ingest --db neo4j://...` can carry on from it with daily feeds (idempotent MERGE, same ids and keys).

    python -m kg.export.neo4j_csv --papers papers.jsonl --extractions extractions.jsonl --out import/
    neo4j-admin database import full neo4j --overwrite-destination ... (printed, and written to import/import.sh)

Files: `papers.csv`, `entities.csv`, `claims.csv` (nodes, in the ID spaces Paper, Entity, Claim) and
`mentions.csv`, `proposes.csv`, `reports.csv`, `claim_roles.csv`, `outperforms.csv`, `evaluated_on.csv`,
`variant_of.csv` (relationships), each with its header line (`:ID(...)`, `:LABEL`, `:START_ID(...)`,
`:END_ID(...)`, `:TYPE`, typed properties such as `count:int`, `aliases:string[]`). Every string is quoted, so
an empty string stays one; an empty field is no property (None). Arrays are separated by U+001F
(`--array-delimiter=U+001F`, a character no text here contains: it is removed from values), and fields may
span lines (`--multiline-fields=true`): abstracts keep their line breaks. neo4j-admin reads an empty array as
no property: `schema.cypher`, run after the import, puts the loader's empty lists back.

Memory: the papers and extractions stream; what is held is one index entry per paper id, one tally per
distinct entity (the size of the graph's entity set, not of the input), and the resolver's votes. A paper
without an extraction (extraction failed) is left out and counted, as `kg ingest` leaves it out.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Optional, Sequence

from kg.export.extraction_files import ExtractionFiles
from kg.load.bulk_load import CLAIM_PROPERTIES, MENTION_PROPERTIES, OUTPERFORMS_PROPERTIES, PAPER_PROPERTIES
from kg.load.loader import CLAIM_ROLES, DEFAULT_BATCH_SIZE
from kg.load.row_spool import RowSpool
from kg.resolve.entities import EntityResolver
from kg.resolve.first_load import ExtractionOf, FirstLoad, Listed, first_load

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"

# The import type of every property that is not a string (the same name has the same type on every label).
PROPERTY_TYPES = {
    "count": "int", "forms": "string[]", "form_keys": "string[]", "confidence": "float", "value": "float",
    "sota": "boolean", "start": "int", "end": "int", "aliases": "string[]", "alias_keys": "string[]",
    "paper_count": "int", "mention_count": "int", "tally_surfaces": "string[]", "tally_surface_n": "int[]",
    "tally_types": "string[]", "tally_type_n": "int[]", "tally_forms": "string[]", "tally_form_n": "int[]",
    "tally_form_keys": "string[]", "tally_form_key_n": "int[]", "ambiguous": "boolean", "expansions": "string[]",
}
# An entity node's properties after its key, as `FirstLoad.entity_properties` names them.
ENTITY_PROPERTIES = ("name", "type", "aliases", "alias_keys", "paper_count", "mention_count",
                     "tally_surfaces", "tally_surface_n", "tally_types", "tally_type_n", "tally_forms",
                     "tally_form_n", "tally_form_keys", "tally_form_key_n", "ambiguous", "expansions")


def _columns(properties: Iterable[str]) -> list[str]:
    return [f"{p}:{PROPERTY_TYPES[p]}" if p in PROPERTY_TYPES else p for p in properties]


# (file, header) per node file; the ID space is named after the label.
NODE_FILES: dict[str, list[str]] = {
    "papers.csv": ["id:ID(Paper)", *_columns(PAPER_PROPERTIES[1:]), ":LABEL"],
    "entities.csv": ["key:ID(Entity)", *_columns(ENTITY_PROPERTIES), ":LABEL"],
    "claims.csv": ["id:ID(Claim)", *_columns(CLAIM_PROPERTIES[1:]), ":LABEL"],
}
REL_FILES: dict[str, list[str]] = {
    "mentions.csv": [":START_ID(Paper)", ":END_ID(Entity)", ":TYPE", *_columns(MENTION_PROPERTIES)],
    "proposes.csv": [":START_ID(Paper)", ":END_ID(Entity)", ":TYPE"],
    "reports.csv": [":START_ID(Paper)", ":END_ID(Claim)", ":TYPE"],
    "claim_roles.csv": [":START_ID(Claim)", ":END_ID(Entity)", ":TYPE"],
    "outperforms.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", *_columns(OUTPERFORMS_PROPERTIES)],
    "evaluated_on.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "paper"],
    "variant_of.csv": [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"],
}


def _text(value: Any) -> str:
    return str(value).replace(ARRAY_DELIMITER, " ")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_field(value: Any) -> str:
    """One field: None -> empty (no property); strings quoted (an empty string stays one); arrays joined by
    ARRAY_DELIMITER, an empty one empty (neo4j-admin reads no property either way)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return _quoted(ARRAY_DELIMITER.join(map(_text, value))) if value else ""
    return _quoted(_text(value))


def _writer(fh: IO[str]) -> Any:
    def write(fields: Iterable[Any]) -> None:
        fh.write(",".join(map(csv_field, fields)) + "\n")
    return write


@dataclass
class ExportStats:
    papers: int = 0
    entities: int = 0
    claims: int = 0
    relationships: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    without_extraction: int = 0
    repointed: int = 0

    @property
    def nodes(self) -> int:
        return self.papers + self.entities + self.claims

    def as_dict(self) -> dict[str, Any]:
        return {"papers": self.papers, "entities": self.entities, "claims": self.claims, "nodes": self.nodes,
                "relationships": dict(self.relationships), "relationships_total": sum(self.relationships.values()),
                "duplicates_skipped": self.duplicates, "papers_without_extraction": self.without_extraction,
                "papers_resolved_again": self.repointed}


def export_pairs(listed: Iterable[Listed], out_dir: str | os.PathLike[str], extraction_of: ExtractionOf,
                 resolver: Optional[EntityResolver] = None, batch_size: int = DEFAULT_BATCH_SIZE) -> ExportStats:
    """Write the import CSVs for (paper, extraction or None) in input order, as `kg ingest --batch-size
    batch_size` loads them into an empty graph. `extraction_of` gives the extraction of papers resolved again
    (a fresh one: resolving changes an extraction in place). `resolver`: by default the shipped lexicon's."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with RowSpool() as spool:
        graph = first_load(listed, extraction_of, spool, resolver or EntityResolver(), batch_size)
        stats = write_files(graph, out)
    stats.duplicates = graph.repeats + graph.superseded
    stats.without_extraction, stats.repointed = graph.without_extraction, graph.repointed
    (out / "import.sh").write_text(import_script(out), encoding="utf-8")
    (out / "schema.cypher").write_text(schema_script(), encoding="utf-8")
    return stats


def write_files(graph: FirstLoad, out: Path) -> ExportStats:
    stats = ExportStats()
    handles = {name: (out / name).open("w", encoding="utf-8", newline="") for name in (*NODE_FILES, *REL_FILES)}
    try:
        w = {name.removesuffix(".csv"): _writer(fh) for name, fh in handles.items()}
        for name, header in {**NODE_FILES, **REL_FILES}.items():
            handles[name].write(",".join(header) + "\n")
        for key in sorted(graph.entities):
            props = graph.entity_properties(key)
            w["entities"]([key, *(props[p] for p in ENTITY_PROPERTIES), graph.entities[key].labels()])
        stats.entities = len(graph.entities)
        for key, base in sorted(graph.variants):
            w["variant_of"]([key, base, "VARIANT_OF"])
        stats.relationships["VARIANT_OF"] = len(graph.variants)
        rels = stats.relationships
        for rows in graph.spool.spooled():
            for p in rows.papers:
                w["papers"]([*(p[name] for name in PAPER_PROPERTIES[:-1]), rows.stamps[0]["hash"], "Paper"])
                stats.papers += 1
            for m in rows.mentions:
                w["mentions"]([m["paper"], m["key"], "MENTIONS", *(m[name] for name in MENTION_PROPERTIES)])
            rels["MENTIONS"] += len(rows.mentions)
            for r in rows.proposes:
                w["proposes"]([r["paper"], r["key"], "PROPOSES"])
            rels["PROPOSES"] += len(rows.proposes)
            for c in rows.claims:
                w["claims"]([*(c[name] for name in CLAIM_PROPERTIES), "Claim"])
                w["reports"]([c["paper"], c["id"], "REPORTS"])
            stats.claims += len(rows.claims)
            rels["REPORTS"] += len(rows.claims)
            for _, rel, _ in CLAIM_ROLES:
                for r in rows.links[rel]:
                    w["claim_roles"]([r["claim"], r["key"], rel])
                rels[rel] += len(rows.links[rel])
            for r in rows.outperforms:
                w["outperforms"]([r["subject"], r["object"], "OUTPERFORMS", *(r[name] for name in OUTPERFORMS_PROPERTIES)])
            rels["OUTPERFORMS"] += len(rows.outperforms)
            for r in rows.evaluated_on:
                w["evaluated_on"]([r["subject"], r["dataset"], "EVALUATED_ON", r["paper"]])
            rels["EVALUATED_ON"] += len(rows.evaluated_on)
    finally:
        for fh in handles.values():
            fh.close()
    stats.relationships = +stats.relationships
    return stats


def import_command(out_dir: str | os.PathLike[str], database: str = "neo4j") -> list[str]:
    """The `neo4j-admin database import full` command for the files in `out_dir` (Neo4j 5)."""
    out = Path(out_dir)
    args = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
            f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--multiline-fields=true",
            "--ignore-empty-strings=false", "--skip-duplicate-nodes=false", "--bad-tolerance=0"]
    args += [f"--nodes={out / name}" for name in NODE_FILES]
    args += [f"--relationships={out / name}" for name in REL_FILES]
    return args


def import_script(out_dir: Path) -> str:
    lines = ["#!/bin/sh", "# Bulk import into a stopped Neo4j 5 (the database is replaced). Then start it and run schema.cypher",
             "# (schema, and the empty arrays the import leaves out), e.g. cypher-shell -f schema.cypher.",
             "set -e", " \\\n  ".join(_shell_quote(a) for a in import_command(out_dir)), ""]
    return "\n".join(lines)


# neo4j-admin reads an empty array field as no property at all, while the loader writes an entity without
# aliases as `aliases: []` (found by importing into a real Neo4j, tests/test_neo4j_real.py): run after the
# import, these put back every list the loader may leave empty (no spelling leads to a by-paper split node).
RESTORE_EMPTY_LISTS = (
    "MATCH (e:Entity) WHERE e.aliases IS NULL SET e.aliases = []",
    "MATCH (e:Entity) WHERE e.alias_keys IS NULL SET e.alias_keys = []",
    "MATCH (e:Entity) WHERE e.tally_form_keys IS NULL SET e.tally_form_keys = []",
    "MATCH (e:Entity) WHERE e.tally_form_key_n IS NULL SET e.tally_form_key_n = []",
    "MATCH ()-[m:MENTIONS]->() WHERE m.form_keys IS NULL SET m.form_keys = []",
)


def post_import_statements() -> list[str]:
    """What makes an imported database the loader's graph: its schema, then the empty arrays back."""
    from kg.schema import neo4j_schema_statements

    return [*neo4j_schema_statements(), *RESTORE_EMPTY_LISTS]


def schema_script() -> str:
    return ";\n".join(post_import_statements()) + ";\n"


def _shell_quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def export_files(paper_paths: Sequence[str | os.PathLike[str]],
                 extractions: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                 out_dir: str | os.PathLike[str], fmt: str = "auto", resolver: Optional[EntityResolver] = None,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> ExportStats:
    with ExtractionFiles(extractions) as found:
        return export_pairs(found.listed(paper_paths, fmt), out_dir, found.extraction_of, resolver, batch_size)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.export.neo4j_csv",
                                     description="CSV files for neo4j-admin database import full.")
    parser.add_argument("--papers", nargs="+", required=True, help="the paper files that were extracted")
    parser.add_argument("--extractions", nargs="+", required=True,
                        help="Extraction JSON Lines (kg extract -o ..., or the part files of a Dask/Spark job)")
    parser.add_argument("--out", required=True, help="directory for the CSV files")
    parser.add_argument("--format", default="auto", choices=["auto", "daily", "jsonl", "arxiv", "csv"])
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--curation", help="a curation file (kg merge/split/retype) to respect, as kg ingest does")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                        help="as kg ingest's: which versions of a paper listed twice are resolved depends on it")
    args = parser.parse_args(argv)
    from kg.resolve.curation import Curation, CurationError

    if args.curation and not Path(args.curation).is_file():
        print(f"kg.export.neo4j_csv: no curation file {args.curation}", file=sys.stderr)
        return 2
    try:
        resolver = EntityResolver(curation=Curation.read(args.curation))
    except (OSError, CurationError) as exc:
        print(f"kg.export.neo4j_csv: {exc}", file=sys.stderr)
        return 2
    stats = export_files(args.papers, args.extractions, args.out, args.format, resolver, args.batch_size)
    print(json.dumps(stats.as_dict(), indent=2), file=sys.stderr)
    print(" ".join(_shell_quote(a) for a in import_command(args.out, args.database)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
