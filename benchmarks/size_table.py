"""The Markdown table the scale benchmarks print: one column per input size N, one row per figure.

    table = SizeTable(results)                  # {N: that size's results}
    table.row("label", lambda r: f"{r['load']['rows_per_s']:,.0f}")
    print(table.markdown())

A cell whose figures the run did not produce (a phase left out or failed) shows "-".
"""
from __future__ import annotations

from typing import Any, Callable


def human(n: float) -> str:
    """10000 -> 10k, 1500000 -> 1.5M, 20000.0 -> 20k."""
    for unit in ("", "k", "M", "G"):
        if abs(n) < 1000:
            return f"{n:.0f}{unit}" if unit == "" or n >= 100 or n == int(n) else f"{n:.1f}{unit}"
        n /= 1000
    return f"{n:.1f}T"


class SizeTable:
    def __init__(self, results: dict[int, dict[str, Any]]):
        self.results = results
        self.sizes = sorted(results)
        self.lines = ["| | " + " | ".join(f"N = {human(n)}" for n in self.sizes) + " |",
                      "|---|" + "---|" * len(self.sizes)]

    def row(self, label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for n in self.sizes:
            try:
                cells.append(cell(self.results[n]))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("-")
        self.lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def markdown(self) -> str:
        return "\n".join(self.lines)
