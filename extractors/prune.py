"""Drop metrics that the abstract only talks about or names only as an aim (`to reduce X`), keeping those it
reports results in; tasks named only as what a system or data is for (`a weather prediction model`, `an X
corpus`), unless the title names them (title_tasks.py), or only as application areas that motivate the paper
(`applications like crop monitoring`); listed lower-case techniques named once, outside the sentences about
the paper's own work (`slow because of backpropagation`); plural abbreviations of lower-case classes
(`widget lattices (WLs)`); losses that are training objectives, not measures (`a novel X loss`, `the Y loss
function`, `QuuxKL loss`). Numbered list labels
(`(O1) ..., (O2) ...`) name nothing (in the 40,903 arXiv 2025 abstracts 20 use such labels, all as labels or
language codes: `(L1)`, `(S1)`, `(C1)`).

Metric names are common words (`memory`, `inference time`, `computational cost`); an abstract names a
metric as an entity when it measures something with it. A metric survives when the claims use it or one of
its mentions is in a sentence with a number or a result word (`kg_claims` records those sentences), the
abstract defines it (`Long Form (LF)`: a measure the paper names is a name, reported or not) or lists it after a
metric noun (`metrics such as X`), or the mined corpus reports it with numbers in other papers (`perplexity of
12`, `81% accuracy`: `types.tsv`), where costs talked about (`memory`, `inference time`) rarely are. `at inference time` says when, not what is
measured: a metric met only so is dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.corpus_types import defining_papers, measured_metric
from kg.extractors.gazetteer import load_gazetteer
from kg.extractors.lexicon import table
from kg.extractors.mentions import doc_attr, set_doc_attr
from kg.extractors.tokens import TokenView, view


@lru_cache(maxsize=1)
def _system_nouns() -> frozenset[str]:
    """Nouns that name a system or a way of working (`model`, `method`, `framework`) or a collection of data
    (`corpus`, `dataset`; `data/entity_cues.json`, not `benchmark`, a task cue of kg_frames) and nouns of raw
    data (`images`, `data`; `data_nouns` in `data/mining_frames.json`)."""
    after = table("entity_cues")["after"]
    return frozenset(w for w, t in after.items() if t in ("Model", "Method", "Dataset") and " " not in w
                     and not w.startswith("benchmark")) | frozenset(
        w for w in table("mining_frames")["data_nouns"]["words"] if " " not in w)


def _only_modifier(v: TokenView, record) -> bool:
    """`a weather prediction model`, `speech recognition systems`, `a machine translation corpus`: a lower-case
    task named only as the modifier of a system or data noun is what the system or the data is for, not a task
    the abstract names."""
    nouns = _system_nouns()
    if any("title_task" in m.tags for m in record.mentions):
        return False  # the title names it: the problem the paper is about (`... with Semantic Search`)
    return bool(record.mentions) and record.name == record.name.lower() and all(
        m.end < len(v) and v.lowers[m.end] in nouns for m in record.mentions)


_BITS = re.compile(r"^\d+-?bits?$")


@lru_cache(maxsize=1)
def _formats() -> frozenset[str]:
    return frozenset(w.lower() for w in table("name_noise")["precision_formats"])


def _number_format(v: TokenView, record) -> bool:
    """`half precision`, `BF16 precision`, `reduced-precision training`: `precision` after a number format word
    is the arithmetic the model runs in, not the metric."""
    formats = _formats()
    if not record.mentions or record.name.rsplit(" ", 1)[-1].lower() != "precision":
        return False
    for m in record.mentions:
        k = m.end - 2  # the word before `precision`, inside the mention or before it
        if k >= 0 and v.texts[k] == "-":
            k -= 1
        if k < 0 or not (v.lowers[k] in formats or _BITS.match(v.lowers[k])):
            return False
    return True


def _when(v: TokenView, record) -> bool:
    """`at inference time`, `at test time`: `at X time` says when something happens, not what is measured."""
    return bool(record.mentions) and all(
        m.start > 0 and v.lowers[m.start - 1] == "at" and v.lowers[m.end - 1] == "time" for m in record.mentions)


_APPLICATIONS = frozenset({"application", "applications"})
_EXAMPLE_CUES = frozenset({"such", "like", "including", "e.g.", "e.g"})
_CLAUSE_END = frozenset({".", ";", ":", "(", ")", "!", "?"})


def _application_example(v: TokenView, record) -> bool:
    """`in costly applications, e.g. crop monitoring or parcel sorting`: application areas listed to
    motivate a paper are not tasks it addresses (ANNOTATION.md: a task a method addresses or is evaluated on)."""
    if not record.mentions:
        return False
    for m in record.mentions:
        k = m.start - 1
        while k >= 0 and v.lowers[k] not in _CLAUSE_END and v.lowers[k] not in _EXAMPLE_CUES:
            k -= 1
        if k < 0 or v.lowers[k] not in _EXAMPLE_CUES:
            return False
        k -= 1  # (`such as` is found by its first word)
        if k >= 0 and v.lowers[k] == ",":
            k -= 1
        if k < 0 or v.lowers[k] not in _APPLICATIONS:
            return False
    return True


_FIRST_PERSON = frozenset({"we", "our", "us", "ours"})


def _background_technique(v: TokenView, record, used: set) -> bool:
    """`training is memory-bound because of backpropagation`: a listed lower-case technique the abstract names
    once, in a sentence that says nothing of the paper's own work (no `we`/`our`), is background the paper
    builds on or argues against, not a technique it names as its subject or its baseline."""
    if record.type != "Method" or record.proposed or record.name != record.name.lower() or record.name in used:
        return False
    if len(record.mentions) != 1 or record.mentions[0].source != "gazetteer":
        return False
    s, e = v.sentence_of(record.mentions[0].start)
    return not any(v.lowers[k] in _FIRST_PERSON for k in range(s, e))


_PURPOSE_VERBS = frozenset({"reduce", "improve", "boost", "increase", "lower", "decrease", "enhance", "minimize",
                            "maximize", "cut", "save", "mitigate", "alleviate"})
_PURPOSE_SKIP = frozenset({"the", "its", "their", "further", "significantly", "substantially", "greatly"})


def _purpose_only(v: TokenView, record) -> bool:
    """`to cut widget latency`, `To further raise gadget throughput, we ...`: a metric named only as
    what a step is for states an aim, not a result (ANNOTATION.md: purpose statements are no claims)."""
    if not record.mentions:
        return False
    for m in record.mentions:
        k = m.start - 1
        while k >= 0 and v.lowers[k] in _PURPOSE_SKIP:
            k -= 1
        if k < 0 or v.lowers[k] not in _PURPOSE_VERBS:
            return False
        k -= 1
        while k >= 0 and v.lowers[k] in _PURPOSE_SKIP:  # `to further reduce`
            k -= 1
        if k < 0 or v.lowers[k] != "to":
            return False
    return True


_OBJECTIVE_HEADS = frozenset({"loss", "losses"})
_ARTICLES = frozenset({"a", "an"})


# Words that end the read-back: other determiners, prepositions (the noun phrase ends there: `a method for
# computing X loss`), and degree words that say a value (`a lower X loss`).
_MEASURED_BEFORE = frozenset({"the", "this", "that", "these", "those", "its", "their", "our", "and", "or",
                              "of", "for", "in", "on", "at", "by", "to", "with", "from", "into", "over", "per",
                              "lower", "higher", "low", "high", "lowest", "highest", "smaller", "larger", "small",
                              "large", "better", "worse", "best", "worst", "final", "minimal", "comparable",
                              "similar", "same", "reduced", "increased", "improved", "decreased"})


def _objective(v: TokenView, record, metric_at: set[int]) -> bool:
    """`a novel widget-alignment loss`, `we train with a modified training loss`: a loss written after `a`/`an`
    is one objective among many, the thing a method minimises, not a measure it reports (`a lower training
    loss`, `a 0.3% rise in test loss`, `a final loss of 0.03`: a word between or a value after says a measure).
    Words before it are read back to the article over adjectives and commas (`a principled, modified X loss`),
    not over another metric (`a perplexity, validation loss and ...` lists measures). A loss function, and a loss named by a capitalised word (`QuuxKL loss`), are objectives whatever the
    article."""
    if not record.mentions or record.name.rsplit(" ", 1)[-1].lower() not in _OBJECTIVE_HEADS:
        return False
    stop = _MEASURED_BEFORE | _ARTICLES
    modifier = record.name.rsplit(" ", 1)[0] if " " in record.name else ""
    for m in record.mentions:
        if m.end < len(v) and v.lowers[m.end] == "of":
            return False  # `a final loss of 0.03`: measured
        if m.end < len(v) and v.lowers[m.end] in ("function", "functions"):
            continue  # `an X loss function`, `the Y loss function`: an objective by its name
        if modifier != modifier.lower():
            continue  # `QuuxKL loss`, `Zorb-Consistency loss`: a named objective
        k = m.start - 1
        while k >= 0 and k not in metric_at and (v.texts[k] in ("-", ",") or (
                v.texts[k].replace("-", "").isalpha() and v.lowers[k] not in stop)):
            k -= 1
        if k < 0 or v.lowers[k] not in _ARTICLES:
            return False
    return True


_PLURAL_SHORT = re.compile(r"^[A-Z][A-Z0-9]+s$")


def _plural_class(record) -> bool:
    """`frozen widget cores (FWCs)`, `soft gadget arrays (SGAs)`: a plural abbreviation defined by
    a lower-case plural noun phrase names a class of things (ANNOTATION.md: generic classes are no entities),
    unlike one defined by a capitalised name (`Quux Relay Networks (QRNs)`), unless the paper proposes it."""
    return not record.proposed and _PLURAL_SHORT.match(record.name) is not None and any(
        a == a.lower() and a.endswith("s") and " " in a for a in record.aliases)


# papers of the mined corpus that define an abbreviation by the same long form: a common term
_COMMON_DEFINITION_PAPERS = 10


def _background_definition(record) -> bool:
    """`a Markov decision process (MDP)`, `an abstract syntax tree (AST)`: an abbreviation of a phrase not
    written as a name (not every word capitalised) that the abstract defines and never uses again, that no list types and that many papers of the
    mined corpus define the same way (`acronyms.tsv`), is a common term the abstract explains in passing,
    not a technique it names, unless the paper proposes it or a claim uses it. In 4,000 arXiv 2025 abstracts
    (every tenth) it drops 32 names, by eye 28 of them terms (`directed acyclic graph (DAG)`, `personally
    identifiable information (PII)`, `high-definition (HD)`); 4 are techniques (`optimal transport (OT)` twice,
    `discrete cosine transform (DCT)`, `physically-based rendering (PBR)`)."""
    if record.type != "Method" or record.proposed or not record.mentions:
        return False
    if any(m.source != "acronym" or not m.tags & {"long_form", "definition"} or m.typed_by == "gazetteer"
           for m in record.mentions):
        return False
    if load_gazetteer().types_of(record.name):
        return False  # a listed short form whose long form is spelled otherwise (`Long-short Term Memory`)
    forms = [m.long_form for m in record.mentions if m.long_form]
    return bool(forms) and not _title_case(forms[0]) and defining_papers(forms[0]) >= _COMMON_DEFINITION_PAPERS


def _title_case(phrase: str) -> bool:
    """Every word capitalised (`Quux Lattice Networks`): the long form is written as a name."""
    return all(w[:1].isupper() for w in phrase.replace("-", " ").split() if w.lower() not in _SMALL_WORDS)


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "via", "by"})


_LABEL = re.compile(r"^([A-Z])([1-9])$")


def _enumeration_labels(v: TokenView, records) -> set[str]:
    """`(O1) lack of data, (O2) cost, and (O3) ...`: a capital and a digit in brackets, numbered from 1 with the
    same letter, label the items of a list; they name nothing. The brackets are read in the text, not among
    the entities: an item's label that is no entity by itself (`(Q2)`) still shows the list."""
    if not any(_LABEL.match(r.name) for r in records):
        return set()  # no entity is shaped like a label: nothing to take out, the text is not read
    groups: dict[str, set[int]] = {}
    texts = v.texts
    for i in range(1, len(texts) - 1):
        if texts[i - 1] == "(" and texts[i + 1] == ")" and (m := _LABEL.match(texts[i])):
            groups.setdefault(m.group(1), set()).add(int(m.group(2)))
    letters = {k for k, nums in groups.items() if {1, 2} <= nums}
    return {r.key for r in records if (m := _LABEL.match(r.name)) and m.group(1) in letters}


@Language.component("kg_prune")
def prune_unused_metrics(doc: Doc) -> Doc:
    records = doc_attr(doc, "entities") or []
    if not records:
        return doc
    claims = doc_attr(doc, "claims") or []
    used = {c.get("metric") for c in claims}
    roles = {c.get(k) for c in claims for k in ("subject", "object")}
    spans = view(doc).result_sentences

    def in_result_sentence(m) -> bool:
        return any(s <= m.start < e for s, e in spans)

    v = view(doc)
    labels = _enumeration_labels(v, records)
    metric_at = {k for r in records if r.type == "Metric" for m in r.mentions for k in range(m.start, m.end)}
    kept = [r for r in records
            if r.key not in labels
            and (r.type != "Metric" or r.name in used or measured_metric(r.name) or any(in_result_sentence(m) or "definition" in m.tags
                                                           or "listed" in m.tags for m in r.mentions))
            and not (r.type == "Task" and (_only_modifier(v, r) or _application_example(v, r)))
            and not (r.type == "Metric" and (_number_format(v, r) or _when(v, r) or _objective(v, r, metric_at)
                                             or (r.name not in used and _purpose_only(v, r))))
            and not _background_technique(v, r, roles)
            and not (r.name not in roles and _background_definition(r))
            and not _plural_class(r)]
    if len(kept) != len(records):
        set_doc_attr(doc, "entities", kept)
        keys = {r.key for r in kept}
        set_doc_attr(doc, "mentions", [m for m in doc_attr(doc, "mentions") or [] if m.key in keys])
    return doc
