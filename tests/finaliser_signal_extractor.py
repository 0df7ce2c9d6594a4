"""A plug-in extractor for tests/test_crash.py: the keyword extractor, but extracting its first paper raises
the signal named by $FINALISER_SIGNAL (SIGINT: Ctrl-C, or SIGTERM) inside a finaliser (`__del__`), as a
signal that arrives while redis-py drops a pipeline or a client does."""
from __future__ import annotations

import os
import signal

from keyword_extractor import KeywordExtractor

from kg.models import Extraction, Paper


class _SignalledWhileFinalised:
    def __del__(self) -> None:
        signal.raise_signal(signal.Signals[os.environ["FINALISER_SIGNAL"]])
        for _ in range(1000):  # Python code after the signal: its handler runs here, inside the finaliser
            pass


class FinaliserSignalExtractor(KeywordExtractor):
    name = "keywords"
    signalled = False

    def extract(self, paper: Paper) -> Extraction:
        if not FinaliserSignalExtractor.signalled:
            FinaliserSignalExtractor.signalled = True
            _SignalledWhileFinalised()  # dropped at once: its __del__ runs here
        return super().extract(paper)
