"""Metrics written as a modifier and a head (`Top-1 accuracy`, `exact match accuracy`, `QA accuracy`,
`GLUE score`, `training time`): the author's most specific form of the metric. A listed data set opening a longer
modifier is no part of it (`ImageNet zero-shot accuracy`: the data set and `zero-shot accuracy`, as ANNOTATION.md
writes it), unless the rest is capitalised, a metric's own name (`Quux Detection Score`).

The modifiers come from a list, or are name-shaped words; costs such as `time` and `speed` only take
the modifiers listed for them (`training time`, not `same time`).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import table
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions
from kg.extractors.shapes import name_like
from kg.extractors.tokens import TokenView, view, watch


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], dict[str, frozenset[str]], frozenset[str]]:
    data = table("metric_compounds")
    restricted = {h: frozenset(ms) for h, ms in data["restricted_heads"].items()}
    return frozenset(data["heads"]), restricted, frozenset(data["modifiers"])


@lru_cache(maxsize=1)
def _singular() -> dict[str, str]:
    return table("metric_compounds")["singular"]


def _modifier_start(v: TokenView, head: int, allowed: frozenset[str], shapes_ok: bool) -> int:
    """First token of the modifier before `head` (== head when there is none); up to two words,
    a hyphenated compound counting as one (`exact match`, `top - 1`)."""
    texts, spaces = v.texts, v.spaces
    start = head
    words = 0
    j = head - 1
    while j >= 0 and words < 2:
        # Glue a hyphen compound back together (`Top - 1`, `pass@N`).
        k = j
        while k - 2 >= 0 and texts[k - 1] == "-" and not spaces[k - 1] and not spaces[k - 2]:
            k -= 2
        text = v.span_text(k, j + 1)
        if text.lower() in allowed or (shapes_ok and (name_like(text) or name_like(texts[j]))
                                       and not v.sent_start[j]):
            start = k
            words += 1
            j = k - 1
        else:
            break
    return start


@lru_cache(maxsize=1)
def _all_heads() -> frozenset[str]:
    heads, restricted, _ = _lexicon()
    found = heads | frozenset(restricted)
    watch(found)
    return found


_all_heads()


@Language.component("kg_metric_compounds")
def find_metric_compounds(doc: Doc) -> Doc:
    heads, restricted, modifiers = _lexicon()
    found = mentions(doc)
    v = view(doc)
    datasets = {m.start: m.end for m in found if m.source == "gazetteer" and m.type == "Dataset"}
    for i in v.positions(_all_heads()):
        low = v.lowers[i]
        if low in heads:
            start = _modifier_start(v, i, modifiers, shapes_ok=True)
        elif low in restricted:
            start = _modifier_start(v, i, restricted[low], shapes_ok=False)
        else:
            continue
        if datasets.get(start, i) < i and not v.texts[datasets[start]][:1].isupper():
            start = datasets[start]  # `ImageNet top-1 accuracy`: the data set and `top-1 accuracy`
        if start < i:
            text = v.span_text(start, i + 1)
            plural = v.texts[i]
            if plural.lower() in _singular():
                text = text[: len(text) - len(plural)] + _singular()[plural.lower()]
            found.append(Mention(start, i + 1, "Metric", "phrase", SOURCE_SCORE["phrase"], typed_by="compound",
                                 text=text))
    return doc

