"""Claims: results the abstract asserts, as `kind(subject, object, dataset, metric, value, unit)`.

Per sentence: find the cue words (`outperforms`, `24% fewer`, `on par with`; the kind follows the wording),
attach every result number to its cue, then fill the roles from the entity mentions around it:
- subject: the nearest model/method before the cue that is not inside a prepositional phrase;
  `we`, `our X`, `it`, `the proposed ...` (or no subject at all) resolve to the paper's proposed entity;
- object: the model/method the cue compares with (`outperforms X`, `better than X`, `on par with X`), each of
  a coordinated list (`X and Y`) giving its own claim;
- dataset and metric: the nearest ones to the number (`75.9% top-1 accuracy on ImageNet`).
A cue without a number makes a claim only when it is a verb or phrase with a named subject (achieves needs
`state-of-the-art`). `from 36.1 to 41.2` after a change verb is an improvement of 5.1 and a score of 41.2.
Sentences with neither a number nor a cue word are skipped before any of this runs.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import table
from kg.extractors.mentions import Mention
from kg.extractors.numbers import Quantity
from kg.extractors.tokens import side_tokenizer, view, watch

_ROLE_TYPES = frozenset({"Model", "Method"})
_PREPOSITIONS = frozenset({"on", "with", "than", "over", "to", "of", "for", "using", "from", "in", "by", "via",
                           "against", "under", "into", "across", "like", "as", "including", "between", "among",
                           "versus", "vs", "vs.", "at", "beyond", "without"})
_CLAUSE_STOPS = frozenset({";", ":", "while", "whereas", "but", "although", "though", "which"})
_SCORE_UNITS = frozenset({"%", "points", "pp"})
_RATIO_UNITS = frozenset({"x"})
_COUNT_UNITS = frozenset({"s", "ms", "min", "hours", "days", "tokens", "GB", "MB", "TB", "samples/s", "tokens/s",
                          "FPS", "dB", "parameters", "FLOPs", "GFLOPs", "TFLOPs", "GPU hours"})
_SIZE_UNITS = frozenset({"tokens", "parameters", "GB", "MB", "TB"})
_COORD = frozenset({",", "and", "or", "&", "as", "well"})


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    kind: str
    pos: str  # verb | noun | phrase
    text: str
    purpose: bool = False
    used: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: dict[str, tuple[str, str]]  # token -> (kind, pos)
    phrases: dict[tuple[str, ...], tuple[str, str]]
    max_phrase: int
    change_verbs: frozenset[str]
    sota: dict[tuple[str, ...], bool]
    negators: frozenset[str]
    purpose: frozenset[str]
    self_reference: frozenset[str]
    object_links: frozenset[str]
    dataset_links: frozenset[str]
    overrides: dict[tuple[str, ...], str]
    enablers: frozenset[str]
    comparatives: frozenset[str]
    phrase_lengths: dict[str, tuple[int, ...]]  # first word -> phrase lengths, longest first
    starters: frozenset[str]  # words that may start a cue
    sota_lengths: dict[str, tuple[int, ...]]


def build_lexicon(tokenize) -> Lexicon:
    data = table("claim_cues")
    words: dict[str, tuple[str, str]] = {}
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(entry: str, kind: str, pos: str) -> None:
        toks = tuple(t.lower() for t in tokenize(entry))
        if len(toks) == 1:
            words.setdefault(toks[0], (kind, pos))
        elif toks:
            phrases[toks] = (kind, "phrase")

    for pos in ("verbs", "nouns"):
        for kind, entries in data[pos].items():
            for entry in entries:
                add(entry, kind, pos[:-1])
    for kind, entries in data["phrases"].items():
        for entry in entries:
            add(entry, kind, "phrase")
    overrides = {tuple(t.lower() for t in tokenize(k)): v for k, v in data["overrides"].items() if not k.startswith("_")}
    for toks, kind in overrides.items():
        phrases[toks] = (kind, "phrase")
    sota = {tuple(t.lower() for t in tokenize(s)): True for s in data["sota"]}
    return Lexicon(
        words=words, phrases=phrases, max_phrase=max(len(p) for p in phrases),
        change_verbs=frozenset(data["change_verbs"]), sota=sota, negators=frozenset(data["negators"]),
        purpose=frozenset(data["purpose"]), self_reference=frozenset(data["self_reference"]),
        object_links=frozenset(data["object_links"]), dataset_links=frozenset(data["dataset_links"]),
        overrides=overrides, enablers=frozenset(data["enablers"]), comparatives=frozenset(data["comparatives"]),
        phrase_lengths=_lengths_by_first(phrases), sota_lengths=_lengths_by_first(sota),
        starters=frozenset(words) | frozenset(p[0] for p in phrases),
    )


def _lengths_by_first(phrases) -> dict[str, tuple[int, ...]]:
    """Scanning helper: only words that start a phrase are looked at, with the lengths to try."""
    out: dict[str, set[int]] = {}
    for p in phrases:
        out.setdefault(p[0], set()).add(len(p))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in out.items()}


class ClaimFinder:
    def __init__(self, nlp: Language):
        tokenizer = side_tokenizer(nlp)
        self.lex = build_lexicon(lambda s: [t.text for t in tokenizer(s)])
        watch(self.lex.starters)
        watch(self.lex.sota_lengths)

    # -- cues --------------------------------------------------------------------------------
    def find_cues(self, lowers: list[str], s: int, e: int, positions: Optional[list[int]] = None,
                  texts: Optional[list[str]] = None) -> list[Cue]:
        lex = self.lex
        texts = texts or lowers
        cues: list[Cue] = []
        words, phrase_lengths = lex.words, lex.phrase_lengths
        if positions is None:
            positions = [i for i in range(s, e) if lowers[i] in words or lowers[i] in phrase_lengths]
        skip_to = s
        for i in positions:
            if i < skip_to or i < s:
                continue
            if i >= e:
                break
            w = lowers[i]
            hit, length = None, 0
            for n in phrase_lengths.get(w, ()):
                if i + n <= e:
                    hit = lex.phrases.get(tuple(lowers[i:i + n]))
                    if hit:
                        length = n
                        break
            if not hit:
                hit, length = words.get(w), 1
            if hit and i > s and texts[i][:1].isupper():
                hit = None  # a capitalised cue word inside a sentence is part of a name (`Data Enhanced Llama`)
            if hit:
                prev = lowers[i - 1] if i - 1 >= s else ""
                prev2 = lowers[i - 2] if i - 2 >= s else ""
                # `does not outperform`, `fails to match`; but `not only outperforms` is a result.
                negated = (prev in lex.negators or prev2 in lex.negators) and prev != "only"
                if not negated:
                    text = w if length == 1 else " ".join(lowers[i:i + length])
                    cues.append(Cue(i, i + length, hit[0], hit[1], text, self._purpose(lowers, s, i)))
                skip_to = i + length
        return cues

    def _purpose(self, lowers: list[str], s: int, i: int) -> bool:
        """`To improve X, we ...`, `aims to reduce`: an aim, not a result (`enables X to outperform` is one)."""
        if i - 1 < s or lowers[i - 1] != "to":
            return False
        if i - 1 == s:
            return True
        return any(lowers[j] in self.lex.purpose for j in range(max(s, i - 5), i - 1))

    def has_sota(self, lowers: list[str], s: int, e: int, positions: list[int]) -> bool:
        """Does a state-of-the-art phrase start within [s, e)? (`positions`: where such phrases may start.)"""
        sota_lengths = self.lex.sota_lengths
        for i in positions:
            if s <= i < e:
                for n in sota_lengths[lowers[i]]:
                    if tuple(lowers[i:i + n]) in self.lex.sota:
                        return True
        return False

    # -- roles -------------------------------------------------------------------------------
    @staticmethod
    def _mention_index(ments: list[Mention], n: int) -> list[Optional[Mention]]:
        at: list[Optional[Mention]] = [None] * n
        for m in ments:
            for j in range(m.start, m.end):
                at[j] = m
        return at

    def _is_subject_at(self, lowers: list[str], m: Mention, s: int) -> bool:
        if m.start == s or lowers[m.start - 1] not in _PREPOSITIONS:
            return True
        # `with ModernBERT completing training in ...`: a participle after it makes it a subject.
        return lowers[m.start - 1] == "with" and m.end < len(lowers) and lowers[m.end].endswith("ing")

    def _coordination_head(self, lowers: list[str], at: list[Optional[Mention]], m: Mention, s: int) -> Mention:
        """`Llama2, Llama3, and Mistral models`: the list is one subject; take its first member.
        Only a list joined by `and`/`or` counts (`On X, HyenaDNA reaches` is no list)."""
        head, joined = m, False
        while True:
            k = head.start - 1
            while k >= s and lowers[k] in _COORD:
                joined = joined or lowers[k] in ("and", "or")
                k -= 1
            if k < s or k == head.start - 1 or at[k] is None or at[k].type not in _ROLE_TYPES:
                break
            head = at[k]
        return head if joined else m

    def subject(self, lowers: list[str], at: list[Optional[Mention]], s: int, cue: Cue,
                proposed: Optional[str]) -> tuple[Optional[str], Optional[Mention], str, int]:
        """(subject key, its mention, how, token index of the subject word or -1): how is `explicit`,
        `self` (we/our/it), or `default` (the proposed entity, or None).

        The nearest model or method before the cue that is not in a prepositional phrase or in brackets;
        after `X enables Y to <cue>` the subject is X; a participle after a comma (`..., outperforming`)
        takes the sentence's subject."""
        j = cue.start - 1
        if cue.start - 1 >= s and lowers[cue.start - 1] == "to":
            for v in range(cue.start - 2, max(s - 1, cue.start - 14), -1):
                if lowers[v] in self.lex.enablers:
                    j = v - 1
                    break
        if lowers[cue.start].endswith("ing") and cue.start - 1 >= s and lowers[cue.start - 1] in (
                ",", "while", "thereby", "by"):
            found = self._sentence_subject(lowers, at, s, cue.start, proposed)
            if found is not None:
                return found
        while j >= s:
            w = lowers[j]
            if w == ")":
                # Skip a bracketed aside (`models (e.g., Llama-3.1-8B) could achieve`).
                depth, k = 0, j
                while k >= s:
                    depth += lowers[k] == ")"
                    depth -= lowers[k] == "("
                    if depth == 0:
                        break
                    k -= 1
                j = k - 1
                continue
            m = at[j]
            if m is not None:
                if m.type in _ROLE_TYPES and self._is_subject_at(lowers, m, s):
                    head = self._coordination_head(lowers, at, m, s)
                    if head is not m and not self._is_subject_at(lowers, head, s):
                        j = head.start - 1  # `with ResNet-50 and WideResNet-40`: the whole list is in a phrase
                        continue
                    m = head
                    if m.start - 1 >= s and lowers[m.start - 1] in ("our", "proposed") and proposed:
                        return m.key, m, "self", m.start
                    return m.key, m, "explicit", m.start
                j = m.start - 1
                continue
            if w in ("we", "our", "ours", "it", "proposed") and proposed:
                return proposed, None, "self", j
            if w == ";" or (w in _CLAUSE_STOPS and j < cue.start - 1 and w != "which"):
                break
            j -= 1
        if proposed is None:
            # `(we show that) benchmark leakage boosts results`: a named data set or task opening the
            # sentence or the clause (a metric is what is measured, not what acts).
            for k in range(s, cue.start):
                m = at[k]
                if m is not None and m.type != "Metric" and m.end <= cue.start and (
                        k - s < 2 or lowers[k - 1] == "that") and self._is_subject_at(lowers, m, s):
                    return m.key, m, "explicit", m.start
        return proposed, None, "default", -1

    def _sentence_subject(self, lowers, at, s, limit, proposed):
        for j in range(s, limit):
            m = at[j]
            if lowers[j] in ("we", "our", "it") and proposed:
                return proposed, None, "self", j
            if m is not None and m.type in _ROLE_TYPES and self._is_subject_at(lowers, m, s):
                return m.key, m, "explicit", m.start
        return None

    def objects(self, lowers: list[str], at: list[Optional[Mention]], cue: Cue, e: int,
                subject: Optional[str]) -> list[Mention]:
        """Models/methods compared against: the first after the cue, and those coordinated with it."""
        limit = min(e, cue.end + 18)
        first: Optional[Mention] = None
        j = cue.end
        while j < limit:
            w = lowers[j]
            if w in _CLAUSE_STOPS or w in (".",):
                break
            m = at[j]
            if m is not None:
                if m.type in _ROLE_TYPES and m.key != subject:
                    first = m
                    break
                j = m.end
                continue
            j += 1
        if first is None:
            return []
        # Only a comparison takes an object: a direct object of outperform/match, or after than/over/with.
        if cue.kind in ("improves", "reduces", "achieves"):
            between = lowers[cue.end:first.start]
            if not any(w in self.lex.object_links for w in between):
                return []
        out = [first]
        j = first.end
        while j < limit:
            k = j
            while k < limit and (lowers[k] in _COORD or lowers[k] in ("'s", "’s") or (
                    k + 1 < limit and lowers[k + 1] in ("'s", "’s"))):
                k += 1
            if k == j or k >= limit or at[k] is None or at[k].type not in _ROLE_TYPES:
                break
            if at[k].key != subject:
                out.append(at[k])
            j = at[k].end
        return out

    @staticmethod
    def nearest(ments: Iterable[Mention], pos: int, s: int, e: int, type_: str, window: int = 8) -> Optional[Mention]:
        best, dist = None, None
        for m in ments:
            if m.type != type_ or m.start < s or m.end > e:
                continue
            d = m.start - pos if m.start >= pos else pos - m.end + 1
            if d <= window and (dist is None or d < dist):
                best, dist = m, d
        return best

    # -- numbers -----------------------------------------------------------------------------
    def relevant(self, q: Quantity, lowers: list[str], at: list[Optional[Mention]], cues: list[Cue]) -> bool:
        has_cue = bool(cues)
        if at[q.start] is not None and at[q.start].type != "Metric":
            return False  # part of a name (`Llama 3`)
        if q.unit in _SCORE_UNITS or q.unit in _RATIO_UNITS:
            return True
        if q.unit in _COUNT_UNITS:
            # `in 1877 seconds` after `completing training`, `up to 1 million tokens` after `context length`;
            # not `a dataset of 57 billion tokens`, `reach 1 billion tokens` (sizes: they need a metric).
            near_cue = any(q.start - 3 <= c.end <= q.start or q.end <= c.start <= q.end + 2 for c in cues)
            near_metric = any(at[j] is not None and at[j].type == "Metric" for j in range(max(0, q.start - 6), q.end))
            return near_metric or (near_cue and q.unit not in _SIZE_UNITS)
        if q.form == "signed":
            return True
        if q.form == "count":
            # `reaches state-of-the-art on 12 of 17 datasets`: a count of wins right after a result word.
            return any(0 <= q.start - c.end <= 14 for c in cues)
        text_has_point = True if q.value != int(q.value) else False
        if q.unit is None and text_has_point:
            return has_cue or any(at[j] is not None and at[j].type == "Metric"
                                  for j in range(max(0, q.start - 5), min(len(at), q.end + 3)))
        return has_cue and q.start > 0 and lowers[q.start - 1] == "by"

    def cue_for(self, q: Quantity, cues: list[Cue], lowers: list[str], s: int,
                bound: frozenset[int] = frozenset()) -> Optional[Cue]:
        """The cue a number belongs to; `bound` holds the positions right after numbers, where a noun cue
        belongs to that number (`1.65x faster`) and to no other."""
        # `24% fewer`, `1.65x faster`, `a 12% increase`, `3.4 points higher`
        for c in cues:
            if c.pos != "verb" and q.end <= c.start <= q.end + 2 and all(
                    lowers[j] not in (",", ";", "(", ")", "and", "or") for j in range(q.end, c.start)):
                return c
        # `less than 5%` is a bound on the number, not a comparison.
        # `outperforming ... baselines which do not use X by 40%`: `by` reaches further back.
        reach = 40 if q.start > 0 and lowers[q.start - 1] == "by" else 14
        # A noun cue binds to a number right next to it (`improvements of 1.39%`), not across others.
        before = [c for c in cues if c.end <= q.start and q.start - c.end <= (reach if c.pos != "noun" else 4)
                  and not (c.pos == "phrase" and c.text.endswith("than") and c.end >= q.start - 1)
                  and not (c.pos == "noun" and c.start in bound)]
        if q.unit == "%" and q.end < len(lowers) and lowers[q.end] == "of":
            # `roughly 0.35% of those of X`, `51% of the candidates`: a proportion, not a margin that a
            # verb far before could report.
            before = [c for c in before if q.start - c.end <= 3]
        if before:
            chosen = before[-1]
            if chosen.pos == "noun" and chosen.kind == "improves":
                # `outperformed X with average improvements of 60.31%`: the noun restates the margin of
                # the comparison before it.
                verbs = [c for c in cues if c.kind == "outperforms" and c.pos != "noun" and c.end <= chosen.start
                         and chosen.start - c.end <= 15]
                if verbs:
                    return verbs[-1]
            return chosen
        after = [c for c in cues if c.start >= q.end and c.start - q.end <= 5
                 and not any(lowers[j] in (",", ";", "while", "whereas", "and", "(") for j in range(q.end, c.start))]
        return after[0] if after else None

    @staticmethod
    def _acting_proposal(doc: Doc, entities: list) -> Optional[str]:
        """The proposal that `we`, `our method`, `it` stand for in results: the main one if it is a model or
        method, else another proposed model or method; a proposed data set does not achieve results."""
        records = {r.key: r for r in entities}
        main = records.get(view(doc).proposed_key)
        if main is not None and main.type in _ROLE_TYPES:
            return main.key
        others = [r for r in records.values() if r.proposed and r.type in _ROLE_TYPES]
        return others[0].key if others else None

    # -- the component -----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        records = doc._.entities or []
        quantities: list[Quantity] = doc._.quantities or []
        if not records and not quantities:
            doc._.claims = []
            return doc
        v = view(doc)
        lowers = v.lowers
        ments: list[Mention] = v.mentions
        at = self._mention_index(ments, len(doc))
        names = {r.key: r.name for r in records}
        proposed = self._acting_proposal(doc, records)
        claims: list[dict] = []
        result_sentences = []
        positions = v.positions(self.lex.starters)  # tokens that may start a cue
        sota_positions = v.positions(self.lex.sota_lengths)
        # All these lists are in text order: each sentence takes its slice by bisection.
        q_starts = [q.start for q in quantities]
        m_starts = [m.start for m in ments]
        for s, e in v.sents:
            qs = quantities[bisect_left(q_starts, s):bisect_left(q_starts, e)]
            cues = self.find_cues(lowers, s, e, positions[bisect_left(positions, s):bisect_left(positions, e)],
                                  v.texts)
            if not cues and not qs:
                continue
            result_sentences.append((s, e))
            sota = self.has_sota(lowers, s, e, sota_positions)
            sent_ments = ments[bisect_left(m_starts, s):bisect_left(m_starts, e)]
            out = self._sentence(doc, lowers, at, s, e, qs, cues, sent_ments, proposed, sota, sota_positions)
            claims.extend(out)
        seen = set()
        kept: list[dict] = []
        for c in claims:
            for role in ("subject", "object", "dataset", "metric"):
                if c[role] is not None:
                    c[role] = names.get(c[role], c[role])
            ident = (c["kind"], c["subject"], c["object"], c["dataset"], c["metric"], c["value"], c["start"])
            if ident in seen:
                continue
            seen.add(ident)
            kept.append(c)
        doc._.claims = kept
        v.result_sentences = result_sentences
        return doc

    def _pairs(self, doc, lowers, at, s, e, kept, cues, sent_ments, proposed, sota, out) -> list[Quantity]:
        """`(74.67% vs. 72.67%)`, `in 1877 seconds versus BERT's 3090 seconds`: two scores, the first of
        the claim's subject, the second of what it is compared with; each is an `achieves`. Returns the
        numbers used up."""
        used: list[Quantity] = []
        for a, b in zip(kept, kept[1:]):
            if any(a is u for u in used):
                continue
            between = lowers[a.end:b.start]
            if not between or between[0] not in ("vs.", "vs", "versus"):
                continue
            rest = [j for j in range(a.end + 1, b.start) if lowers[j] not in ("'s", "’s")]
            other = at[rest[0]] if rest and at[rest[0]] is not None and all(at[j] is at[rest[0]] for j in rest) else None
            if rest and other is None:
                continue
            opening = self._outside_brackets(lowers, s, a.start)
            anchor = Cue(opening, a.end, "achieves", "noun", "")
            before = at[opening - 1] if opening != a.start and opening > s else None
            if before is not None and before.type in _ROLE_TYPES:
                # `higher for ModernBERT (74.67% vs. 72.67%)`: the name before the bracket owns the first score.
                subj, subj_m, how = before.key, before, "explicit"
            else:
                subj, subj_m, how, _ = self.subject(lowers, at, s, anchor, proposed)
            if other is None:
                cue = next((c for c in reversed(cues) if c.end <= a.start), None)
                objs = self.objects(lowers, at, cue, e, subj) if cue is not None else []
                other = objs[0] if objs else None
            metric = self.nearest(sent_ments, a.start, s, e, "Metric", window=12)
            dataset = self._dataset_for(a, sent_ments, lowers, s, e)
            unit = a.unit or b.unit
            out.append(self._claim(doc, proposed, "achieves", subj, subj_m, how, None, dataset, metric, a.value,
                                   unit, a.qualifier, sota, a.start, a, None))
            if other is not None:
                out.append(self._claim(doc, proposed, "achieves", other.key, other, "explicit", None, dataset,
                                       metric, b.value, b.unit or unit, b.qualifier, sota, b.start, b, None))
            used += [a, b]
        return used

    def _sentence(self, doc, lowers, at, s, e, qs, cues, sent_ments, proposed, sota, sota_positions) -> list[dict]:
        out: list[dict] = []
        kept = [q for q in qs if self.relevant(q, lowers, at, cues)]
        # The second score of a pair counts when the first does (`1877 seconds versus BERT's 3090 seconds`).
        pairable = [q for q in qs if any(q is k for k in kept) or any(k.end < q.start and k.unit == q.unit for k in kept)]
        paired = self._pairs(doc, lowers, at, s, e, pairable, cues, sent_ments, proposed, sota, out)
        kept = [q for q in kept if not any(q is p for p in paired)]
        bound = frozenset(q.end for q in kept)
        assigned: list[tuple[Quantity, Optional[Cue]]] = [(q, self.cue_for(q, cues, lowers, s, bound)) for q in kept]
        # `86% and 80% less memory`: a number coordinated with a later one shares its cue.
        for idx in range(len(assigned) - 2, -1, -1):
            q, c = assigned[idx]
            nq, nc = assigned[idx + 1]
            if nc is not None and all(lowers[j] in _COORD for j in range(q.end, nq.start)) and (
                    c is None or c.end <= q.start):
                if c is None or (nc.start >= nq.end and nc.start - nq.end <= 2):
                    assigned[idx] = (q, nc)
        by_cue: dict[int, list[Quantity]] = {}
        for q, cue in assigned:
            if cue is not None:
                by_cue.setdefault(id(cue), []).append(q)
        last_dataset: Optional[Mention] = None
        last_metric: Optional[Mention] = None
        for q, cue in assigned:
            if q.form == "signed" and (cue is None or cue.kind != "improves") and not (
                    q.start > s and lowers[q.start - 1] == "by"):
                cue = None  # `+6.91 BLEU` is an improvement whatever verb came before (not `by +9 points`)
            if cue is None:
                if q.form == "signed":
                    kind = "improves"
                elif self._metric_near(at, q) and (q.unit in _SCORE_UNITS or q.unit is None or q.unit in _COUNT_UNITS):
                    kind = "achieves"  # `a Top-1 accuracy of 75.9%`
                else:
                    continue
                anchor = q.start
            else:
                cue.used = True
                kind = cue.kind
                anchor = cue.start
            pseudo = cue or Cue(self._outside_brackets(lowers, s, q.start), q.end, kind, "noun", "")
            opening = self._outside_brackets(lowers, s, min(q.start, pseudo.start))
            subj_from = pseudo if opening == min(q.start, pseudo.start) else Cue(opening, opening + 1, kind, "noun", "")
            subj, subj_m, how, _ = self.subject(lowers, at, s, subj_from, proposed)
            objs = self.objects(lowers, at, pseudo, e, subj) if kind != "achieves" else []
            siblings = by_cue.get(id(cue), []) if cue is not None else []
            objs = self._pair(objs, siblings, q)
            if len(siblings) >= 2 and kind != "achieves":
                # `outperformed PaLM 62B by 6.4%, Falcon 40B by 19.8%, ...`: each number after its own name.
                named = [self._name_before_by(lowers, at, x, pseudo) for x in siblings]
                if all(m is not None and m.key != subj for m in named):
                    objs = [named[siblings.index(q)]]
            dataset = self._dataset_for(q, sent_ments, lowers, s, e)
            if len(siblings) >= 2:
                # `by 1.3% and 3.6% on CIFAR100 and ImageNet-R, respectively`
                datasets = self._unique([m for m in sent_ments if m.type == "Dataset"])
                paired = self._pair(datasets, siblings, q)
                dataset = paired[0] if len(paired) == 1 and len(datasets) >= 2 else dataset
            dataset = dataset or last_dataset
            metric = self.nearest(sent_ments, q.start, s, e, "Metric", window=6)
            if metric is None:
                metrics = self._unique([m for m in sent_ments if m.type == "Metric"])
                # The sentence's one metric (`an increase in accuracy of the base model up to 20%`), or the
                # one of the number before (`75.9% top-1 accuracy ..., which are 48% better than X`).
                metric = metrics[0] if len(metrics) == 1 else last_metric
            last_dataset, last_metric = dataset, metric
            unit = q.unit
            if unit is None and q.form == "signed" and metric is not None and metric.start >= q.end:
                unit = "points"  # `+6.91 BLEU`
            values = [(kind, q.value, unit, q.qualifier)]
            if q.low is not None and q.form in ("from_to", "to_range") and cue is not None and \
                    cue.text in self.lex.change_verbs and kind in ("improves", "reduces"):
                # `improves X from 36.1 to 41.2`: an improvement of 5.1 and a score of 41.2.
                delta = round(abs(q.value - q.low), 6)
                values = [(kind, delta, unit, None), ("achieves", q.value, unit, None)]
            elif q.low is not None and q.qualifier is None:
                values = [(kind, q.value, unit, "range")]
            for k, value, u, qual in values:
                for obj in (objs if k != "achieves" else []) or [None]:
                    out.append(self._claim(doc, proposed, k, subj, subj_m, how, obj, dataset, metric, value, u, qual,
                                           sota, anchor, q, cue))
        # Cues without a number: comparisons and state-of-the-art claims with a named subject.
        for cue in cues:
            if cue.used or cue.purpose or cue.pos == "noun":
                continue
            kind = cue.kind
            if kind == "improves" and any(c.kind == "matches" and c.pos == "phrase" and 0 <= c.start - cue.end <= 10
                                          for c in cues):
                continue  # `elevate X to the level of Y`, `enhance X to be on par with Y`: a match
            if kind == "achieves" and any(w in self.lex.comparatives for w in lowers[cue.end:min(e, cue.end + 3)]):
                kind = "outperforms"  # `achieves better results than`, `achieves superior results`
            elif kind == "achieves" and not (
                    cue.pos == "phrase" or self.has_sota(lowers, cue.end, min(e, cue.end + 6), sota_positions)):
                continue
            if lowers[cue.start].endswith("ing") and not (
                    cue.start > s and (lowers[cue.start - 1] in (",", "while", "thereby", "thus", "also", "by")
                                       or lowers[cue.start - 1].endswith("ly"))):
                continue  # `prediction matching`: a noun, not a result
            subj, subj_m, how, where = self.subject(lowers, at, s, cue, proposed)
            if subj is None:
                continue
            if kind == "matches" and cue.pos == "verb" and not self.finite(lowers, cue):
                continue  # `disregarding matches that ...`: a noun
            if kind in ("improves", "reduces", "achieves") and cue.pos == "verb" and not (
                    self.finite(lowers, cue) and how != "default" and self._gap(lowers, where, cue.start) <= 8):
                # `to enhance`, `improved robustness`, `boosting`: without a number only a finite verb right
                # after its named subject states a result (`MaskSearch significantly enhances ...`).
                continue
            if kind in ("improves", "reduces") and how == "self" and lowers[where] == "we" and not any(
                    at[j] is not None and at[j].type == "Metric" for j in range(cue.end, min(e, cue.end + 4))):
                # `we enhance the context-awareness of the LM`: what the authors do, not a result
                # (unlike `we reduce training time`).
                continue
            objs = self.objects(lowers, at, cue, e, subj) if kind != "achieves" else []
            datasets = self._unique([m for m in sent_ments if m.type == "Dataset"])[:6] or [None]
            metrics = self._unique([m for m in sent_ments if m.type == "Metric"])
            metric = metrics[0] if len(metrics) == 1 else None
            for obj in objs or [None]:
                for ds in datasets:
                    out.append(self._claim(doc, proposed, kind, subj, subj_m, how, obj, ds, metric, None, None, None,
                                           sota, cue.start, None, cue))
        return out

    @staticmethod
    def _name_before_by(lowers: list[str], at: list[Optional[Mention]], q: Quantity, cue: Cue) -> Optional[Mention]:
        """The model or method right before `by N` (after the cue), or None."""
        k = q.start - 1
        while k > cue.end and lowers[k] in ("up", "to", "over", "more", "than", "about", "nearly", "almost",
                                            "approximately", "roughly", "around", "just", "only", "a", "an"):
            k -= 1
        if k <= cue.end or lowers[k] != "by":
            return None
        m = at[k - 1] if k - 1 >= cue.end else None
        return m if m is not None and m.type in _ROLE_TYPES else None

    @staticmethod
    def _pair(names: list[Mention], numbers: list[Quantity], q: Quantity) -> list[Mention]:
        """The names that go with number q when several numbers share a cue: `beats A by 6.4%, B by 19.8%`
        (each number after its name), `beats A and B by 4.2% and 4.97% (respectively)` (in order);
        all of them when the text does not pair them."""
        if len(names) < 2 or len(numbers) < 2:
            return names
        if all(n.end <= x.start for n, x in zip(names, numbers)) and all(
                x.start < n.start for n, x in zip(names[1:], numbers)) and len(names) == len(numbers):
            return [names[numbers.index(q)]]  # interleaved: name, number, name, number
        if len(names) == len(numbers):
            return [names[numbers.index(q)]]
        return names

    @staticmethod
    def _metric_near(at: list[Optional[Mention]], q: Quantity) -> bool:
        return any(at[j] is not None and at[j].type == "Metric" for j in range(max(0, q.start - 5), min(len(at), q.end + 3)))

    @staticmethod
    def _outside_brackets(lowers: list[str], s: int, i: int) -> int:
        """The position of the `(` that encloses token i, or i (`models (e.g., +6.9 BLEU)`)."""
        depth = 0
        for j in range(i - 1, s - 1, -1):
            if lowers[j] == ")":
                depth += 1
            elif lowers[j] == "(":
                if depth == 0:
                    return j
                depth -= 1
        return i

    @staticmethod
    def _gap(lowers: list[str], a: int, b: int) -> int:
        """Tokens between a and b, not counting bracketed asides or an appositive right after a
        (`Hyena, a large language model based on ..., was shown to match`)."""
        depth, n = 0, 0
        first = a + 1
        if first + 1 < b and lowers[first] == "," and lowers[first + 1] in ("a", "an", "the"):
            close = next((j for j in range(first + 1, b) if lowers[j] == ","), None)
            first = close + 1 if close is not None else first
        for j in range(first, b):
            depth += lowers[j] == "("
            if depth == 0:
                n += 1
            depth -= lowers[j] == ")" and depth > 0
        return n

    @staticmethod
    def finite(lowers: list[str], cue: Cue) -> bool:
        """A finite verb form: `improves`, `improved`, `reduce` after a plural subject; not `improving`."""
        w = lowers[cue.start]
        if w.endswith("ing"):
            return False
        prev = lowers[cue.start - 1] if cue.start > 0 else ""
        return not (prev in ("the", "a", "an", "of", "with", "for", "exact", "many", "few", "no", "these", "those")
                    or (prev.endswith("ing") and prev != "nothing"))

    @staticmethod
    def _unique(ms: list[Mention]) -> list[Mention]:
        seen, out = set(), []
        for m in ms:
            if m.key not in seen:
                seen.add(m.key)
                out.append(m)
        return out

    def _dataset_for(self, q: Quantity, sent_ments: list[Mention], lowers: list[str], s: int, e: int) -> Optional[Mention]:
        links = self.lex.dataset_links
        # `+14.4% on Math-Hard`: a dataset right after the number.
        for m in sent_ments:
            if m.type == "Dataset" and q.end <= m.start <= q.end + 6 and any(
                    lowers[j] in links for j in range(q.end, m.start)):
                return m
        datasets = self._unique([m for m in sent_ments if m.type == "Dataset"])
        if len(datasets) == 1:
            return datasets[0]
        before = [m for m in sent_ments if m.type == "Dataset" and m.end <= q.start]
        return before[-1] if before else None

    def _claim(self, doc: Doc, proposed: Optional[str], kind, subj, subj_m, how, obj, dataset, metric, value, unit, qualifier, sota,
               anchor: int, q: Optional[Quantity], cue: Optional[Cue]) -> dict:
        lo = anchor if cue is None else min(anchor, cue.start)
        hi = (cue.end if cue else anchor + 1)
        if q is not None:
            lo, hi = min(lo, q.start), max(hi, q.end)
        if subj_m is not None and lo - subj_m.end <= 15:
            lo = min(lo, subj_m.start)
        if obj is not None:
            hi = max(hi, obj.end)
        v = view(doc)
        start_char = v.starts[lo]
        end_char = v.end_char(hi - 1)
        # Measured on the development set: claims about the paper's own proposal are right most
        # often, claims about another named subject less, claims without a subject least; a number
        # and a filled role each add a little.
        if subj is not None and subj == proposed:
            confidence = 0.8
        elif subj is not None:
            confidence = 0.65 if how == "explicit" else 0.6
        else:
            confidence = 0.5
        confidence += 0.05 if value is not None else 0.0
        confidence += 0.05 if (obj or dataset or metric) else 0.0
        return {
            "kind": kind, "subject": subj, "object": obj.key if obj else None,
            "dataset": dataset.key if dataset else None, "metric": metric.key if metric else None,
            "value": value, "unit": unit if value is not None else None, "qualifier": qualifier, "sota": sota,
            "evidence": v.text[start_char:end_char], "start": start_char, "end": end_char,
            "confidence": round(max(0.05, min(0.95, confidence)), 3),
        }


@Language.factory("kg_claims")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder(nlp)
