"""Claims (placeholder until the claim rules land)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_claims")
def find_claims(doc: Doc) -> Doc:
    doc._.claims = []
    return doc
