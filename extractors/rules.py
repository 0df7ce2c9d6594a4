"""The default extractor: the rule-based spaCy pipeline, returning `kg.models.Extraction`.

Only `kg.models` types leave this module. The pipeline is built once per process and the extractor
itself holds no pipeline, so it pickles cheaply into worker processes, which build their own.
"""
from __future__ import annotations

import gc
import logging
from collections import deque
from contextlib import contextmanager
from itertools import islice
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc

from kg.extractors.claim_confidence import ConfidenceTable
from kg.extractors.mentions import doc_attr
from kg.extractors.pipeline import get_nlp
from kg.extractors.sentences import unwrap
from kg.extractors.tokens import TEXT_KEY, TITLE_KEY
from kg.models import Claim, Extraction, Paper

log = logging.getLogger(__name__)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (as it was after). Extraction makes many small
    objects and no reference cycles (`tests/test_extract_rules.py` checks that a collection after it finds
    nothing), so every doc's objects are freed by reference counting, and the collector's passes over the
    young objects are pure cost (measured in BENCHMARKS.md, "Fourth speed pass")."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class RuleExtractor:
    name = "rules"

    def __init__(self, gazetteer_dir: Optional[str] = None):
        self.gazetteer_dir = gazetteer_dir
        self.confidence: Optional[ConfidenceTable] = None  # set by fit; else the pipeline's shipped table

    @property
    def nlp(self):
        return get_nlp(self.gazetteer_dir)

    def _doc(self, paper: Paper) -> Doc:
        text = unwrap(paper.abstract)  # hard-wrapped lines read as one paragraph; offsets unchanged
        doc = self.nlp.make_doc(text)
        doc.user_data[TITLE_KEY] = paper.title
        doc.user_data[TEXT_KEY] = text  # saves rebuilding it from the tokens
        return doc

    def fit(self, train_records: list) -> None:
        """The cross-validation hook (`kg eval --folds`): the rules themselves learn nothing; the claim
        confidences (each frame's precision) are measured on `train_records` (gold records) and used instead
        of the shipped table, so that held-out folds check them on claims they were not measured on."""
        self.confidence = None
        self.confidence = ConfidenceTable.from_outcomes(self.frame_outcomes(train_records))

    def frame_outcomes(self, records: list) -> Iterator[tuple[str, bool]]:
        """(frame, right) for every claim extracted from the gold records: right when it core-matches a
        gold claim (kind, subject, value; ANNOTATION.md's scoring)."""
        from kg.eval.matching import match_claims

        pending: deque = deque(records)

        def docs() -> Iterator[Doc]:
            for record in records:
                yield self._doc(record.paper)

        for doc in self.nlp.pipe(docs(), batch_size=64):
            record = pending.popleft()
            found = list(doc._.claims or [])
            _, core = match_claims([self.claim(c) for c in found], record.claims)
            right = {i for i, _ in core}
            for i, c in enumerate(found):
                yield c["frame"], i in right

    def extract(self, paper: Paper) -> Extraction:
        return self.to_extraction(paper, self.nlp(self._doc(paper)))

    def extract_many(self, papers: Iterable[Paper], batch_size: int = 64) -> Iterator[Extraction]:
        """Extract many papers (same results as `extract`, in input order). The docs of `batch_size` papers go
        through the pipeline together, one component at a time over all of them (as `nlp.pipe` does): each
        component's tables stay in the processor's caches from one doc to the next (measured in BENCHMARKS.md,
        "Extraction speed": less time than taking each doc through all components). The components are called directly, which saves
        `nlp.pipe`'s chain of generators (one per component, each with its error handler), unless some
        component batches (`pipe`), when `nlp.pipe` is used."""
        nlp = self.nlp
        if any(hasattr(proc, "pipe") for _, proc in nlp.pipeline):
            pending: deque[Paper] = deque()  # papers whose docs nlp.pipe has taken but not yet returned

            def docs():
                for paper in papers:
                    pending.append(paper)
                    yield self._doc(paper)

            for doc in nlp.pipe(docs(), batch_size=batch_size):
                yield self.to_extraction(pending.popleft(), doc)
            return
        procs = [proc for _, proc in nlp.pipeline]
        source = iter(papers)
        while batch := list(islice(source, max(1, batch_size))):
            with cycle_collection_paused():  # not across the `yield`: the caller's code runs as usual
                made = [self._doc(paper) for paper in batch]
                for proc in procs:
                    made = [proc(doc) for doc in made]
                done = [self.to_extraction(paper, doc) for paper, doc in zip(batch, made)]
                del made
            yield from done

    def claim(self, found: dict) -> Claim:
        return Claim(**self.claim_fields(found))

    def claim_fields(self, found: dict) -> dict:
        """A claim dict of the pipeline as `Claim` fields (its frame replaced by the frame's confidence)."""
        fields = {k: v for k, v in found.items() if k != "frame"}
        if self.confidence is not None:
            fields["confidence"] = self.confidence(found["frame"])
        return fields

    def to_extraction(self, paper: Paper, doc: Doc) -> Extraction:
        # One validation of the whole record (entities and claims as dicts) rather than one model call per
        # entity and claim: the same validators run, in one pass through pydantic-core (measured: 17% faster).
        entities = [
            {"name": r.name, "type": r.type, "key": r.key, "aliases": r.aliases, "proposed": r.proposed,
             "count": r.count, "confidence": r.confidence}
            for r in doc_attr(doc, "entities") or []
        ]
        claims = [self.claim_fields(c) for c in doc_attr(doc, "claims") or []]
        if "\n" in paper.abstract:  # the evidence as the abstract writes it (its wraps kept), at the same offsets
            for c in claims:
                c["evidence"] = paper.abstract[c["start"]:c["end"]]
        return Extraction.model_validate({"id": paper.id, "title": paper.title, "entities": entities,
                                          "claims": claims, "extractor": "rules"})

    def __getstate__(self):
        return {"gazetteer_dir": self.gazetteer_dir, "confidence": self.confidence}

    def __setstate__(self, state):
        self.gazetteer_dir = state["gazetteer_dir"]
        self.confidence = state.get("confidence")
