"""When a paper appeared, from each source: the input's own date, the arXiv id, a listing's date line."""
from __future__ import annotations

import doctest
import json
import os
from datetime import date, datetime

import pytest

import kg.read.dates
from kg.read import read_papers
from kg.read.dates import arxiv_month, listing_day, published_date
from kg.read.records import make_paper


def papers(path):
    return [p for p in read_papers([str(path)]) if not hasattr(p, "message")]


def test_docstring_examples_hold():
    failures, tried = doctest.testmod(kg.read.dates, verbose=False)
    assert tried >= 3 and failures == 0


@pytest.mark.parametrize("text, month", [
    ("2503.11731", "2025-03"), ("2412.00001v3", "2024-12"), ("0704.0001", "2007-04"), ("1501.1234", "2015-01"),
    ("arXiv:2311.05232", "2023-11"), ("https://arxiv.org/abs/2503.11731v2", "2025-03"),
    ("http://arxiv.org/pdf/2503.11731.pdf", "2025-03"), ("hep-th/9901001", "1999-01"), ("cs/0501001v2", "2005-01"),
    ("math.AG/0612123", "2006-12"),
    ("t-1e8a08ab0d07c501", None), ("2513.11731", None), ("0612.1234", None), ("paper-2503.11731", None),
    ("", None), (None, None),
])
def test_the_month_of_an_arxiv_id(text, month):
    assert arxiv_month(text) == month


@pytest.mark.parametrize("line, saved, day", [
    ("Mar 14", datetime(2025, 6, 1), "2025-03-14"),
    ("Mar 14, 2024", datetime(2025, 6, 1), "2024-03-14"),     # a year on the line wins
    ("Dec 30", datetime(2025, 1, 2), "2024-12-30"),           # not after the file was saved: last year
    ("Sept 3", datetime(2025, 9, 3, 8), "2025-09-03"),
    ("Feb 29", datetime(2025, 3, 1), "2024-02-29"),           # 2025 has none
    ("Mar 14", None, None),                                   # no year and no file time: cannot be placed
    ("March madness", datetime(2025, 6, 1), None), ("Subscribe", datetime(2025, 6, 1), None),
])
def test_the_day_of_a_listing_date_line(line, saved, day):
    assert listing_day(line, saved) == day


def test_published_reads_back_as_a_day_at_its_precision():
    assert [published_date(v) for v in ("2025-03", "2025-03-14", "2017-06-12T17:57:34Z", "2024")] == [
        date(2025, 3, 1), date(2025, 3, 14), date(2017, 6, 12), date(2024, 1, 1)]
    assert [published_date(v) for v in (None, "", "soon", "2025-13")] == [None, None, None, None]


def test_the_input_date_wins_then_the_arxiv_id_then_the_url():
    given = make_paper("f", 1, id="2503.11731", abstract="A.", published="2025-03-14")
    from_id = make_paper("f", 1, id="2503.11731", abstract="A.")
    from_url = make_paper("f", 1, id="p1", abstract="A.", url="https://arxiv.org/abs/2410.00001")
    neither = make_paper("f", 1, id="p1", abstract="A.", url="https://example.org/p1")
    assert [p.published for p in (given, from_id, from_url, neither)] == ["2025-03-14", "2025-03", "2024-10", None]


def test_jsonl_records_get_their_date_from_the_record_else_from_the_arxiv_id(tmp_path):
    path = tmp_path / "listing.jsonl"
    rows = [{"id": "2503.11731", "title": "A", "summary": "Abstract A."},
            {"id": "2504.00002", "title": "B", "abstract": "Abstract B.", "published": "2025-04-02T10:00:00Z"},
            {"title": "C", "abstract": "Abstract C."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [p.published for p in papers(path)] == ["2025-03", "2025-04-02T10:00:00Z", None]


def test_csv_rows_get_their_date_from_the_arxiv_id(tmp_path):
    path = tmp_path / "papers.csv"
    path.write_text("id,title,abstract,published\n2501.01234,A,Abstract A.,\n2501.05678,B,Abstract B.,2025-01-20\n",
                    encoding="utf-8")
    assert [p.published for p in papers(path)] == ["2025-01", "2025-01-20"]


LISTING = """new

Get trending papers in your email inbox!

Subscribe

Daily Papers

by AK and the research community

{date}

A Title About Models

We present a model. It works well on many benchmarks. It is fast and small, and we release the code.

Another Title About Data

We present a dataset. It has many examples. Models trained on it generalise better than before.
"""


def test_a_daily_listing_dates_its_papers_by_its_date_line_in_the_year_it_was_saved(tmp_path):
    path = tmp_path / "listing.txt"
    path.write_text(LISTING.format(date="Mar 14"), encoding="utf-8")
    saved = datetime(2025, 5, 2, 12, 0).timestamp()
    os.utime(path, (saved, saved))
    assert [(p.title, p.published) for p in papers(path)] == [
        ("A Title About Models", "2025-03-14"), ("Another Title About Data", "2025-03-14")]
    path.write_text(LISTING.format(date="Nov 28, 2024"), encoding="utf-8")
    assert [p.published for p in papers(path)] == ["2024-11-28", "2024-11-28"]


def test_a_listing_without_a_date_line_leaves_papers_undated(tmp_path):
    path = tmp_path / "listing.txt"
    path.write_text(LISTING.replace("{date}\n", ""), encoding="utf-8")
    assert [p.published for p in papers(path)] == [None, None]
