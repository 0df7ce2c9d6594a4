"""Guards between extraction and loading: bounded time per paper, and only values a store can hold.

- `time_budget`: extraction of one paper gets PAPER_BUDGET_S seconds (the read limits in `kg.read.limits`
  make this a last resort); over it, the paper is reported and left out. SIGALRM, so only in a process's
  main thread (the serial path and each worker process); elsewhere no budget is enforced.
- `storable`: an extraction with a value no store can hold (a claim of `1` + 400 zeros `%` parses to
  infinity) loses that claim, with a message; before, one such paper refused its whole batch, every run.
"""
from __future__ import annotations

import math
import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from kg.models import Extraction

PAPER_BUDGET_S = 30.0
MAX_ABS_VALUE = 1e300  # beyond any measurement; also keeps arithmetic in queries finite


class OverBudget(Exception):
    """Extraction ran over its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def storable(extraction: Extraction) -> tuple[Extraction, str | None]:
    """The extraction without claims whose value is not a finite number within +-1e300, and why (or None)."""
    bad = [c for c in extraction.claims
           if c.value is not None and not (math.isfinite(c.value) and abs(c.value) <= MAX_ABS_VALUE)]
    if not bad:
        return extraction, None
    kept = [c for c in extraction.claims if c not in bad]
    values = ", ".join(sorted({repr(c.value) for c in bad}))
    why = (f"{len(bad)} claim(s) with a value no graph store can hold ({values}, from "
           f"{bad[0].evidence[:60]!r}) left out; the rest of the paper is loaded")
    return extraction.model_copy(update={"claims": kept}), why
