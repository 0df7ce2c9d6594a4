"""Smoke tests of the scale benchmark: the corpus generator (deterministic, streaming, renaming) and one
tiny run of benchmarks/bench_scale.py end to end. No timing is asserted: speed is the benchmark's job."""
from __future__ import annotations

import json
import sys
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402

SOURCES = [
    {"title": "Control LLM: Controlled Evolution", "abstract": "We propose Control LLM. On Llama3.1-8B-Instruct it "
     "gains +14.4% on Math-Hard and 10.6% on C-Eval over Llama3.1-8B; our RealBasicVSR and the VideoLQ dataset."},
    {"title": "Hallucination helps", "abstract": "We propose Hallucinator, which beats SimCLR by 2.5% on CIFAR-10 "
     "and CIFAR-100 in 2023, with 3 steps."},
]


def test_the_generator_is_deterministic_and_gives_unique_ids_and_titles(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    started = time.perf_counter()
    generate.write_jsonl(a, 200, seed=3)
    assert time.perf_counter() - started < 30  # generous: a shared CI machine; typically well under a second
    generate.write_jsonl(b, 200, seed=3)
    assert a.read_bytes() == b.read_bytes()
    records = [json.loads(line) for line in a.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 200
    assert len({r["id"] for r in records}) == 200
    assert len({r["title"] for r in records}) == 200
    assert all(r["abstract"] and r["published"] for r in records)
    # N below the corpus size: the real abstracts themselves; beyond it, rewritten copies that depend on the seed.
    assert records[0]["abstract"] == generate.read_sources(generate.DEFAULT_CORPUS)[0]["abstract"]
    assert list(generate.generate(50, seed=3, sources=SOURCES)) != list(generate.generate(50, seed=4, sources=SOURCES))


def test_the_generator_streams():
    records = generate.generate(10**9, seed=1, sources=SOURCES)
    assert [r["id"] for r in islice(records, 5)] == [f"gen-{i:08d}" for i in range(5)]


def test_copies_rename_names_consistently_and_keep_the_originals_first():
    records = list(generate.generate(2 * 200, seed=1, sources=SOURCES))
    assert records[0]["abstract"] == SOURCES[0]["abstract"]  # copy 0 is the real text
    copies = [r for r in records[2:] if r["id"] != records[0]["id"]]
    renamed = [r for r in copies if "Llama3.1" not in r["abstract"] and "Control LLM" not in r["abstract"]]
    assert renamed, "later copies rename entity-like names"
    for r in copies[::2]:
        # A family stays one family inside an abstract: the stem of Llama3.1-8B and Llama3.1-8B-Instruct agree.
        text = r["abstract"]
        stem = text.split("On ", 1)[1].split("3.1-8B-Instruct", 1)[0]
        assert f"{stem}3.1-8B" in text.split("over ", 1)[1]
    names: set[str] = set()
    list(generate.generate(400, seed=1, sources=SOURCES, names=names))
    assert len(names) > 10, "a long tail of new names"
    # Years and small counts are kept; other numbers move.
    hall = [r for r in records if r["id"].endswith(("1", "3", "5", "7", "9"))]
    assert all("2023" in r["abstract"] and "3 steps" in r["abstract"] for r in hall)
    assert any("2.5%" not in r["abstract"] for r in hall)


def test_popular_names_recur_and_new_ones_keep_appearing():
    counts: dict[str, int] = {}
    names: set[str] = set()
    for record in generate.generate(2000, seed=2, sources=SOURCES, names=names):
        for token in generate.TOKEN.findall(record["abstract"]):
            if token.startswith("CIFAR") or generate.renamed_stem("CIFAR", 1) in token:
                counts[token] = counts.get(token, 0) + 1
    assert counts.get("CIFAR-10", 0) > counts.get(f"{generate.renamed_stem('CIFAR', 1)}-10", 0) > 0
    curve_small: set[str] = set()
    list(generate.generate(500, seed=2, sources=SOURCES, names=curve_small))
    assert len(names) > len(curve_small)


def test_the_benchmark_runs_end_to_end_on_200_abstracts(tmp_path, embedded_dir):
    import bench_scale

    out = tmp_path / "bench"
    code = bench_scale.main(["--sizes", "200", "--out", str(out), "--sample", "50", "--naive-sample", "20",
                             "--query-runs", "2", "--other-batch-sizes", "", "--feed", "20", "--extractor", "keyword_extractor:KeywordExtractor",
                             "--pythonpath", str(REPO / "tests"), "--json-name", "smoke.json"])
    assert code == 0
    report = json.loads((out / "smoke.json").read_text())
    result = report["results"]["200"]
    assert result["load"]["papers"] == 200 and result["load"]["rows_per_s"] > 0
    assert result["naive"]["rows_per_s"] > 0 and result["load"]["ratio_to_naive"] > 0
    assert result["extract_1"]["tokenizer_abstracts_per_s"] > 0
    assert result["ingest"]["first"]["seconds"] > 0 and result["ingest"]["again"]["seconds"] > 0
    assert result["ingest"]["disk_bytes"] > 0
    assert result["ingest"]["mode"] == "--bulk" and result["ingest_incremental"]["mode"] == "--no-bulk"
    # the bulk load writes what the loader writes (counts per label and type; equality in test_bulk_load)
    assert result["bulk"]["papers"] == 200 and not result["bulk"]["fell_back"]
    assert result["bulk"]["same_counts_as_loader"]
    assert result["feed"]["papers"] == 20 and result["feed"]["rows"] > 20  # --feed 20: new papers on top
    from kg.queries import all_queries

    assert set(result["queries"]["queries"]) == set(all_queries())
    assert "| bulk load (first load, empty graph): rows/s |" in report["table_markdown"]
    assert "| incremental loader: rows/s (nodes + relationships) |" in report["table_markdown"]
    assert not list((out / "n200").glob("*/server.sock")), "the benchmark leaves no server running"


def test_the_million_setting_leaves_out_the_incremental_runs(tmp_path, embedded_dir):
    """`--no-incremental` (what a 1M run uses): no loader-over-everything, no --no-bulk ingest; the queries
    run on the bulk-loaded graph."""
    import bench_scale

    out = tmp_path / "bench"
    code = bench_scale.main(["--sizes", "200", "--out", str(out), "--sample", "50", "--naive-sample", "20",
                             "--query-runs", "2", "--other-batch-sizes", "", "--feed", "10", "--no-incremental",
                             "--skip-ingest", "--extractor", "keyword_extractor:KeywordExtractor",
                             "--pythonpath", str(REPO / "tests"), "--json-name", "million.json"])
    assert code == 0
    result = json.loads((out / "million.json").read_text())["results"]["200"]
    assert "load" not in result and "ingest_incremental" not in result
    assert result["bulk"]["papers"] == 200 and result["queries"]["queries"]["entity"]["rows"] >= 0
