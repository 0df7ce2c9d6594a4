"""Extraction fanned out with Dask: JSON Lines of papers in, JSON Lines of Extractions out, one file per partition.

Extraction is a pure function of one paper (no database, no shared state), so any engine that can map over
partitions of a file can run it; this is the whole program for Dask (docs/scaling.md shows the same for Spark).
Each partition builds the spaCy pipeline once (per worker process) and runs `RuleExtractor.extract_many`.

    pip install "dask[bag]"                     # plus `distributed` for a cluster
    python benchmarks/dask_extract.py 'papers/*.jsonl' extractions/ [--scheduler tcp://host:8786]

The output is what `kg extract` writes; load it with `kg ingest`-equivalent batching through the loader
(`benchmarks/bench_scale.py` does), or turn it into neo4j-admin import CSVs with `python -m kg.export.neo4j_csv`.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Iterable, Optional, Sequence


def extract_partition(lines: Iterable[str]) -> list[str]:
    """One partition of JSON Lines (papers) -> Extraction JSON lines. Runs inside a Dask worker."""
    from kg.extractors.rules import RuleExtractor
    from kg.models import Paper

    papers = []
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        papers.append(Paper(id=record["id"], title=record.get("title") or "",
                            abstract=record.get("abstract") or record["summary"],
                            url=record.get("url"), published=record.get("published")))
    return [x.model_dump_json() for x in RuleExtractor().extract_many(papers)]


def run(inputs: str, out_dir: str, scheduler: Optional[str] = None, blocksize: str = "16MiB") -> int:
    import dask
    import dask.bag as db

    bag = db.read_text(inputs, blocksize=blocksize)
    extractions = bag.map_partitions(extract_partition)
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler):
            extractions.to_textfiles(f"{out_dir.rstrip('/')}/part-*.jsonl", last_endline=True)
    else:
        with dask.config.set(scheduler="processes"):
            extractions.to_textfiles(f"{out_dir.rstrip('/')}/part-*.jsonl", last_endline=True)
    return bag.npartitions


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", help="paper JSON Lines, a path or a glob (local, s3://, hdfs://, ...)")
    parser.add_argument("out_dir", help="where the part-*.jsonl Extraction files go")
    parser.add_argument("--scheduler", help="a dask.distributed scheduler address (default: local processes)")
    parser.add_argument("--blocksize", default="16MiB", help="bytes of input per partition")
    args = parser.parse_args(argv)
    parts = run(args.inputs, args.out_dir, args.scheduler, args.blocksize)
    print(f"{parts} partitions written to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
