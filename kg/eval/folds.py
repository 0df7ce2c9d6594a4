"""K-fold cross-validation of an extractor over gold records (`kg eval GOLD... --folds K`).

The records of all gold files are shuffled with a seed and dealt into K folds. Each fold is scored on its own
(`EvalReport`), with the extractor fitted on the other folds first when it has a `fit(train_records)` hook
(a learned component, corpus statistics; rules ignore it). Each record is extracted once, by the extractor
fitted without its fold. The result is every figure of the single-file report as mean, spread
(sample standard deviation), min and max over the held-out folds, plus the figures of all folds pooled.

A per-type or per-kind figure is averaged over the folds where it occurs (gold or predicted); a fold with
nothing of a type says nothing about it.
"""
from __future__ import annotations

import json
import logging
import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from kg.eval.score import EvalReport, GoldRecord, read_gold
from kg.models import Extraction

log = logging.getLogger(__name__)

_RATES = ("precision", "recall", "f1")
_COUNTS = ("tp", "fp", "fn")


@runtime_checkable
class Fittable(Protocol):
    """An extractor that learns from annotated records (called once per fold with the other folds)."""

    def fit(self, train_records: list[GoldRecord]) -> None: ...


def read_gold_files(paths: Iterable[Path]) -> list[GoldRecord]:
    """The records of several gold files, in file order; an id seen twice keeps its first record."""
    out: list[GoldRecord] = []
    seen: set[str] = set()
    for path in paths:
        for record in read_gold(Path(path)):
            if record.paper.id in seen:
                log.warning("%s:%d: paper %r already read, skipped", path, record.line, record.paper.id)
                continue
            seen.add(record.paper.id)
            out.append(record)
    return out


def split_folds(records: Sequence[GoldRecord], k: int, seed: int = 0) -> list[list[GoldRecord]]:
    """K folds of near-equal size: the records shuffled by `seed`, then dealt round-robin."""
    if k < 2:
        raise ValueError(f"--folds must be at least 2 (got {k})")
    if k > len(records):
        raise ValueError(f"--folds {k} is more than the {len(records)} gold records")
    order = sorted(records, key=lambda r: r.paper.id)  # independent of file order
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def _extract(extractor: Any, records: Sequence[GoldRecord]) -> list[Extraction]:
    from kg.extractors.base import extract_many

    out = list(extract_many(extractor, (r.paper for r in records)))
    for record, pred in zip(records, out, strict=True):
        if pred.id != record.paper.id:
            raise ValueError(f"extractor returned {pred.id!r} for paper {record.paper.id!r}: results out of order")
    return out


def _stats(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"mean": 0.0, "std": 0.0, "min": 0.0, "max": 0.0, "folds": 0}
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return {"mean": round(statistics.fmean(values), 4), "std": round(std, 4), "min": round(min(values), 4),
            "max": round(max(values), 4), "folds": len(values)}


def _aggregate(trees: list[Any]) -> Any:
    """Fold reports' `to_dict()` trees merged: rates become stats, counts are summed."""
    first = trees[0]
    if isinstance(first, dict) and "f1" in first and "tp" in first:
        present = [t for t in trees if t["tp"] + t["fp"] + t["fn"] > 0]
        out: dict[str, Any] = {c: sum(t[c] for t in trees) for c in _COUNTS}
        out.update({r: _stats([t[r] for t in present]) for r in _RATES})
        return out
    if isinstance(first, dict):
        return {key: _aggregate([t[key] for t in trees]) for key in first}
    return first


@dataclass
class CVReport:
    gold_paths: list[str]
    extractor: str
    k: int
    seed: int
    folds: list[EvalReport] = field(default_factory=list)
    pooled: EvalReport | None = None

    def to_dict(self) -> dict[str, Any]:
        per_fold = [f.to_dict() for f in self.folds]
        summary = _aggregate([{"entities": d["entities"], "claims": d["claims"]} for d in per_fold])
        return {
            "gold": self.gold_paths,
            "extractor": self.extractor,
            "folds": self.k,
            "seed": self.seed,
            "abstracts": sum(f.abstracts for f in self.folds),
            "fold_sizes": [f.abstracts for f in self.folds],
            **summary,
            "pooled": {k: v for k, v in (self.pooled.to_dict() if self.pooled else {}).items()
                       if k in ("entities", "claims")},
            "per_fold": [{k: d[k] for k in ("abstracts", "entities", "claims")} for d in per_fold],
        }

    def to_text(self) -> str:
        d = self.to_dict()

        def row(label: str, prf: dict[str, Any]) -> str:
            f1 = prf["f1"]
            return (f"  {label:<24} {prf['precision']['mean']:6.3f} {prf['recall']['mean']:6.3f} "
                    f"{f1['mean']:6.3f} ± {f1['std']:.3f}  [{f1['min']:.3f}, {f1['max']:.3f}]"
                    f"   {prf['tp']:5d} {prf['fp']:5d} {prf['fn']:5d}")

        head = (f"  {'':<24} {'P':>6} {'R':>6} {'F1':>6}   {'std':>5}  {'[min,':>6} {'max]':>6}"
                f"   {'tp':>5} {'fp':>5} {'fn':>5}")
        ent, cl = d["entities"], d["claims"]
        lines = [f"{self.k}-fold cross-validation of {self.extractor!r} (seed {self.seed}) on "
                 f"{', '.join(self.gold_paths)}: {d['abstracts']} abstracts, folds of {d['fold_sizes']}",
                 "Mean over the held-out folds; ± is the standard deviation, [min, max] the range of F1.", "",
                 "Entities", head, row("strict", ent["strict"]), row("relaxed (Model=Method)", ent["relaxed"])]
        lines += [row(f"  {t}", p) for t, p in ent["by_type"].items()]
        lines += ["", "Claims", head, row("core", cl["core"]), row("full", cl["full"])]
        lines += [row(f"  core {k}", p) for k, p in cl["core_by_kind"].items()]
        lines += [row(f"  full {k}", p) for k, p in cl["full_by_kind"].items()]
        return "\n".join(lines)

    def write_misses(self, path: Path) -> int:
        """Every fold's held-out misses, one abstract a line."""
        with open(path, "w", encoding="utf-8") as fh:
            n = 0
            for fold in self.folds:
                for miss in fold.misses:
                    fh.write(json.dumps(miss, ensure_ascii=False) + "\n")
                    n += 1
        return n


def score_all(gold_paths: Sequence[Path], extractor: Any) -> EvalReport:
    """One report over the records of all `gold_paths` (no folds)."""
    records = read_gold_files(gold_paths)
    if isinstance(extractor, Fittable):
        raise ValueError("this extractor learns from gold records: score it with --folds K (K >= 2)")
    name = getattr(extractor, "name", type(extractor).__name__)
    report = EvalReport(gold_path=", ".join(str(p) for p in gold_paths), extractor=name)
    for record, pred in zip(records, _extract(extractor, records), strict=True):
        report.add(record, pred)
    return report


def cross_validate(gold_paths: Sequence[Path], extractor: Any, k: int = 5, seed: int = 0) -> CVReport:
    """Score `extractor` by k-fold cross-validation over the records of `gold_paths`."""
    records = read_gold_files(gold_paths)
    folds = split_folds(records, k, seed)
    name = getattr(extractor, "name", type(extractor).__name__)
    report = CVReport(gold_paths=[str(p) for p in gold_paths], extractor=name, k=k, seed=seed)
    pooled = EvalReport(gold_path=", ".join(report.gold_paths), extractor=name)
    for i, test in enumerate(folds):
        if isinstance(extractor, Fittable):
            extractor.fit([r for j, fold in enumerate(folds) if j != i for r in fold])
        preds = _extract(extractor, test)
        fold_report = EvalReport(gold_path=f"fold {i + 1}/{k}", extractor=name)
        for record, pred in zip(test, preds, strict=True):
            fold_report.add(record, pred)
            pooled.add(record, pred)
        report.folds.append(fold_report)
    report.pooled = pooled
    log.info("cross-validated %d abstracts in %d folds", len(records), k)
    return report
