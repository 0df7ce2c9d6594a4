"""Paper identity: one Paper node per paper, whichever of its records arrives first.

A daily listing knows a paper by its title only; an arXiv record knows it by its arXiv id (in `id`, `abs`,
`pdf`, `url` or an `arxiv_id` column). Ingested in either order, in one run or two, they make one Paper node
under the arXiv id, holding the arXiv record's text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.pipeline import ingest
from kg.read import ReadProblem, read_papers
from kg.read.ids import arxiv_id, title_key

TITLE = "Sparse Mixture-of-Experts Scale Vision Transformers"
ABSTRACT = ("We study sparse mixtures of experts for vision. Our V-MoE model outperforms ViT-B/16 by 1.2 points "
            "on ImageNet. It reaches 85.1% top-1 accuracy at half the compute. Code is released for all.")


def _listing(tmp_path: Path) -> Path:
    path = tmp_path / "listing.txt"
    # The listing writes the title with other spacing and punctuation than the arXiv record.
    path.write_text(f"Daily Papers\n\n{TITLE.upper()}\n\n{ABSTRACT}\n", encoding="utf-8")
    return path


def _arxiv_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "arxiv.jsonl"
    record = {"id": "2501.01234", "abs": "https://arxiv.org/abs/2501.01234v2", "title": TITLE + ".",
              "summary": ABSTRACT.replace(". ", ".\n")}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _papers(store) -> list[dict]:
    return store.query("MATCH (p:Paper) RETURN p.id AS id, p.arxiv_id AS arxiv_id, p.abstract AS abstract "
                       "ORDER BY id").records()


def _graph_shape(store) -> tuple:
    counts = store.query("MATCH (p:Paper) OPTIONAL MATCH (p)-[:REPORTS]->(c) RETURN count(DISTINCT p) AS p, "
                         "count(c) AS c").records()[0]
    return counts["p"], counts["c"]


@pytest.mark.parametrize("order", ["listing first", "arxiv first"])
def test_a_listing_paper_and_its_arxiv_record_are_one_node_in_two_runs(store, tmp_path, order):
    files = [_listing(tmp_path), _arxiv_jsonl(tmp_path)]
    if order == "arxiv first":
        files.reverse()
    for path in files:
        report = ingest([path], store, bulk=False)
        assert not report.problems
    papers = _papers(store)
    assert [p["id"] for p in papers] == ["2501.01234"]
    assert papers[0]["arxiv_id"] == "2501.01234"
    assert "\n" in papers[0]["abstract"]  # the arXiv record's text, whatever came first


@pytest.mark.parametrize("order", ["listing first", "arxiv first"])
def test_a_listing_paper_and_its_arxiv_record_are_one_node_in_one_run(store, tmp_path, order):
    files = [_listing(tmp_path), _arxiv_jsonl(tmp_path)]
    if order == "arxiv first":
        files.reverse()
    ingest(files, store, bulk=False)
    assert [p["id"] for p in _papers(store)] == ["2501.01234"]
    before = _graph_shape(store)
    ingest(list(reversed(files)), store, bulk=False)  # again, the other way round: nothing changes
    assert [p["id"] for p in _papers(store)] == ["2501.01234"] and _graph_shape(store) == before


@pytest.mark.parametrize("order", ["listing first", "arxiv first"])
def test_the_bulk_load_settles_paper_identity_too(falkordb_store, tmp_path, order):
    files = [_listing(tmp_path), _arxiv_jsonl(tmp_path)]
    if order == "arxiv first":
        files.reverse()
    report = ingest(files, falkordb_store, bulk=True)
    assert report.bulk
    assert [p["id"] for p in _papers(falkordb_store)] == ["2501.01234"]


def test_the_arxiv_id_is_read_from_any_field_or_link():
    assert arxiv_id("2401.01234v3") == "2401.01234"
    assert arxiv_id("arXiv:2401.01234") == "2401.01234"
    assert arxiv_id("https://arxiv.org/pdf/2401.01234v1.pdf") == "2401.01234"
    assert arxiv_id("https://export.arxiv.org/abs/hep-ex/0307015v1") == "hep-ex/0307015"
    assert arxiv_id("paper-42") is None and arxiv_id("https://example.org/2401.01234") is None
    assert title_key("  Sparse  Mixture-of-Experts: {Scale}!") == title_key("sparse mixture of experts scale")


def test_a_tsv_arxiv_id_column_gives_the_paper_its_id(tmp_path):
    path = tmp_path / "papers.tsv"
    path.write_text(f"title\tabstract\tarxiv_id\n{TITLE}\t{ABSTRACT}\tarXiv:2501.01234v1\n"
                    f"Another One\t{ABSTRACT}\t\n", encoding="utf-8")
    papers = [p for p in read_papers([str(path)]) if not isinstance(p, ReadProblem)]
    assert [p.id for p in papers][0] == "2501.01234"
    assert papers[1].id.startswith("t-") and papers[1].arxiv_id is None


def test_a_pdf_link_in_jsonl_gives_the_id_over_another_id(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "my-7", "pdf": "https://arxiv.org/pdf/2502.00001", "title": "T",
                                "abstract": ABSTRACT}) + "\n", encoding="utf-8")
    (paper,) = read_papers([str(path)])
    assert paper.id == "2502.00001"
