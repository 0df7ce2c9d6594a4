"""Printing query results (table, JSON, CSV) and the progress bar, for the CLI."""
from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

from kg.stores.base import QueryResult

MAX_CELL = 60


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dict, list)):
        if isinstance(value, dict) and "_labels" in value:  # a node: show its name or id
            caption = value.get("name") or value.get("title") or value.get("id") or value.get("key")
            value = f"({':'.join(value['_labels'])} {caption})"
        elif isinstance(value, dict) and "_type" in value:
            value = f"[:{value['_type']}]"
        else:
            value = json.dumps(value, ensure_ascii=False)
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def write_result(result: QueryResult, fmt: str, stream: TextIO) -> None:
    if fmt == "json":
        json.dump(result.records(), stream, ensure_ascii=False, indent=2, default=str)
        stream.write("\n")
    elif fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for v in row])
    else:
        write_table(result, stream)


def without_link_columns(result: QueryResult) -> QueryResult:
    """Named queries also return keys and ids (for exports and links); a table for reading leaves them out."""
    keep = [i for i, c in enumerate(result.columns) if not (c == "key" or c.endswith("_key") or c == "claim")]
    return QueryResult(columns=[result.columns[i] for i in keep], rows=[[row[i] for i in keep] for row in result.rows],
                       stats=result.stats)


def write_table(result: QueryResult, stream: TextIO) -> None:
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip()
    stream.write(line + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        stream.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")
    stats = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.stats.items())
    stream.write(f"({len(cells)} row{'s' if len(cells) != 1 else ''}{'; ' + stats if stats else ''})\n")


@contextmanager
def progress(unit: str, disable: bool = False) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    from tqdm import tqdm

    bar = tqdm(unit=f" {unit}", disable=disable or not sys.stderr.isatty(), file=sys.stderr, mininterval=0.5)
    try:
        yield bar
    finally:
        bar.close()
