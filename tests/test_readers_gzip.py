"""gzip-compressed input is read like the same file uncompressed (`arxiv-2025.jsonl.gz` as it comes)."""
from __future__ import annotations

import gzip
import json

from kg.read import ReadProblem, detect_format, read_papers


def _records(n: int) -> bytes:
    return "".join(json.dumps({"id": f"p{i}", "title": f"T{i}", "summary": f"Abstract {i}.\nLine two."}) + "\n"
                   for i in range(n)).encode("utf-8")


def test_a_gzip_json_lines_file_reads_like_the_plain_one(tmp_path):
    plain, packed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
    plain.write_bytes(_records(3))
    packed.write_bytes(gzip.compress(_records(3)))
    assert detect_format(packed) == "jsonl"
    assert [p.model_dump() | {"source": ""} for p in read_papers(packed)] == \
        [p.model_dump() | {"source": ""} for p in read_papers(plain)]


def test_a_directory_search_finds_compressed_files_and_sniffs_an_unnamed_one(tmp_path):
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(_records(2)))
    (tmp_path / "notes.md.gz").write_bytes(gzip.compress(b"# not input\n"))
    papers = [p for p in read_papers(tmp_path) if not isinstance(p, ReadProblem)]
    assert [p.id for p in papers] == ["p0", "p1"]
    unnamed = tmp_path / "data.gz"  # no format extension inside: the decompressed head decides
    unnamed.write_bytes(gzip.compress(_records(1)))
    assert detect_format(unnamed) == "jsonl"


def test_a_truncated_gzip_file_is_a_problem_not_a_crash(tmp_path):
    data = gzip.compress(_records(2000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_papers(path))
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert 0 < len(items) - len(problems) < 2000
    assert problems and "gzip" in problems[-1].message
