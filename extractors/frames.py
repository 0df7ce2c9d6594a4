"""Lower-case Task and Metric names in clear sentence frames (issue 12, cause 2):

    the product understanding task         X task(s) / X problem(s), X headed by a task noun
    tasks such as A, B and C               examples after a task noun
    in terms of X, reduces X by, gains in X   a metric phrase after a result word, headed by a metric noun
    Title: ... for Lifelong Widget Adaptation   a title task phrase the abstract repeats (title_tasks.py)
    Cohen's kappa; a new task, Quux QA, ...   a statistic after its author, a name beside a new task (set_names.py)
    we introduce knob-aware widget distillation   a technique the paper introduces (technique_frames.py)

A name is one to three lower-case words (hyphenated compounds count as one word) ending in a head noun of
its type (`classification`, `answering`; `cost`, `accuracy`). The words come from
`data/task_metric_frames.json`, `data/head_types.json` and `data/metric_compounds.json`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extractors.corpus_types import load_extensions
from kg.extractors.lexicon import table
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions
from kg.extractors.set_names import apposed_task, eponymous
from kg.extractors.task_definitions import defined_tasks
from kg.extractors.task_ellipsis import elliptic_tasks
from kg.extractors.technique_frames import proposed_techniques
from kg.extractors.title_tasks import title_tasks
from kg.extractors.tokens import TITLE_KEY, TokenView, view, watch

_MAX_WORDS = 3
_CLAUSE_END = frozenset({".", ";", ":", "(", ")", "!", "?"})


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    frames = table("task_metric_frames")
    heads = table("head_types")["heads"]
    compounds = table("metric_compounds")
    metric_heads = {h for h, t in heads.items() if t == "Metric"} | set(compounds["heads"]) | set(
        compounds["restricted_heads"]) | set(frames["metric_heads"])
    task_heads = {h for h, t in heads.items() if t == "Task"}
    before: dict[str, list[tuple[str, ...]]] = {}  # first word -> sequences, longest first
    for seq in sorted((tuple(x) for x in frames["metric_before"]), key=len, reverse=True):
        before.setdefault(seq[0], []).append(seq)
    task_cues = frozenset(frames["task_cues"])
    metric_cues = frozenset(frames["metric_cues"])
    namers = frames["namers"]
    list_cues = [tuple(seq) for seq in frames["list_cues"]]
    watch(task_cues | metric_cues | frozenset(namers["after_we"]) | frozenset(namers["participles"]) | frozenset(before)
          | {seq[0] for seq in list_cues})
    cue_nouns = {k: v for k, v in table("entity_cues")["after"].items() if " " not in k}
    cue_nouns.update({k: v for k, v in namers["heads"].items()})
    out = {
        "task_cues": task_cues,
        "metric_cues": metric_cues,
        "namers_we": frozenset(namers["after_we"]),
        "namers": frozenset(namers["participles"]),
        "namers_not_before": frozenset(namers["not_before"]),
        "namer_nouns": {k: ("Method" if v == "Model" else v) for k, v in cue_nouns.items()},
        "list_cues": list_cues,
        "metric_before": before,
        "metric_heads": frozenset(metric_heads),
        "task_heads": frozenset(task_heads),
        "stop": frozenset(frames["not_modifiers"]),
    }
    out["metric_first"] = frozenset(before)
    out["statistic_heads"] = frozenset(frames["statistic_heads"]["words"])
    return out


_data()


@lru_cache(maxsize=1)
def _title_stop() -> frozenset[str]:
    return _data()["stop"] | frozenset(table("task_metric_frames")["title_stop"])


def _head_type(word: str) -> Optional[str]:
    """`question-answering` and `understandings` end in task nouns; a metric noun must be the whole word
    (`inference-time` is a modifier)."""
    d = _data()
    last = word.rsplit("-", 1)[-1]
    for w in (word, last, word[:-1] if word.endswith("s") else None, last[:-1] if last.endswith("s") else None):
        if w and w in d["task_heads"]:
            return "Task"
    for w in (word, word[:-1] if word.endswith("s") else None):
        if w and w in d["metric_heads"]:
            return "Metric"
    return None


def _word_before(v: TokenView, end: int) -> Optional[int]:
    """Start of the lower-case word (hyphen compounds glued) that ends at token `end` - 1, or None."""
    k = end - 1
    if k < 0 or not _plain(v.texts[k]):
        return None
    while k - 2 >= 0 and v.texts[k - 1] == "-" and not v.spaces[k - 1] and not v.spaces[k - 2] and _plain(v.texts[k - 2]):
        k -= 2
    if k > 0 and not v.spaces[k - 1] and v.texts[k - 1] not in ("(", "\"", "“", "'"):
        return None  # glued to something else (`GPT-4-based`)
    return k


def _word_after(v: TokenView, start: int) -> Optional[int]:
    """End of the lower-case word (hyphen compounds glued) starting at token `start`, or None."""
    n = len(v)
    if start >= n or not _plain(v.texts[start]):
        return None
    k = start + 1
    while k + 1 < n and v.texts[k] == "-" and not v.spaces[k - 1] and not v.spaces[k] and _plain(v.texts[k + 1]):
        k += 2
    return k


def _plain(text: str) -> bool:
    return text.isalpha() and text.islower()


def _phrase_before(v: TokenView, end: int, stop: frozenset[str], gerund_stops: bool = False) -> Optional[int]:
    """Start of a phrase of up to three words ending at `end`, none of them in `stop`; with `gerund_stops`,
    a word in -ing before the last one ends it (`improving reasoning tasks`; a metric keeps its
    `training loss`)."""
    start = None
    j = end
    for _ in range(_MAX_WORDS):
        k = _word_before(v, j)
        if k is None or v.span_text(k, j).lower() in stop or (v.texts[j - 1].endswith(("ed", "ly")) and k == j - 1):
            break
        if gerund_stops and start is not None and k == j - 1 and v.texts[k].endswith("ing"):
            break  # a verb before the name (`improving reasoning`), not a modifier
        start = k
        j = k
        if k > 0 and not v.spaces[k - 1]:
            break
    return start


def _phrase_after(v: TokenView, start: int, stop: frozenset[str], head: str) -> Optional[int]:
    """End of the longest phrase of up to three words from `start` whose last word is a `head` noun."""
    best = None
    j = start
    for _ in range(_MAX_WORDS):
        k = _word_after(v, j)
        if k is None or v.span_text(j, k).lower() in stop:
            break
        if _head_type(v.span_text(j, k).lower()) == head:
            best = k
        j = k
        if k < len(v) and not v.spaces[k - 1]:
            break
    return best


def _add(v: TokenView, found: list[Mention], start: int, end: int, type_: str, single_ok: bool = False,
         tags: frozenset[str] = frozenset()) -> None:
    """A name of two or more words (one word alone, `prediction`, `quality`, is too generic to name a task
    or a metric here, unless a number measures it, `an accuracy of 81%`, or a list of metrics names it)."""
    text = v.span_text(start, end)
    if " " not in text and "listed" not in tags and (
            not single_ok or (text.endswith("s") and not text.endswith(("ss", "us", "is")))):
        return  # `errors of 3`: a count, not the metric
    if type_ == "Task" and text.endswith("s") and _head_type(text.rsplit(" ", 1)[-1][:-1]) == "Task":
        text = text[:-1]  # `speech recognitions tasks`
    found.append(Mention(start, end, type_, "phrase", SOURCE_SCORE["phrase"], typed_by="frame", text=text,
                         tags={"frame"} | tags))


def _cast_as(v: TokenView, start: int, i: int) -> bool:
    """`we cast widget routing as a bilevel gadget problem`: what a problem is cast as (`as a/an X problem/task`,
    `as` inside the sentence) is a task, whatever its head noun."""
    return start >= 3 and v.lowers[i] in ("problem", "task") and v.lowers[start - 1] in ("a", "an") and (
        v.texts[start - 2] == "as") and v.texts[start - 3].isalpha()


def _matches(v: TokenView, i: int, seq: tuple[str, ...]) -> bool:
    # i can be one past the last token: a task cue that ends the text (`... for text-driven HOI tasks`)
    return i < len(v.lowers) and v.lowers[i] == seq[0] and tuple(v.lowers[i:i + len(seq)]) == seq


@Language.component("kg_frames")
def find_frames(doc: Doc) -> Doc:
    d = _data()
    v = view(doc)
    found = mentions(doc)
    stop = d["stop"]
    for i in v.positions(d["task_cues"]):
        # `the recipe understanding task`
        start = _phrase_before(v, i, stop, gerund_stops=True)
        if start is not None and (_head_type(v.span_text(start, i).lower().split()[-1]) == "Task" or _cast_as(
                v, start, i)):
            _add(v, found, start, i, "Task")
        # `tasks such as A, B, and C`
        for seq in d["list_cues"]:
            j = i + 1 + (1 if i + 1 < len(v) and v.texts[i + 1] in (",", "(") else 0)
            if _matches(v, j, seq):
                _examples(v, found, j + len(seq), stop)
                break
        apposed_task(v, found, i, stop)
    for i in v.positions(d["metric_cues"]):
        # `metrics such as A, B and C`, `criteria including A and B`, `measures (e.g., A)`
        j = i + 1 + (1 if i + 1 < len(v) and v.texts[i + 1] in (",", "(") else 0)
        for seq in d["list_cues"]:
            if _matches(v, j, seq):
                _metric_examples(v, found, j + len(seq), stop)
                break
    for i in v.positions(d["namers_we"] | d["namers"]):
        _named(v, found, i, d)
    for i in v.positions(d["metric_first"]):
        for seq in d["metric_before"][v.lowers[i]]:
            if not _matches(v, i, seq):
                continue
            j = i + len(seq)
            while j < len(v) and v.lowers[j] in ("the", "its", "their", "our", "a", "an"):
                j += 1
            end = _phrase_after(v, j, stop, "Metric")
            if end is not None:
                _add(v, found, j, end, "Metric")
            break
    _measured(v, found, stop)
    eponymous(v, found, d["statistic_heads"], d["stop"], _word_after)
    proposed_techniques(v, found, stop, _word_after)
    _extend_known(v, found)
    defined_tasks(v, found, stop)
    title_tasks(v, doc.user_data.get(TITLE_KEY) or "", found, _title_stop(), _head_type)
    elliptic_tasks(v, found)
    return doc


def _extend_known(v: TokenView, found: list[Mention]) -> None:
    """`brain tumor segmentation` for the listed `tumor segmentation`: a listed lower-case task or technique
    takes the word before it when the mined corpus writes the two as one name (`data/lexicon/extensions.tsv`,
    extensions.py); the longer span wins in `kg_resolve`."""
    extensions = load_extensions()
    if not extensions:
        return
    for m in [m for m in found if m.source == "gazetteer" and m.type in ("Task", "Method") and m.start > 0]:
        k = m.start - 1
        if not v.spaces[k] or (k > 0 and not v.spaces[k - 1] and v.texts[k - 1] == "-"):
            continue
        name = v.span_text(m.start, m.end)
        if name == name.lower() and (v.texts[k], name) in extensions:
            found.append(Mention(k, m.end, m.type, "phrase", SOURCE_SCORE["phrase"], typed_by="frame",
                                 text=v.span_text(k, m.end), tags={"frame", "extended"}))


_NUMBER = re.compile(r"^[~≈]?\d+(?:\.\d+)?$")
@lru_cache(maxsize=100_000)
def _is_number(text: str) -> bool:
    return _NUMBER.match(text) is not None


_UNIT_AFTER = frozenset({"%", "\\%", "x", "×", "points", "pp"})


def _measured(v: TokenView, found: list[Mention], stop: frozenset[str]) -> None:
    """`an absolute deviation of 1.4%`, `81% routing accuracy`: a metric phrase a number measures."""
    texts, n = v.texts, len(v)
    for i in v.marked():
        if not _is_number(texts[i]):
            continue
        if i >= 2 and v.lowers[i - 1] == "of" and _head_type(v.lowers[i - 2]) == "Metric":
            start = _phrase_before(v, i - 1, stop)
            if start is not None:
                _add(v, found, start, i - 1, "Metric", single_ok=True)
        j = i + 1
        if j < n and texts[j] in _UNIT_AFTER:
            j += 1
            end = _phrase_after(v, j, stop, "Metric")
            if end is not None:
                _add(v, found, j, end, "Metric", single_ok=True)


# prepositions that may follow a listed task (`and even widget question-answering about products`)
_EXAMPLE_AFTER = frozenset({"about", "on", "in", "for", "with", "from", "across", "over", "under", "using", "via"})


def _examples(v: TokenView, found: list[Mention], j: int, stop: frozenset[str]) -> None:
    """Task names listed from token j: `A, B, and even C`, each ending in a task noun."""
    n = len(v)
    while j < n and v.texts[j] not in _CLAUSE_END:
        if v.lowers[j] in (",", "and", "or", "even", "as", "well"):
            j += 1
            continue
        end = _phrase_after(v, j, stop, "Task")
        if end is None:
            return
        nxt = v.lowers[end] if end < n else "."
        if nxt not in (",", "and", "or", ".", ")", ";") and nxt not in _EXAMPLE_AFTER:
            return  # the phrase goes on (`image classification models`)
        _add(v, found, j, end, "Task")
        j = end


_LIST_END = frozenset({",", "and", "or", ".", ")", ";", ":"})


def _metric_examples(v: TokenView, found: list[Mention], j: int, stop: frozenset[str]) -> None:
    """Metric names listed from token j after `metrics such as`: each one to three lower-case words (the frame
    says they are metrics, so no head noun is asked for), each followed by a list joiner or the clause end."""
    n = len(v)
    while j < n and v.texts[j] not in _CLAUSE_END:
        if v.lowers[j] in (",", "and", "or", "even", "as", "well"):
            j += 1
            continue
        end, k = None, j
        for _ in range(_MAX_WORDS):
            k2 = _word_after(v, k)
            if k2 is None or v.span_text(k, k2).lower() in stop:
                break
            k = k2
            if k >= n or v.lowers[k] in _LIST_END:
                end = k
                break
        if end is None:
            return  # not a plain list of short lower-case names (`metrics such as those used in ...`)
        _add(v, found, j, end, "Metric", tags=frozenset({"listed"}))
        j = end


_ABBREVIATION = re.compile(r"^[A-Z]{2,5}$")
_NAME_END = frozenset({",", ".", ";", ":", "(", ")", "\"", "”", "'", "which", "that", "where", "to", "for", "in", "on",
                       "with", "and", "by", "is", "are", "was", "were"})
_MAX_NAMED = 4


def _named(v: TokenView, found: list[Mention], i: int, d: dict[str, Any]) -> None:
    """`a scheme we call quill routing,`, `an effect, which we term zorb drift.`, `a risk termed
    overfolding`: a lower-case name (abbreviations allowed inside: `LM up-mixing`) of up to four words that ends
    the noun phrase. Typed by the noun before the naming word (`phenomenon` -> Task, `baseline` -> Method), else
    Method; a single plural word names a class of objects (`pieces we call shards`), not an entity."""
    low = v.lowers[i]
    if low in d["namers_we"]:
        if i == 0 or v.lowers[i - 1] != "we":
            return
        k = i - 2
    else:
        if i > 0 and v.lowers[i - 1] in d["namers_not_before"]:
            return
        k = i - 1
    n = len(v)
    j = i + 1
    while j < n and v.lowers[j] in ("as", "the", "a", "an", "\"", "“"):
        j += 1
    start, words, lower = j, 0, False
    while j < n and words < _MAX_NAMED:
        t = v.texts[j]
        if _plain(t) and v.lowers[j] not in _NAME_END:
            lower = True
        elif not _ABBREVIATION.match(t):
            break
        j += 1
        while j + 1 < n and v.texts[j] == "-" and not v.spaces[j - 1] and not v.spaces[j] and (
                _plain(v.texts[j + 1]) or _ABBREVIATION.match(v.texts[j + 1])):
            j += 2
        words += 1
        if j < n and v.spaces[j - 1] is False and v.texts[j] not in _NAME_END:
            return  # glued to something else
    if not lower or j == start or (j < n and v.lowers[j] not in _NAME_END) or v.lowers[start] in d["stop"]:
        return  # `we call our networks`: no name
    text = v.span_text(start, j)
    if " " not in text and text.endswith("s") and not text.endswith(("ss", "us", "is")):
        return
    while k >= 0 and v.lowers[k] in (",", "which", "what"):
        k -= 1
    type_ = d["namer_nouns"].get(v.lowers[k], "Method") if k >= 0 else "Method"
    found.append(Mention(start, j, type_, "phrase", SOURCE_SCORE["phrase"], typed_by="frame", text=text,
                         tags={"frame", "named"}))
