"""The neo4j-admin import CSVs: headers in the import format, unique ids, every relationship end among the
nodes, and the same graph the loader writes (counts, entity names, types, aliases and tallies)."""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from keyword_extractor import KeywordExtractor

from kg.export.neo4j_csv import ARRAY_DELIMITER, NODE_FILES, REL_FILES, export_files, export_pairs, import_command
from kg.load.loader import GraphLoader
from kg.models import Paper
from kg.queries.stats import graph_stats

EXTRACTOR = KeywordExtractor()
PAPERS = [
    Paper(id="a", title="A", abstract="We propose LoRA. LoRA outperforms BERT by 2.5% on GLUE. BERT uses accuracy."),
    Paper(id="b", title="B", abstract="RoBERTa outperforms BERT by 1.5% on GLUE. We use F1.\nA second line."),
    Paper(id="c", title="C", abstract="Llama-3-8B outperforms GPT-4 by 0.5% on MMLU for question answering."),
    Paper(id="d", title="D", abstract="LLaMA 3 8B beats nothing; Llama-3-8B is used with \"quotes\", commas."),
]


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def id_space(column: str) -> str:
    return column[column.index("(") + 1:column.index(")")]


@pytest.fixture
def exported(tmp_path) -> Path:
    stats = export_pairs(((p, EXTRACTOR.extract(p)) for p in PAPERS), tmp_path / "csv")
    assert stats.papers == len(PAPERS) and stats.relationships["MENTIONS"] > 0
    return tmp_path / "csv"


def test_headers_are_in_the_neo4j_admin_import_format(exported):
    for name in NODE_FILES:
        header, _ = read_csv(exported / name)
        assert header[0].split(":", 1)[1].startswith("ID(") and header[-1] == ":LABEL", (name, header)
    for name in REL_FILES:
        header, _ = read_csv(exported / name)
        assert header[0].startswith(":START_ID(") and header[1].startswith(":END_ID(") and header[2] == ":TYPE"
    for name in (*NODE_FILES, *REL_FILES):
        header, rows = read_csv(exported / name)
        assert all(len(row) == len(header) for row in rows), name
        for column in header:
            if ":" in column and not column.startswith(":") and "ID(" not in column:
                assert column.split(":", 1)[1] in ("int", "float", "boolean", "string[]", "int[]"), column


def test_ids_are_unique_and_every_relationship_end_is_a_node(exported):
    nodes: dict[str, set[str]] = {}
    for name in NODE_FILES:
        header, rows = read_csv(exported / name)
        ids = [row[0] for row in rows]
        assert len(ids) == len(set(ids)), f"duplicate ids in {name}"
        nodes[id_space(header[0])] = set(ids)
    for name in REL_FILES:
        header, rows = read_csv(exported / name)
        start, end = id_space(header[0]), id_space(header[1])
        for row in rows:
            assert row[0] in nodes[start], (name, row)
            assert row[1] in nodes[end], (name, row)


def test_the_export_is_the_graph_the_loader_writes(exported, falkordb_store):
    GraphLoader(falkordb_store).load((p, EXTRACTOR.extract(p)) for p in PAPERS)
    stats = graph_stats(falkordb_store)
    labels: Counter = Counter()
    for name in NODE_FILES:
        _, rows = read_csv(exported / name)
        for row in rows:
            labels.update(row[-1].split(ARRAY_DELIMITER))
    assert {k: v for k, v in labels.items()} == {k: v for k, v in stats["nodes"].items() if v}
    types: Counter = Counter()
    for name in REL_FILES:
        _, rows = read_csv(exported / name)
        types.update(row[2] for row in rows)
    assert dict(types) == {k: v for k, v in stats["relationships"].items() if v}

    header, rows = read_csv(exported / "entities.csv")
    exported_entities = {row[0]: dict(zip(header, row)) for row in rows}
    split = lambda text: text.split(ARRAY_DELIMITER) if text else []  # noqa: E731
    for key, name, etype, aliases, alias_keys, tally_forms, tally_form_n in falkordb_store.query(
            "MATCH (e:Entity) RETURN e.key, e.name, e.type, e.aliases, e.alias_keys, e.tally_forms, e.tally_form_n"
    ).rows:
        row = exported_entities[key]
        assert (row["name"], row["type"]) == (name, etype), key
        assert split(row["aliases:string[]"]) == aliases and split(row["alias_keys:string[]"]) == alias_keys
        assert split(row["tally_forms:string[]"]) == tally_forms
        assert [int(n) for n in split(row["tally_form_n:int[]"])] == tally_form_n


def test_papers_and_extractions_are_paired_by_id_in_any_order_the_last_version_winning(tmp_path):
    papers = tmp_path / "papers.jsonl"
    edited = Paper(id="a", title="A2", abstract="GPT-4 outperforms LoRA by 9% on ImageNet.")
    versions = [*PAPERS, edited]
    papers.write_text("".join(json.dumps(p.model_dump()) + "\n" for p in versions), encoding="utf-8")
    extractions = tmp_path / "extractions.jsonl"
    # reversed order, and the first version of `a` before the edited one (the later line wins)
    lines = [EXTRACTOR.extract(p).model_dump_json() for p in reversed(PAPERS[1:])]
    lines += [EXTRACTOR.extract(PAPERS[0]).model_dump_json(), EXTRACTOR.extract(edited).model_dump_json()]
    extractions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = export_files([papers], extractions, tmp_path / "csv")
    assert stats.papers == 4 and stats.duplicates == 1 and stats.without_extraction == 0
    _, rows = read_csv(tmp_path / "csv" / "papers.csv")
    assert sorted((r[0], r[1]) for r in rows) == [("a", "A2"), ("b", "B"), ("c", "C"), ("d", "D")]
    _, claims = read_csv(tmp_path / "csv" / "outperforms.csv")
    assert ("gpt-4", "lora") in {(r[0], r[1]) for r in claims}
    assert ("lora", "bert") not in {(r[0], r[1]) for r in claims}


def test_abstracts_keep_line_breaks_quotes_and_commas(exported):
    header, rows = read_csv(exported / "papers.csv")
    abstracts = {row[0]: row[header.index("abstract")] for row in rows}
    assert abstracts["b"] == PAPERS[1].abstract and abstracts["d"] == PAPERS[3].abstract


def test_the_import_command_names_every_file(exported):
    command = import_command(exported)
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert "--multiline-fields=true" in command and "--array-delimiter=U+001F" in command
    for name in NODE_FILES:
        assert f"--nodes={exported / name}" in command
    for name in REL_FILES:
        assert f"--relationships={exported / name}" in command
    assert (exported / "import.sh").read_text().startswith("#!/bin/sh")
    assert "CREATE CONSTRAINT" in (exported / "schema.cypher").read_text()
