"""benchmarks/benchmark_sentences.py: the sentences of a corpus naming a benchmark next to a number (the ceiling of
a leaderboard is counted by reading them). Invented abstracts."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "benchmark_sentences.py"


def test_sentences_with_a_number_next_to_the_benchmark_or_a_variant(tmp_path):
    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        for i, text in enumerate([
            "We propose ZorbNet. It reaches 91.2% on GSM8K.\nIt is small.",       # one sentence, wrapped
            "ZorbNet is evaluated on GSM8K and MATH in 2025.",                       # a year is no number
            "On MMLU-Pro, ZorbNet scores 70.1. We also test on GSM-8K.",
        ]):
            f.write(json.dumps({"id": f"p{i}", "summary": text}) + "\n")
    out = subprocess.run([sys.executable, str(SCRIPT), str(corpus), "--name", "GSM8K", "--name", "MMLU"],
                         capture_output=True, text=True, check=True)
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [("p0", "GSM8K", "GSM8K", "%"), ("p2", "MMLU", "MMLU-Pro", "-")]
    assert rows[0][4] == "It reaches 91.2% on GSM8K."
    assert "GSM8K: 1 sentences with a number (1 with a percentage) in 1 abstracts" in out.stderr


def test_following_lists_later_sentences_with_a_number_of_abstracts_naming_the_benchmark(tmp_path):
    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        for i, text in enumerate([
            "Blorp reaches 12.5% first. We evaluate Blorp on GSM8K. It reaches 88.4% accuracy. It is fast.",
            "We study MATH only. Our model reaches 50.2% there.",                  # GSM8K never named
        ]):
            f.write(json.dumps({"id": f"p{i}", "summary": text}) + "\n")
    args = [sys.executable, str(SCRIPT), str(corpus), "--name", "GSM8K"]
    plain = subprocess.run(args, capture_output=True, text=True, check=True)
    assert plain.stdout == ""  # no sentence names GSM8K next to a number
    out = subprocess.run(args + ["--following"], capture_output=True, text=True, check=True)
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    # only the sentence after the naming one, with a number; not the one before it, nor the other abstract's
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [("p0", "(follows)", "%", "It reaches 88.4% accuracy.")]
    assert "1 not naming it but after one that does" in out.stderr
