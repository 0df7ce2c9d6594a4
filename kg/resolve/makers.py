"""Mine the makers of models from unlabelled abstracts: `kg/data/makers.tsv`, read by `kg.resolve.shapes`.

A maker is a capitalised word (not an acronym: `Meta AI's LLaMA` makes no maker of AI) written with a possessive before at least MIN_MODELS different model names
(`OpenAI's o1`, `OpenAI's GPT-4o`; `Meta's Llama`): a name the shipped lexicon types as a Model (at least
TYPE_MIN_PAPERS papers, TYPE_MIN_SHARE of them Model) and shaped like a name (`kg.resolve.shapes.name_shaped`).
`CLIP's ViT` makes no maker of CLIP: one model only.

A maker's *products* (`kg/data/products.tsv`, read by `kg.resolve.prefixes`): two names of one maker's models,
neither with a digit, the first ending with the second (`ChatGPT` and `GPT`, both OpenAI's): the product's
versions are the family's (`ChatGPT-4o` is `GPT-4o`).

    python -m kg.resolve.makers ../shared/arxiv/arxiv-2025.jsonl.gz [-o kg/data/makers.tsv]
                                [--products kg/data/products.tsv]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from kg.resolve.prefixes import PRODUCTS_FILE
from kg.resolve.shapes import MAKERS_FILE, name_shaped

MIN_MODELS = 2
TYPE_MIN_PAPERS = 3
TYPE_MIN_SHARE = 0.7
_POSSESSIVE = re.compile(r"\b(?P<maker>[A-Z][A-Za-z]+)(?:'s|\u2019s) (?P<name>[A-Za-z][\w.\-]*[\w])")


def is_model(name: str, lexicon: Any) -> bool:
    votes: dict[str, int] = lexicon.type_votes(name)
    total = sum(votes.values())
    return total >= TYPE_MIN_PAPERS and votes.get("Model", 0) >= TYPE_MIN_SHARE * total


def mine(texts: Iterable[str], lexicon: Any) -> list[tuple[str, int, int, list[str]]]:
    """(maker, model names, papers, some of the names) for each maker found, most models first."""
    return [(maker, len(found), count, sorted(found)[:6]) for maker, found, count in mine_names(texts, lexicon)]


def products(found: list[tuple[str, set[str], int]]) -> list[tuple[str, str, str]]:
    """(product, family, maker): two of a maker's model names with no digit, the first ending with the second."""
    rows = set()
    for maker, names, _ in found:
        plain = {n for n in names if not any(c.isdigit() for c in n)}
        for product in plain:
            for family in plain:
                if len(family) >= 2 and len(product) > len(family) and product.endswith(family):
                    rows.add((product, family, maker))
    return sorted(rows)


def mine_names(texts: Iterable[str], lexicon: Any) -> list[tuple[str, set[str], int]]:
    """(maker, its model names, papers) for each maker found, most models first."""
    names: dict[str, set[str]] = defaultdict(set)
    papers: dict[str, int] = defaultdict(int)
    for text in texts:
        seen = set()
        for match in _POSSESSIVE.finditer(text):
            maker, name = match.group("maker"), match.group("name")
            if not maker.isupper() and name_shaped(name) and is_model(name, lexicon):
                names[maker].add(name)
                seen.add(maker)
        for maker in seen:
            papers[maker] += 1
    rows = [(maker, found, papers[maker]) for maker, found in names.items() if len(found) >= MIN_MODELS]
    return sorted(rows, key=lambda r: (-len(r[1]), r[0]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="files kg reads (JSONL, CSV, listings)")
    parser.add_argument("-o", "--out", type=Path, default=MAKERS_FILE)
    parser.add_argument("--products", type=Path, default=PRODUCTS_FILE)
    args = parser.parse_args(argv)
    from kg.read import ReadProblem, read_papers
    from kg.resolve.entities import shipped_lexicon

    lexicon = shipped_lexicon()
    if lexicon is None:
        sys.exit("no shipped lexicon: the model names cannot be typed")
    texts = (f"{p.title} {p.abstract}" for p in read_papers(args.inputs, "auto") if not isinstance(p, ReadProblem))
    found = mine_names(texts, lexicon)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["maker", "models", "papers", "examples"])
        for maker, names, count in found:
            writer.writerow([maker, len(names), count, " | ".join(sorted(names)[:6])])
    print(f"{len(found)} makers written to {args.out}")
    pairs = products(found)
    with open(args.products, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["product", "family", "maker"])
        writer.writerows(pairs)
    print(f"{len(pairs)} products written to {args.products}")


if __name__ == "__main__":
    main()
