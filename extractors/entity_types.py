"""Types for the candidates that arrived without one (shapes, abbreviations), from their context.

In order of trust: the gazetteer (the name or its long form is known); a cue word next to the name
(`VideoLQ dataset`, `the benchmark X`, `X (SF) benchmark`); the name's own shape (`-Instruct`, `-7B` -> Model;
`...Bench`, `...QA` -> Dataset); the family of a known name (`Qwen2.5-7B` starts like `Qwen`); `on X` after
a result (`+3.1% on ZorbQA-Hard`); the head word of a long form (`... distillation` -> Method); the type of
the other names in the same list (`on GLUE, SuperGLUE, and HumSet`); else Method.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.acronyms import lead_letters
from kg.extractors.bracket_lists import share_bracketed_types
from kg.extractors.corpus_types import common_word, corpus_type
from kg.extractors.gazetteer import GAZETTEER_DIR, Gazetteer, load_gazetteer
from kg.extractors.lexicon import table
from kg.extractors.mentions import Mention, mentions
from kg.extractors.model_names import sized_description
from kg.extractors.normalize import entity_key
from kg.extractors.numbers import parse_number
from kg.extractors.shapes import is_size
from kg.extractors.tokens import TokenView, view

# What each way of typing adds to the mention's base score (confidence).
TYPE_BONUS = {"gazetteer": 0.1, "cue": 0.15, "suffix": 0.1, "size": 0.15, "family": 0.1, "on": 0.1,
              "head": 0.05, "list": 0.05, "corpus": 0.05, "default": -0.05}


@lru_cache(maxsize=1)
def _cues() -> dict:
    data = table("entity_cues")
    heads = table("head_types")
    return {
        "after1": {k: v for k, v in data["after"].items() if " " not in k},
        "after2": {tuple(k.split()): v for k, v in data["after"].items() if " " in k},
        "before": data["before"],
        "on_words": frozenset(data["on_verbs"]),
        "suffixes": {t: tuple(s) for t, s in data["name_suffixes"].items()},
        "heads": heads["heads"],
        "preps": frozenset(heads["prepositions"]),
        "links": frozenset(data["list_links"]),
    }


def head_word(phrase: str) -> str:
    """The head of a multi-word name: the last word, or the last before a preposition."""
    preps = _cues()["preps"]
    ws = phrase.lower().split()
    for i, w in enumerate(ws):
        if i > 0 and w in preps:
            ws = ws[:i]
            break
    return ws[-1] if ws else ""


def type_from_head(phrase: str) -> Optional[str]:
    heads = _cues()["heads"]
    head = head_word(phrase)
    for candidate in (head, head[:-1] if head.endswith("s") else None, head.rsplit("-", 1)[-1]):
        if candidate and candidate in heads:
            return heads[candidate]
    return None


_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "for", "from", "with", "on", "in", "to", "via", "by", "and"})


def _content_words(phrase: str) -> tuple[str, ...]:
    """A long form's words without function words, hyphens or a plural `s` (`Mixture-of-Experts` ->
    (`mixture`, `expert`))."""
    ws = [w for w in phrase.lower().replace("-", " ").split() if w not in _FUNCTION_WORDS]
    return tuple(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in ws)


_APPOSITION = frozenset({",", "--", "—", "–", ":"})
_CLAUSE_BREAK = frozenset({".", ";", "(", ")", ",", ":"})
# Words after which an apposition's head noun has been passed (`X, a benchmark for models`, `X, which`).
# Words that give a name to what comes before them (`a metric named X`).
_NAMERS = frozenset({"named", "called", "dubbed", "termed", "coined"})
_NOUN_PHRASE_END = frozenset({"for", "that", "which", "to", "with", "of", "on", "in", "we", "where", "by", "and"})
# Nouns that only count what follows `of`: in `X, a suite of models` the head is `models`.
_COLLECTIVE = frozenset({"suite", "family", "series", "collection", "set", "range", "group"})


@lru_cache(maxsize=1)
def _model_nouns() -> frozenset[str]:
    """Plural nouns the cues type Model (`models`, `llms`)."""
    return frozenset(w for w, t in _cues()["after1"].items() if t == "Model" and w.endswith("s"))


class EntityTyper:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.families = {t: gazetteer.family_heads(t) for t in ("Model", "Dataset")}
        self._expansions: Optional[dict[tuple[str, str], list[str]]] = None  # (type, canonical) -> forms
        # Both depend on the name alone, and names recur across abstracts.
        self.family_type = lru_cache(maxsize=50_000)(self.family_type)  # type: ignore[method-assign]
        self.suffix_type = lru_cache(maxsize=50_000)(self.suffix_type)  # type: ignore[method-assign]

    def known_expansion(self, short: str, long_form: str) -> list[str]:
        """The types of a listed abbreviation whose listed expansion is this long form but for its function
        words (`zorb tuning with user feedback` for a listed `zorb tuning from user feedback`)."""
        listed_types = self.gazetteer.types_of(short)
        if not listed_types:
            return []  # (most short forms are not listed)
        wanted = _content_words(long_form)
        if self._expansions is None:
            forms: dict[tuple[str, str], list[str]] = {}
            for table_ in (self.gazetteer.lower, self.gazetteer.exact):
                for type_, entries in table_.items():
                    for form, canonical in entries.items():
                        forms.setdefault((type_, canonical), []).append(form)
            self._expansions = forms
        out = []
        for listed in listed_types:
            entry = self.gazetteer.canonical.get((listed, entity_key(short)))
            if entry and any(_content_words(f) == wanted for f in self._expansions.get((listed, entry), ())):
                out.append(listed)
        return out

    # -- single clues ------------------------------------------------------------------------
    def cue_after(self, v: TokenView, end: int) -> Optional[str]:
        c = _cues()
        j = end
        if j < len(v) and v.texts[j] == ")":
            j += 1
        if j + 1 < len(v):
            hit = c["after2"].get((v.lowers[j], v.lowers[j + 1]))
            if hit:
                return hit
        if j < len(v):
            return c["after1"].get(v.lowers[j])
        return None

    def cue_apposition(self, v: TokenView, start: int, end: int) -> Optional[str]:
        """The noun an apposition gives the name: `X, a unified benchmark for ...`, `X -- a large-scale
        dataset`, `X is a new benchmark`, `a new dataset, X`."""
        after = _cues()["after1"]
        n = len(v)
        j = end + 1 if end < n and v.texts[end] == ")" else end
        if j < n and (v.texts[j] in _APPOSITION or v.lowers[j] in ("is", "as")):
            # The noun phrase's head is its last cue noun (`a new web agent benchmark`: benchmark).
            head = None
            for k in range(j + 1, min(n, j + 9)):
                low = v.lowers[k]
                if low == "of" and v.lowers[k - 1] in _COLLECTIVE:
                    continue
                if v.texts[k] in _CLAUSE_BREAK or low in _NOUN_PHRASE_END:
                    break
                if low in after:
                    head = after[low]
            if head in (None, "Model") and sized_description(v, j + 1, _model_nouns()):
                return "Model"  # `X, a 7B-parameter model`, `X, a suite of models`
            if head is not None:
                # A new system called a model is a Method unless it has a size (ANNOTATION.md).
                return "Method" if head == "Model" else head
        if start >= 2 and v.texts[start - 1] in _APPOSITION and after.get(v.lowers[start - 2]) in ("Dataset", "Method"):
            return after[v.lowers[start - 2]]
        if start >= 5 and v.texts[start - 1] in _APPOSITION and sized_description(v, start - 5, _model_nouns()):
            return "Model"  # `a suite of models: X`
        return None

    def cue_namer(self, v: TokenView, start: int, end: Optional[int] = None) -> Optional[str]:
        """The noun before a naming word: `a confidence metric named X`, `a score, dubbed X`; models named X
        with a size after it (`models named X, with up to 20B parameters`) are a Model."""
        k = start - 1
        if k < 1 or v.lowers[k] not in _NAMERS:
            return None
        k -= 1
        if v.texts[k] == "," and k >= 1:
            k -= 1
        told = _cues()["after1"].get(v.lowers[k])
        if told == "Model" and end is not None and sized_description(v, end, _model_nouns()):
            return "Model"
        return "Method" if told == "Model" else told

    def cue_namer_of_long_form(self, v: TokenView, short: str) -> Optional[str]:
        """`a confidence metric named Long Form (LF)`: the naming word stands before the long form."""
        abbreviation = v.acronyms.get(short)
        return self.cue_namer(v, abbreviation.long_span[0]) if abbreviation is not None else None

    def cue_before(self, v: TokenView, start: int) -> Optional[str]:
        if start >= 1:
            return _cues()["before"].get(v.lowers[start - 1])
        return None

    def suffix_type(self, text: str) -> Optional[str]:
        low = text.lower()
        for type_, suffixes in _cues()["suffixes"].items():
            if low.endswith(suffixes):
                return type_
        return None

    def family_type(self, text: str) -> Optional[str]:
        """`Qwen2.5-7B` starts like the known `Qwen`; `ImageNetC` like `ImageNet` (prefixes of 5+ letters). The
        longest known start wins (`ImageNetC` starts like the dataset `ImageNet` more than like the model
        `Imagen`); on a tie, Model."""
        head = entity_key(text).split("-", 1)[0]
        best: tuple[int, Optional[str]] = (0, None)
        for type_, heads in self.families.items():
            if head in heads:
                length = len(head)
            else:
                length = next((k for k in range(len(head) - 1, 4, -1) if head[:k] in heads), 0)
            if length and common_word(head[:length]):
                continue  # an ordinary word is no family (`Sparse...`, `Self...`)
            if length > best[0]:
                best = (length, type_)
        return best[1]

    def after_result_on(self, v: TokenView, start: int) -> bool:
        """`+14.4% on X`, `accuracy on X`, `trained on X`: a dataset follows `on`."""
        if start >= 2 and v.lowers[start - 1] == "the":
            start -= 1  # `on the X Leaderboard`
        if start < 1 or v.lowers[start - 1] not in ("on", "across"):
            return False
        words = _cues()["on_words"]
        for j in range(start - 2, max(-1, start - 6), -1):
            text = v.texts[j]
            if v.lowers[j] in words or text in ("%", "\\%") or parse_number(text) is not None:
                return True
            if text in (".", ";"):
                break
        return False

    def defined_otherwise(self, v: TokenView, short: str) -> bool:
        """The abstract defines these letters by a long form that starts otherwise than every expansion the
        list gives them (`Quux-On-Widgets (COW)`, not a listed `camouflaged object widgets | COW`): the
        definition in the text outranks the list entry. A listed short form with no listed expansion (forms
        holding the short form, `CLIP ViT-L`, are none) keeps its type (`Contrastive Language-Image
        Pre-training (CLIP)`)."""
        defined = v.acronyms.get(short)
        if defined is None or not self.gazetteer.types_of(short) or self.gazetteer.types_of(defined.long):
            return False
        if len(_content_words(defined.long)) > sum(c.isalpha() for c in short):
            return False  # more words than letters: no expansion of them (`X (AUROC)` after a clause)
        self.known_expansion(short, defined.long)  # (builds the table of listed forms)
        lead = lead_letters(defined.long)
        expansions = [lead_letters(f) for t in self.gazetteer.types_of(short)
                      if (entry := self.gazetteer.canonical.get((t, entity_key(short))))
                      for f in (self._expansions or {}).get((t, entry), ())
                      if len(_content_words(f)) >= 2 and short.lower() not in f.lower()]
        return bool(expansions) and lead not in expansions

    # -- one mention -------------------------------------------------------------------------
    def type_of(self, v: TokenView, m: Mention) -> tuple[Optional[str], str]:
        text = m.text or v.span_text(m.start, m.end)
        if m.long_form:
            # A definition in the text outranks a list entry for the same letters
            # (`Sharpness-Aware Minimization (SAM)` is not the SAM model), and the long form's head says
            # more than a plural noun after it.
            known = self.gazetteer.types_of(m.long_form) or self.known_expansion(text, m.long_form)
            if known:
                return known[0], "gazetteer"
            after = self.cue_after(v, m.end)
            closing = m.end + 1 if m.end < len(v) and v.texts[m.end] == ")" else m.end
            singular = closing < len(v) and not v.lowers[closing].endswith("s")
            if after in ("Dataset", "Method", "Task") and singular:
                # `(ZB) benchmark`, `(QN) method`, `(ZT) task` name it; `(ZB) methods`, `(QN) models` are for it.
                return after, "cue"
            told = self.cue_apposition(v, m.start, m.end) or self.cue_before(v, m.start) or self.cue_namer_of_long_form(v, text)
            if told:
                return told, "cue"
            head = type_from_head(m.long_form)
            if head:
                return head, "head"
        known = [] if self.defined_otherwise(v, text) else self.gazetteer.types_of(text)
        if known:
            return known[0], "gazetteer"
        told = self.cue_apposition(v, m.start, m.end) or self.cue_namer(v, m.start, m.end)
        if told:
            return told, "cue"
        cue = self.cue_after(v, m.end) or self.cue_before(v, m.start)
        if cue:
            return cue, "cue"
        if "@" in text:
            return "Metric", "suffix"  # `pass@k`, `Recall@10`
        if any(is_size(v.texts[j]) or is_size(v.texts[j].split("-")[-1]) for j in range(m.start, m.end)):
            return "Model", "size"
        suffix = self.suffix_type(text)
        if suffix:
            return suffix, "suffix"
        family = self.family_type(text)
        if family:
            return family, "family"
        if self.after_result_on(v, m.start):
            return "Dataset", "on"
        corpus = corpus_type(m.long_form) if m.long_form else corpus_type(text)
        if corpus:
            return corpus, "corpus"
        if m.source == "capitalised":
            # A Title-Case name is typed by its head noun like a long form (`Kernel Ridge Regression`); a
            # plural head names a class (`Decoder Layers`).
            head = type_from_head(text)
            if head and not head_word(text).endswith("s"):
                return head, "head"
        return None, "default"

    def __call__(self, doc: Doc) -> Doc:
        found = mentions(doc)
        v = view(doc)
        if v.acronyms:
            for m in found:
                if m.source == "gazetteer" and m.text in v.acronyms and self.defined_otherwise(v, m.text):
                    m.type, m.typed_by = None, None
        untyped = [m for m in found if m.type is None and "not_entity" not in m.tags]
        pending: list[Mention] = []  # no clue of their own
        for m in untyped:
            type_, how = self.type_of(v, m)
            if type_ is None:
                pending.append(m)
                continue
            m.type, m.typed_by = type_, how
            m.score = min(1.0, m.score + TYPE_BONUS[how])
        # Names in one list share a type (`on GLUE, SuperGLUE, and HumSet`).
        if pending:
            self._by_list(v, found, pending)
            # ... and names in brackets after a list's items (`games (A), navigation (B), and coding (C)`).
            share_bracketed_types(v, found, pending, TYPE_BONUS["list"])
        # An undefined abbreviation ending in a defined one is of its kind (`SISR` after `... (SR)`).
        defined = {m.text: m.type for m in found if "definition" in m.tags and m.type}
        if defined:
            for m in pending:
                if m.type is None:
                    for short, type_ in defined.items():
                        if len(short) >= 2 and m.text != short and m.text.endswith(short) and m.text.isupper():
                            m.type, m.typed_by = type_, "head"
                            break
        for m in pending:
            if m.type is None:
                m.type, m.typed_by = "Method", "default"
                m.score = max(0.0, m.score + TYPE_BONUS["default"])
        # An abbreviation's short and long form are one entity: one type for both.
        by_long: dict[str, Mention] = {}
        for m in found:
            if m.source == "acronym" and "definition" in m.tags and m.long_form:
                by_long[m.long_form] = m
        for m in found:
            if m.source == "acronym" and "long_form" in m.tags and m.long_form in by_long:
                m.type, m.typed_by = by_long[m.long_form].type, by_long[m.long_form].typed_by
        return doc

    def _by_list(self, v: TokenView, found: list[Mention], pending: list[Mention]) -> None:
        """Names in one list (`on GLUE, SuperGLUE, and HumSet`) share the list's most frequent type.

        Candidates over the same words (a list entry and its shape) are one item of the list, counted once."""
        links = _cues()["links"]
        pending_ids = {id(m) for m in pending}
        ordered = sorted((m for m in found if m.type is not None or id(m) in pending_ids),
                         key=lambda m: (m.start, -m.end))
        # items: [start, end, type or None, mentions]
        items: list[list] = []
        for m in ordered:
            typed = m.type if id(m) not in pending_ids else None
            if items and m.start < items[-1][1]:
                item = items[-1]
                item[3].append(m)
                if item[2] is None:
                    item[2] = typed
                continue
            items.append([m.start, m.end, typed, [m]])
        groups: list[list[list]] = []
        joined: list[bool] = []  # a group has `and`/`or` between two of its items
        for item in items:
            if groups:
                prev = groups[-1][-1]
                gap = v.lowers[prev[1]:item[0]]
                if 0 < len(gap) <= 3 and all(w in links for w in gap):
                    groups[-1].append(item)
                    joined[-1] = joined[-1] or any(w in ("and", "or", "&") for w in gap)
                    continue
            groups.append([item])
            joined.append(False)
        for group, conjunction in zip(groups, joined):
            # Two names and a comma (`applied to X, AoT achieves`) are no list; `X and Y` or three are.
            if len(group) < 3 and not conjunction:
                continue
            types = [item[2] for item in group if item[2] is not None]
            if not types:
                continue
            # Most frequent type; a tie goes to the type seen first in the list (never to set order,
            # which changes with PYTHONHASHSEED).
            majority = max(types, key=lambda t: (types.count(t), -types.index(t)))
            for item in group:
                for m in item[3]:
                    if m.type is None:
                        m.type, m.typed_by = majority, "list"
                        m.score = min(1.0, m.score + TYPE_BONUS["list"])


@Language.factory("kg_types", default_config={"directory": None})
def make_typer(nlp: Language, name: str, directory: Optional[str]) -> EntityTyper:
    return EntityTyper(load_gazetteer(Path(directory) if directory else GAZETTEER_DIR))
