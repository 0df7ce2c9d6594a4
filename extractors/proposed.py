"""The entity the paper itself introduces: `We propose X`, `a framework called X`, `X, a new ...`, `our X`,
and a title of the form `X: ...`.

Names found this way need not have a special shape (`Zorblax`, `Quill`, `Paper Lantern`), so every occurrence
of such a name in the abstract becomes a mention. The paper's main proposal (the title name if there is one,
else the first proposal) is stored on `doc._.proposed` for claims to resolve `we`, `our method`, `it`.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.acronyms import long_form_start, valid_short_form
from kg.extractors.corpus_types import common_word
from kg.extractors.lexicon import table, words
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions, set_doc_attr
from kg.extractors.shapes import glued_runs, name_like, run_is_name
from kg.extractors.tokens import TITLE_KEY, TokenView, side_tokenizer, view, watch

_CLAUSE_END = frozenset({".", ";", "!", "?", ":"})


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    data = table("proposal_cues")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return _cues()["function_words"] | _cues()["determiners"]


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    """Nouns that say what a name is (`method`, `framework`, `benchmark`): the one-word type cues."""
    return frozenset(k for k in table("entity_cues")["after"] if " " not in k)


def _is_title_word(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit() or name_like(text)


def _past_modifiers(v: TokenView, i: int, limit: int) -> int:
    """The first token after the adjectives that open a noun phrase: hyphen compounds (`parameter-efficient`),
    novelty words (`simple yet effective`), `proposed`; at most six tokens."""
    cues = _cues()
    j = i
    while j < min(limit, i + 6):
        low = v.lowers[j]
        glued = v.texts[j] == "-" or (j + 1 < limit and v.texts[j + 1] == "-" and not v.spaces[j]) or \
            (j > i and v.texts[j - 1] == "-" and not v.spaces[j - 1])
        if not (low.isalpha() and low == v.texts[j] or v.texts[j] == "-"):
            break  # a capital or a digit: a name begins
        if not (glued or low in cues["novelty"] or low in ("proposed", "yet", "and")):
            break
        j += 1
    return j


def _bracketed_short_form(v: TokenView, end: int, limit: int, starts: dict[int, tuple[int, int]]) -> Optional[tuple[int, int]]:
    """`a framework called Loosely Spelled Long Name (LSLN)`: a short form in brackets a few words after the
    name found, before any comma, when the long form's letters did not let the abbreviation finder pair them."""
    for j in range(end, min(limit - 1, end + 6)):
        if v.texts[j] in _CLAUSE_END or v.texts[j] == ",":
            return None
        if v.texts[j] == "(":
            span = starts.get(j + 1)
            if span and span[1] < len(v) and v.texts[span[1]] == ")" and valid_short_form(v.span_text(*span)):
                return span
            return None
    return None


# What may follow a described proposal: `we propose X, where`, `X: using`, `X for target domains`.
_PHRASE_END = frozenset({",", ":", ";", ".", "(", "where", "that", "which", "for", "to"})


def _opens(title: list[str], part: list[str]) -> bool:
    """Does the title, or its part after a colon, begin with these words (its main noun phrase)?"""
    n = len(part)
    return any(title[k:k + n] == part for k in [0] + [i + 1 for i, t in enumerate(title) if t == ":"])


class ProposalFinder:
    def __init__(self, nlp: Language):
        self.tokenizer = side_tokenizer(nlp)
        self._tokens = lru_cache(maxsize=20_000)(self._tokenize)
        cues = _cues()
        self.triggers = cues["verbs"] | cues["namers"] | {"our"}
        # Of the document at hand: its title's lower-case tokens, and descriptions the title repeats.
        self.title_tokens: list[str] = []
        self.title_firsts: set[str] = set()  # the words that open the title or a part of it after a colon
        self.described: list[tuple[int, int]] = []
        watch(self.triggers)

    # -- the title ---------------------------------------------------------------------------
    def title_names(self, title: str) -> list[str]:
        """Names in a `X: ...` title prefix (`Quill and QuillData: ...` gives two), or none."""
        if ":" not in title:
            return []
        prefix = title.split(":", 1)[0].strip()
        cues = _cues()
        low = prefix.lower()
        for trailer in sorted(cues["title_trailers"], key=len, reverse=True):
            if low.endswith(" " + trailer):
                prefix = prefix[: -len(trailer) - 1].strip()
                break
        parts = [p.strip() for p in prefix.replace(" & ", " and ").split(" and ")]
        names = []
        for part in parts:
            ws = part.split()
            if not ws or len(ws) > 4 or len(part) > 40:
                return []
            if ws[0].lower() in cues["title_stopwords"] or any(w.lower() in cues["function_words"] for w in ws):
                return []
            if not all(_is_title_word(w) for w in ws):
                return []
            if len(ws) == 1 and ws[0].lower().endswith("ing") and not name_like(ws[0]):
                return []
            names.append(part)
        return names

    def title_acronym(self, title: str) -> Optional[tuple[str, str]]:
        """`Better Parsers with ZAP: Zero-shot Adaptive Parsing`: a
        name-shaped word before the colon spelled out by what follows it -> (short, long)."""
        if ":" not in title:
            return None
        prefix, rest = (p.strip() for p in title.split(":", 1))
        for word in prefix.split():
            word = word.strip("()[],;\"'")
            if not (name_like(word) and valid_short_form(word)) or word.lower() in words("name_stopwords"):
                continue
            start = long_form_start(word, rest)
            # The spelled-out form must start within the first two words after the colon.
            if start is not None and len(rest[:start].split()) <= 1:
                return word, rest[start:].strip()
        return None

    # -- helpers -----------------------------------------------------------------------------
    def _tokenize(self, name: str) -> list[str]:
        return [t.text.lower() for t in self.tokenizer(name)]

    def _occurrences(self, v: TokenView, name: str) -> list[tuple[int, int]]:
        target = self._tokens(name)
        if not target:
            return []
        lowers = v.lowers
        n, k = len(v), len(target)
        out = []
        first = target[0]
        i = -1
        while True:
            try:
                i = lowers.index(first, i + 1, n - k + 1)
            except ValueError:
                break
            if all(lowers[i + j] == target[j] for j in range(1, k)):
                # Whole names only: not a prefix of a longer glued run (`Hecate` in `Hecate-2`).
                if i + k < n and not v.spaces[i + k - 1] and v.texts[i + k] not in (",", ".", ")", ";", ":", "'s", "’s"):
                    continue
                out.append((i, i + k))
        return out

    def _name_at(self, v: TokenView, i: int, runs: dict[int, int], limit: int,
                 sentence_start_ok: bool = False) -> Optional[tuple[int, int]]:
        """A name starting at token i: a name-shaped run, or capitalised words (`Lantern LLM`); capitalised
        words opening a sentence only when the caller has other evidence (`Quill, a new ...`)."""
        if i >= limit:
            return None
        end = runs.get(i)
        if end is not None and run_is_name(v.texts, i, end)[0] and v.span_text(i, end).lower() not in words("name_stopwords"):
            return i, end
        if v.lowers[i] in words("capitalised_stopwords"):
            return None  # `Then, a ... bi-encoder`, `However, ...`
        j = i
        while j < limit and v.texts[j][:1].isupper() and v.lowers[j] not in _cues()["function_words"]:
            j = runs.get(j, j + 1)
            if j < limit and v.texts[j] == "}" and not v.spaces[j - 1] and v.texts[j - 1].count("{") > v.texts[j - 1].count("}"):
                j += 1  # a LaTeX subscript name (`G_{mix}`): the tokenizer splits off its closing brace
        if j > i and (sentence_start_ok or not v.sent_start[i]):
            return i, j
        return None

    def from_text(self, v: TokenView, found: list[Mention]) -> list[tuple[int, int, str]]:
        """Spans introduced by the abstract's own wording: (start, end, how)."""
        cues = _cues()
        glued_runs(v)
        runs = v.run_from
        starts: dict[int, tuple[int, int]] = {}
        short_spans = {m.long_form: (m.start, m.end) for m in found if "definition" in m.tags}
        defined = {(m.text or "").lower() for m in found if "definition" in m.tags}
        for m in found:
            if "not_entity" in m.tags:
                continue
            if "long_form" in m.tags:
                # `we propose the Pixel-level Classifier for ... (PCSR)`: the proposal is PCSR.
                starts[m.start] = short_spans.get(m.long_form, (m.start, m.end))
                continue
            if m.start not in starts or m.end > starts[m.start][1]:
                starts[m.start] = (m.start, m.end)
        out: list[tuple[int, int, str]] = []
        n = len(v)
        hits = v.positions(self.triggers)
        verbs, proposers = cues["verbs"], cues["proposers"]
        for s, e in v.sents:
            for i in hits[bisect_left(hits, s):bisect_left(hits, e)]:
                low = v.lowers[i]
                if low in verbs and any(v.lowers[j] in proposers for j in range(max(s, i - 5), i)):
                    clause_end = next((j for j in range(i + 1, e) if v.texts[j] in _CLAUSE_END), e)
                    span = self._proposal_after(v, i + 1, min(clause_end, i + 25), runs, starts)
                    if span:
                        out.append((*span, "verb"))
                    else:
                        span = self._title_phrase(v, i + 1, min(clause_end, i + 25))
                        if span:
                            self.described.append(span)
                elif low in cues["namers"] and i + 1 < e:
                    span = starts.get(i + 1) or self._name_at(v, i + 1, runs, e)
                    if span:
                        out.append((*(_bracketed_short_form(v, span[1], e, starts) or span), "namer"))
                elif low == "our" and i + 1 < e and (i + 1) in starts:
                    out.append((*starts[i + 1], "our"))
                elif low == "our" and i + 1 < e:
                    # `our parameter-efficient LDA`, `our proposed LDA`: modifiers before a name this abstract
                    # defines (a listed name after modifiers, `our fine-tuned BERT`, is someone else's).
                    k = _past_modifiers(v, i + 1, e)
                    if k in starts and v.span_text(*starts[k]).lower() in defined:
                        out.append((*starts[k], "our"))
            # `X, a new framework ...`, `X is a novel ...` at the start of a sentence (a cheap look for the
            # comma or `is` first: most sentences have neither near their start).
            opening = v.lowers[s + 1:s + 8]
            if s < n and ("," in opening or "is" in opening):
                first = starts.get(s) or self._name_at(v, s, runs, e, sentence_start_ok=True)
                if first and self._introduced(v, first[1], e):
                    out.append((*first, "apposition"))
        return out

    def _proposal_after(self, v: TokenView, i: int, limit: int, runs: dict[int, int],
                        starts: dict[int, tuple[int, int]]) -> Optional[tuple[int, int]]:
        cues = _cues()
        for j in range(i, limit):
            low = v.lowers[j]
            if low in cues["namers"]:
                span = starts.get(j + 1) or self._name_at(v, j + 1, runs, limit)
                return _bracketed_short_form(v, span[1], limit, starts) or span if span else None
        j = i
        while j < limit and (v.lowers[j] in cues["determiners"] or v.lowers[j] in cues["novelty"]):
            j += 1  # `the new VideoLQ dataset`
        span = starts.get(j) or self._name_at(v, j, runs, limit)
        if span:
            return span
        # A name in brackets or after a comma in the proposal clause: `a new benchmark (X)`, `..., X, which`.
        for k in range(i, limit):
            if v.texts[k] in ("(", ",") and k + 1 < limit:
                span = starts.get(k + 1)
                if span and span[1] < len(v) and v.texts[span[1]] in (")", ",", "that", "which"):
                    return span
        # A name right after the head noun of a described proposal: `a calibration method X`.
        for k in range(i, limit - 1):
            if v.lowers[k] in _head_nouns() and (k + 1) in starts and name_like(v.texts[k + 1]):
                return starts[k + 1]
        return None

    def _title_phrase(self, v: TokenView, i: int, limit: int) -> Optional[tuple[int, int]]:
        """`We propose meta-tuning with retrieved examples, where ...` under a title that opens with the same
        words: a lower-case description is a name when the title's main phrase repeats it. The longest such
        run of 2 to 6 words in the proposal clause, not a generic phrase (`not_entities`)."""
        title = self.title_tokens
        if len(title) < 2:
            return None
        function_words = _function_words()
        # A run can only open the title (or its part after a colon) if its first word does: other words
        # are passed over without trying the run lengths.
        firsts = self.title_firsts
        best: Optional[tuple[int, int]] = None
        for j in range(i, limit - 1):
            if v.lowers[j] not in firsts or v.lowers[j] in function_words or not v.lowers[j][:1].isalpha():
                continue
            for k in range(min(limit, j + 6), j + 1, -1):
                if best and k - j <= best[1] - best[0]:
                    break
                words_ = v.lowers[j:k]
                if words_[-1] in function_words or not words_[-1].isalpha() or not _opens(title, words_):
                    continue
                if k < len(v) and v.lowers[k] not in _PHRASE_END or not any(v.spaces[j:k - 1]):
                    continue  # it must end the noun phrase and be two words or more, not one hyphen compound
                if any(s <= j and k <= e for s, e in v.blocked):
                    continue
                best = (j, k)
                break
        return best

    def _introduced(self, v: TokenView, end: int, limit: int) -> bool:
        cues = _cues()
        window = [v.lowers[j] for j in range(end, min(limit, end + 6))]
        if len(window) >= 2 and ((window[0] == "," and window[1] in ("a", "an", "the")) or
                                 (window[0] == "is" and window[1] in ("a", "an"))):
            return any(w in cues["novelty"] for w in window[2:])
        return False

    # -- the component -----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        v = view(doc)
        found = mentions(doc)
        title = doc.user_data.get(TITLE_KEY) or ""
        spans: list[tuple[int, int, str]] = []
        main: Optional[str] = None
        self.title_tokens = self._tokens(title) if title else []
        self.title_firsts = {self.title_tokens[k] for k in
                             [0] + [c + 1 for c, t in enumerate(self.title_tokens) if t == ":"]
                             if k < len(self.title_tokens)}
        title_names = self.title_names(title)
        acronym = self.title_acronym(title)
        if acronym and acronym[0] not in title_names:
            title_names.insert(0, acronym[0])
        for name in title_names:
            occ = self._occurrences(v, name)
            if occ:
                main = main or v.span_text(occ[0][0], occ[0][1])
                spans.extend((s, e, "title") for s, e in occ)
            elif main is None and (name_like(name.split()[0]) or (acronym and name == acronym[0])
                                   or (" " not in name and not common_word(name))):
                # Named only in the title: still the paper's proposal, with no mention in the abstract.
                main = name
                v.title_entity = (name, acronym[1] if acronym and acronym[0] == name else None)
        self.described = []
        text_spans = self.from_text(v, found)
        spans.extend(text_spans)
        if not spans:
            # A description the title repeats is weaker evidence than a name: only when nothing else is proposed.
            spans.extend((s, e, "title_phrase") for s, e in self.described[:1])
        names_done = set()
        for s, e, how in spans:
            name = v.span_text(s, e)
            if main is None and how != "our":
                main = name
            if name.lower() in names_done:
                continue
            names_done.add(name.lower())
            for s2, e2 in self._occurrences(v, name) or [(s, e)]:
                found.append(Mention(s2, e2, None, "proposed", SOURCE_SCORE["proposed"], proposed=True,
                                     text=v.span_text(s2, e2), tags={how}))
        if main is None and spans:
            main = v.span_text(spans[0][0], spans[0][1])
        set_doc_attr(doc, "proposed", main)
        v.proposed = main
        return doc


@Language.factory("kg_proposed")
def make_proposal_finder(nlp: Language, name: str) -> ProposalFinder:
    return ProposalFinder(nlp)
