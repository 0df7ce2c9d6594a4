"""Candidate names in one sentence: name-shaped tokens (`ImageNet`, `GSM8K`, `BLEU`) and runs of them with
capitalised words, version numbers and sizes (`Llama 3.1 8B`, `MS COCO`, `Stable Diffusion XL`,
`Claude 3.5 Sonnet`). Shapes only: no word lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extractors.mining.shapes import CAPITALISED, NAME, NUMBER, singular, token_class
from kg.extractors.normalize import entity_key

MAX_RUN = 6
_SIZE = re.compile(r"(?:^|[-_])\d+(?:\.\d+)?[BM](?:$|[-_])|^\d+(?:\.\d+)?[BM]$")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # `name` (holds a name-shaped token), `title` (capitalised words), `word` (one capitalised word)


_JOINABLE = (NAME, CAPITALISED)
_IN_RUN = (NAME, CAPITALISED, NUMBER)


def name_spans(toks: list[str], title: bool = False, classes: list[int] | None = None) -> list[Span]:
    """Maximal runs of name-like/capitalised tokens (numbers and sizes may follow inside a run), and each
    name-like token on its own when it sits inside a longer run. In a title (`title=True`) capitalisation
    is no evidence: only runs holding a name-shaped token count. A capitalised word opening the sentence
    is skipped (`Experiments show ...`). `classes` are the tokens' `token_class`es when already known."""
    if classes is None:
        classes = [token_class(t) for t in toks]
    out: list[Span] = []
    n = len(toks)
    i = 0
    while i < n:
        c = classes[i]
        if c not in _JOINABLE or (i == 0 and c != NAME):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < MAX_RUN and classes[j] in _IN_RUN:
            j += 1
        run = classes[i:j]
        named = NAME in run or NUMBER in run
        if named:
            kind = "name"
        elif run.count(CAPITALISED) >= 2:
            kind = "title"
        else:
            kind = "word"
        if not title or named:
            out.append(Span(i, j, " ".join(toks[i:j]), kind))
            if j - i > 1:
                out.extend(Span(k, k + 1, toks[k], "name") for k in range(i, j) if classes[k] == NAME)
        i = j
    return out


def has_size(name: str) -> bool:
    """A parameter count in the name (`Llama-3-8B`, `Qwen2.5 7B`): the mark of a model checkpoint."""
    return any(_SIZE.search(part) for part in name.split())


def fold_key(name: str) -> str:
    """A coarser key than `entity_key` for spelling variants: hyphens and spaces dropped except between two
    numbers, an acronym plural folded (`ImageNet-C`/`ImageNetC`, `MS COCO`/`MSCOCO`, `ViT`/`ViTs`;
    `Llama-3-8B` stays apart from `Llama-38B`)."""
    words = name.split()
    if words:
        words[-1] = singular(words[-1])
    parts = entity_key(" ".join(words)).split("-")
    out = parts[:1]
    for prev, part in zip(parts, parts[1:]):
        out.append(("-" if prev[:1].isdigit() and part[:1].isdigit() else "") + part)
    return "".join(out)
