"""Score an extractor against gold annotations, exactly as `docs/annotation.md` (Scoring) says.

- Entities: precision, recall, F1 over (normalised name, type) per abstract; strict, and relaxed with
  Model and Method as one type. Names compare case-insensitively, ignoring spaces, hyphens and dots
  (a scoring comparison, deliberately looser than `entity_key`).
- Claims: `core` match = kind, subject and value agree (value within 1e-6, both null agree);
  `full` also needs object, dataset, metric and unit. Each gold claim matches at most once; the
  matching takes full matches first, so a pair that agrees on everything is never spent on a weaker one.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from pydantic import ValidationError

if TYPE_CHECKING:
    from kg.extractors.base import Extractor
from kg.models import CLAIM_KINDS, ENTITY_TYPES, Claim, Entity, Extraction, Paper

log = logging.getLogger(__name__)

VALUE_TOLERANCE = 1e-6
_IGNORED = re.compile(r"[\s\-.‐‑‒–—]+")
_RELAXED_TYPE = {"Model": "Model/Method", "Method": "Model/Method"}


class GoldFormatError(ValueError):
    """A gold file line that does not follow the record format of docs/annotation.md."""


def score_name(name: Optional[str]) -> Optional[str]:
    """The name as scoring compares it: case-folded, without spaces, hyphens and dots."""
    if name is None:
        return None
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", name).casefold())
    return folded or None


# ---------------------------------------------------------------------------------------------
# Gold records


@dataclass
class GoldRecord:
    paper: Paper
    entities: list[Entity]
    claims: list[Claim]
    line: int


def read_gold(path: Path) -> Iterator[GoldRecord]:
    """Gold records, one a line; a malformed line raises GoldFormatError naming file and line."""
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
            if not isinstance(rec, dict):
                raise GoldFormatError(f"{where}: expected a JSON object, got {type(rec).__name__}")
            for key in ("id", "abstract"):
                if not isinstance(rec.get(key), str) or not rec[key].strip():
                    raise GoldFormatError(f"{where}: missing or empty string field {key!r}")
            for key in ("entities", "claims"):
                if not isinstance(rec.get(key, []), list):
                    raise GoldFormatError(f"{where}: field {key!r} must be a list")
            try:
                paper = Paper(id=rec["id"], title=rec.get("title") or "", abstract=rec["abstract"])
                entities = [Entity(**e) for e in rec.get("entities", [])]
                claims = [Claim(**c) for c in rec.get("claims", [])]
            except (ValidationError, TypeError) as exc:
                first = exc.errors()[0] if isinstance(exc, ValidationError) else {"msg": str(exc), "loc": ()}
                loc = ".".join(str(p) for p in first.get("loc", ()))
                raise GoldFormatError(f"{where}: invalid record {rec.get('id')!r}: {loc} {first['msg']}") from exc
            yield GoldRecord(paper=paper, entities=entities, claims=claims, line=lineno)


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _entity_pairs(entities: Iterable[Entity], relaxed: bool) -> set[tuple[str, str]]:
    out = set()
    for e in entities:
        name = score_name(e.name)
        if name:
            out.add((name, _RELAXED_TYPE.get(e.type, e.type) if relaxed else e.type))
    return out


def _values_agree(a: Optional[float], b: Optional[float]) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE


def core_match(pred: Claim, gold: Claim) -> bool:
    return (pred.kind == gold.kind and score_name(pred.subject) == score_name(gold.subject)
            and _values_agree(pred.value, gold.value))


def full_match(pred: Claim, gold: Claim) -> bool:
    return (core_match(pred, gold)
            and score_name(pred.object) == score_name(gold.object)
            and score_name(pred.dataset) == score_name(gold.dataset)
            and score_name(pred.metric) == score_name(gold.metric)
            and (pred.unit or None) == (gold.unit or None))


def match_claims(pred: list[Claim], gold: list[Claim]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One-to-one matching: (full pairs, core pairs) as (pred index, gold index).

    Full pairs are taken first and count for core too; the remaining claims are then paired on core.
    """
    used_p: set[int] = set()
    used_g: set[int] = set()
    full: list[tuple[int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if j not in used_g and full_match(p, g):
                full.append((i, j))
                used_p.add(i)
                used_g.add(j)
                break
    core = list(full)
    for i, p in enumerate(pred):
        if i in used_p:
            continue
        for j, g in enumerate(gold):
            if j not in used_g and core_match(p, g):
                core.append((i, j))
                used_p.add(i)
                used_g.add(j)
                break
    return full, core


# ---------------------------------------------------------------------------------------------
# Report


def _claim_summary(c: Claim) -> dict[str, Any]:
    return {k: getattr(c, k) for k in ("kind", "subject", "object", "dataset", "metric", "value", "unit",
                                       "qualifier", "evidence")}


@dataclass
class EvalReport:
    gold_path: str
    extractor: str
    abstracts: int = 0
    entities_strict: PRF = field(default_factory=PRF)
    entities_relaxed: PRF = field(default_factory=PRF)
    entities_by_type: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in ENTITY_TYPES})
    claims_core: PRF = field(default_factory=PRF)
    claims_full: PRF = field(default_factory=PRF)
    claims_core_by_kind: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in CLAIM_KINDS})
    claims_full_by_kind: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in CLAIM_KINDS})
    misses: list[dict[str, Any]] = field(default_factory=list)

    # -- scoring one abstract -----------------------------------------------------------------
    def add(self, gold: GoldRecord, pred: Extraction) -> None:
        self.abstracts += 1
        miss: dict[str, Any] = {"id": gold.paper.id, "title": gold.paper.title}

        g_strict, p_strict = _entity_pairs(gold.entities, False), _entity_pairs(pred.entities, False)
        g_rel, p_rel = _entity_pairs(gold.entities, True), _entity_pairs(pred.entities, True)
        self.entities_strict.add(len(g_strict & p_strict), len(p_strict - g_strict), len(g_strict - p_strict))
        self.entities_relaxed.add(len(g_rel & p_rel), len(p_rel - g_rel), len(g_rel - p_rel))
        for t, prf in self.entities_by_type.items():
            g = {x for x in g_strict if x[1] == t}
            p = {x for x in p_strict if x[1] == t}
            prf.add(len(g & p), len(p - g), len(g - p))
        names: dict[tuple[str | None, str], str] = {}
        for e in list(gold.entities) + list(pred.entities):
            names.setdefault((score_name(e.name), e.type), e.name)
        miss["entities_fp"] = sorted(f"{names[x]} ({x[1]})" for x in p_strict - g_strict)
        miss["entities_fn"] = sorted(f"{names[x]} ({x[1]})" for x in g_strict - p_strict)

        full, core = match_claims(pred.claims, gold.claims)
        self.claims_core.add(len(core), len(pred.claims) - len(core), len(gold.claims) - len(core))
        self.claims_full.add(len(full), len(pred.claims) - len(full), len(gold.claims) - len(full))
        for pairs, by_kind in ((core, self.claims_core_by_kind), (full, self.claims_full_by_kind)):
            matched_p = {i for i, _ in pairs}
            matched_g = {j for _, j in pairs}
            for i, c in enumerate(pred.claims):
                by_kind[c.kind].add(tp=int(i in matched_p), fp=int(i not in matched_p))
            for j, c in enumerate(gold.claims):
                if j not in matched_g:
                    by_kind[c.kind].add(fn=1)
        core_p = {i for i, _ in core}
        core_g = {j for _, j in core}
        full_set = set(full)
        miss["claims_fp"] = [_claim_summary(c) for i, c in enumerate(pred.claims) if i not in core_p]
        miss["claims_fn"] = [_claim_summary(c) for j, c in enumerate(gold.claims) if j not in core_g]
        miss["claims_core_only"] = [{"pred": _claim_summary(pred.claims[i]), "gold": _claim_summary(gold.claims[j])}
                                    for i, j in core if (i, j) not in full_set]
        if any(miss[k] for k in ("entities_fp", "entities_fn", "claims_fp", "claims_fn", "claims_core_only")):
            self.misses.append(miss)

    # -- output -------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path,
            "extractor": self.extractor,
            "abstracts": self.abstracts,
            "entities": {
                "strict": self.entities_strict.to_dict(),
                "relaxed": self.entities_relaxed.to_dict(),
                "by_type": {t: p.to_dict() for t, p in self.entities_by_type.items()},
            },
            "claims": {
                "core": self.claims_core.to_dict(),
                "full": self.claims_full.to_dict(),
                "core_by_kind": {k: p.to_dict() for k, p in self.claims_core_by_kind.items()},
                "full_by_kind": {k: p.to_dict() for k, p in self.claims_full_by_kind.items()},
            },
        }

    def to_text(self) -> str:
        def row(label: str, p: PRF) -> str:
            return (f"  {label:<22} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f}"
                    f"   {p.tp:5d} {p.fp:5d} {p.fn:5d}")

        head = f"  {'':<22} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>5} {'fp':>5} {'fn':>5}"
        lines = [f"Evaluation of {self.extractor!r} on {self.gold_path} ({self.abstracts} abstracts)", "",
                 "Entities", head, row("strict", self.entities_strict), row("relaxed (Model=Method)",
                                                                           self.entities_relaxed)]
        lines += [row(f"  {t}", p) for t, p in self.entities_by_type.items()]
        lines += ["", "Claims", head, row("core", self.claims_core), row("full", self.claims_full)]
        lines += [row(f"  core {k}", p) for k, p in self.claims_core_by_kind.items()]
        lines += [row(f"  full {k}", p) for k, p in self.claims_full_by_kind.items()]
        return "\n".join(lines)

    def write_misses(self, path: Path) -> int:
        """Per-abstract false positives and negatives as JSON Lines; returns the number of lines."""
        with open(path, "w", encoding="utf-8") as fh:
            for miss in self.misses:
                fh.write(json.dumps(miss, ensure_ascii=False) + "\n")
        return len(self.misses)


def evaluate(gold_path: Path, extractor: Extractor) -> EvalReport:
    """Run `extractor` over the gold abstracts and score it."""
    from kg.extractors.base import extract_many

    gold = list(read_gold(Path(gold_path)))
    report = EvalReport(gold_path=str(gold_path), extractor=getattr(extractor, "name", type(extractor).__name__))
    predictions = extract_many(extractor, (g.paper for g in gold))
    for record, pred in zip(gold, predictions, strict=True):
        if pred.id != record.paper.id:
            raise ValueError(f"extractor returned {pred.id!r} for paper {record.paper.id!r}: results out of order")
        report.add(record, pred)
    log.info("evaluated %d abstracts from %s", report.abstracts, gold_path)
    return report
