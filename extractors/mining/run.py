"""Build a lexicon from corpus files and write it: what both `python -m kg.extractors.mining build` and
`kg lexicon build` run."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from kg.extractors.mining.build import Thresholds, build_lexicon
from kg.extractors.mining.corpus import describe_inputs, read_corpus
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
    return BuildReport(lexicon, seconds, Path(out))
