"""The neo4j-admin import CSVs: headers in the import format, unique ids, every relationship end among the
nodes, and the graph `kg ingest` writes: the files read the way neo4j-admin reads them (typed columns, an
empty field no property, a quoted empty string a string) equal a clean ingest into FalkorDB, every node and
relationship with every property (tests/test_neo4j_real.py imports them into a real Neo4j)."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from keyword_extractor import KeywordExtractor
from resolve_helpers import ALIAS_COLLISIONS, MARKUP, ingest_markup, write_papers
from test_reliability_helpers import (
    KEYWORDS,
    assert_same_graph,
    canonical_dump,
    canonical_json,
    node_ident,
    synthetic_jsonl,
)

from kg.export.neo4j_csv import (
    ARRAY_DELIMITER,
    NODE_FILES,
    REL_FILES,
    RESTORE_EMPTY_LISTS,
    export_files,
    export_pairs,
    import_command,
)
from kg.models import Paper
from kg.pipeline import extract_papers, ingest
from kg.resolve.entities import EntityResolver

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
    stats = export_pairs(((p, EXTRACTOR.extract(p)) for p in PAPERS), tmp_path / "csv",
                         lambda papers: [EXTRACTOR.extract(p) for p in papers])
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


# -- the files as neo4j-admin reads them --------------------------------------------------------------

_FIELD = re.compile(r'"((?:[^"]|"")*)"|([^,\n"]*)')


def records(path: Path) -> list[list[tuple[str, bool]]]:
    """The rows of a file after its header: each field's text and whether it was quoted (neo4j-admin reads
    a bare empty field as no property, a quoted one as an empty string; the csv module tells them not apart)."""
    text, pos, rows, row = path.read_text(encoding="utf-8"), 0, [], []
    while pos < len(text):
        match = _FIELD.match(text, pos)
        assert match is not None, f"{path.name}: unreadable at {pos}"
        quoted = match.group(1) is not None
        row.append((match.group(1).replace('""', '"') if quoted else match.group(2), quoted))
        pos = match.end()
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        assert pos == len(text) or text[pos] == "\n", f"{path.name}: stray character at {pos}"
        rows.append(row)
        row, pos = [], pos + 1
    return rows[1:]


def typed(text: str, quoted: bool, kind: str) -> Any:
    if not text and not quoted:
        return None
    if kind.endswith("[]"):
        return [typed(v, True, kind[:-2]) for v in text.split(ARRAY_DELIMITER)]
    return {"int": int, "float": float, "boolean": lambda v: v == "true"}.get(kind, str)(text)


def _restored_lists() -> dict[str, list[str]]:
    """Label or relationship type -> the properties schema.cypher sets to [] where the import left none."""
    found: dict[str, list[str]] = {}
    for statement in RESTORE_EMPTY_LISTS:
        target = re.search(r":(\w+)[)\]]", statement)
        prop = re.search(r"WHERE \w+\.(\w+) IS NULL SET \w+\.\1 = \[\]$", statement)
        assert target is not None and prop is not None, statement
        found.setdefault(target.group(1), []).append(prop.group(1))
    return found


EMPTY_LISTS_RESTORED = _restored_lists()


def ident(column: str, node: str) -> str:
    """A relationship end as `canonical_dump` names it: `Paper:ID` from `:START_ID(Paper)` and the id."""
    return f"{id_space(column)}:{node}"


def imported_dump(csv_dir: Path) -> dict[str, list[str]]:
    """What `neo4j-admin database import` and schema.cypher make of the files, as `canonical_dump` shows a graph."""
    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for name, header in NODE_FILES.items():
        for row in records(csv_dir / name):
            props, labels = {}, []
            for column, (text, quoted) in zip(header, row, strict=True):
                prop, _, kind = column.partition(":")
                if kind == "LABEL":
                    labels = text.split(ARRAY_DELIMITER)
                    continue
                value = typed(text, quoted, "string" if kind.startswith("ID(") else kind)
                if value is not None:
                    props[prop] = value
            for prop in EMPTY_LISTS_RESTORED.get("Entity", ()) if "Entity" in labels else ():
                props.setdefault(prop, [])
            nodes[node_ident(labels, props.get("id"), props.get("key"))] = (labels, props)
    rels = []
    for name, header in REL_FILES.items():
        for row in records(csv_dir / name):
            (start, _), (end, _), (rtype, _) = row[:3]
            props = {}
            for column, (text, quoted) in zip(header[3:], row[3:], strict=True):
                prop, _, kind = column.partition(":")
                value = typed(text, quoted, kind)
                if value is not None:
                    props[prop] = value
            for prop in EMPTY_LISTS_RESTORED.get(rtype, ()):
                props.setdefault(prop, [])
            assert ident(header[0], start) in nodes and ident(header[1], end) in nodes, (name, row[:3])
            rels.append(canonical_json({"start": ident(header[0], start), "type": rtype, "end": ident(header[1], end),
                                "props": props}))
    return {"nodes": sorted(canonical_json({"labels": sorted(labels), "props": props}) for labels, props in nodes.values()),
            "relationships": sorted(rels)}


def test_the_lists_put_back_after_the_import_are_read_from_the_statements():
    assert EMPTY_LISTS_RESTORED == {"Entity": ["aliases", "alias_keys", "tally_form_keys", "tally_form_key_n"],
                                    "MENTIONS": ["form_keys"]}


@pytest.fixture
def ingest_inputs(tmp_path, corpus_dir) -> list[Path]:
    """The corpus, synthetic papers with claims, and papers listed again: identical, edited, and edited back."""
    synthetic = synthetic_jsonl(tmp_path / "synthetic.jsonl", 120, seed=3)
    first = [json.loads(line) for line in synthetic.read_text().splitlines()[:6]]
    again = tmp_path / "again.jsonl"
    edits = [first[0], {**first[1], "abstract": "GPT-4 outperforms LoRA by 9% on ImageNet. We propose DPO."},
             {**first[2], "abstract": first[2]["abstract"] + " Llama-3 is compared."}, first[3]]
    again.write_text("".join(json.dumps(p) + "\n" for p in edits), encoding="utf-8")
    return [*sorted(corpus_dir.glob("*.txt"))[:2], synthetic, again]


@pytest.mark.parametrize("extractor", [KEYWORDS, "rules"])
def test_the_export_is_the_graph_kg_ingest_writes(ingest_inputs, falkordb_store, tmp_path, extractor):
    batch = 5  # small chunks: versions of one paper in different chunks, as in the reference runs
    report = ingest(ingest_inputs, falkordb_store, extractor=extractor, batch_size=batch, bulk=False)
    extractions = tmp_path / "extractions.jsonl"
    with extractions.open("w", encoding="utf-8") as out:
        for extraction in extract_papers(ingest_inputs, extractor=extractor):
            out.write(extraction.model_dump_json() + "\n")
    stats = export_files(ingest_inputs, extractions, tmp_path / "csv", batch_size=batch)
    expected = canonical_dump(falkordb_store, mask_unmentioned_entities=True)
    assert stats.relationships["VARIANT_OF"] > 0, "the input must exercise the resolve stage"
    assert stats.repointed == report.repointed, "the same papers are resolved again"
    if extractor == "rules":
        assert stats.repointed > 0, "no paper resolved again: the input does not exercise it"
        assert any('"ambiguous": true' in node for node in expected["nodes"]), "no ambiguous short form exercised"
    assert_same_graph(imported_dump(tmp_path / "csv"), expected, "the graph the CSV files hold")


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
    stats = export_files([papers], extractions, tmp_path / "csv", resolver=EntityResolver(use_lexicon=False))
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


def test_an_alias_key_that_is_another_entitys_key_is_left_out_as_ingest_leaves_it_out(falkordb_store, tmp_path):
    papers = write_papers(tmp_path / "p.jsonl", {
        "p1": "We prompt with [[chain-of-thought (CoT)|Method]]; [[CoTs|Method]] help.",
        "p2": "Cheap [[COTS|Method]] hardware.",  # commercial off-the-shelf: its key is `cots` too
        "p3": "[[Llama-3-8B|Model]] and [[Llama-3|Model]] with [[CoT|Method]].",
    })
    ingest_markup(falkordb_store, papers)
    assert falkordb_store.query(ALIAS_COLLISIONS).scalar() == 0
    extractions = tmp_path / "extractions.jsonl"
    extractions.write_text("".join(e.model_dump_json() + "\n" for e in extract_papers([papers], extractor=MARKUP)),
                           encoding="utf-8")
    export_files([papers], extractions, tmp_path / "csv", resolver=EntityResolver(use_lexicon=False))
    assert_same_graph(imported_dump(tmp_path / "csv"), canonical_dump(falkordb_store, mask_unmentioned_entities=True),
                      "the graph the CSV files hold")
