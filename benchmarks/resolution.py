"""Entity and paper resolution on real corpora: what is still split, what is wrongly merged, what it costs.

    python benchmarks/resolution.py [--arxiv ../shared/arxiv/arxiv-2025.jsonl.gz] [--corpus ../shared/corpus]
                                    [--synthetic 10000] [--scale 100000] [--workers 2]
                                    [--out benchmarks/out/resolution]

For each corpus: a fresh embedded store, `ingest` as `kg ingest` runs it (bulk load when big), then
- alias-key collisions (the query of issue 13; target 0);
- keys whose papers define two different expansions (target 0);
- the 100 most-mentioned entities of each type, written to `<out>/<corpus>-top100.tsv` for a hand check, with
  the candidate duplicate pairs among them (same spelling class, or one's alias names the other);
- resolution time (the resolve stage, re-pointing included) as a share of the end-to-end ingest, measured in
  the same run: wall time (`IngestReport.resolve_seconds`, and `resolve_tail_seconds`, the part after the last
  extraction) against the ingest's wall time; CPU time (`resolve_cpu_seconds`) against the CPU time of this
  process and its extraction workers, and with the embedded database server's CPU time added;
  with the load averages at the start and the end.
A corpus whose file is missing is skipped with a message (the arXiv set is not shipped).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# The query (`MATCH (a:Entity),(b:Entity) WHERE a<>b AND (b.key IN a.alias_keys OR a.key IN b.alias_keys)
# AND a.key<b.key RETURN count(*)`) compares every pair of entities: 19k entities took FalkorDB over 15 minutes on
# a busy machine. The same pairs through the key index, counted in Python:
ALIAS_PAIRS = ("MATCH (a:Entity) UNWIND a.alias_keys AS k MATCH (b:Entity {key: k}) WHERE b <> a "
               "RETURN a.key AS a, b.key AS b")
DEFINED = "MATCH ()-[m:MENTIONS]->(e:Entity) WHERE m.expansion IS NOT NULL RETURN e.key AS key, m.expansion AS x"
TOP = ("MATCH (e:Entity) WHERE e.type = $type RETURN e.key AS key, e.name AS name, e.paper_count AS papers, "
       "e.aliases AS aliases, e.tally_types AS types, e.tally_type_n AS votes "
       "ORDER BY e.paper_count DESC, e.key LIMIT 100")
TYPES = ("Model", "Method", "Dataset", "Metric", "Task")


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the extraction workers; not the database server)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def server_cpu_seconds(store) -> float:
    """CPU time so far of the store's embedded database server (0 when there is none to read)."""
    server = getattr(store, "server", None)
    pid = server.pid() if server is not None else None
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def differently_defined(store, resolver, meaning) -> list[str]:
    """Keys whose papers define readings that differ: two expansions are one reading when their meaning keys or
    their letters agree, as written or with a short form inside them spelled out (`conditional GAN` is
    conditional generative adversarial network; `chain-ofthought` is chain-of-thought), or less the generic
    words `kg.resolve.shapes` takes as naming nothing more (`Structural Similarity Index` / `Structural Similarity
    Index Measure`, `Dice score` / `Dice Similarity Coefficient`, `Prompt optimization` / `Automatic Prompt
    Optimization`), or by a leading word `kg.resolve.prefixes` takes as naming nothing more (`Gaussian Splatting` /
    `3D Gaussian Splatting`)."""
    from kg.resolve.keys import is_short_form, short_key
    from kg.resolve.shapes import GENERIC_HEADS, GENERIC_OPENERS, TYPE_SUFFIXES

    generic_ends = GENERIC_HEADS | set(TYPE_SUFFIXES) | {"score", "scores"}

    def letters(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    def core(text: str) -> str:
        words = text.split()
        while len(words) > 1 and words[-1].casefold() in generic_ends:
            words.pop()
        if len(words) > 1 and words[0].casefold() in GENERIC_OPENERS:
            words.pop(0)
        # a leading word that names nothing more, or a default dimension (`kg.resolve.prefixes`):
        # `Gaussian Splatting` is `3D Gaussian Splatting`
        return meaning(resolver.shapes.prefixes.base(" ".join(words)) or " ".join(words))

    readings: dict[str, set[frozenset[str]]] = defaultdict(set)
    for row in store.query(DEFINED).records():
        words = row["x"].split()
        for i, word in enumerate(words):
            found = resolver.votes.outcome(short_key(word)) if is_short_form(word) else ()
            if found[:1] == ("=",):
                words[i] = resolver.votes.surfaces.get(found[1], found[1])
        spelled = " ".join(words)
        readings[row["key"]].add(frozenset({meaning(row["x"]), letters(row["x"]), meaning(spelled), letters(spelled),
                                            core(row["x"]), core(spelled)}))
    out = []
    for key, found in readings.items():
        groups: list[set[str]] = []
        for keys in found:
            joined = [g for g in groups if g & keys]
            merged = set(keys).union(*joined)
            groups = [g for g in groups if not g & keys] + [merged]
        if len(groups) > 1:
            out.append(key)
    return sorted(out)


def measure(name: str, paths: list[Path], out: Path, workers: int, existing: Path | None = None) -> dict:
    """Ingest `paths` into a fresh store and measure; or, with `existing`, measure that store's graph only."""
    from kg.pipeline import IngestReport, ingest
    from kg.resolve.entities import EntityResolver
    from kg.resolve.keys import fold, meaning
    from kg.stores.falkordb_store import FalkorDBStore

    data_dir = existing or Path(tempfile.mkdtemp(prefix=f"kg-resolution-{name}-", dir=out))
    store = FalkorDBStore(data_dir=data_dir)
    try:
        load_before = os.getloadavg()
        started, cpu_before, server_before = time.perf_counter(), cpu_seconds(), server_cpu_seconds(store)
        report = ingest([str(p) for p in paths], store, workers=workers) if existing is None else IngestReport()
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
        server = server_cpu_seconds(store) - server_before
        load_after = os.getloadavg()
        if existing is None:
            print(f"\n== {name}: ingest {wall:.1f} s, of which resolution {report.resolve_seconds:.1f} s "
                  f"({100 * report.resolve_seconds / wall:.1f}%), after the last extraction "
                  f"{report.resolve_tail_seconds:.1f} s ({100 * report.resolve_tail_seconds / wall:.1f}%); "
                  f"CPU (this process and the extraction workers) "
                  f"{cpu:.1f} s, of which resolution {report.resolve_cpu_seconds:.1f} s "
                  f"({100 * report.resolve_cpu_seconds / max(cpu, 1e-9):.1f}%); with the database server's "
                  f"{server:.1f} s: {100 * report.resolve_cpu_seconds / max(cpu + server, 1e-9):.1f}%; "
                  f"papers resolved again: {report.repointed}; "
                  f"load average (1, 5, 15 min) {load_before[0]:.1f} {load_before[1]:.1f} {load_before[2]:.1f} at the "
                  f"start, {load_after[0]:.1f} {load_after[1]:.1f} {load_after[2]:.1f} at the end")
        collisions = len({tuple(sorted((r["a"], r["b"]))) for r in store.query(ALIAS_PAIRS).records()})
        two_defined = differently_defined(store, EntityResolver(store), meaning)
        rows, candidates = [], []
        for etype in TYPES:
            top = store.query(TOP, {"type": etype}).records()
            for rank, row in enumerate(top, 1):
                votes = dict(zip(row["types"] or [], row["votes"] or []))
                rows.append([etype, rank, row["key"], row["name"], row["papers"],
                             " | ".join((row["aliases"] or [])[:6]), " ".join(f"{t}:{n}" for t, n in votes.items())])
            by_fold: dict[str, list[str]] = defaultdict(list)
            for row in top:
                for form in [row["name"], *(row["aliases"] or [])]:
                    by_fold[fold(form)].append(row["key"])
            for keys in by_fold.values():
                if len(set(keys)) > 1:
                    candidates.append((etype, sorted(set(keys))))
        table = out / f"{name}-top100.tsv"
        with open(table, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter="\t")
            writer.writerow(["type", "rank", "key", "name", "papers", "aliases", "type votes"])
            writer.writerows(rows)
        entities = store.query("MATCH (e:Entity) RETURN count(e)").scalar()
        ambiguous = store.query("MATCH (e:Entity) WHERE e.ambiguous = true RETURN count(e)").scalar()
        variants = store.query("MATCH ()-[v:VARIANT_OF]->() RETURN count(v)").scalar()
    finally:
        store.close()
        subprocess.run([sys.executable, "-m", "kg", "db", "stop", "--db", str(data_dir)], capture_output=True)
    result = {"corpus": name, "papers": report.read, "written": report.written, "entities": entities,
              "wall_s": wall, "resolve_s": report.resolve_seconds, "repointed": report.repointed,
              "resolve_tail_s": report.resolve_tail_seconds, "server_cpu_s": server,
              "cpu_s": cpu, "resolve_cpu_s": report.resolve_cpu_seconds,
              "collisions": collisions, "two_expansions": len(two_defined), "ambiguous": ambiguous,
              "variants": variants, "duplicate_candidates": candidates, "table": str(table), "bulk": report.bulk}
    print(f"\n== {name}: {report.read} papers read, {report.written} written, {entities} entities "
          f"({'bulk' if report.bulk else 'incremental'} load)")
    print(f"alias-key collisions:                      {collisions}  (target 0)")
    print(f"keys with two differently-defined expansions: {len(two_defined)}  (target 0) {two_defined[:10]}")
    print(f"ambiguous short forms kept apart:          {ambiguous}; VARIANT_OF edges: {variants}")
    if existing is None:
        print(f"end-to-end ingest {wall:.1f} s; resolution {report.resolve_seconds:.1f} s = "
              f"{100 * report.resolve_seconds / wall:.1f}% of wall time ({report.resolve_tail_seconds:.1f} s = "
              f"{100 * report.resolve_tail_seconds / wall:.1f}% after the last extraction); CPU {cpu:.1f} s, resolution "
              f"{report.resolve_cpu_seconds:.1f} s = {100 * report.resolve_cpu_seconds / max(cpu, 1e-9):.1f}% "
              f"(target <= 15%; {100 * report.resolve_cpu_seconds / max(cpu + server, 1e-9):.1f}% of the CPU with "
              f"the database server's {server:.1f} s); papers resolved again: {report.repointed}")
    print(f"top-100 per type for the hand check: {table}")
    print(f"candidate duplicate pairs among them (same spelling class): {len(candidates)}")
    for etype, keys in candidates:
        print(f"  {etype}: {', '.join(keys)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arxiv", type=Path, default=SHARED / "arxiv" / "arxiv-2025.jsonl.gz")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--synthetic", type=int, default=0, help="also a generated corpus of N abstracts")
    parser.add_argument("--scale", type=int, default=0,
                        help="also the arXiv corpus scaled to N abstracts (benchmarks/generate.py --corpus ARXIV)")
    parser.add_argument("--skip", action="append", default=[], choices=["corpus", "arxiv"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--measure", type=Path, help="only measure the graph of this existing data directory")
    parser.add_argument("--arxiv-limit", type=int, default=0,
                        help="only the first N records of the arXiv file (a busy machine; the figures say so)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "resolution")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.measure:
        measure(args.measure.name, [], args.out, args.workers, existing=args.measure)
        return
    runs = []
    if "corpus" not in args.skip:
        if args.corpus.exists():
            runs.append(("corpus", [args.corpus]))
        else:
            print(f"skipped the bundled corpus: {args.corpus} is missing")
    if "arxiv" not in args.skip:
        if args.arxiv.exists() and args.arxiv_limit:
            subset = args.out / f"arxiv-2025-first-{args.arxiv_limit}.jsonl"
            with gzip.open(args.arxiv, "rt", encoding="utf-8") as source, open(subset, "w", encoding="utf-8") as out:
                out.writelines(itertools.islice(source, args.arxiv_limit))
            runs.append((f"arxiv-2025-first-{args.arxiv_limit}", [subset]))
        elif args.arxiv.exists():
            runs.append(("arxiv-2025", [args.arxiv]))
        else:
            print(f"skipped the arXiv corpus: {args.arxiv} is missing (it is not shipped; see ../shared/arxiv)")
    if args.synthetic:
        path = args.out / f"gen_{args.synthetic}.jsonl"
        if not path.exists():
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(args.synthetic),
                            "-o", str(path)], check=True)
        runs.append((f"synthetic-{args.synthetic}", [path]))
    if args.scale:
        path = args.out / f"arxiv-scaled-{args.scale}.jsonl"
        if not path.exists():
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(args.scale),
                            "--corpus", str(args.arxiv), "-o", str(path)], check=True)
        runs.append((f"arxiv-scaled-{args.scale}", [path]))
    for name, paths in runs:
        measure(name, paths, args.out, args.workers)


if __name__ == "__main__":
    main()
