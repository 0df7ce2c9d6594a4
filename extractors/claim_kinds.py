"""The kind of a claim: decided by the wording (ANNOTATION.md), with the few cases where the cue word alone
would mislead: a signed margin, a number next to a metric with no cue, a cue word used as a noun, a verb
without a number that states what the authors do rather than a result.
"""
from __future__ import annotations

from typing import Optional

from kg.extractors.claim_cues import Cue, CueLexicon, finite, has_sota, is_purpose, light_verb_before
from kg.extractors.claim_numbers import COUNT_UNITS, QUALIFIER_WORDS, RATE_UNITS, SCORE_UNITS, metric_near
from kg.extractors.claim_roles import ROLE_TYPES, At, gap
from kg.extractors.numbers import Quantity

# Words before an `-ing` cue that make it a verb of the sentence (`, outperforming`), not a noun.
_ING_VERB_BEFORE = (",", "while", "thereby", "thus", "also", "by", "further", "hence")


def number_kind(lex: CueLexicon, q: Quantity, cue: Optional[Cue], lowers: list[str], s: int,
                at: At) -> tuple[str, Optional[Cue]] | None:
    """(kind, cue) of a result number; None when it makes no claim."""
    if time_taken(lex, q, lowers, s):
        return "achieves", None
    if q.form == "signed" and (cue is None or cue.kind not in ("improves", "outperforms")) and not (
            q.start > s and lowers[q.start - 1] == "by"):
        cue = None  # a signed margin is an improvement whatever verb came before, except a comparison's
    if cue is not None and cue.text in lex.change_verbs and q.low is None and reached_level(lowers, q, cue):
        return "achieves", cue
    if cue is not None and cue.pos == "noun" and cue.kind in ("matches", "outperforms") and \
            described_score(lowers, at, q, cue):
        return "achieves", cue
    share = share_of(lex, q, lowers)
    if share == "reduces" and (cue is None or cue.pos == "verb"):
        return "reduces", None
    if cue is not None:
        return cue.kind, cue
    if q.form == "signed":
        return "improves", None
    if share == "achieves" or q.unit in RATE_UNITS:
        return "achieves", None
    if metric_near(at, q) and (q.unit in SCORE_UNITS or q.unit is None or q.unit in COUNT_UNITS):
        return "achieves", None  # `a recall of 64.0%`
    return None


def time_taken(lex: CueLexicon, q: Quantity, lowers: list[str], s: int) -> bool:
    """`takes only 20 hours`, `trains in 9 days`: a duration after a word of taking time (qualifiers between)
    is how long a run took."""
    if q.unit not in lex.time_units or q.low is not None:
        return False
    j = q.start - 1
    while j > s and lowers[j] in QUALIFIER_WORDS:
        j -= 1
    return j >= s and lowers[j] in lex.time_words


def reached_level(lowers: list[str], q: Quantity, cue: Cue) -> bool:
    """`raises accuracy to 91%`, `falls to only 8%`: after a change verb, `to N` is the level reached (a
    score), not the size of the change (`by N`)."""
    j = q.start - 1
    while j > cue.end and lowers[j] in ("just", "only", "about", "nearly", "almost", "roughly", "around"):
        j -= 1
    return j >= cue.end and lowers[j] == "to" and (j == 0 or lowers[j - 1] != "up")


def described_score(lowers: list[str], at: At, q: Quantity, cue: Cue) -> bool:
    """`a competitive accuracy of 88.1%`, `higher F1 of 0.91`: an adjective before `METRIC of N` describes
    the score N; N is no margin."""
    between = range(cue.end, q.start)
    return len(between) >= 2 and lowers[q.start - 1] == "of" and all(
        (m := at[j]) is not None and m.type == "Metric" for j in range(cue.end, q.start - 1))


def share_of(lex: CueLexicon, q: Quantity, lowers: list[str]) -> Optional[str]:
    """`N% of the parameters` (of a cost: a `reduces` of N, ANNOTATION.md's review conventions) or
    `N% of the time` (how often: a score), else None."""
    if q.unit != "%" or q.end + 1 >= len(lowers) or lowers[q.end] != "of":
        return None
    for j in range(q.end + 1, min(len(lowers), q.end + 5)):
        w = lowers[j]
        if w in lex.how_often and j == q.end + 2 and lowers[q.end + 1] == "the":
            return "achieves"
        if w in lex.cost_nouns:
            return "reduces"
        if not w.isalpha() or w in ("of", "than", "and", "or"):
            break
    return None


RANGE_WORDS = frozenset({"ranging", "range", "ranges", "varying", "vary", "varies", "spanning"})


def before_and_after(lex: CueLexicon, q: Quantity, cue: Optional[Cue], kind: str, lowers: Optional[list[str]],
                     margin: bool = False) -> bool:
    """`improves X from 40.0 to 46.5` (a change verb), `an improvement from 40.0 to 46.5`, `a gain of 5.1 on D
    from 40.0 to 46.5` (frame: a change noun, then `from A to B`): the two numbers are the scores before and
    after; not `gains ranging from 3% to 5%` (a range of changes)."""
    if q.low is None or cue is None or kind not in ("improves", "reduces"):
        return False
    if cue.text in lex.change_verbs:
        return q.form == "from_to" or (q.form == "to_range" and not margin)
    return cue.text in lex.noun_forms and q.form == "from_to" and lowers is not None and q.start >= 2 and \
        lowers[q.start - 2] not in RANGE_WORDS


def change_values(lex: CueLexicon, q: Quantity, cue: Optional[Cue], kind: str, unit: Optional[str],
                  margin: bool = False, lowers: Optional[list[str]] = None,
                  stated: bool = False) -> list[tuple[str, float, Optional[str], Optional[str]]]:
    """(kind, value, unit, qualifier) of the claims a number makes: `improves X from 40.0 to 46.5` is an
    improvement of 5.1 and a score of 41.2 (only the score when the change is `stated` by a number before it:
    `a gain of 5.1 on D from 40.0 to 46.5`); another range keeps its upper value, and so does `N to M` after
    `by` (`margin`: `improves X by 3% to 5%` is a range of changes)."""
    if q.low is not None and before_and_after(lex, q, cue, kind, lowers, margin):
        delta = round(abs(q.value - q.low), 6)
        score: list[tuple[str, float, Optional[str], Optional[str]]] = [("achieves", q.value, unit, None)]
        return score if stated else [(kind, delta, unit, None)] + score
    if q.low is not None and q.qualifier is None:
        return [(kind, q.value, unit, "range")]
    return [(kind, q.value, unit, q.qualifier)]


def cueless_kind(lex: CueLexicon, cue: Cue, cues: list[Cue], lowers: list[str], s: int, e: int,
                 sota_positions: list[int]) -> Optional[str]:
    """The kind of a claim stated by a cue with no number, before its subject is known; None when the cue
    states no result by itself."""
    if cue.used or cue.purpose:
        return None
    if cue.pos == "verb" and lowers[cue.start].endswith("ed") and cue.end < e and lowers[cue.end] == "by" \
            and not (cue.start > s and lowers[cue.start - 1] in ("is", "are", "was", "were", "be", "been")):
        return None  # `a framework enhanced by X`: the participle describes a noun, it states no result
    if cue.pos == "verb" and lowers[cue.start].endswith("ed") and cue.start > s and \
            lowers[cue.start - 1] in lex.light_verbs:
        return None  # `provides enhanced alignment`: a participle used as an adjective
    if cue.kind == "outperforms" and after_a_match(cue, cues, lowers):
        return None
    if cue.pos == "noun":
        return light_noun_kind(lex, cue, lowers, s)
    kind = cue.kind
    if kind == "achieves" and any(c.used and cue.end <= c.start <= cue.end + 3 for c in cues):
        return None  # `obtains 3 points higher accuracy`: the comparison right after is stated with its number
    if kind == "improves" and any(c.kind == "matches" and c.pos == "phrase" and 0 <= c.start - cue.end <= 10
                                  and "to" in lowers[cue.end:c.start + 1] for c in cues):
        return None  # `elevate X to the level of Y`, `enhance X to be on par with Y`: a match
    if kind == "achieves" and any(w in lex.comparatives for w in lowers[cue.end:min(e, cue.end + 3)]):
        kind = "outperforms"  # `attains better scores than`, `reaches superior scores`
    elif kind == "achieves" and not (
            cue.pos == "phrase" or has_sota(lex, lowers, cue.end, sota_reach(cue, cues, e), sota_positions)):
        return None
    if lowers[cue.start].endswith("ing") and not (
            cue.start > s and (lowers[cue.start - 1] in _ING_VERB_BEFORE or lowers[cue.start - 1].endswith("ly"))):
        return None  # `template matching`: a noun, not a result
    return kind


def sota_reach(cue: Cue, cues: list[Cue], e: int) -> int:
    """Where a state-of-the-art word after an achieve verb stops counting: six words on, or at a gain or
    comparison word before that (`achieves gains over state-of-the-art methods`: the record is the
    baseline's)."""
    stop = min(e, cue.end + 6)
    later = [c.start for c in cues if c.kind in ("improves", "outperforms") and cue.end <= c.start < stop]
    return min(later, default=stop)


def after_a_match(cue: Cue, cues: list[Cue], lowers: list[str]) -> bool:
    """`comparable or even better`, `matches or surpasses`: one match claim (ANNOTATION.md), the comparison
    after `or` is part of it."""
    for c in cues:
        if c.kind == "matches" and c.end <= cue.start <= c.end + 3:
            between = lowers[c.end:cue.start]
            if "or" in between and all(w in ("or", "even", "slightly", "sometimes", "clearly") for w in between):
                return True
    return False


def light_noun_kind(lex: CueLexicon, cue: Cue, lowers: list[str], s: int) -> Optional[str]:
    """`ZorbNet shows consistent gains on GLUE`, `demonstrates superior performance`: a noun cue after a
    verb that carries it states a result of the noun's kind; a noun alone (`the gains of X`) does not, nor an
    aim (`to achieve better results`)."""
    if cue.kind not in ("improves", "outperforms", "matches", "reduces"):
        return None
    if any(w[:1].isdigit() for w in lowers[cue.end:cue.end + 5]):
        return None  # `gains ranging from 3% to 5%`: the number states the result
    verb = light_verb_before(lex, lowers, s, cue)
    if verb < 0 or is_purpose(lex, lowers, s, verb) or (verb > s and lowers[verb - 1] in lex.negators):
        return None
    return cue.kind


def result_participle(lowers: list[str], cue: Cue) -> bool:
    """`..., significantly improving accuracy`, `, thus reducing memory`: a participle after a comma and an
    adverb states a result of the sentence's subject (unlike `by improving X`, a means, or a bare `, improving
    X`, which as often describes what the method does)."""
    if not lowers[cue.start].endswith("ing"):
        return False
    j = cue.start - 1
    while j > 0 and (lowers[j].endswith("ly") or lowers[j] in ("thus", "thereby", "further", "also", "hence")):
        j -= 1
    return j < cue.start - 1 and lowers[j] == ","  # an adverb between: `, greatly reducing`


def finite_after_name(lowers: list[str], at: At, cue: Cue) -> bool:
    """`finite`, and also right after a model or method name that ends in `-ing` (`zorb training
    improves`, `ZorbNet pre-training boosts`): the name is the verb's subject, not a gerund modifying it."""
    if finite(lowers, cue):
        return True
    prev = at[cue.start - 1] if cue.start > 0 else None
    return prev is not None and prev.type in ROLE_TYPES and not lowers[cue.start].endswith("ing")


def verb_states_result(kind: str, cue: Cue, lowers: list[str], at: At, how: str, where: int, e: int) -> bool:
    """Once the subject is known: does a cue with no number state a result?"""
    if cue.pos == "noun" and how == "default":
        return False  # `shows gains` with no named or self-referring subject: whose gains is unknown
    if kind == "matches" and cue.pos == "verb" and not finite(lowers, cue):
        return False  # `counting matches that ...`: a noun
    if kind in ("improves", "reduces") and cue.pos == "verb" and how != "default" and result_participle(lowers, cue):
        return True
    if kind in ("improves", "reduces", "achieves") and cue.pos == "verb" and not (
            finite_after_name(lowers, at, cue) and how != "default" and gap(lowers, where, cue.start) <= 8):
        # `to enhance`, `improved robustness`, `boosting`: without a number only a finite verb right
        # after its named subject states a result (`ZorbNet markedly enhances ...`).
        return False
    if kind in ("improves", "reduces") and how == "self" and lowers[where] == "we" and not any(
            m is not None and m.type == "Metric" for m in at[cue.end:min(e, cue.end + 4)]):
        # `we enhance the memory module of the agent`: what the authors do, not a result
        # (unlike `we reduce training time`).
        return False
    return True
