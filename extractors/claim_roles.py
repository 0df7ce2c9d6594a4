"""Claim arguments: who makes the claim (subject), against whom (object), on what data set with what metric.

Roles are filled from the entity mentions around a cue or a number:
- subject: the nearest model/method before the cue that is not inside a prepositional phrase;
  `we`, `our X`, `it`, `the proposed ...` (or no subject at all) resolve to the paper's proposed entity;
- object: the model/method the cue compares with (`outperforms X`, `better than X`, `on par with X`), and each
  of a coordinated list (`X and Y`);
- dataset and metric: the nearest ones to the number (`64.0% recall on ZorbSet`).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from kg.extractors.claim_cues import Cue, CueLexicon
from kg.extractors.mentions import Mention
from kg.extractors.numbers import Quantity

ROLE_TYPES = frozenset({"Model", "Method"})
PREPOSITIONS = frozenset({"on", "with", "than", "over", "to", "of", "for", "using", "from", "in", "by", "via",
                          "against", "under", "into", "across", "like", "as", "including", "between", "among",
                          "versus", "vs", "vs.", "at", "beyond", "without"})
CLAUSE_STOPS = frozenset({";", ":", "while", "whereas", "but", "although", "though", "which"})
COORD = frozenset({",", "and", "or", "&", "as", "well"})
ADVERBS = frozenset({"even", "also", "further", "still", "then", "thereby", "thus", "can", "could", "may", "to"})

At = list[Optional[Mention]]  # the mention covering each token, or None
Found = tuple[Optional[str], Optional[Mention], str, int]  # (key, mention, how, token index)


def mention_index(ments: list[Mention], n: int) -> At:
    at: At = [None] * n
    for m in ments:
        for j in range(m.start, m.end):
            at[j] = m
    return at


def is_subject_at(lowers: list[str], m: Mention, s: int) -> bool:
    """A name can be a subject unless a preposition governs it."""
    return m.start == s or lowers[m.start - 1] not in PREPOSITIONS


def coordination_head(lowers: list[str], at: At, m: Mention, s: int) -> Mention:
    """`BERT, T5, and GPT-2 models`: the list is one subject; take its first member.
    Only a list joined by `and`/`or` counts (`On X, ZorbNet reaches` is no list)."""
    head, joined = m, False
    while True:
        k = head.start - 1
        while k >= s and lowers[k] in COORD:
            joined = joined or lowers[k] in ("and", "or")
            k -= 1
        prev = at[k] if k >= s else None
        if k < s or k == head.start - 1 or prev is None or prev.type not in ROLE_TYPES:
            break
        head = prev
    return head if joined else m


def find_subject(lex: CueLexicon, lowers: list[str], at: At, s: int, cue: Cue, proposed: Optional[str]) -> Found:
    """(subject key, its mention, how, token index of the subject word or -1): how is `explicit`,
    `self` (we/our/it), or `default` (the proposed entity, or None).

    The nearest model or method before the cue that is not in a prepositional phrase or in brackets;
    after `X enables Y to <cue>` the subject is X; a participle after a comma (`..., outperforming`)
    takes the sentence's subject."""
    j = cue.start - 1
    if cue.start - 1 >= s and lowers[cue.start - 1] == "to":
        for v in range(cue.start - 2, max(s - 1, cue.start - 14), -1):
            if lowers[v] in lex.enablers:
                j = v - 1
                break
    if lowers[cue.start].endswith("ing") and cue.start - 1 >= s and lowers[cue.start - 1] in (
            ",", "while", "thereby", "by"):
        found = sentence_subject(lowers, at, s, cue.start, proposed)
        if found is not None:
            return found
    while j >= s:
        w = lowers[j]
        if w == ")":
            # Skip a bracketed aside (`models (e.g., T5-base) could achieve`).
            depth, k = 0, j
            while k >= s:
                depth += lowers[k] == ")"
                depth -= lowers[k] == "("
                if depth == 0:
                    break
                k -= 1
            inside = at[k + 1] if k + 1 < j else None
            if inside is not None and inside.type in ROLE_TYPES and inside.start == k + 1 and inside.end == j \
                    and k - 1 >= s and at[k - 1] is None:
                # `the strongest baseline (ZorbNet) reaches`: a name alone in brackets after a description
                # names the subject; an example list (`models (e.g., ZorbNet)`) does not.
                return inside.key, inside, "explicit", inside.start
            j = k - 1
            continue
        m = at[j]
        if m is not None:
            if m.type in ROLE_TYPES and is_subject_at(lowers, m, s):
                head = coordination_head(lowers, at, m, s)
                if head is not m and not is_subject_at(lowers, head, s):
                    if trained_with(lowers, head, s) or example_of_subject(lowers, at, head, s):
                        return head.key, head, "explicit", head.start
                    j = head.start - 1  # `with BERT and T5`: the whole list is in a phrase
                    continue
                m = head
                if m.start - 1 >= s and lowers[m.start - 1] in ("our", "proposed") and proposed:
                    return m.key, m, "self", m.start
                return m.key, m, "explicit", m.start
            if m.type in ROLE_TYPES and trained_with(lowers, m, s):
                return m.key, m, "explicit", m.start
            if m.type in ROLE_TYPES and example_of_subject(lowers, at, m, s):
                return m.key, m, "explicit", m.start
            if m.key == proposed and applied_to(lowers, at, m, s):
                return m.key, m, "explicit", m.start
            j = m.start - 1
            continue
        if w in ("we", "our", "ours", "it", "proposed") and proposed:
            return proposed, None, "self", j
        if w in lex.self_nouns and proposed and refers_to_self(lex, lowers, s, j):
            return proposed, None, "self", j
        if w == "but" and j + 1 < cue.start and lowers[j + 1] == "also" and "only" in lowers[s:j]:
            j -= 1  # `X not only lowers cost but also keeps accuracy`: one subject for both
            continue
        if w == ";" or (w in CLAUSE_STOPS and j < cue.start - 1 and w != "which"):
            break
        j -= 1
    if proposed is None:
        # `(we show that) label noise lowers scores`: a named data set or task opening the
        # sentence or the clause, or after an opening adverbial (`Notably, X ...`); a metric is what is
        # measured, not what acts.
        for k in range(s, cue.start):
            m = at[k]
            if m is not None and m.type != "Metric" and m.end <= cue.start and (
                    k - s < 2 or lowers[k - 1] == "that" or (lowers[k - 1] == "," and k - s <= 4)) and \
                    is_subject_at(lowers, m, s):
                return m.key, m, "explicit", m.start
    return proposed, None, "default", -1


TRAINING_WITH = frozenset({"with", "using", "via"})


def applied_to(lowers: list[str], at: At, m: Mention, s: int) -> bool:
    """`BackboneX with ZorbTune reaches 66.2%` (frame: a model, `with`/`using`, the paper's own method, as the
    clause's subject): the result is the method's, run on that model."""
    k = m.start - 1
    if k - 1 < s or lowers[k] not in ("with", "using"):
        return False
    base = at[k - 1]
    return base is not None and base.type in ROLE_TYPES and is_subject_at(lowers, base, s)


def trained_with(lowers: list[str], m: Mention, s: int) -> bool:
    """`tuning with ZorbNet raises ...`, `distilling via X yields higher ...`: a clause that opens with
    a gerund and `with X` makes X (the way of training) the subject of the verb after it."""
    k = m.start - 1
    if k - 1 < s or lowers[k] not in TRAINING_WITH:
        return False
    g = k - 1
    while g - 2 >= s and lowers[g - 1] == "-":
        g -= 2  # `pre - training`
    return lowers[k - 1].endswith("ing") and (g == s or lowers[g - 1] in ("that", ",", "then", "thus"))


SUBJECT_OPENERS = frozenset({"that", ",", "while", "although", "whereas", "since", "because"})


def example_of_subject(lowers: list[str], at: At, m: Mention, s: int) -> bool:
    """`large routers such as X bring clear gains`, `sparse nets like X or Y offer superior ...`: the
    first example of the clause's opening noun phrase is the subject (the class itself is no entity)."""
    k = m.start - 1
    if k - 1 < s:
        return False
    if lowers[k] == "as" and lowers[k - 1] == "such":
        k -= 1
    elif lowers[k] != "like":
        return False
    j = k - 1
    while j >= s and at[j] is None and (lowers[j].isalpha() or lowers[j] in ("-", "(", ")")) and \
            (lowers[j] not in PREPOSITIONS or lowers[j - 1:j + 2:2] == ["-", "-"]) and lowers[j] not in SUBJECT_OPENERS:
        j -= 1  # the noun phrase of the class: hyphenated words and bracketed abbreviations, no name
    inside = at[j] if j >= s else None
    if inside is not None and inside.start >= s:
        j = inside.start - 1 if lowers[inside.start - 1] == "(" else j
    return k - j >= 2 and (j < s or lowers[j] in SUBJECT_OPENERS)


def shared_subject_cue(lowers: list[str], cue: Cue, cues: list[Cue], s: int) -> Cue:
    """Coordinated predicates share one subject (`ZorbNet beats BERT on GLUE and even surpasses T5`): for a
    verb cue right after `and` (adverbs aside), the earlier verb cue of the sentence, whose subject is the
    one to look for; else the cue itself. Without this, the first predicate's object would be taken."""
    if cue.pos == "verb" and lowers[cue.start].endswith("ing"):
        return cue
    j = cue.start - 1
    while j > s and (lowers[j] in ADVERBS or lowers[j].endswith("ly")):
        j -= 1
    if j <= s or lowers[j] != "and":
        return cue
    earlier = [c for c in cues if c.end <= j and c.pos != "noun" and not lowers[c.start].endswith("ing")]
    return earlier[-1] if earlier else cue


def owner_after(lowers: list[str], at: At, cue: Cue, e: int, proposed: Optional[str]) -> Found | None:
    """`the superiority of ZorbNet`, `the superior accuracy of our method`: a result noun whose owner follows
    it after `of`; (key, mention, how, index), or None."""
    j = cue.end
    while j < min(e, cue.end + 3) and lowers[j] != "of" and lowers[j].isalpha():
        j += 1
    if j + 1 >= e or lowers[j] != "of":
        return None
    m = at[j + 1]
    if m is not None and m.type in ROLE_TYPES:
        return m.key, m, "explicit", m.start
    if proposed and any(w in ("our", "proposed", "its") for w in lowers[j + 1:min(e, j + 4)]):
        return proposed, None, "self", j + 1
    return None


def refers_to_self(lex: CueLexicon, lowers: list[str], s: int, j: int) -> bool:
    """`this approach`, `our simple method`, `the proposed training scheme`: the noun at j names the paper's
    own work (a determiner up to five words before, descriptive words between: `this new sparse routing
    approach`)."""
    for k in range(j - 1, max(s - 1, j - 6), -1):
        if lowers[k] in lex.self_determiners:
            return True
        if not (lowers[k].isalpha() or lowers[k] == "-"):
            return False
    return False


def sentence_subject(lowers: list[str], at: At, s: int, limit: int, proposed: Optional[str]) -> Found | None:
    for j in range(s, limit):
        m = at[j]
        if lowers[j] in ("we", "our", "it") and proposed:
            return proposed, None, "self", j
        if m is not None and m.type in ROLE_TYPES and is_subject_at(lowers, m, s):
            return m.key, m, "explicit", m.start
    return None


def find_objects(lex: CueLexicon, lowers: list[str], at: At, cue: Cue, e: int,
                 subject: Optional[str]) -> list[Mention]:
    """Models/methods compared against: the first after the cue, and those coordinated with it."""
    limit = min(e, cue.end + 18)
    first: Optional[Mention] = None
    j = cue.end
    while j < limit:
        w = lowers[j]
        if w in CLAUSE_STOPS or w in (".",):
            break
        m = at[j]
        if m is not None:
            if m.type in ROLE_TYPES and m.key != subject:
                first = m
                break
            j = m.end
            continue
        j += 1
    if first is None:
        return []
    between = lowers[cue.end:first.start]
    if any(w in lex.unnamed_objects for w in between) and not any(w in lex.example_words for w in between):
        return []  # `outperforms strong baselines with ... of ZorbNet`: the baselines are not named
    # Only a comparison takes an object: a direct object of outperform/match, or after than/over/with.
    if cue.kind in ("improves", "reduces", "achieves"):
        between = lowers[cue.end:first.start]
        if not any(w in lex.object_links for w in between):
            return []
    out = [first]
    j = first.end
    while j < limit:
        k = j
        while k < limit and (lowers[k] in COORD or lowers[k] in ("'s", "’s") or (
                k + 1 < limit and lowers[k + 1] in ("'s", "’s"))):
            k += 1
        nxt = at[k] if k < limit else None
        if k == j or nxt is None or nxt.type not in ROLE_TYPES:
            break
        if nxt.key != subject:
            out.append(nxt)
        j = nxt.end
    return out


def nearest(ments: Iterable[Mention], pos: int, s: int, e: int, type_: str, window: int = 8) -> Optional[Mention]:
    best, dist = None, None
    for m in ments:
        if m.type != type_ or m.start < s or m.end > e:
            continue
        d = m.start - pos if m.start >= pos else pos - m.end + 1
        if d <= window and (dist is None or d < dist):
            best, dist = m, d
    return best


def unique(ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


def name_before_by(lowers: list[str], at: At, q: Quantity, cue: Cue) -> Optional[Mention]:
    """The model or method right before `by N` (after the cue), or None."""
    k = q.start - 1
    while k > cue.end and lowers[k] in ("up", "to", "over", "more", "than", "about", "nearly", "almost",
                                        "approximately", "roughly", "around", "just", "only", "a", "an"):
        k -= 1
    if k <= cue.end or lowers[k] != "by":
        return None
    m = at[k - 1] if k - 1 >= cue.end else None
    return m if m is not None and m.type in ROLE_TYPES else None


def pair_up(names: list[Mention], numbers: list[Quantity], q: Quantity) -> list[Mention]:
    """The names that go with number q when several numbers share a cue: `beats A by 2.1%, B by 3.5%`
    (each number after its name), `beats A and B by 1.5% and 2.5% (respectively)` (in order);
    all of them when the text does not pair them."""
    if len(names) < 2 or len(numbers) < 2:
        return names
    if len(names) == len(numbers):
        # interleaved (name, number, name, number) or in order (`respectively`): the same pairing
        return [names[numbers.index(q)]]
    return names


def bracket_label(lowers: list[str], at: At, q: Quantity, s: int) -> Optional[Mention]:
    """`ZorbNet (71.0%), BERT (64.5%)`: a score in brackets right after a model or method name is that
    name's score; the name, or None."""
    if q.form == "signed" or q.start - 2 < s or lowers[q.start - 1] != "(" or q.end >= len(lowers) \
            or lowers[q.end] != ")":
        return None
    m = at[q.start - 2]
    return m if m is not None and m.type in ROLE_TYPES else None


def outside_brackets(lowers: list[str], s: int, i: int) -> int:
    """The position of the `(` that encloses token i, or i (`models (e.g., +1.8 BLEU)`)."""
    depth = 0
    for j in range(i - 1, s - 1, -1):
        if lowers[j] == ")":
            depth += 1
        elif lowers[j] == "(":
            if depth == 0:
                return j
            depth -= 1
    return i


def gap(lowers: list[str], a: int, b: int) -> int:
    """Tokens between a and b, not counting bracketed asides or an appositive right after a
    (`ZorbNet, a small routing model built on ..., was found to match`)."""
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


def improved_base(lowers: list[str], at: At, s: int, cue: Cue, subject: Optional[str]) -> Optional[Mention]:
    """The model an improvement is applied to, which ANNOTATION.md takes as its object: one the cue verb
    names as the owner of what rises (`raises ZorbNet's accuracy`, `boosts a ZorbNet agent's reward`), else
    the last one named after `on`/`with` before the cue (`On ZorbNet, the method gains 3%`,
    `tuning with ZorbNet yields gains of 3%`); None when there is none."""
    j = cue.end
    while j < len(lowers) and lowers[j] in ("a", "an", "the"):
        j += 1
    m = at[j] if j < len(lowers) else None
    if m is not None and m.type in ROLE_TYPES and m.key != subject and cue.pos == "verb":
        k = m.end + (m.end < len(lowers) and lowers[m.end].isalpha() and lowers[m.end] not in ("'s", "’s"))
        if k < len(lowers) and lowers[k] in ("'s", "’s"):
            return m
    found: Optional[Mention] = None
    j = s
    while j < cue.start:
        m = at[j]
        if m is None:
            j += 1
            continue
        if m.type in ROLE_TYPES and m.key != subject and m.start > s and lowers[m.start - 1] in ("on", "with"):
            found = m
        j = m.end
    return found
