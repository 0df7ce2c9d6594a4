"""Build a lexicon from corpus files and write it: what both `python -m kg.extractors.mining build` and
`kg lexicon build` run."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from kg.extractors.mining.build import Thresholds, build_lexicon
from kg.extractors.mining.corpus import describe_inputs, read_corpus, title_and_text
from kg.extractors.mining.learners import mine_learners, write_learners
from kg.extractors.mining.lexicon import BUNDLED, Lexicon

DEFAULT_OUT = BUNDLED


@dataclass(frozen=True)
class BuildReport:
    lexicon: Lexicon
    seconds: float  # reading and mining, writing excluded
    out: Path

    def summary(self) -> str:
        lex = self.lexicon
        return (f"{lex.manifest['documents']} papers in {self.seconds:.1f} s: {len(lex.acronyms)} acronym "
                f"expansions, {len(lex.types)} typed names, {len(lex.surface_rows)} spelling variants, "
                f"{len(lex.names)} names, {len(lex.common_words)} common words, {len(lex.extensions)} name "
                f"extensions -> {self.out}")


def build_files(paths: list[str | os.PathLike[str]], out: str | os.PathLike[str] = DEFAULT_OUT,
                thresholds: Thresholds | None = None) -> BuildReport:
    """Mine the papers in `paths` (any format `kg.read` reads, gzip included) and write the lexicon to `out`."""
    start = time.perf_counter()
    manifest = {"inputs": describe_inputs(paths),
                "command": "kg lexicon build " + " ".join(Path(p).name for p in paths)}
    lexicon = build_lexicon(read_corpus(paths), thresholds, manifest)
    seconds = time.perf_counter() - start
    lexicon.write(out)
    write_learners(Path(out) / "learners.tsv", mine_learners(corpus_texts(paths)))
    return BuildReport(lexicon, seconds, Path(out))


def corpus_texts(paths: list[str | os.PathLike[str]]) -> list[str]:
    """Title and abstract of each paper, one string each (`learners.tsv` reads them twice)."""
    pairs = (title_and_text(r) for r in read_corpus(paths))
    return [f"{p[0]}. {p[1]}" if p[0] else p[1] for p in pairs if p is not None]
