"""Claims: results the abstract asserts, as `kind(subject, object, dataset, metric, value, unit)`.

Per sentence, four jobs, one module each:
- cues (`claim_cues`): the words that state a result (`outperforms`, `30% fewer`, `on par with`);
- numbers (`claim_numbers`): which numbers report results, and the cue each belongs to;
- arguments (`claim_roles`): subject, object(s), data set and metric from the entity mentions around;
- kind (`claim_kinds`): the wording decides, with the exceptions that module lists.
This module is the spaCy component that runs them and writes the claims, with their evidence and confidence.
A cue without a number makes a claim only when it is a verb or phrase with a named subject (achieves needs
`state-of-the-art`). Sentences with neither a number nor a cue word are skipped before any of this runs.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.claim_confidence import frame_of, load_table
from kg.extractors.claim_cues import Cue, build_lexicon, find_cues, has_sota, light_verb_before
from kg.extractors.claim_datasets import dataset_after, dataset_for
from kg.extractors.claim_kinds import change_values, cueless_kind, number_kind, time_taken, verb_states_result
from kg.extractors.claim_labels import class_subject, compared_label
from kg.extractors.claim_numbers import after_by, assign_cues, relevant
from kg.extractors.claim_roles import (
    ROLE_TYPES,
    At,
    Found,
    bracket_label,
    find_objects,
    find_subject,
    improved_base,
    mention_index,
    name_before_by,
    nearest,
    outside_brackets,
    owner_after,
    pair_up,
    shared_subject_cue,
    unique,
)
from kg.extractors.claim_topic import title_words, topic_subject
from kg.extractors.mentions import Mention, doc_attr, set_doc_attr
from kg.extractors.numbers import Quantity
from kg.extractors.tokens import TITLE_KEY, TokenView, side_tokenizer, view, watch


def either(ms: list[Mention]) -> list[Mention | None]:
    """Each of the mentions, or one None when there are none (one claim per object, or one without)."""
    return list(ms) if ms else [None]


class ClaimFinder:
    def __init__(self, nlp: Language):
        tokenizer = side_tokenizer(nlp)
        self.lex = build_lexicon(lambda s: [t.text for t in tokenizer(s)])
        self.confidence = load_table()
        self._topic: tuple[list[str], list[str]] = ([], [])
        watch(self.lex.starters)
        watch(self.lex.sota_lengths)

    @staticmethod
    def _acting_proposal(doc: Doc, entities: list) -> Optional[str]:
        """The proposal that `we`, `our method`, `it` stand for in results: the main one if it is a model or
        method, else another proposed model or method; a proposed data set does not achieve results."""
        records = {r.key: r for r in entities}
        main = records.get(view(doc).proposed_key)
        if main is not None and main.type in ROLE_TYPES:
            return main.key
        others = [r for r in records.values() if r.proposed and r.type in ROLE_TYPES]
        return others[0].key if others else None

    # -- the component -----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        records = doc_attr(doc, "entities") or []
        quantities: list[Quantity] = doc_attr(doc, "quantities") or []
        if not records and not quantities:
            set_doc_attr(doc, "claims", [])
            return doc
        v = view(doc)
        lowers = v.lowers
        self._topic = (v.texts, title_words(doc.user_data.get(TITLE_KEY) or ""))
        ments: list[Mention] = v.mentions
        at = mention_index(ments, len(doc))
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
            starters = positions[bisect_left(positions, s):bisect_left(positions, e)]
            cues = find_cues(self.lex, lowers, s, e, starters, v.texts) if starters else []
            # A cue word inside a name is part of the name (`boosted zorb routing (BZR)`).
            cues = [c for c in cues if ((m := at[c.start]) is None or m.type == "Metric")
                    and not in_condition(lowers, s, c.start)]
            if not cues and not qs:
                continue
            result_sentences.append((s, e))
            sota = has_sota(self.lex, lowers, s, e, sota_positions)
            sent_ments = ments[bisect_left(m_starts, s):bisect_left(m_starts, e)]
            out = self._sentence(doc, lowers, at, s, e, qs, cues, sent_ments, proposed, sota, sota_positions)
            claims.extend(out)
        seen = set()
        kept: list[dict] = []
        # An abstract that names one data set evaluates on it: a score with none named in its sentence
        # is measured on that one (a claim without a number is often a general statement: left alone; a
        # saving or a speed-up is a property of the method, not of a benchmark).
        datasets = [r.key for r in records if r.type == "Dataset"]
        only_dataset = datasets[0] if len(datasets) == 1 else None
        for c in claims:
            if c["dataset"] is None and only_dataset is not None and c["value"] is not None and \
                    c["kind"] != "reduces" and c["unit"] != "x":
                c["dataset"] = only_dataset
            for role in ("subject", "object", "dataset", "metric"):
                if c[role] is not None:
                    c[role] = names.get(c[role], c[role])
            ident = (c["kind"], c["subject"], c["object"], c["dataset"], c["metric"], c["value"], c["start"])
            if ident in seen:
                continue
            seen.add(ident)
            kept.append(c)
        set_doc_attr(doc, "claims", kept)
        v.result_sentences = result_sentences
        return doc

    def _pairs(self, doc: Doc, lowers: list[str], at: At, s: int, e: int, kept: list[Quantity], cues: list[Cue],
               sent_ments: list[Mention], proposed: Optional[str], sota: bool,
               out: list[dict[str, Any]]) -> list[Quantity]:
        """`(81.2% vs. 79.5%)`, `in 410 seconds versus BERT's 650 seconds`: two scores, the first of
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
            opening = outside_brackets(lowers, s, a.start)
            anchor = Cue(opening, a.end, "achieves", "noun", "")
            before = at[opening - 1] if opening != a.start and opening > s else None
            subj: Optional[str]
            compared = next((c for c in cues if before is not None and c.end == before.start), None)
            if before is not None and before.type in ROLE_TYPES and compared is None:
                # `higher for ZorbNet (81.2% vs. 79.5%)`: the name before the bracket owns the first score; not
                # the object of a comparison (`X matches Y (93.9% vs 94.3%)`: X's score first).
                subj, how = before.key, "explicit"
            else:
                subj, _, how, _ = self._subject(lowers, at, s, compared or anchor, proposed)
            if other is None:
                cue = next((c for c in reversed(cues) if c.end <= a.start), None)
                objs = find_objects(self.lex, lowers, at, cue, e, subj) if cue is not None else []
                other = objs[0] if objs else None
            metric = nearest(sent_ments, a.start, s, e, "Metric", window=12)
            # `(93.9% vs 94.3% on GSM8K)`: the data set after the pair is both scores'.
            dataset = dataset_after(self.lex, b, sent_ments, lowers) or dataset_for(self.lex, a, sent_ments, lowers)
            unit = a.unit or b.unit
            out.append(self._claim(doc, "achieves", subj, how, None, dataset, metric, a.value, unit, a.qualifier,
                                   sota, s, e))
            if other is not None:
                out.append(self._claim(doc, "achieves", other.key, "explicit", None, dataset, metric, b.value,
                                       b.unit or unit, b.qualifier, sota, s, e))
            used += [a, b]
        return used

    def _sentence(self, doc: Doc, lowers: list[str], at: At, s: int, e: int, qs: list[Quantity], cues: list[Cue],
                  sent_ments: list[Mention], proposed: Optional[str], sota: bool,
                  sota_positions: list[int]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        kept = [q for q in qs if relevant(q, lowers, at, cues) or time_taken(self.lex, q, lowers, s)]
        # The second score of a pair counts when the first does (`410 seconds versus BERT's 650 seconds`).
        pairable = [q for q in qs if any(q is k for k in kept) or any(k.end < q.start and k.unit == q.unit for k in kept)]
        paired = self._pairs(doc, lowers, at, s, e, pairable, cues, sent_ments, proposed, sota, out)
        kept = [q for q in kept if not any(q is p for p in paired)]
        assigned = assign_cues(kept, cues, lowers, at, self.lex.noun_forms)
        by_cue: dict[int, list[Quantity]] = {}
        for q, cue in assigned:
            if cue is not None:
                by_cue.setdefault(id(cue), []).append(q)
        last_dataset: Optional[Mention] = None
        last_metric: Optional[Mention] = None
        for q, assigned_cue in assigned:
            label = bracket_label(lowers, at, q, s) or compared_label(lowers, at, q, s, e)
            decided = ("achieves", None) if label is not None else number_kind(self.lex, q, assigned_cue, lowers, s, at)
            if decided is None:
                continue
            kind, cue = decided
            if cue is not None:
                cue.used = True
            pseudo = cue or Cue(outside_brackets(lowers, s, q.start), q.end, kind, "noun", "")
            opening = outside_brackets(lowers, s, min(q.start, pseudo.start))
            subj_from = pseudo if opening == min(q.start, pseudo.start) else Cue(opening, opening + 1, kind, "noun", "")
            subj_from = shared_subject_cue(lowers, subj_from, cues, s)
            subj: Optional[str]
            if label is not None:
                subj, how = label.key, "explicit"
            else:
                subj, _, how, _ = self._subject(lowers, at, s, subj_from, proposed)
            objs = find_objects(self.lex, lowers, at, pseudo, e, subj) if kind != "achieves" else []
            if kind == "improves" and not objs:
                base = improved_base(lowers, at, s, pseudo, subj)
                objs = [base] if base is not None else []
            # A `from A to B` after the cue's own number restates it as scores (`a gain of 8.6% on D from
            # 57.5% to 66.1%`): not one more number for the cue's pairings.
            shared = by_cue.get(id(cue), []) if cue is not None else []
            stated = q.form == "from_to" and bool(shared) and shared[0] is not q and shared[0].form != "from_to" \
                and any(x is q for x in shared)
            siblings = [] if stated else [x for x in shared if x is q or not (x.form == "from_to" and x is not shared[0])]
            objs = pair_up(objs, siblings, q)
            if len(siblings) >= 2 and kind != "achieves":
                # `outperformed BERT by 2.1%, T5 by 3.5%, ...`: each number after its own name.
                named = [name_before_by(lowers, at, x, pseudo) for x in siblings]
                if all(m is not None and m.key != subj for m in named):
                    objs = [m for m in named[siblings.index(q):siblings.index(q) + 1] if m is not None]
            dataset = dataset_for(self.lex, q, sent_ments, lowers, view(doc).texts)
            if len(siblings) >= 2:
                # `by 2.0% and 4.5% on GLUE and SQuAD, respectively`
                datasets = unique([m for m in sent_ments if m.type == "Dataset"])
                paired_ds = pair_up(datasets, siblings, q)
                dataset = paired_ds[0] if len(paired_ds) == 1 and len(datasets) >= 2 else dataset
            dataset = dataset or last_dataset
            metric = nearest(sent_ments, q.start, s, e, "Metric", window=6)
            if metric is None:
                metrics = unique([m for m in sent_ments if m.type == "Metric"])
                # The sentence's one metric (`a rise in the accuracy of its backbone of up to 9%`), or the
                # one of the number before (`82.0% accuracy ..., which is 12% better than X`).
                metric = metrics[0] if len(metrics) == 1 else last_metric
            last_dataset, last_metric = dataset, metric
            unit = q.unit
            if unit is None and q.form == "signed" and metric is not None and metric.start >= q.end:
                unit = "points"  # `+2.4 BLEU`
            for k, value, u, qual in change_values(self.lex, q, cue, kind, unit, after_by(lowers, q), lowers, stated):
                # `an accuracy gain ... from 57.5% to 66.2%`: a metric holding the change word names the change,
                # not the score reached.
                m = None if k == "achieves" != kind and cue is not None and metric is not None \
                    and metric.start <= cue.start < metric.end else metric
                for obj in either(objs if k != "achieves" else []):
                    out.append(self._claim(doc, k, subj, how, obj, dataset, m, value, u, qual, sota, s, e))
        # Cues without a number: comparisons and state-of-the-art claims with a named subject.
        for cue in cues:
            cue_kind = cueless_kind(self.lex, cue, cues, lowers, s, e, sota_positions)
            if cue_kind is None:
                continue
            owner = owner_after(lowers, at, cue, e, proposed) if cue.pos == "noun" else None
            subj, _, how, where = owner or self._subject(lowers, at, s, self._lead(lowers, cue, cues, s),
                                                        proposed)
            if subj is None or not verb_states_result(cue_kind, cue, lowers, at, how, where, e):
                continue
            objs = find_objects(self.lex, lowers, at, cue, e, subj) if cue_kind != "achieves" else []
            datasets = unique([m for m in sent_ments if m.type == "Dataset"])[:6]
            metrics = unique([m for m in sent_ments if m.type == "Metric"])
            metric = metrics[0] if len(metrics) == 1 and not closer_cue(metrics[0], cue, cue_kind, cues) else None
            for obj in either(objs):
                for ds in either(datasets):
                    out.append(self._claim(doc, cue_kind, subj, how, obj, ds, metric, None, None, None, sota, s, e))
        return out

    def _subject(self, lowers: list[str], at: At, s: int, cue: Cue, proposed: Optional[str]) -> Found:
        """`find_subject`, or, where it found no name, the paper's object of study opening the clause
        (`claim_topic`)."""
        found = find_subject(self.lex, lowers, at, s, cue, proposed)
        if found[2] == "default" and class_subject(lowers, s, cue.start):
            return None, None, "default", -1
        if found[2] == "default":
            texts, title = self._topic
            return topic_subject(lowers, texts, at, s, cue.start, title) or found
        return found

    def _lead(self, lowers: list[str], cue: Cue, cues: list[Cue], s: int) -> Cue:
        """Where the subject of a cue is looked for: a result noun's carrying verb (`, achieving comparable
        results`), or a participle's right before a phrase cue (`outperforms A and B, achieving comparable
        performance to C`: the sentence's subject, not B), a coordinated verb's first verb, else the cue itself."""
        if cue.pos == "noun" or (cue.pos == "phrase" and cue.start > s and lowers[cue.start - 1].endswith("ing")):
            verb = light_verb_before(self.lex, lowers, s, cue)
            if verb >= 0:
                return Cue(verb, verb + 1, cue.kind, "verb", lowers[verb])
        return shared_subject_cue(lowers, cue, cues, s)

    def _claim(self, doc: Doc, kind: str, subj: Optional[str], how: str, obj: Optional[Mention],
               dataset: Optional[Mention], metric: Optional[Mention], value: Optional[float], unit: Optional[str],
               qualifier: Optional[str], sota: bool, s: int, e: int) -> dict[str, Any]:
        """A claim as a dict; its evidence is the whole sentence [s, e), with its character offsets in the
        abstract, so that a reader can check it; its confidence is its frame's measured precision."""
        start_char, end_char = sentence_chars(view(doc), s, e)
        frame = frame_of(kind, value is not None, how if subj is not None else "none")
        return {
            "kind": kind, "subject": subj, "object": obj.key if obj else None,
            "dataset": dataset.key if dataset else None, "metric": metric.key if metric else None,
            "value": value, "unit": unit if value is not None else None, "qualifier": qualifier, "sota": sota,
            "evidence": view(doc).text[start_char:end_char], "start": start_char, "end": end_char,
            "frame": frame, "confidence": self.confidence(frame),
        }


CONDITIONS = frozenset({"if", "unless"})


def in_condition(lowers: list[str], s: int, i: int) -> bool:
    """`X beats Y if the batch size increases by 8x`: a change inside an if-clause is the
    condition of the result, not a result (its number goes to the main clause's cue)."""
    for j in range(i - 1, max(s - 1, i - 15), -1):
        w = lowers[j]
        if w in CONDITIONS:
            return True
        if w in (",", ";", ":", "then") or (w == "that" and j < i - 1):
            return False
    return False


def closer_cue(m: Mention, cue: Cue, kind: str, cues: list[Cue]) -> bool:
    """`enhances speed but also keeps comparable quality`: a cue of another kind nearer to the metric owns it."""
    def dist(c: Cue) -> int:
        return m.start - c.end if m.start >= c.end else c.start - m.end
    return any(c.kind != kind and dist(c) < dist(cue) for c in cues)


def sentence_chars(v: TokenView, s: int, e: int) -> tuple[int, int]:
    """Character offsets of tokens [s, e) in the text, without the whitespace around them."""
    while e - 1 > s and v.texts[e - 1].isspace():
        e -= 1
    return v.starts[s], v.end_char(e - 1)


@Language.factory("kg_claims")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder(nlp)
