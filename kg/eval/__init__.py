"""Extraction scored against hand annotations (`kg eval`): one gold file, or k-fold cross-validation."""
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

__all__ = ["EvalReport", "GoldFormatError", "core_match", "evaluate", "full_match", "match_claims", "read_gold",
           "score_name"]
