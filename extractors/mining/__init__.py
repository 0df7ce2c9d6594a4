"""Corpus-level learning: a lexicon mined from unlabelled abstracts (issues 12 and 13).

    lex = build_lexicon(read_corpus(["papers.jsonl.gz"]))
    lex.write("extractors/data/lexicon")
    lex = Lexicon.read("extractors/data/lexicon")
    lex.expansions("TTS")   # [("test-time scaling", 41), ("text-to-speech", 30)]
    lex.type_votes("GSM8K") # {"Dataset": 120, "Model": 2}
    lex.surfaces("ViT")     # [("ViT", 900), ("ViTs", 300)]

Command line: `python -m kg.extractors.mining build CORPUS... -o extractors/data/lexicon`.
"""
from __future__ import annotations

from kg.extractors.mining.build import Miner, Thresholds, build_lexicon
from kg.extractors.mining.corpus import read_corpus
from kg.extractors.mining.lexicon import Lexicon, bundled_lexicon

__all__ = ["Lexicon", "Miner", "Thresholds", "build_lexicon", "bundled_lexicon", "read_corpus"]
