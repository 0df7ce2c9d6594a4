"""Whose a score is, when the text names the owner right after the number.

Frame: a number after a word of comparison, then `for NAME` (`81.2% versus 75.0% for BERT and 73.1% for T5`,
`compared with 75.0% for BERT`): the score belongs to the model or method after `for`, not to the clause's
subject. Without a comparison before it, `N for X` often names the backbone a method ran on (`our method
reaches 85% for Llama-3`), so the frame needs one.

    >>> COMPARISONS >= {"versus", "vs", "vs."}
    True
"""
from __future__ import annotations

from typing import Optional

from kg.extractors.claim_roles import ROLE_TYPES, At
from kg.extractors.mentions import Mention
from kg.extractors.numbers import Quantity

COMPARISONS = frozenset({"versus", "vs", "vs.", "compared", "against", "than", "whereas"})
_CLAUSE_ENDS = frozenset({";", ":"})


def compared_label(lowers: list[str], at: At, q: Quantity, s: int, e: int) -> Optional[Mention]:
    """The model or method after `for` that owns the score q in a comparison, or None."""
    j = q.end
    m = at[j] if j < e else None
    if m is not None and m.type == "Metric":
        j = m.end  # `75.0% accuracy for BERT`
    if j + 1 >= e or lowers[j] != "for":
        return None
    owner = at[j + 1]
    if owner is None or owner.type not in ROLE_TYPES or owner.start != j + 1:
        return None
    for k in range(q.start - 1, s - 1, -1):
        if lowers[k] in _CLAUSE_ENDS:
            return None
        if lowers[k] in COMPARISONS:
            return owner
    return None


QUANTIFIERS = frozenset({"all", "most", "many", "several", "other", "existing", "prior", "previous", "current"})


def class_subject(lowers: list[str], s: int, cue_start: int) -> bool:
    """`as all models achieve near 100% accuracy`, `existing methods reach 60%` (frame: a quantifier and a plural
    noun right before the cue): a remark about a class of models, not a result of the paper's own."""
    j = cue_start - 1
    while j > s and lowers[j] in ("only", "still", "already", "also", "often", "typically", "can", "could"):
        j -= 1
    return j - 1 >= s and lowers[j].endswith("s") and lowers[j].isalpha() and lowers[j - 1] in QUANTIFIERS
