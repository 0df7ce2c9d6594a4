"""`python -m kg.extractors.mining build CORPUS... [-o DIR]`: mine a lexicon from abstracts and write it."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import fields
from pathlib import Path

from kg.extractors.mining.build import Thresholds, build_lexicon
from kg.extractors.mining.corpus import describe_inputs, read_corpus

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "lexicon"


def build(paths: list[str], out: Path, thresholds: Thresholds) -> str:
    """Build and write the lexicon; the one-line summary it returns is what the command prints."""
    start = time.perf_counter()
    manifest = {"inputs": describe_inputs(paths),
                "command": "python -m kg.extractors.mining build " + " ".join(Path(p).name for p in paths)}
    lexicon = build_lexicon(read_corpus(paths), thresholds, manifest)
    mined = time.perf_counter() - start
    lexicon.write(out)
    return (f"{lexicon.manifest['documents']} papers in {mined:.1f} s: {len(lexicon.acronyms)} acronym "
            f"expansions, {len(lexicon.types)} typed names, {len(lexicon.surface_rows)} spelling variants, "
            f"{len(lexicon.names)} names, {len(lexicon.common_words)} common words -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.extractors.mining", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="mine a lexicon from abstracts (any format kg reads, gzip included)")
    b.add_argument("corpus", nargs="+", help="files or directories of abstracts")
    b.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    for f in fields(Thresholds):
        b.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default,
                       help=f"threshold (default {f.default})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    thresholds = Thresholds(**{f.name: getattr(args, f.name) for f in fields(Thresholds)})
    print(build(args.corpus, args.out, thresholds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
