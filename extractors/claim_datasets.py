"""The data set a claim's number was measured on: named right after it (`+3.1% on SQuAD`), the sentence's one
data set, or the last one named before it; None when the number names a place of its own (`+51.6 on Zorbdown`)."""
from __future__ import annotations

from typing import Optional

from kg.extractors.claim_cues import CueLexicon
from kg.extractors.claim_roles import unique
from kg.extractors.mentions import Mention
from kg.extractors.numbers import Quantity


def dataset_for(lex: CueLexicon, q: Quantity, sent_ments: list[Mention], lowers: list[str],
                texts: Optional[list[str]] = None) -> Optional[Mention]:
    after = dataset_after(lex, q, sent_ments, lowers)
    if after is not None:
        return after
    if texts is not None and own_place(q, texts, lex.dataset_links):
        return None  # `+51.6 on Zorbdown, +4.5 on SQuAD`: the number names its own place, not a known data set
    datasets = unique([m for m in sent_ments if m.type == "Dataset"])
    if len(datasets) == 1:
        return datasets[0]
    before = [m for m in sent_ments if m.type == "Dataset" and m.end <= q.start]
    return before[-1] if before else None


def dataset_after(lex: CueLexicon, q: Quantity, sent_ments: list[Mention], lowers: list[str]) -> Optional[Mention]:
    """`+3.1% on SQuAD`: a dataset right after the number (a link word between, no other number), or None."""
    for m in sent_ments:
        if m.type == "Dataset" and q.end <= m.start <= q.end + 6 and any(
                lowers[j] in lex.dataset_links for j in range(q.end, m.start)) and not any(
                lowers[j][:1].isdigit() or lowers[j][:1] == "+" for j in range(q.end, m.start)):
            return m
    return None


def own_place(q: Quantity, texts: list[str], links: frozenset[str]) -> bool:
    """`+51.6 on Zorbdown`: right after the number, `on`/`in` and a capitalised word, a place of its own."""
    j = q.end
    return j + 1 < len(texts) and texts[j].lower() in links and texts[j + 1][:1].isupper()
