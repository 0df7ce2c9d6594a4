"""Claim cues: the words that state a result (`outperforms`, `30% fewer`, `on par with`), by kind.

The words are data (`data/claim_cues.json`); this module reads them into a `CueLexicon` and finds the cues of
a sentence: the longest phrase at each position, not negated (`does not outperform`), marked when they state
an aim rather than a result (`To improve X, we ...`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.extractors.lexicon import table


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
class CueLexicon:
    words: dict[str, tuple[str, str]]  # token -> (kind, pos)
    phrases: dict[tuple[str, ...], tuple[str, str]]
    max_phrase: int
    change_verbs: frozenset[str]
    sota: dict[tuple[str, ...], bool]
    negators: frozenset[str]
    purpose: frozenset[str]
    self_determiners: frozenset[str]
    self_nouns: frozenset[str]
    object_links: frozenset[str]
    dataset_links: frozenset[str]
    overrides: dict[tuple[str, ...], str]
    enablers: frozenset[str]
    comparatives: frozenset[str]
    phrase_lengths: dict[str, tuple[int, ...]]  # first word -> phrase lengths, longest first
    starters: frozenset[str]  # words that may start a cue
    sota_lengths: dict[str, tuple[int, ...]]
    more_than_kind: str
    adjective_endings: tuple[str, ...]
    noun_before: frozenset[str]
    noun_after: frozenset[str]
    cost_nouns: frozenset[str]
    how_often: frozenset[str]
    light_verbs: frozenset[str]
    light_reach: int
    time_words: frozenset[str]
    unnamed_objects: frozenset[str]
    example_words: frozenset[str]
    time_units: frozenset[str]
    noun_forms: frozenset[str]  # cue words that are nouns too (`gain`, `boost`): `5% accuracy gains`


def build_lexicon(tokenize: Callable[[str], list[str]]) -> CueLexicon:
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
    return CueLexicon(
        words=words, phrases=phrases, max_phrase=max(len(p) for p in phrases),
        change_verbs=frozenset(data["change_verbs"]), sota=sota, negators=frozenset(data["negators"]),
        purpose=frozenset(data["purpose"]),
        self_determiners=frozenset(data["self_reference"]["determiners"]),
        self_nouns=frozenset(data["self_reference"]["nouns"]),
        object_links=frozenset(data["object_links"]), dataset_links=frozenset(data["dataset_links"]),
        overrides=overrides, enablers=frozenset(data["enablers"]), comparatives=frozenset(data["comparatives"]),
        phrase_lengths=lengths_by_first(phrases), sota_lengths=lengths_by_first(sota),
        starters=frozenset(words) | frozenset(p[0] for p in phrases) | {"more"},
        more_than_kind=data["more_than"]["kind"], adjective_endings=tuple(data["more_than"]["adjective_endings"]),
        noun_before=frozenset(data["noun_markers"]["before"]), noun_after=frozenset(data["noun_markers"]["after"]),
        cost_nouns=frozenset(data["share_of"]["cost_nouns"]), how_often=frozenset(data["share_of"]["how_often"]),
        light_verbs=frozenset(data["light_verbs"]["words"]), light_reach=int(data["light_verbs"]["reach"]),
        time_words=frozenset(data["time_taken"]["words"]), time_units=frozenset(data["time_taken"]["units"]),
        unnamed_objects=frozenset(data["unnamed_objects"]["nouns"]),
        example_words=frozenset(data["unnamed_objects"]["examples"]),
        noun_forms=frozenset(w.lower() for entries in data["nouns"].values() for w in entries),
    )


def lengths_by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Scanning helper: only words that start a phrase are looked at, with the lengths to try."""
    out: dict[str, set[int]] = {}
    for p in phrases:
        out.setdefault(p[0], set()).add(len(p))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in out.items()}


def find_cues(lex: CueLexicon, lowers: list[str], s: int, e: int, positions: list[int] | None = None,
              texts: list[str] | None = None) -> list[Cue]:
    """The cues of tokens [s, e); `positions` are the only tokens that may start one (all when None)."""
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
        if not hit:
            length = more_adjective_than(lex, lowers, i, e) or 1
            hit = (lex.more_than_kind, "phrase") if length > 1 else None
        if hit and i > s and texts[i][:1].isupper():
            hit = None  # a capitalised cue word inside a sentence is part of a name (`Noise Reduced Zorb`)
        if hit and length == 1 and hit[0] == "matches" and hit[1] == "verb" and used_as_noun(lex, lowers, i, s, e):
            hit = None
        if hit:
            prev = lowers[i - 1] if i - 1 >= s else ""
            prev2 = lowers[i - 2] if i - 2 >= s else ""
            # `does not outperform`, `fails to match`; but `not only beats` is a result.
            negated = (prev in lex.negators or prev2 in lex.negators) and prev != "only"
            if not negated:
                text = w if length == 1 else " ".join(lowers[i:i + length])
                cues.append(Cue(i, i + length, hit[0], hit[1], text, is_purpose(lex, lowers, s, i)))
            skip_to = i + length
    return cues


def more_adjective_than(lex: CueLexicon, lowers: list[str], i: int, e: int) -> int:
    """`more robust than`, `more cost-effective than`: a comparison, its length in tokens (0 for none);
    `more data than` is none (the word before `than` must end like an adjective)."""
    if lowers[i] != "more":
        return 0
    j = i + 1
    while j + 2 < e and lowers[j + 1] == "-":
        j += 2  # a hyphenated compound adjective: its last part is the adjective
    if j + 1 < e and lowers[j + 1] == "than" and lowers[j].endswith(lex.adjective_endings):
        return j + 2 - i
    return 0


def used_as_noun(lex: CueLexicon, lowers: list[str], i: int, s: int, e: int) -> bool:
    """A verb cue used as a noun: `an exact match of 50%`, `the match rate`; it states no result."""
    before = lowers[i - 1] if i > s else ""
    after = lowers[i + 1] if i + 1 < e else ""
    return before in lex.noun_before or after in lex.noun_after


# Words before `to VERB` that make the infinitive a result: `is shown to improve`, `was found to reduce`.
ATTESTED = frozenset({"shown", "found", "proven", "proved", "able", "observed", "demonstrated", "reported",
                      "known", "seen", "likely", "unable", "managed", "manages", "continues", "tends", "tend"})


def is_purpose(lex: CueLexicon, lowers: list[str], s: int, i: int) -> bool:
    """`To improve X, we ...`, `aims to reduce`: an aim, not a result (`enables X to outperform` is one)."""
    if i - 1 < s or lowers[i - 1] != "to":
        return False
    if i - 1 == s:
        return True
    window = range(max(s, i - 6), i - 1)
    if any(lowers[j] in lex.enablers or lowers[j] in ATTESTED for j in window):
        return False  # `enables X to outperform`, `is shown to improve`: a result
    return True  # `..., combining two views to improve recall`: an aim


def light_verb_before(lex: CueLexicon, lowers: list[str], s: int, cue: Cue) -> int:
    """`shows consistent gains`, `brings large improvements`: the position of the verb that states a result
    through the noun cue, within a few words before it (no punctuation between), or -1."""
    for j in range(cue.start - 1, max(s - 1, cue.start - 1 - lex.light_reach), -1):
        w = lowers[j]
        if w in lex.light_verbs:
            return j
        if not (w.isalpha() or w == "-"):
            break
    return -1


def has_sota(lex: CueLexicon, lowers: list[str], s: int, e: int, positions: list[int]) -> bool:
    """Does a state-of-the-art phrase start within [s, e)? (`positions`: where such phrases may start.)"""
    sota_lengths = lex.sota_lengths
    for i in positions:
        if s <= i < e:
            if i + 1 < len(lowers) and lowers[i + 1] == "to":
                continue  # `leading to lower loss`: a consequence, not a rank
            for n in sota_lengths[lowers[i]]:
                if tuple(lowers[i:i + n]) in lex.sota:
                    return True
    return False


def finite(lowers: list[str], cue: Cue) -> bool:
    """A finite verb form: `improves`, `improved`, `reduce` after a plural subject; not `improving`."""
    w = lowers[cue.start]
    if w.endswith("ing"):
        return False
    prev = lowers[cue.start - 1] if cue.start > 0 else ""
    return not (prev in ("the", "a", "an", "of", "with", "for", "exact", "many", "few", "no", "these", "those")
                or (prev.endswith("ing") and prev != "nothing"))
