"""Multi-word names written in capitals mid-sentence (`the Drift Horizon`, `Zorb Score`,
`Open Agent Leaderboard`): names that have no special shape and are in no list.

Only runs of two to five capitalised words that do not open a sentence count, and common capitalised
words (`We`, `Table`, month names) break them. The candidates are untyped (`kg_types` decides) and weak:
`kg_resolve` keeps one only when something else supports it (a type cue, a long form's head, a
proposal, or a second mention).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.lexicon import words
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions
from kg.extractors.tokens import view


@lru_cache(maxsize=100_000)
def _capitalised(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].replace("-", "").isalpha()


@Language.component("kg_capitalised")
def find_capitalised_names(doc: Doc) -> Doc:
    v = view(doc)
    texts, lowers, spaces = v.texts, v.lowers, v.spaces
    stop = words("capitalised_stopwords")
    names_stop = words("name_stopwords")
    found = mentions(doc)
    n = len(texts)
    done = 0
    # Only tokens starting with a capital can open a run (a cheap first filter over the whole doc).
    for i in [k for k in v.marked() if texts[k][:1].isupper()]:
        if i < done or not _capitalised(texts[i]) or v.sent_start[i] or lowers[i] in stop:
            continue
        j = i
        while j < n and _capitalised(texts[j]) and lowers[j] not in stop and (j == i or not v.sent_start[j]):
            j += 1
            # A hyphen glued on both sides joins two capitalised parts into one word (`Self-Tuning`).
            while j + 1 < n and texts[j] == "-" and not spaces[j - 1] and not spaces[j] and _capitalised(texts[j + 1]):
                j += 2
        done = max(j, i + 1)
        if j == i + 1:
            continue  # one word (most runs): no name of two to five words
        words_in_run = sum(1 for k in range(i, j) if texts[k] != "-" and (k == i or spaces[k - 1]))
        if not 2 <= words_in_run <= 5:
            continue
        # At least one word in Title case: a run of acronyms (`SOTA QAT`) is left to the shape rules.
        # A generic abbreviation makes a run generic (`Efficient LLM`), unless the run is longer and ends in
        # another word (`Open LLM Leaderboard`).
        generic = any(lowers[k] in names_stop for k in range(i, j)) and (
            words_in_run < 3 or lowers[j - 1] in names_stop)
        if any(not texts[k].isupper() for k in range(i, j) if texts[k] != "-") and not generic:
            found.append(Mention(i, j, None, "capitalised", SOURCE_SCORE["capitalised"], text=v.span_text(i, j),
                                 tags={"weak"}))
    return doc
