"""Input readers on the real daily listings, on small fixtures in each format, and on bad input."""
from __future__ import annotations

import gzip
import json
import re
import tracemalloc
from collections import defaultdict
from pathlib import Path

import pytest

from kg.models import Paper
from kg.read import FORMATS, ReadProblem, detect_format, read_papers, title_id
from kg.read.daily import TITLE_MAX_CHARS, load_furniture, read_daily
from kg.read.textfile import iter_lines

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
GOLD = Path(__file__).parents[1].parent / "shared" / "gold" / "dev.jsonl"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"sample corpus not found at {CORPUS}")


def split(items):
    items = list(items)
    papers = [i for i in items if isinstance(i, Paper)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert len(papers) + len(problems) == len(items), "readers yield only Papers and ReadProblems"
    return papers, problems


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def content_lines(path: Path) -> list[str]:
    """Non-blank lines that are not page furniture: independent of the reader's state machine."""
    furniture = load_furniture()
    return [s for s in (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
            if s and not furniture.matches(s)]


# --- the real daily listings -------------------------------------------------------------------

@needs_corpus
def test_corpus_reads_580_papers_with_per_file_counts():
    counts = {}
    for path in corpus_files():
        papers, problems = split(read_daily(str(path)))
        assert problems == [], [str(p) for p in problems]
        counts[path.name[:3]] = len(papers)
        # every listing alternates title / abstract: half its content lines are papers
        assert len(papers) == len(content_lines(path)) // 2
    assert counts == {"000": 134, "001": 155, "002": 73, "003": 138, "004": 80}
    assert sum(counts.values()) == 580


@needs_corpus
def test_corpus_titles_and_abstracts_are_whole_lines_of_their_file():
    for path in corpus_files():
        lines = set(content_lines(path))
        papers, _ = split(read_daily(str(path)))
        for paper in papers:
            assert paper.abstract in lines
            assert paper.title in lines or f"Subscribe{paper.title}" in lines
            assert len(paper.title) <= TITLE_MAX_CHARS < len(paper.abstract)
            assert paper.source == str(path) and paper.url is None
            assert paper.id == title_id(paper.title)


@needs_corpus
def test_no_blank_line_listing_starts_with_the_title_glued_to_furniture():
    path = CORPUS / "001_bf198406eb65fbce.txt"
    assert "\n\n" not in path.read_text(encoding="utf-8").strip()
    papers, _ = split(read_daily(str(path)))
    assert papers[0].title == "SUGAR: Subject-Driven Video Customization in a Zero-Shot Manner"
    assert papers[0].abstract.startswith("We present SUGAR, a zero-shot method for subject-driven video")
    assert papers[0].abstract.endswith("demonstrating the effectiveness of our proposed method.")
    assert papers[1].title == "An Empirical Analysis of Uncertainty in Large Language Model Evaluations"
    assert papers[1].abstract.startswith("As LLM-as-a-Judge emerges as a new paradigm")


@needs_corpus
def test_blank_line_listings_spot_checks():
    first = {p.name[:3]: split(read_daily(str(p)))[0] for p in corpus_files()}
    assert first["000"][0].title == "Investigating Tradeoffs in Real-World Video Super-Resolution"
    assert "reduces up to 40\\% of training time" in first["000"][0].abstract  # LaTeX escape kept
    assert first["002"][0].title.startswith("Motion Consistency Model: Accelerating Video Diffusion")
    assert first["002"][-1].abstract.endswith("improvements of 3.0% on GSM8K and 7.9% on MATH.")
    assert first["003"][0].title == ("What, How, Where, and How Well? A Survey on Test-Time Scaling "
                                     "in Large Language Models")
    assert first["004"][0].title == "Improved Test-Time Adaptation for Domain Generalization"


@needs_corpus
def test_unicode_in_the_listings_is_kept_as_written():
    for path in corpus_files():
        raw_non_ascii = {ch for ch in path.read_text(encoding="utf-8") if ord(ch) > 127}
        papers, _ = split(read_daily(str(path)))
        read_non_ascii = {ch for p in papers for ch in p.title + p.abstract if ord(ch) > 127}
        assert read_non_ascii == raw_non_ascii


@needs_corpus
@pytest.mark.skipif(not GOLD.is_file(), reason=f"gold annotations not found at {GOLD}")
def test_segmentation_agrees_with_the_hand_annotated_dev_set():
    # gold ids are "<listing prefix>-<0-based position in the listing>"
    by_file = {p.name[:3]: split(read_daily(str(p)))[0] for p in corpus_files()}
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert gold
    for record in gold:
        prefix, index = record["id"].split("-")
        paper = by_file[prefix][int(index)]
        assert (paper.title, paper.abstract) == (record["title"], record["abstract"]), record["id"]


@needs_corpus
def test_same_paper_in_two_listings_gets_one_id():
    files_by_id = defaultdict(set)
    for path in corpus_files():
        for paper in split(read_daily(str(path)))[0]:
            files_by_id[paper.id].add(path.name)
    assert any(len(files) > 1 for files in files_by_id.values())


@needs_corpus
def test_reading_the_corpus_directory_skips_its_readme():
    papers, problems = split(read_papers([CORPUS]))
    assert problems == []
    assert len(papers) == 580
    assert [p.source for p in papers] == sorted(p.source for p in papers)  # files in sorted order


# --- daily listings: fixtures -------------------------------------------------------------------

def test_daily_blank_lines_fixture():
    papers, problems = split(read_papers([FIXTURES / "daily_blank_lines.txt"]))
    assert problems == []
    assert [p.title for p in papers] == [
        "Investigating Tradeoffs in Real-World Video Super-Resolution",
        "Does your data spark joy? Performance gains from domain upsampling at the end of training",
    ]
    assert "40\\% of training time" in papers[0].abstract and "``real-world''" in papers[0].abstract
    assert papers[1].abstract.endswith("benchmarks — naïvely, cheaply.")


def test_daily_irregular_listing():
    path = str(FIXTURES / "daily_irregular.txt")
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    papers, problems = split(read_papers([path]))
    assert [p.title for p in papers] == [
        "Glued First Title: A Study of Furniture",
        "A Title That Ends With A Period.",
        "Short Abstract Paper",
        "Fourth Paper: Continuations After Abstracts",
    ]
    # a second paragraph and a short closing line are joined to the abstract they continue
    assert papers[1].abstract == f"{lines[5]} {lines[6]}"
    assert papers[2].abstract == "This abstract is short and has no final period"
    assert papers[3].abstract == f"{lines[10]} {lines[11]}"
    assert "\u200f" in papers[3].abstract and "\u200b" in papers[3].abstract
    assert [(p.line, p.path) for p in problems] == [
        (lines.index("A Title Without Any Abstract") + 1, path),
        (lines.index("A Last Title Without Abstract") + 1, path),
    ]
    assert all("has no abstract" in p.message for p in problems)


def test_daily_abstract_without_title_is_reported_and_reading_goes_on():
    path = str(FIXTURES / "daily_orphan.txt")
    papers, problems = split(read_papers([path], fmt="daily"))
    orphan_line = next(n for n, line in enumerate(Path(path).read_text().splitlines(), 1)
                       if line.startswith("This paragraph"))
    assert [str(p) for p in problems] == [
        f"{path}:{orphan_line}: abstract paragraph without a title before it; skipped"]
    assert [p.title for p in papers] == ["A Proper Title After The Orphan"]


def test_glued_furniture_is_stripped_only_before_a_capital():
    furniture = load_furniture()
    assert furniture.strip_glued_prefix("SubscribeSUGAR: Video") == "SUGAR: Video"
    assert furniture.strip_glued_prefix("Subscriber Churn Models") == "Subscriber Churn Models"
    assert furniture.strip_glued_prefix("NewsBench: A Benchmark") == "NewsBench: A Benchmark"
    assert furniture.matches("Mar 14") and furniture.matches("byAK and the research community")
    assert not furniture.matches("March of the Transformers")


def test_daily_file_with_only_furniture_has_no_papers(tmp_path):
    path = tmp_path / "furniture.txt"
    path.write_text("new\n\nSubscribe\n\nDaily Papers\n\nMar 14\n", encoding="utf-8")
    papers, problems = split(read_papers([path]))
    assert papers == []
    assert [str(p) for p in problems] == [f"{path}: no papers found (read as daily)"]


@pytest.mark.parametrize("name, content", [
    ("blank.jsonl", "\n  \n\n"),
    ("empty_feed.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><title>No results</title></feed>'),
    ("header_only.csv", "id,title,abstract\n"),
])
def test_files_without_records_say_so(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    fmt = detect_format(path)
    assert [str(p) for p in read_papers([path])] == [f"{path}: no papers found (read as {fmt})"]


def test_csv_with_an_unreadable_header_is_skipped(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,títle,abstract\n1,T,A\n".encode("latin-1"))
    problems = list(read_papers([path]))
    assert len(problems) == 1 and isinstance(problems[0], ReadProblem) and problems[0].line == 1
    assert "invalid UTF-8" in problems[0].message and "file skipped" in problems[0].message


def test_title_id_ignores_case_and_spacing_only():
    assert title_id("Attention Is  All You\nNeed") == title_id("attention is all you need")
    assert title_id("Attention Is All You Need") != title_id("Attention Is All You Need 2")
    assert re.fullmatch(r"t-[0-9a-f]{16}", title_id("x"))


# --- JSON Lines ---------------------------------------------------------------------------------

def test_jsonl_good_records_survive_bad_lines():
    path = str(FIXTURES / "papers.jsonl")
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["p1", "p3", title_id("Record Without Id"), "7", "p12"]
    p1 = papers[0]
    assert (p1.title, p1.url, p1.published, p1.source) == (
        "Good First Record", "https://example.org/p1", "2024-01-02", path)
    assert papers[1].abstract == "Uses summary instead of abstract; accepted."  # `summary` alias
    assert papers[-1].source == "my export" and "naïve ≤ 5%" in papers[-1].abstract
    by_line = {p.line: p.message for p in problems}
    assert all(p.path == path for p in problems)
    assert sorted(by_line) == [2, 4, 5, 9, 10, 11]
    assert by_line[2].startswith("invalid JSON")
    assert by_line[4] == "expected a JSON object, got an array"
    assert "no 'abstract'" in by_line[5]
    assert by_line[9] == "abstract is empty"
    assert by_line[10].startswith("title must be text, not int")
    assert "invalid UTF-8" in by_line[11]


def test_json_array_file(tmp_path):
    path = tmp_path / "papers.json"
    path.write_text(json.dumps([{"id": "a", "title": "A", "abstract": "First."}, {"id": "b", "title": "B"},
                                {"id": "c", "title": "C", "summary": "Third."}]), encoding="utf-8")
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["a", "c"]
    assert [str(p) for p in problems] == [f"{path}: record 2: record has no 'abstract' (or 'summary') field"]


def test_jsonl_text_that_cannot_be_stored_is_reported(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "s", "title": "Lone \\ud800 surrogate", "abstract": "x"}\n'
                    '{"id": "n", "title": "NUL", "abstract": "a\\u0000b"}\n'
                    f'{{"id": "long", "title": "{"t" * 10_001}", "abstract": "x"}}\n'
                    '{"id": "ok", "title": "Fine", "abstract": "Kept."}\n', encoding="utf-8")
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["ok"]
    assert [(p.line, p.message) for p in problems] == [
        (1, "title contains an invalid Unicode character (a lone surrogate)"),
        (2, "abstract contains a NUL character"),
        (3, "title is too long (10001 characters, at most 10000)"),
    ]


# --- arXiv API Atom feeds -----------------------------------------------------------------------

def entry_line(path: Path, number: int) -> int:
    """Line of the `number`-th <entry> in a fixture, found by text search (not by the reader)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line.strip() == "<entry>"]
    return lines[number - 1]


def test_arxiv_feed():
    path = FIXTURES / "arxiv_feed.xml"
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["1706.03762", "2401.01234", "hep-ex/0307015"]
    attention, wrapped, old_style = papers
    assert attention.url == "http://arxiv.org/abs/1706.03762v7"
    assert attention.published == "2017-06-12T17:57:34Z"
    assert attention.abstract.startswith("The dominant sequence transduction models are based on complex "
                                         "recurrent or convolutional")  # line breaks collapsed
    assert wrapped.title == "A Wrapped Title About Scaling Laws for Low-Resource Machine Translation"
    assert "(MT) & show" in wrapped.abstract and "40\\% fewer" in wrapped.abstract
    assert "naïve, 10⁻³, ≤ 5%." in wrapped.abstract
    assert old_style.title.endswith("Collisions at HERA")
    assert [(p.line, p.message) for p in problems] == [
        (entry_line(path, 3), "entry 3: entry has no <summary> (abstract); skipped")]


def test_arxiv_api_error_feed_is_reported():
    papers, problems = split(read_papers([FIXTURES / "arxiv_error.xml"]))
    assert papers == []
    assert len(problems) == 1
    assert "the arXiv API returned an error: incorrect id format for 1234.12345" in problems[0].message


def test_xml_that_is_not_an_atom_feed():
    path = FIXTURES / "rss_not_atom.xml"
    papers, problems = split(read_papers([path]))
    assert papers == []
    assert len(problems) == 1 and problems[0].path == str(path) and problems[0].line == 2
    assert problems[0].message.startswith("not an Atom feed: the root element is <rss>")


def test_truncated_feed_keeps_complete_entries():
    path = FIXTURES / "truncated_feed.xml"
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["2403.00001"]
    assert len(problems) == 1 and "truncated" in problems[0].message
    assert problems[0].line == len(path.read_text().splitlines()) + 1  # where the text ran out


def test_atom_feed_without_arxiv_ids(tmp_path):
    path = tmp_path / "other.atom"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:uuid:1234</id>'
                    '<title>Other</title><content>Some content.</content>'
                    '<link href="https://example.org/1"/></entry></feed>', encoding="utf-8")
    papers, problems = split(read_papers([path]))
    assert problems == []
    assert [(p.id, p.abstract, p.url) for p in papers] == [("urn:uuid:1234", "Some content.",
                                                           "https://example.org/1")]


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_with_quoted_multiline_fields_and_bad_rows():
    path = str(FIXTURES / "papers.csv")
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["c1", title_id("Derived Id From Title"), "c5"]
    c1 = papers[0]
    assert c1.title == "Quoted, With Comma"
    assert c1.abstract == 'A multi-line abstract:\nsecond line of the same field, with "quotes".'
    assert (c1.url, c1.published, c1.source) == ("https://example.org/c1", "2024-03-01", path)
    assert [(p.line, p.message) for p in problems] == [
        (4, "row has 3 fields but the header has 6 (an unquoted delimiter or a missing field?); skipped"),
        (5, "abstract is empty"),
    ]


def test_tsv_with_summary_column():
    papers, problems = split(read_papers([FIXTURES / "papers.tsv"]))
    assert problems == []
    assert [(p.id, p.title, p.abstract) for p in papers] == [
        ("t1", "Tab Separated Paper", "A TSV file using the summary column name.")]


def test_csv_without_needed_columns_is_one_problem():
    path = FIXTURES / "wrong_columns.csv"
    papers, problems = split(read_papers([path]))
    assert papers == []
    assert [str(p) for p in problems] == [
        f"{path}:1: CSV header has no 'abstract' (or 'summary') column; found columns: 'id', 'name', 'text'"]


def test_csv_unclosed_quote_is_reported_at_its_row(tmp_path):
    path = tmp_path / "unclosed.csv"
    path.write_text('id,title,abstract\nok,Fine,Kept.\nbad,"Unclosed,abc\nlater,T,A\n', encoding="utf-8")
    papers, problems = split(read_papers([path]))
    assert [p.id for p in papers] == ["ok"]
    assert [(p.line, "unclosed quote" in p.message) for p in problems] == [(3, True)]


# --- format detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "jsonl"), ("a.xml", "arxiv"),
    ("a.atom", "arxiv"), ("a.csv", "csv"), ("a.tsv", "csv"), ("a.TXT", "daily"),
])
def test_detect_format_by_extension(tmp_path, name, expected):
    path = tmp_path / name
    path.write_text("whatever is inside, the extension decides", encoding="utf-8")
    assert detect_format(path) == expected


@pytest.mark.parametrize("content, expected", [
    ('{"id": "1", "abstract": "x"}\n', "jsonl"),
    ('  [{"id": "1"}]', "jsonl"),
    ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', "arxiv"),
    ("\ufeffID,Title,Abstract\n1,T,A\n", "csv"),
    ("title\tsummary\nT\tS\n", "csv"),
    ("new\n\nSubscribe\n\nA Title\n\nAn abstract.\n", "daily"),
    ("a, b, c without the needed columns\n", "daily"),
])
def test_detect_format_by_content(tmp_path, content, expected):
    path = tmp_path / "no_extension"
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == expected


def test_every_fixture_is_detected_as_its_format():
    expected = {".txt": "daily", ".jsonl": "jsonl", ".xml": "arxiv", ".csv": "csv", ".tsv": "csv"}
    for path in FIXTURES.iterdir():
        assert detect_format(path) == expected[path.suffix], path


# --- bad files and paths ------------------------------------------------------------------------

def test_missing_path_is_a_problem_and_reading_goes_on(tmp_path):
    missing = tmp_path / "nope.jsonl"
    papers, problems = split(read_papers([missing, FIXTURES / "papers.tsv"]))
    assert [str(p) for p in problems] == [f"{missing}: no such file or directory"]
    assert len(papers) == 1


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".xml", ".csv"])
@pytest.mark.parametrize("content, expected", [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (contains NUL bytes), not text"),
    # gzip is read through: what is inside is checked like any file
    (gzip.compress(b"\x00\x01\x02binary"), "binary file (contains NUL bytes), not text"),
    ("title\n".encode("utf-16"), "UTF-16"),
])
def test_unreadable_files_are_one_problem_each(tmp_path, suffix, content, expected):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    papers, problems = split(read_papers([path]))
    assert papers == []
    assert len(problems) == 1 and problems[0].path == str(path) and problems[0].line is None
    assert expected in problems[0].message


def test_directories_recurse_in_sorted_order_skipping_hidden_and_unknown_files(tmp_path):
    def jsonl(path: Path, pid: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"id": pid, "title": pid, "abstract": "x"}) + "\n", encoding="utf-8")

    jsonl(tmp_path / "b" / "2.jsonl", "b2")
    jsonl(tmp_path / "a.jsonl", "a")
    jsonl(tmp_path / "b" / "1.jsonl", "b1")
    jsonl(tmp_path / ".hidden.jsonl", "hidden-file")
    jsonl(tmp_path / ".git" / "x.jsonl", "hidden-dir")
    (tmp_path / "README.md").write_text("# not an input\n", encoding="utf-8")
    papers, problems = split(read_papers([tmp_path]))
    assert problems == []
    assert [p.id for p in papers] == ["a", "b1", "b2"]
    # an explicitly named file is read whatever its name
    assert [p.id for p in split(read_papers([tmp_path / ".hidden.jsonl"]))[0]] == ["hidden-file"]


def test_explicit_format_limits_directory_search(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "j", "title": "J", "abstract": "x"}\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,abstract\nc,y\n", encoding="utf-8")
    assert [p.id for p in split(read_papers([tmp_path], fmt="csv"))[0]] == ["c"]
    assert [p.id for p in split(read_papers([tmp_path]))[0]] == ["j", "c"]


def test_directory_without_inputs(tmp_path):
    (tmp_path / "notes.md").write_text("nothing to read", encoding="utf-8")
    papers, problems = split(read_papers([tmp_path]))
    assert papers == [] and len(problems) == 1
    assert problems[0].path == str(tmp_path) and "no input files" in problems[0].message


def test_read_papers_accepts_a_single_path_and_rejects_unknown_formats():
    assert len(split(read_papers(FIXTURES / "papers.tsv"))[0]) == 1
    assert FORMATS == ("auto", "daily", "jsonl", "arxiv", "csv", "tsv")
    with pytest.raises(ValueError, match="unknown input format 'pdf'"):
        read_papers([FIXTURES], fmt="pdf")


def test_read_problem_text():
    assert str(ReadProblem("a.jsonl", 3, "invalid JSON")) == "a.jsonl:3: invalid JSON"
    assert str(ReadProblem("a.jsonl", None, "empty file")) == "a.jsonl: empty file"


# --- streaming ----------------------------------------------------------------------------------

def test_an_overlong_line_is_skipped_without_being_held(tmp_path):
    path = tmp_path / "long.txt"
    with open(path, "wb") as f:
        f.write(b"first\n" + b"x" * 6_000_000 + b"\nlast\n")
    tracemalloc.start()
    try:
        with open(path, "rb") as f:
            lines = list(iter_lines(f, max_bytes=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(line.number, line.text) for line in lines] == [(1, "first"), (2, None), (3, "last")]
    assert "too long (6.0 MB" in lines[1].problem
    assert peak < 2_000_000  # a fraction of the 6 MB line


def _big_file(path: Path, fmt: str, n: int) -> None:
    abstract = "We report results on a benchmark, and the method improves accuracy by 2.5%. " * 6
    with open(path, "w", encoding="utf-8") as f:
        if fmt == "arxiv":
            f.write('<feed xmlns="http://www.w3.org/2005/Atom">\n')
        if fmt == "csv":
            f.write("id,title,abstract\n")
        for i in range(n):
            title = f"Paper Number {i}: A Study"
            if fmt == "jsonl":
                f.write(json.dumps({"id": str(i), "title": title, "abstract": abstract}) + "\n")
            elif fmt == "csv":
                f.write(f'{i},"{title}","{abstract}"\n')
            elif fmt == "arxiv":
                f.write(f"<entry><id>http://arxiv.org/abs/2401.{i:05d}v1</id><title>{title}</title>"
                        f"<summary>{abstract}</summary></entry>\n")
            else:
                f.write(f"{title}\n\n{abstract}\n\n")
        if fmt == "arxiv":
            f.write("</feed>\n")


def _memory_held_midway(path: Path, at: int) -> tuple[int, int]:
    """Papers read, and bytes held by everything but pydantic when the `at`-th paper comes out.

    (pydantic-core keeps a bounded cache of about 1 MB of validated strings: not the reader's memory.)
    """
    held, count = -1, 0
    tracemalloc.start()
    try:
        for item in read_papers([path]):
            count += isinstance(item, Paper)
            if count == at and held < 0:
                snapshot = tracemalloc.take_snapshot().filter_traces(
                    [tracemalloc.Filter(False, "*/pydantic*/*"), tracemalloc.Filter(False, tracemalloc.__file__)])
                held = sum(stat.size for stat in snapshot.statistics("filename"))
    finally:
        tracemalloc.stop()
    return count, held


@pytest.mark.parametrize("fmt, suffix", [("jsonl", ".jsonl"), ("csv", ".csv"), ("arxiv", ".xml"),
                                         ("daily", ".txt")])
def test_readers_stream_instead_of_loading_the_file(tmp_path, fmt, suffix):
    path = tmp_path / f"big{suffix}"
    _big_file(path, fmt, 5000)
    count, held = _memory_held_midway(path, at=2500)
    assert count == 5000
    size = path.stat().st_size
    assert 0 < held < size / 6, f"{held} bytes held halfway through a {size}-byte file"
