"""Can a small learned model improve the rules' entities? Cross-validated measurement (issue 12).

    .venv/bin/python tools/learned_entities_cv.py [GOLD...] [--folds 5] [--seed 0] [--variant NAME ...]

(All four variants take about three minutes of CPU, the proposer most of it: on a shared machine, under
`flock /work/wt/heavy.lock`.)

A logistic regression (binary facts, L2, full-batch gradient descent; numpy) is fitted on the training folds'
records and applied to the held-out fold, for the same folds as `kg eval --folds 5 --seed 0`; printed is the
held-out relaxed entity F1 (mean ± standard deviation over the folds, scored like `kg eval`: names by
`score_name`, Model = Method) and how many names the model added or removed that are right / wrong. Variants:

- `filter`: keep or drop each entity the rules return, from its type, the components that found and typed it,
  its shape, head word, count, words around its mentions, result sentence, place in the abstract, and the votes
  of the mined corpus (`data/lexicon/types.tsv`);
- `rescue`: the filter, and the same model also scores candidates the rules drop or never make: entities
  `kg_prune` removes, and word runs the mined corpus types (types.tsv, 3+ papers, a 60% majority) outside the
  rules' mentions;
- `typer`: one model per relaxed type (Model/Method, Dataset, Metric, Task) may re-type an entity;
- `proposer`: lower-case word runs (no stop words, outside the rules' mentions; their last 1 to 4 words) are
  scored by one model per type (Model/Method, Metric, Task), and added above the threshold.

Claims do not depend on these entities (the filter would run after `kg_claims`), so only entity figures are
printed. Nothing here ships: no variant raised the held-out mean (docs/entities.md, Tried and not kept).
"""
from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GOLD = [ROOT.parent / "shared/gold/dev.jsonl", ROOT.parent / "shared/gold/train.jsonl"]
TYPES = ("Model", "Method", "Dataset", "Metric", "Task")
RELAXED = {"Model": "MM", "Method": "MM"}
_WORD = re.compile(r"^[a-z][a-z-]*[a-z]$")
Pair = tuple[str, str]


@lru_cache(maxsize=1)
def corpus_votes() -> dict[str, tuple[int, dict[str, int]]]:
    """Name key -> (papers, type votes) of the mined corpus."""
    out: dict[str, tuple[int, dict[str, int]]] = {}
    with open(ROOT / "extractors/data/lexicon/types.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["key"]] = (int(row["papers"]), {t: int(row.get(t) or 0) for t in TYPES})
    return out


def bucket(x: float, edges: Sequence[float]) -> int:
    return sum(x >= e for e in edges)


def word_class(w: str) -> str:
    return w if _WORD.match(w) else "NUM" if w[:1].isdigit() else "PUNCT" if not w[:1].isalnum() else "CAP"


def vote_facts(key: str, t: str) -> list[str]:
    papers, votes = corpus_votes().get(key, (0, {}))
    out = [f"papers={bucket(papers, (1, 3, 10, 100))}|{t}"]
    total = sum(votes.values())
    if total:
        own = votes.get("Model", 0) + votes.get("Method", 0) if t in ("Model", "Method", "MM") else votes.get(t, 0)
        out.append(f"share={bucket(own / total, (0.3, 0.6, 0.9))}|{t}")
    return out


def shape_facts(name: str, t: str) -> list[str]:
    words = name.split()
    case = ("lower" if name == name.lower() else "upper" if name.isupper()
            else "title" if all(w[:1].isupper() for w in words if w[:1].isalpha()) else "mixed")
    out = [f"words={min(len(words), 4)}|{t}", f"case={case}|{t}"]
    out += [f"digit|{t}"] if any(c.isdigit() for c in name) else []
    out += [f"hyphen|{t}"] if "-" in name else []
    return out


def entity_facts(v: Any, record: Any, title_key: str) -> list[str]:
    """Binary facts about one entity record of the rules (`EntityRecord`, or a stand-in with its fields)."""
    from kg.extractors.normalize import entity_key

    t, name = record.type, record.name
    out = [f"type={t}", f"count={min(record.count, 3)}|{t}"] + shape_facts(name, t)
    out += ["proposed"] if record.proposed else []
    for m in record.mentions:
        out += [f"src={m.source}", f"typed={m.typed_by}"] + [f"tag={g}" for g in m.tags]
        out += [f"prev={word_class(v.lowers[m.start - 1])}"] if m.start > 0 else []
        out += [f"next={word_class(v.lowers[m.end])}"] if m.end < len(v) else []
        out += ["in-result"] if any(s <= m.start < e for s, e in v.result_sentences) else []
    last = name.lower().split()[-1:] or [""]
    out += [f"head={last[0]}"] if _WORD.match(last[0]) else []
    key = entity_key(name)
    out += [f"in-title|{t}"] if key and key in title_key else []
    out += vote_facts(key, t)
    if record.mentions and v.sents:
        first = min(m.start for m in record.mentions)
        k = next((i for i, (s, e) in enumerate(v.sents) if s <= first < e), 0)
        out.append("sentence=first" if k == 0 else "sentence=last" if k == len(v.sents) - 1 else "sentence=mid")
    return sorted(set(out))


class Logistic:
    """L2-regularised logistic regression over sparse binary facts (facts seen fewer than `min_count` times
    are left out); deterministic."""

    def __init__(self, samples: Sequence[tuple[Sequence[str], bool]], l2: float = 1.0, min_count: int = 2,
                 epochs: int = 300, rate: float = 2.0):
        counts = Counter(f for facts, _ in samples for f in set(facts))
        self.index = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
        rows = [[self.index[f] for f in set(facts) if f in self.index] for facts, _ in samples]
        flat = np.array([i for r in rows for i in r], dtype=np.int64)
        owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
        y = np.array([float(right) for _, right in samples])
        w, b, n = np.zeros(len(self.index)), 0.0, max(1, len(samples))
        for _ in range(epochs):
            z = np.bincount(owner, weights=w[flat], minlength=len(rows)) + b
            g = 1.0 / (1.0 + np.exp(-z)) - y
            w -= rate * (np.bincount(flat, weights=g[owner], minlength=len(w)) + l2 * w) / n
            b -= rate * float(g.sum()) / n
        self.w, self.b = w, b

    def chance(self, facts: Iterable[str]) -> float:
        z = self.b + sum(float(self.w[self.index[f]]) for f in facts if f in self.index)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Candidate:
    facts: list[str]
    pair: Pair  # (score name, relaxed type)
    kind: str  # rules, pruned, lexicon, run
    gold_types: set[str] = field(default_factory=set)  # relaxed types gold gives this name


@dataclass
class Stand:
    """A stand-in entity record for a candidate the rules do not return."""
    name: str
    type: str
    mentions: list[Any]
    count: int = 1
    proposed: bool = False


def candidates(records: list[Any]) -> dict[str, tuple[set[Pair], list[Candidate]]]:
    """Per paper: the gold (name, relaxed type) pairs and every candidate with its facts."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from kg.eval.matching import score_name
    from kg.extractors.mentions import Mention, doc_attr
    from kg.extractors.normalize import entity_key
    from kg.extractors.pipeline import build_nlp
    from kg.extractors.rules import RuleExtractor
    from kg.extractors.sentences import unwrap
    from kg.extractors.tokens import TEXT_KEY, TITLE_KEY, view

    ex = RuleExtractor()

    def make_doc(paper: Any) -> Any:  # as RuleExtractor makes its docs
        text = unwrap(paper.abstract)
        doc = ex.nlp.make_doc(text)
        doc.user_data[TITLE_KEY], doc.user_data[TEXT_KEY] = paper.title, text
        return doc

    before_prune = build_nlp(until="kg_claims")
    out: dict[str, tuple[set[Pair], list[Candidate]]] = {}
    for r in records:
        gold = {(score_name(e.name) or "", RELAXED.get(e.type, e.type)) for e in r.entities}
        types_of: dict[str, set[str]] = {}
        for name, t in gold:
            types_of.setdefault(name, set()).add(t)
        doc = ex.nlp(make_doc(r.paper))
        v, title = view(doc), entity_key(doc.user_data.get(TITLE_KEY) or "")
        items: list[Candidate] = []
        kept = doc_attr(doc, "entities") or []
        for e in kept:
            sn = score_name(e.name) or ""
            items.append(Candidate(entity_facts(v, e, title), (sn, RELAXED.get(e.type, e.type)), "rules",
                                   types_of.get(sn, set())))
        seen = {c.pair[0] for c in items}
        early = before_prune(make_doc(r.paper))
        v2 = view(early)
        for e in doc_attr(early, "entities") or []:
            sn = score_name(e.name) or ""
            if sn not in seen:
                seen.add(sn)
                items.append(Candidate(entity_facts(v2, e, title) + ["pruned"], (sn, RELAXED.get(e.type, e.type)),
                                       "pruned", types_of.get(sn, set())))
        taken = {i for m in doc_attr(early, "mentions") or [] for i in range(m.start, m.end)}
        lexicon: dict[str, Stand] = {}
        runs: dict[str, set[str]] = {}
        seen_runs: Counter[str] = Counter()
        n, i = len(v), 0
        while i < n:
            j = i
            while j < n and _WORD.match(v.texts[j]) and v.lowers[j] not in STOP_WORDS and j not in taken:
                j += 1
            for size in range(1, min(4, j - i) + 1):
                s = j - size
                text = " ".join(v.lowers[s:j])
                sn = score_name(text) or ""
                if sn in seen:
                    continue
                head = v.lowers[j - 1]
                facts = runs.setdefault(sn, set())
                facts.update({f"head={head}", f"words={size}", f"whole-run={size == j - i}", f"suffix={head[-4:]}",
                              f"prev={v.lowers[s - 1] if s else 'BOS'}", f"next={v.lowers[j] if j < n else 'EOS'}"})
                facts.update(["in-result"] if any(a <= s < b for a, b in v.result_sentences) else [])
                seen_runs[sn] += 1
                hit = corpus_votes().get(entity_key(text))
                if hit and hit[0] >= 3:
                    best = max(TYPES, key=lambda t: hit[1][t])
                    if hit[1][best] >= 0.6 * sum(hit[1].values()):
                        stand = lexicon.setdefault(sn, Stand(text, best, []))
                        stand.mentions.append(Mention(s, j, best, "lexicon", typed_by="corpus"))
                        stand.count = len(stand.mentions)
            i = max(j, i + 1)
        for sn, stand in lexicon.items():
            items.append(Candidate(entity_facts(v, stand, title) + ["lexicon"], (sn, RELAXED.get(stand.type, stand.type)),
                                   "lexicon", types_of.get(sn, set())))
        for sn, facts in runs.items():
            key = entity_key(sn)
            extra = [f"count={min(3, seen_runs[sn])}"] + (["in-title"] if key in title else []) + vote_facts(key, "any")
            items.append(Candidate(sorted(facts) + extra, (sn, ""), "run", types_of.get(sn, set())))
        out[r.paper.id] = (gold, items)
    return out


def score(test: list[Any], data: dict[str, tuple[set[Pair], list[Candidate]]], decide: Any) -> tuple[float, Counter[str]]:
    """Held-out relaxed F1 of the fold with `decide(candidate) -> pair or None`; changes counted right/wrong."""
    tp = fp = fn = 0
    changes: Counter[str] = Counter()
    for r in test:
        gold, items = data[r.paper.id]
        pred: set[Pair] = set()
        for c in items:
            pair = decide(c)
            if c.kind == "rules" and pair != c.pair:
                changes["removed right" if c.pair in gold else "removed wrong"] += 1
            if pair is not None:
                pred.add(pair)
                if c.kind != "rules" or pair != c.pair:
                    changes["added right" if pair in gold else "added wrong"] += 1
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    return 2 * tp / max(1, 2 * tp + fp + fn), changes


def run_variant(variant: str, folds: list[list[Any]], data: dict[str, Any], l2: float, threshold: float,
                ranked: list[tuple[float, bool]] | None = None) -> tuple[list[float], Counter[str]]:
    """Held-out F1 per fold and the changes made; `ranked` collects the proposer's held-out (chance, right)."""
    ranked = [] if ranked is None else ranked
    f1s: list[float] = []
    total: Counter[str] = Counter()
    for i, test in enumerate(folds):
        train = [c for j, fold in enumerate(folds) if j != i for r in fold for c in data[r.paper.id][1]]
        decide: Any
        if variant in ("filter", "rescue"):
            kinds = ("rules",) if variant == "filter" else ("rules", "pruned", "lexicon")
            model = Logistic([(c.facts + [f"kind={c.kind}"], c.pair[1] in c.gold_types) for c in train
                              if c.kind in kinds], l2=l2)

            def decide(c: Candidate, model: Logistic = model, kinds: tuple[str, ...] = kinds) -> Pair | None:
                keep = c.kind in kinds and model.chance(c.facts + [f"kind={c.kind}"]) >= threshold
                return c.pair if keep else None
        else:
            kind = "rules" if variant == "typer" else "run"
            targets = ("MM", "Dataset", "Metric", "Task") if variant == "typer" else ("MM", "Metric", "Task")
            rows = [c for c in train if c.kind == kind and (c.gold_types or variant == "proposer")]
            fit = {"epochs": 3000, "rate": 4.0} if variant == "proposer" else {}  # rare positives: fitted longer
            models = {t: Logistic([(c.facts, t in c.gold_types) for c in rows], l2=l2, **fit) for t in targets}
            if variant == "proposer":
                ranked.extend(max((m.chance(c.facts), t in c.gold_types) for t, m in models.items())
                              for r in test for c in data[r.paper.id][1] if c.kind == "run")

            def decide(c: Candidate, models: dict[str, Logistic] = models, kind: str = kind) -> Pair | None:
                if c.kind != kind:
                    return c.pair if c.kind == "rules" else None
                chances = {t: m.chance(c.facts) for t, m in models.items()}
                best = max(chances, key=lambda t: chances[t])
                if variant == "proposer":
                    return (c.pair[0], best) if chances[best] >= threshold else None
                return (c.pair[0], best) if chances[best] >= threshold and best != c.pair[1] else c.pair
        f1, changes = score(test, data, decide)
        f1s.append(f1)
        total.update(changes)
    return f1s, total


def main(argv: list[str] | None = None) -> int:
    from kg.eval.folds import read_gold_files, split_folds

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path, default=GOLD)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant", nargs="*", default=["filter", "rescue", "typer", "proposer"])
    args = ap.parse_args(argv)
    records = read_gold_files(args.gold)
    folds = split_folds(records, args.folds, args.seed)
    data = candidates(records)
    base, _ = run_variant("filter", folds, data, 1.0, 0.0)
    print(f"rules alone: relaxed F1 {statistics.fmean(base):.4f} ± {statistics.stdev(base):.4f}")
    grid = {"filter": (0.2, 0.3, 0.4, 0.5), "rescue": (0.3, 0.4, 0.5, 0.6), "typer": (0.5, 0.6, 0.7),
            "proposer": (0.1, 0.2, 0.3, 0.4)}
    for variant in args.variant:
        for l2 in ((0.1,) if variant == "proposer" else (0.3, 1.0, 3.0)):
            for threshold in grid[variant]:
                ranked: list[tuple[float, bool]] = []
                f1s, changes = run_variant(variant, folds, data, l2, threshold, ranked)
                if ranked and threshold == grid[variant][0]:
                    ranked.sort(reverse=True)
                    print("proposer, held-out candidates ranked by chance: right among the top k: " + ", ".join(
                        f"{sum(right for _, right in ranked[:k])}/{k}" for k in (10, 25, 50, 100, 200)))
                print(f"{variant:9} l2 {l2:<4} threshold {threshold:.2f}: {statistics.fmean(f1s):.4f} ± "
                      f"{statistics.stdev(f1s):.4f}  " + ", ".join(f"{k} {n}" for k, n in sorted(changes.items())),
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
