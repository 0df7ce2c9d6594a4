"""Lexicon mining speed on the 2025 arXiv corpus, against references measured in the same run.

Three passes over the same abstracts (already read into memory), each timed in process CPU seconds (other
work on a shared machine does not count), alternating in chunks so that a change of load affects all alike:
- `read`: reading the file through `kg.read` (JSON Lines, gzip), once, before the rest;
- `tokenize` (reference): `clean_text` + `sentences` + `tokens`, the text handling every pass needs;
- `spacy` (reference): `spacy.blank("en")` tokenising the raw abstracts with `nlp.pipe`;
- `mine`: `Miner.add` (the whole per-paper work of `kg lexicon build`), then `Miner.lexicon()`.

    .venv/bin/python benchmarks/bench_lexicon.py [--n 40903] [--json]

Skips with a message when `../shared/arxiv/arxiv-2025.jsonl.gz` is missing (a user's clone).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from kg.extractors.mining.build import Miner  # noqa: E402
from kg.extractors.mining.corpus import read_corpus  # noqa: E402
from kg.extractors.mining.text import clean_text, sentences, tokens  # noqa: E402

CORPUS = ROOT.parent / "shared" / "arxiv" / "arxiv-2025.jsonl.gz"
CHUNK = 2000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="first N papers only")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the arXiv corpus is not shipped with the package)")
        return 0
    t0 = time.process_time()
    papers = []
    for paper in read_corpus([args.corpus]):
        papers.append((paper.title, paper.abstract))
        if args.n and len(papers) >= args.n:
            break
    read = time.process_time() - t0
    nlp = spacy.blank("en")
    miner = Miner()
    times = {"tokenize": 0.0, "spacy": 0.0, "mine": 0.0}

    def tokenize(chunk: list[tuple[str, str]]) -> None:
        for title, abstract in chunk:
            tokens(clean_text(title))
            for s in sentences(clean_text(abstract)):
                tokens(s)

    def spacy_pass(chunk: list[tuple[str, str]]) -> None:
        for _ in nlp.pipe((a for _, a in chunk), batch_size=256):
            pass

    def mine(chunk: list[tuple[str, str]]) -> None:
        for title, abstract in chunk:
            miner.add(title, abstract)

    passes = [("tokenize", tokenize), ("spacy", spacy_pass), ("mine", mine)]
    for k, start in enumerate(range(0, len(papers), CHUNK)):
        chunk = papers[start:start + CHUNK]
        for name, fn in passes[k % 3:] + passes[:k % 3]:
            t = time.process_time()
            fn(chunk)
            times[name] += time.process_time() - t
    t = time.process_time()
    lexicon = miner.lexicon()
    times["mine"] += time.process_time() - t
    n = len(papers)
    result = {"papers": n, "read_s": round(read, 2), **{f"{k}_s": round(v, 2) for k, v in times.items()},
              "mine_papers_per_s": round(n / times["mine"]), "mine_over_spacy_tokenizer": round(
                  times["mine"] / times["spacy"], 2), "acronyms": len(lexicon.acronyms),
              "typed_names": len(lexicon.types), "surfaces": len(lexicon.surface_rows), "names": len(lexicon.names)}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{n} papers, CPU seconds: read {read:.1f}, tokenize (reference) {times['tokenize']:.1f}, "
              f"spaCy blank tokenizer (reference) {times['spacy']:.1f}, mine {times['mine']:.1f} "
              f"({result['mine_papers_per_s']} papers/s, {result['mine_over_spacy_tokenizer']}x the spaCy "
              f"tokenizer); read + mine {read + times['mine']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
