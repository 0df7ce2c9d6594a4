"""The spaCy pipeline: `spacy.blank("en")` and small rule components, each with one job.

    kg_sentences         sentence boundaries that survive `8.2%`, `e.g.`, `et al.`, `Fig. 2`
    kg_quantities        numbers with unit and qualifier
    kg_gazetteer         known names (PhraseMatcher)
    kg_acronyms          abbreviations defined in the text
    kg_shapes            unseen names by their shape
    kg_capitalised       multi-word names in capitals (`the Drift Horizon`)
    kg_metric_compounds  `Top-1 accuracy`, `training time`
    kg_frames            lower-case tasks and metrics in clear frames (`X tasks`, `in terms of X`)
    kg_coordination      lower-case names listed with a typed one and headed alike share its type
    kg_proposed          the paper's own entity
    kg_types             types for untyped candidates, from context
    kg_resolve           overlaps settled, mentions grouped into entities
    kg_claims            claims
    kg_prune             metrics that no result sentence uses

The pipeline is built once per process (`get_nlp`); worker processes build their own.
"""
from __future__ import annotations

import gc
import logging
import threading
from typing import Optional

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

# Importing the modules registers their components with spaCy.
from kg.extractors import (  # noqa: F401
    acronyms,
    capitalised,
    claims,
    compounds,
    coordination,
    entity_types,
    frames,
    gazetteer,
    numbers,
    proposed,
    prune,
    resolve,
    sentences,
    shapes,
)

log = logging.getLogger(__name__)

COMPONENTS = ("kg_sentences", "kg_quantities", "kg_gazetteer", "kg_acronyms", "kg_shapes", "kg_capitalised",
              "kg_metric_compounds", "kg_frames", "kg_coordination",
              "kg_proposed", "kg_types", "kg_resolve", "kg_claims", "kg_prune")
_CONFIGURABLE = {"kg_gazetteer", "kg_types"}

_cache: dict[Optional[str], Language] = {}
_lock = threading.Lock()


# A full stop between a capital or digit and a capitalised word is a missing space (`on GLUE.The`);
# the default infixes only split after a lower-case letter.
# LaTeX `\\sim` between or before numbers, often with its backslash lost in the abstract's text
# (`3%\\sim5%`, `3%sim5%`, `(sim0.01%`): split off so that the numbers stand alone.
_EXTRA_INFIXES = (r"(?<=[A-Z0-9%)\]])\.(?=[A-Z][a-z])", r"(?<=[0-9%])\\?sim(?=[0-9])")
_EXTRA_PREFIXES = (r"\\?sim(?=[0-9])",)


def blank() -> Language:
    """`spacy.blank("en")` with the tokenizer additions above."""
    nlp = spacy.blank("en")
    infixes = list(nlp.Defaults.infixes or ()) + list(_EXTRA_INFIXES)
    prefixes = list(nlp.Defaults.prefixes or ()) + list(_EXTRA_PREFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search  # type: ignore[union-attr]
    return nlp


def build_nlp(gazetteer_dir: Optional[str] = None, until: Optional[str] = None) -> Language:
    """A fresh pipeline; `gazetteer_dir` overrides the gazetteer location; `until` stops after a component."""
    nlp = blank()
    for name in COMPONENTS:
        config = {"directory": gazetteer_dir} if name in _CONFIGURABLE and gazetteer_dir else {}
        nlp.add_pipe(name, config=config)
        if name == until:
            break
    return nlp


def get_nlp(gazetteer_dir: Optional[str] = None) -> Language:
    """The process-wide pipeline (built on first use)."""
    nlp = _cache.get(gazetteer_dir)
    if nlp is None:
        with _lock:
            nlp = _cache.get(gazetteer_dir)
            if nlp is None:
                nlp = build_nlp(gazetteer_dir)
                _cache[gazetteer_dir] = nlp
                # The pipeline's tables (tens of thousands of objects) live as long as the process: moved out
                # of the collector's reach so that its collections during extraction do not walk them again
                # and again (measured: about 7% of extraction time).
                gc.collect()
                gc.freeze()
                log.debug("built pipeline %s", nlp.pipe_names)
    return nlp


def reset_nlp() -> None:
    """Drop the process-wide pipelines; the next use builds fresh ones. A pipeline's string store keeps every
    distinct token it has seen, so a long-running extraction process resets it now and then (kg.pipeline)."""
    with _lock:
        _cache.clear()
        gc.unfreeze()  # the dropped pipelines' cycles become collectable again (get_nlp freezes anew)
