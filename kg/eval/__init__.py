"""Extraction scored against hand annotations (`kg eval`): one gold file, or k-fold cross-validation."""
from kg.eval.folds import CVReport, Fittable, cross_validate, read_gold_files, score_all, split_folds
from kg.eval.score import (
    EvalReport,
    GoldFormatError,
    core_match,
    evaluate,
    full_match,
    match_claims,
    read_gold,
    score_name,
)

__all__ = ["CVReport", "EvalReport", "Fittable", "GoldFormatError", "core_match", "cross_validate", "evaluate",
           "full_match", "match_claims", "read_gold", "read_gold_files", "score_all", "score_name", "split_folds"]
