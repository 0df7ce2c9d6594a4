"""Extraction speed: the full rule extractor against the bare tokenizer, on the same texts, in one run.

The corpus (`../shared/corpus/`, 580 abstracts) is replicated to `--n` abstracts. Both measurements run
in this process on one core, timed in process CPU seconds (so that other work on a shared machine does not
count): `spacy.blank("en")` tokenising with `nlp.pipe`, and
`RuleExtractor.extract_many` producing `kg.models.Extraction` objects. They alternate over chunks of the
input (tokenizer then extractor on one chunk, the other order on the next), so a change of machine load
during the run affects both alike; with `--repeat R` the whole run is repeated and the best time of each
side is kept (the usual guard against a busy machine). The ratio (extractor time over tokenizer time) is the figure of merit;
the target is at most 6.

A per-component breakdown follows (`--no-components` leaves it out): every pipeline component, and the
conversion of the doc to `Extraction` objects, timed on its own over the distinct abstracts (best of
`--repeat` passes; each step over all of them before the next, as `extract_many` does in batches), each as a
multiple of the tokenizer's time on the same texts.

    .venv/bin/python benchmarks/bench_extract.py [--n 20000] [--batch-size 256] [--json] [--no-components]
"""
from __future__ import annotations

import argparse
import json
import logging
import platform
import re
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extractors.pipeline import get_nlp  # noqa: E402
from kg.extractors.rules import RuleExtractor  # noqa: E402
from kg.models import Paper  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
if not any(CORPUS.glob("*.txt")):  # a clone without the workspace: the bundled listing (figures not comparable)
    CORPUS = ROOT / "kg" / "data" / "demo_listing.txt"


def read_corpus(directory: Path) -> list[Paper]:
    """The corpus with the project reader; a minimal local parse if the reader is not there."""
    paths = [directory] if directory.is_file() else sorted(directory.glob("*.txt"))
    try:
        from kg.read import read_papers
    except ImportError:
        read_papers = None
    if read_papers is not None:
        return [p for p in read_papers(paths) if isinstance(p, Paper)]
    papers = []
    for path in paths:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for i in range(len(lines) - 1):
            if len(lines[i]) < 300 and len(lines[i + 1]) >= 300 and not re.search(r"[.!]$", lines[i]):
                papers.append(Paper(id=f"{path.stem}-{i}", title=lines[i], abstract=lines[i + 1]))
    return papers


def replicate(papers: list[Paper], n: int) -> list[Paper]:
    out = []
    for i in range(n):
        p = papers[i % len(papers)]
        out.append(p.model_copy(update={"id": f"{p.id}#{i // len(papers)}"}))
    return out


# Process CPU time: on a shared machine, time spent waiting for a core is not the code's cost.
clock = time.process_time


def time_tokenizer(nlp, texts: list[str], batch_size: int) -> float:
    start = clock()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return clock() - start


def time_extractor(extractor: RuleExtractor, papers: list[Paper], batch_size: int) -> tuple[float, int, int]:
    entities = claims = 0
    start = clock()
    for x in extractor.extract_many(papers, batch_size=batch_size):
        entities += len(x.entities)
        claims += len(x.claims)
    return clock() - start, entities, claims


def interleaved(papers: list[Paper], batch_size: int, chunk: int, tokenizer, extractor) -> tuple[float, float, int, int]:
    """(tokenizer seconds, extractor seconds, entities, claims), alternating over chunks."""
    tok_s = full_s = 0.0
    n_entities = n_claims = 0
    for k, lo in enumerate(range(0, len(papers), chunk)):
        part = papers[lo:lo + chunk]
        texts = [p.abstract for p in part]
        if k % 2:
            full, e, c = time_extractor(extractor, part, batch_size)
            tok = time_tokenizer(tokenizer, texts, batch_size)
        else:
            tok = time_tokenizer(tokenizer, texts, batch_size)
            full, e, c = time_extractor(extractor, part, batch_size)
        tok_s, full_s, n_entities, n_claims = tok_s + tok, full_s + full, n_entities + e, n_claims + c
    return tok_s, full_s, n_entities, n_claims


def components(extractor: RuleExtractor, tokenizer, papers: list[Paper], repeat: int) -> dict[str, float]:
    """CPU seconds per component over `papers` (best of `repeat` passes), with `tokenizer` and `make_doc`
    (the pipeline's own tokenizer) and `to_extraction` (the pydantic objects). As in `extract_many`, each step
    runs over all the docs before the next one starts."""
    nlp = extractor.nlp
    best: dict[str, float] = {}
    texts = [p.abstract for p in papers]
    for _ in range(max(1, repeat)):
        spent = dict.fromkeys(["tokenizer", "make_doc", *nlp.pipe_names, "to_extraction"], 0.0)
        start = clock()
        for _ in tokenizer.pipe(texts):
            pass
        spent["tokenizer"] = clock() - start
        start = clock()
        docs = [extractor._doc(paper) for paper in papers]
        spent["make_doc"] = clock() - start
        for name, proc in nlp.pipeline:
            start = clock()
            docs = [proc(doc) for doc in docs]
            spent[name] = clock() - start
        start = clock()
        for paper, doc in zip(papers, docs):
            extractor.to_extraction(paper, doc)
        spent["to_extraction"] = clock() - start
        del docs
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="abstracts to process (corpus replicated)")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--chunk", type=int, default=1000, help="abstracts per alternation of the two timings")
    ap.add_argument("--repeat", type=int, default=2, help="repeat the run, keep each side's best time")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--no-components", action="store_true", help="leave out the per-component breakdown")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    source = read_corpus(args.corpus)
    if not source:
        print(f"no abstracts found in {args.corpus}", file=sys.stderr)
        return 2
    papers = replicate(source, args.n)
    texts = [p.abstract for p in papers]

    start = time.perf_counter()
    get_nlp()  # construction is paid once per process; timed apart from throughput
    build_s = time.perf_counter() - start
    # Warm both up on every distinct text once (vocabularies and caches), untimed.
    tokenizer, extractor = spacy.blank("en"), RuleExtractor()
    interleaved(papers[:len(source)], args.batch_size, len(source), tokenizer, extractor)

    tok_s = full_s = float("inf")
    for _ in range(max(1, args.repeat)):
        tok, full, n_entities, n_claims = interleaved(papers, args.batch_size, args.chunk, tokenizer, extractor)
        tok_s, full_s = min(tok_s, tok), min(full_s, full)
    parts = {} if args.no_components else components(extractor, tokenizer, source, max(3, args.repeat))
    result = {
        "abstracts": len(papers),
        "source_abstracts": len(source),
        "characters": sum(map(len, texts)),
        "clock": "process CPU time",
        "tokenizer_seconds": round(tok_s, 3),
        "tokenizer_abstracts_per_s": round(len(papers) / tok_s, 1),
        "extractor_seconds": round(full_s, 3),
        "extractor_abstracts_per_s": round(len(papers) / full_s, 1),
        "ratio": round(full_s / tok_s, 2),
        "target_ratio": 6.0,
        "pipeline_build_seconds": round(build_s, 3),
        "repeat": args.repeat,
        "entities": n_entities,
        "claims": n_claims,
        "components_x_tokenizer": {k: round(v / parts["tokenizer"], 2) for k, v in parts.items()} if parts else {},
        "python": platform.python_version(),
        "spacy": spacy.__version__,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['abstracts']} abstracts ({result['source_abstracts']} distinct, "
              f"{result['characters'] / result['abstracts']:.0f} characters each), one process, "
              f"best of {args.repeat}, CPU seconds")
        print(f"  tokenizer only (spacy.blank('en').pipe): {result['tokenizer_abstracts_per_s']:>9.1f} abstracts/s"
              f"  ({tok_s:.2f} s)")
        print(f"  rule extractor (extract_many)          : {result['extractor_abstracts_per_s']:>9.1f} abstracts/s"
              f"  ({full_s:.2f} s)")
        print(f"  ratio extractor/tokenizer time         : {result['ratio']:>9.2f}  (target <= 6)")
        print(f"  pipeline construction                  : {build_s:9.2f} s")
        print(f"  output: {n_entities} entities, {n_claims} claims")
        if parts:
            print(f"per component, {len(source)} distinct abstracts, each step over all of them, CPU time / tokenizer time:")
            for name, x in result["components_x_tokenizer"].items():
                if name != "tokenizer":
                    print(f"  {name:<22} {x:5.2f}")
            print(f"  {'sum (without make_doc)':<22} "
                  f"{sum(x for k, x in result['components_x_tokenizer'].items() if k not in ('tokenizer', 'make_doc')):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
