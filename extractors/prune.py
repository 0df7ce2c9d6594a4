"""Drop metrics that the abstract only talks about, keeping those it reports results in.

Metric names are common words (`memory`, `inference time`, `computational cost`); an abstract names a
metric as an entity when it measures something with it. A metric survives when the claims use it or one of
its mentions is in a sentence with a number or a result word (`kg_claims` records those sentences).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.tokens import view


@Language.component("kg_prune")
def prune_unused_metrics(doc: Doc) -> Doc:
    records = doc._.entities or []
    if not records:
        return doc
    used = {c.get("metric") for c in doc._.claims or []}
    spans = view(doc).result_sentences

    def in_result_sentence(m) -> bool:
        return any(s <= m.start < e for s, e in spans)

    kept = [r for r in records
            if r.type != "Metric" or r.name in used or any(in_result_sentence(m) for m in r.mentions)]
    if len(kept) != len(records):
        doc._.entities = kept
        keys = {r.key for r in kept}
        doc._.mentions = [m for m in doc._.mentions or [] if m.key in keys]
    return doc
