"""`python -m kg.extractors.mining build CORPUS... [-o DIR]`: mine a lexicon from abstracts and write it
(the same as `kg lexicon build`)."""
from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import fields
from pathlib import Path

from kg.extractors.mining.build import Thresholds
from kg.extractors.mining.run import DEFAULT_OUT, build_files


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
    print(build_files(args.corpus, args.out, thresholds).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
