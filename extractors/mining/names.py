"""Candidate names in one sentence: name-shaped tokens (`ImageNet`, `GSM8K`, `BLEU`) and runs of them with
capitalised words, version numbers and sizes (`Llama 3.1 8B`, `MS COCO`, `Stable Diffusion XL`,
`Claude 3.5 Sonnet`). Shapes only: no word lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extractors.mining.shapes import is_capitalised, is_name_like, is_number, is_quantity, singular
from kg.extractors.normalize import entity_key

MAX_RUN = 6
_SIZE = re.compile(r"(?:^|[-_])\d+(?:\.\d+)?[BM](?:$|[-_])|^\d+(?:\.\d+)?[BM]$")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # `name` (holds a name-shaped token), `title` (capitalised words), `word` (one capitalised word)


def _joinable(tok: str) -> bool:
    return is_name_like(tok) or is_capitalised(tok)


def name_spans(toks: list[str], title: bool = False) -> list[Span]:
    """Maximal runs of name-like/capitalised tokens (numbers and sizes may follow inside a run), and each
    name-like token on its own when it sits inside a longer run. In a title (`title=True`) capitalisation
    is no evidence: only runs holding a name-shaped token count. A capitalised word opening the sentence
    is skipped (`Experiments show ...`)."""
    out: list[Span] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        if not _joinable(tok) or (i == 0 and not is_name_like(tok)):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < MAX_RUN and (_joinable(toks[j]) or is_number(toks[j]) or is_quantity(toks[j])):
            j += 1
        # a run does not end in a bare number unless it follows a name (`Llama 3`, `GPT 4`): keep numbers
        while j > i + 1 and not toks[j - 1][:1].isalpha() and not _joinable(toks[j - 2]) and \
                not is_number(toks[j - 2]):
            j -= 1
        run = toks[i:j]
        named = any(is_name_like(t) or is_number(t) or is_quantity(t) for t in run)
        if named:
            kind = "name"
        elif len([t for t in run if is_capitalised(t)]) >= 2:
            kind = "title"
        else:
            kind = "word"
        if not title or named:
            out.append(Span(i, j, " ".join(run), kind))
            if j - i > 1:
                out.extend(Span(k, k + 1, toks[k], "name") for k in range(i, j) if is_name_like(toks[k]))
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
