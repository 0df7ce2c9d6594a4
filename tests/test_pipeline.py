"""read -> extract -> load: unchanged papers are skipped, workers give the same graph, failures cost one paper."""
from __future__ import annotations

import json

import pytest

from kg.pipeline import extract_papers, ingest
from kg.queries.stats import graph_stats

PLUGIN = "keyword_extractor:KeywordExtractor"


@pytest.fixture
def papers_file(tmp_path):
    path = tmp_path / "papers.jsonl"
    rows = [
        {"id": f"p{i}", "title": f"Paper {i}",
         "abstract": f"LoRA outperforms BERT by {i}.5% on GLUE. RoBERTa is used in run {i}."}
        for i in range(25)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_ingest_reports_what_it_did(falkordb_store, papers_file):
    report = ingest([papers_file], falkordb_store, extractor=PLUGIN, batch_size=10)
    assert (report.read, report.written, report.unchanged) == (25, 25, 0)
    assert report.load.claims == 25 and report.load.entities == 4
    assert graph_stats(falkordb_store)["nodes"]["Paper"] == 25


def test_unchanged_papers_are_skipped_and_edited_ones_rewritten(falkordb_store, papers_file, tmp_path):
    ingest([papers_file], falkordb_store, extractor=PLUGIN)
    again = ingest([papers_file], falkordb_store, extractor=PLUGIN)
    assert (again.written, again.unchanged) == (0, 25)
    edited = tmp_path / "edited.jsonl"
    edited.write_text(json.dumps({"id": "p3", "title": "Paper 3", "abstract": "DPO outperforms GPT-4 by 1% on MMLU."})
                      + "\n")
    report = ingest([edited], falkordb_store, extractor=PLUGIN)
    assert report.written == 1
    assert falkordb_store.query("MATCH (:Paper {id: 'p3'})-[:REPORTS]->(c)-[:SUBJECT]->(s) RETURN s.name").rows \
        == [["DPO"]]


def test_force_rewrites_everything(falkordb_store, papers_file):
    ingest([papers_file], falkordb_store, extractor=PLUGIN)
    assert ingest([papers_file], falkordb_store, extractor=PLUGIN, force=True).written == 25


def test_two_workers_build_the_same_graph_as_one(embedded_dir, papers_file, corpus_dir):
    from kg.stores.falkordb_store import FalkorDBStore

    graphs = []
    for workers in (1, 2):
        with FalkorDBStore(data_dir=embedded_dir, graph=f"workers_{workers}") as store:
            store.clear()
            report = ingest([corpus_dir, papers_file], store, extractor=PLUGIN, workers=workers, batch_size=50)
            claims = sorted(r[0] for r in store.query("MATCH (c:Claim) RETURN c.id").rows)
            graphs.append((report.read, graph_stats(store), claims))
            store.clear()
    assert graphs[0] == graphs[1]
    assert graphs[0][0] == 580 + 25


def test_bad_records_are_reported_and_good_ones_kept(falkordb_store, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "ok", "title": "t", "abstract": "BERT on GLUE."}\n{"id": \n'
                    '{"id": "ok2", "title": "t2", "abstract": "RoBERTa on MMLU."}\n')
    seen = []
    report = ingest([path, tmp_path / "missing.csv"], falkordb_store, extractor=PLUGIN, on_problem=seen.append)
    assert report.written == 2
    assert [str(p) for p in report.problems] == [str(p) for p in seen]
    assert any(f"{path}:2:" in str(p) for p in seen)
    assert any("missing.csv" in str(p) for p in seen)


class ExplodingExtractor:
    """Fails on one paper, to show that an extractor bug costs that paper only."""

    name = "exploding"

    def extract(self, paper):
        from keyword_extractor import KeywordExtractor

        if "boom" in paper.abstract:
            raise RuntimeError("cannot parse this one")
        return KeywordExtractor().extract(paper)


def test_an_extractor_failure_costs_one_paper_and_is_reported(falkordb_store, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps({"id": i, "title": i, "abstract": a}) + "\n"
                            for i, a in [("a", "BERT here."), ("b", "boom"), ("c", "GLUE there.")]))
    report = ingest([path], falkordb_store, extractor="test_pipeline:ExplodingExtractor")
    assert report.written == 2
    assert len(report.problems) == 1 and "paper b" in report.problems[0].message
    assert "cannot parse this one" in report.problems[0].message
    # Not loaded, so not stamped: the next run tries it again.
    assert falkordb_store.query("MATCH (p:Paper {id: 'b'}) RETURN count(p)").scalar() == 0


def test_extract_papers_needs_no_database(papers_file):
    extractions = list(extract_papers([papers_file], extractor=PLUGIN))
    assert len(extractions) == 25
    assert extractions[3].claims[0].value == 3.5 and extractions[3].claims[0].id.startswith("c_")


def test_claim_ids_are_deterministic(papers_file):
    first = [c.id for e in extract_papers([papers_file], extractor=PLUGIN) for c in e.claims]
    second = [c.id for e in extract_papers([papers_file], extractor=PLUGIN) for c in e.claims]
    assert first == second and len(set(first)) == 25


def test_a_long_extraction_starts_fresh_pipelines_with_the_same_results(corpus_dir, monkeypatch):
    """The pipeline's string store grows with every new token; after RECYCLE_PIPELINE_AFTER papers an
    extracting process builds a fresh pipeline. Results must not change."""
    import kg.extractors.pipeline as spacy_pipeline
    from kg import extract_workers

    expected = [e.model_dump() for e in extract_papers([corpus_dir], batch_size=50)]
    built = []
    original = spacy_pipeline.build_nlp
    monkeypatch.setattr(spacy_pipeline, "build_nlp", lambda *a, **k: built.append(1) or original(*a, **k))
    monkeypatch.setattr(extract_workers, "RECYCLE_PIPELINE_AFTER", 100)
    spacy_pipeline.reset_nlp()
    try:
        recycled = [e.model_dump() for e in extract_papers([corpus_dir], batch_size=50)]
    finally:
        spacy_pipeline.reset_nlp()  # the other tests get an ordinary pipeline
    assert recycled == expected
    assert len(built) == 6  # 580 papers: a pipeline per 100 (the first, then after 100, 200, ..., 500)
