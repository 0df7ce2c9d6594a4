"""Hostile and random input: readers only ever yield Papers and ReadProblems, and never expand or fetch entities.

The default run keeps hypothesis small (FAST); the `slow` tests repeat the properties with many more
examples and the 100 MB line (run with `pytest -m slow`).
"""
from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.models import Paper
from kg.read import ReadProblem, read_papers, title_id
from kg.read.textfile import MAX_RECORD_BYTES

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
SUFFIX = {"daily": ".txt", "jsonl": ".jsonl", "arxiv": ".xml", "csv": ".csv"}
FAST = settings(max_examples=100, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=3000)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_bytes_as(directory: Path, data: bytes, fmt: str, name: str = "input") -> tuple[list, list, str]:
    """Write `data` to a file and read it both as `fmt` and with detection; check the reader's contract."""
    path = directory / f"{name}{SUFFIX[fmt]}"
    path.write_bytes(data)
    results = []
    for how in (fmt, "auto"):
        items = list(read_papers([path], fmt=how))
        for item in items:
            assert isinstance(item, (Paper, ReadProblem)), item
            if isinstance(item, ReadProblem):
                assert item.path == str(path)
                assert item.line is None or item.line >= 1
                assert item.message and "Traceback" not in item.message
        results.append(items)
    papers = [i for i in results[0] if isinstance(i, Paper)]
    problems = [i for i in results[0] if isinstance(i, ReadProblem)]
    assert papers or problems, "a file always gives papers or at least one problem"
    return papers, problems, str(path)


# --- random input ------------------------------------------------------------------------------

formats = st.sampled_from(sorted(SUFFIX))


def check_random_bytes(directory: Path, data: bytes, fmt: str) -> None:
    read_bytes_as(directory, data, fmt)


def check_random_text(directory: Path, text: str, fmt: str) -> None:
    read_bytes_as(directory, text.encode("utf-8", errors="surrogatepass"), fmt)


@FAST
@given(data=st.binary(max_size=2000), fmt=formats)
def test_random_bytes_never_raise(fuzz_dir, data, fmt):
    check_random_bytes(fuzz_dir, data, fmt)


@FAST
@given(text=st.text(max_size=1000), fmt=formats)
def test_random_text_never_raises(fuzz_dir, text, fmt):
    check_random_text(fuzz_dir, text, fmt)


# Text built from the pieces the formats are made of, so the fuzzer reaches past the first line.
_PIECES = ["{", "}", "[", "]", '"', ":", ",", "\n", "\r\n", "\t", "<", ">", "/", "=", "&", ";", "'",
           '"id"', '"title"', '"abstract"', '"summary"', "id,title,abstract\n", "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
           "<entry>", "</entry>", "<id>http://arxiv.org/abs/2401.00001v1</id>", "<summary>", "</summary>",
           "<title>", "</title>", "</feed>", "<!DOCTYPE x>", "&amp;", "&lt;", "Subscribe", "new",
           "A Title Of A Paper", "We propose X. It works. It beats Y by 2%.", "\\%", "\u200b", "\u202e",
           "\x00", "\ufeff", "é", "\ud800", "0", "1e999", "null", "true", "\\u0000", "\\ud800"]


@FAST
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=60), fmt=formats)
def test_format_shaped_garbage_never_raises(fuzz_dir, pieces, fmt):
    check_random_text(fuzz_dir, "".join(pieces), fmt)


@pytest.mark.slow
@SLOW
@given(data=st.binary(max_size=20_000), fmt=formats)
def test_random_bytes_never_raise_long_run(fuzz_dir, data, fmt):
    check_random_bytes(fuzz_dir, data, fmt)


@pytest.mark.slow
@SLOW
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=400), fmt=formats)
def test_format_shaped_garbage_never_raises_long_run(fuzz_dir, pieces, fmt):
    check_random_text(fuzz_dir, "".join(pieces), fmt)


# --- truncated files ---------------------------------------------------------------------------

_GOOD_FIXTURES = {"arxiv": "arxiv_feed.xml", "jsonl": "papers.jsonl", "csv": "papers.csv",
                  "daily": "daily_blank_lines.txt"}


def key(paper: Paper) -> tuple:
    return paper.id, paper.title, paper.abstract, paper.url, paper.published


@FAST
@given(fmt=formats, fraction=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_files_keep_what_was_complete(fuzz_dir, fmt, fraction):
    whole = (FIXTURES / _GOOD_FIXTURES[fmt]).read_bytes()
    original = [p for p in read_papers([FIXTURES / _GOOD_FIXTURES[fmt]]) if isinstance(p, Paper)]
    papers, _, _ = read_bytes_as(fuzz_dir, whole[: int(len(whole) * fraction)], fmt, name="truncated")
    if fmt == "daily":
        # whole papers first; the last one may have lost the end of its abstract
        whole_papers = max(len(papers) - 1, 0)
        assert [p.title for p in papers] == [p.title for p in original[: len(papers)]]
        assert [key(p) for p in papers[:whole_papers]] == [key(p) for p in original[:whole_papers]]
        if papers:
            assert original[whole_papers].abstract.startswith(papers[-1].abstract)
    else:
        # a record cut short is invalid (JSON, XML) or has too few fields (CSV): never a wrong paper
        assert [key(p) for p in papers] == [key(p) for p in original[: len(papers)]]


# --- deep nesting, NUL bytes, Unicode ----------------------------------------------------------

def good_jsonl(pid: str) -> str:
    return json.dumps({"id": pid, "title": f"Title {pid}", "abstract": f"Abstract of {pid}."}) + "\n"


def test_deeply_nested_json_line_costs_only_that_line(tmp_path):
    path = tmp_path / "nested.jsonl"
    path.write_text(good_jsonl("a") + "[" * 100_000 + "\n" + '{"x":' * 50_000 + "\n" + good_jsonl("b"),
                    encoding="utf-8")
    items = list(read_papers([path]))
    assert [i.id for i in items if isinstance(i, Paper)] == ["a", "b"]
    assert [(i.line, i.message) for i in items if isinstance(i, ReadProblem)] == [
        (2, "invalid JSON: nested too deeply"), (3, "invalid JSON: nested too deeply")]


def test_deeply_nested_json_array_file(tmp_path):
    path = tmp_path / "nested.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    items = list(read_papers([path]))
    assert len(items) == 1 and isinstance(items[0], ReadProblem)
    assert "nested too deeply" in items[0].message


def test_nul_bytes_after_the_sniffed_head_cost_one_record(tmp_path):
    filler = "".join(good_jsonl(f"f{i}") for i in range(200))  # more than the first 8 KB
    path = tmp_path / "nul.jsonl"
    path.write_bytes((filler + '{"id": "n", "title": "T\x00", "abstract": "x"}\n'
                      + '{"id": "e", "title": "Escaped \\u0000 NUL", "abstract": "x"}\n' + good_jsonl("z")).encode())
    items = list(read_papers([path]))
    assert len([i for i in items if isinstance(i, Paper)]) == 201
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert [p.line for p in problems] == [201, 202]
    assert all("NUL" in p.message or "invalid JSON" in p.message for p in problems)
    daily = tmp_path / "nul.txt"
    daily.write_text(("A Clean Title\n" + "Clean abstract. " * 40 + "\n") * 30
                     + "Title With \x00 NUL\n" + "Its abstract. " * 40 + "\n", encoding="utf-8")
    items = list(read_papers([daily]))
    assert len([i for i in items if isinstance(i, Paper)]) == 30
    assert [i.message for i in items if isinstance(i, ReadProblem)] == ["title contains a NUL character"]


_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060"
_RTL_LETTERS = "אבגדהוזחטיכלמנסעפצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي"
title_text = st.text(alphabet=st.sampled_from(list(_INVISIBLE + _RTL_LETTERS + "ABCxyz019 -:")),
                     min_size=1, max_size=80)


@FAST
@given(title=title_text)
def test_rtl_and_zero_width_titles_are_kept_as_data(fuzz_dir, title):
    expected = f"Paper {title}".strip()
    record = {"id": "u", "title": expected, "abstract": f"About {title}. It works."}
    papers, problems, _ = read_bytes_as(fuzz_dir, (json.dumps(record, ensure_ascii=False) + "\n").encode(), "jsonl")
    assert problems == [] and papers[0].title == expected
    listing = f"Subscribe\n{expected}\nWe study {title} in depth. " + "It is long enough to be an abstract. " * 10
    papers, problems, _ = read_bytes_as(fuzz_dir, listing.encode(), "daily")
    assert problems == [] and [p.title for p in papers] == [expected]
    assert papers[0].id == title_id(expected)
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>'
            f"<title>{expected}</title><summary>About it.</summary></entry></feed>")
    papers, problems, _ = read_bytes_as(fuzz_dir, feed.encode(), "arxiv")
    assert problems == [] and papers[0].title == " ".join(expected.split())


# --- hostile XML -------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>
<title>Laughs</title><summary>&lol9;</summary></entry></feed>
"""

XXE_PAYLOADS = {
    "external entity": """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00002v1</id>
<title>XXE</title><summary>&xxe;</summary></entry></feed>
""",
    "parameter entity": """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00003v1</id>
<title>XXE</title><summary>x</summary></entry></feed>
""",
    "external DTD": """<?xml version="1.0"?>
<!DOCTYPE feed SYSTEM "file:///etc/passwd">
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00004v1</id>
<title>XXE</title><summary>x</summary></entry></feed>
""",
    "entity without DTD": """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00005v1</id>
<title>XXE</title><summary>&xxe;</summary></entry></feed>
""",
}


def test_billion_laughs_is_refused_not_expanded(tmp_path):
    papers, problems, path = read_bytes_as(tmp_path, BILLION_LAUGHS.encode(), "arxiv")
    assert papers == []
    assert len(problems) == 1 and problems[0].line == 2
    assert problems[0].message.startswith("refused: the XML declares a DTD")
    assert "lol" not in problems[0].message


@pytest.mark.parametrize("kind", sorted(XXE_PAYLOADS))
def test_external_entities_are_refused_and_never_read(tmp_path, kind):
    papers, problems, _ = read_bytes_as(tmp_path, XXE_PAYLOADS[kind].encode(), "arxiv")
    assert papers == []
    assert len(problems) == 1
    message = problems[0].message
    assert message.startswith("refused") or "undefined entity" in message
    secret = Path("/etc/passwd").read_text(errors="replace") if Path("/etc/passwd").exists() else "root:x:0:0"
    first_line = secret.splitlines()[0] if secret else "root:"
    assert first_line not in message and "root:" not in message


def test_a_flood_of_links_in_one_entry_is_not_kept(tmp_path):
    path = tmp_path / "links.xml"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>'
                    "<title>Links</title><summary>Many links.</summary>"
                    + "".join(f'<link href="http://example.org/{i}"/>' for i in range(100_000))
                    + "</entry></feed>", encoding="utf-8")
    tracemalloc.start()
    try:
        items = list(read_papers([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(i.id, i.url) for i in items] == [("2401.00001", "http://example.org/0")]
    assert peak < 2_000_000


# --- over-long records -------------------------------------------------------------------------

def long_line_cases(size: int) -> dict[str, bytes]:
    """For each format: a good record, a record of `size` bytes, a good record."""
    blob = "x" * size
    abstract = "An abstract of the usual kind. It has sentences. " * 8
    return {
        "jsonl": (good_jsonl("a") + json.dumps({"id": "big", "title": "Big", "abstract": blob}) + "\n"
                  + good_jsonl("b")).encode(),
        "csv": (f"id,title,abstract\na,A,{abstract}\nbig,Big,{blob}\nb,B,{abstract}\n").encode(),
        "daily": (f"First Title\n{abstract}\nBig Title\n{blob}\nLast Title\n{abstract}\n").encode(),
        "arxiv": ('<feed xmlns="http://www.w3.org/2005/Atom">\n'
                  + "".join(f"<entry><id>http://arxiv.org/abs/2401.0000{i}v1</id><title>T{i}</title>"
                            f"<summary>{text}</summary></entry>\n"
                            for i, text in ((1, abstract), (2, blob), (3, abstract)))
                  + "</feed>\n").encode(),
    }


def check_long_record(directory: Path, fmt: str, data: bytes) -> None:
    papers, problems, path = read_bytes_as(directory, data, fmt, name=f"long_{fmt}")
    assert len(papers) == 2, [str(p) for p in problems]
    # the daily listing also reports the title left without its (skipped) abstract
    assert problems and all("too long" in p.message or "no abstract" in p.message for p in problems)
    assert any("too long" in p.message for p in problems)
    tracemalloc.start()
    try:
        for _ in read_papers([path]):
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_RECORD_BYTES, f"{peak} bytes to read past a {len(data)}-byte record"


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_a_12_mb_record_is_skipped_and_reading_goes_on(tmp_path, fmt):
    check_long_record(tmp_path, fmt, long_line_cases(12 * 1024 * 1024)[fmt])


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_a_100_mb_line_is_skipped_and_reading_goes_on(tmp_path, fmt):
    assert 100 * 1024 * 1024 > MAX_RECORD_BYTES
    check_long_record(tmp_path, fmt, long_line_cases(100 * 1024 * 1024)[fmt])


def test_an_abstract_continued_past_the_record_limit_is_not_hoarded(tmp_path):
    # 12 MB of abstract paragraphs, each well under the line limit, after one title
    paragraph = "A paragraph of an abstract that never seems to end. It goes on. " * 30 + "\n"
    path = tmp_path / "endless.txt"
    with open(path, "w", encoding="utf-8") as f:
        f.write("Endless Paper\n")
        for _ in range(12 * 1024 * 1024 // len(paragraph) + 1):
            f.write(paragraph)
        f.write("Next Paper\n" + paragraph)
    tracemalloc.start()
    try:
        items = list(read_papers([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.title for i in items if isinstance(i, Paper)] == ["Next Paper"]
    assert [(i.line, i.message) for i in items if isinstance(i, ReadProblem)] == [
        (1, "abstract is too long (more than 10 MB of lines); skipped")]
    assert peak < 2 * MAX_RECORD_BYTES


def test_a_csv_record_carried_over_endless_lines_is_cut_off(tmp_path):
    path = tmp_path / "endless.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,title,abstract\nok,Fine,Kept.\n")
        f.write('"a","b\n' * 200_000)  # each quote reopens on the next line: one record of 400k fields
    tracemalloc.start()
    try:
        items = list(read_papers([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.id for i in items if isinstance(i, Paper)] == ["ok"]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert [(p.line, "unclosed quote" in p.message) for p in problems] == [(3, True)]
    assert peak < 20_000_000


def test_random_file_names_in_a_directory(tmp_path):
    # odd but valid names: spaces, Unicode, leading dashes; hidden ones skipped
    names = ["a b.jsonl", "é—ü.jsonl", "-dash.jsonl", ".hidden.jsonl"]
    for index, name in enumerate(names):
        (tmp_path / name).write_text(good_jsonl(str(index)), encoding="utf-8")
    ids = sorted(i.id for i in read_papers([tmp_path]) if isinstance(i, Paper))
    assert ids == ["0", "1", "2"]
    assert os.path.exists(tmp_path / ".hidden.jsonl")
