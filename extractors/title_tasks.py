"""Task names the title writes in Title Case and the abstract repeats (issue 12, cause 2):

    Title:    Probing Quux Models for Lifelong Widget Adaptation
    Abstract: ... we study lifelong widget adaptation, where ...

The title capitalises the problem a paper is built around; the abstract then writes it in lower case, where
no frame marks it as a name. A run of two to four capitalised title words (function words end it) that ends
in a task noun (`adaptation`, `reasoning`, `modeling`; `data/head_types.json`) or in a task the lists found in the
abstract (`Regional Nowcasting`, `Streaming Bilingual ASR`: the longer, more specific name) is a Task wherever the abstract
repeats it, in any case; the longest end of the run that the abstract repeats is taken
(`Efficient Widget Adaptation` gives `widget adaptation` when the abstract never says `efficient widget adaptation`).
A run that ends in `Problem` or `Task` names the problem by the words before the noun, whatever their head
(`Solving the Widget Drift Problem`, `the Bin Packing Problem`), unless a participle stands before it (`Shared
Task`); of the 117 arXiv 2025 titles with such a run, it gave 12 names the abstract repeats, all problems or tasks
by eye (`bin packing`, `symbol grounding`, `container stowage planning`, `tax calculation`).
Single words (`Generation`) are too generic to be names on their own, and `learning` ends a run: titles
name paradigms with it (`Transfer Learning`, `Preference Learning`), which ANNOTATION.md leaves out (on the 160
annotated abstracts the frame found three `X Learning` phrases with it, none annotated). The stop words are `not_modifiers` and
`title_stop` in `data/task_metric_frames.json`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable, Optional

from kg.extractors.mentions import SOURCE_SCORE, Mention
from kg.extractors.tokens import TokenView

_PART = re.compile(r"[:;,.?!()\[\]{}\"“”&|]")  # punctuation ends a run
_MIN_WORDS, _MAX_WORDS = 2, 4
_CUES = frozenset({"problem", "task"})  # a title run ending in one of them names a problem or task
_FUNCTION = frozenset({"a", "an", "the", "of", "for", "and", "or", "in", "on", "with", "to", "via", "by", "from", "at",
                       "as", "into", "towards", "toward", "using", "under", "without", "beyond", "through", "over",
                       "versus", "vs", "is", "are", "do", "does", "can", "how", "why", "when", "where", "what", "not",
                       "more", "than", "it", "its", "their", "our", "your", "we"})


def _title_word(word: str) -> bool:
    """`Adaptation`, `Test-Time`, `Few-shot`: a capital then lower-case letters (an all-capital word is an
    abbreviation or a name: left to the other rules)."""
    return word[:1].isupper() and any(c.islower() for c in word) and word.replace("-", "").isalpha()


def _runs(title: str, stop: frozenset[str], known: frozenset[str]) -> list[tuple[str, list[str]]]:
    """Runs of capitalised title words, broken by punctuation, function words and other words; a listed task
    abbreviation may end a run (`Streaming Widget ASR`). Each with the content word before it, if any (`Few` in
    `Few Shot Widget Segmentation`, where `few` is a stop word), else ``."""
    runs: list[tuple[str, list[str]]] = []
    for part in _PART.split(title):
        current: list[str] = []
        before = ""
        for word in part.split() + [""]:
            if word and _title_word(word) and word.lower() not in stop:
                current.append(word)
                continue
            if current and word.lower() in known:
                current.append(word)
            if current:
                runs.append((before, current))
                current = []
            before = word.lower() if word.isalpha() and word[:1].isupper() and word.lower() not in _FUNCTION else ""
    return runs


def _occurrences(v: TokenView, lower_text: str, phrase: str) -> list[tuple[int, int]]:
    """Token spans of the abstract that spell `phrase` (any case), at token boundaries."""
    out = []
    k = lower_text.find(phrase)
    while k >= 0:
        i = bisect_left(v.starts, k)
        end_char = k + len(phrase)
        if i < len(v) and v.starts[i] == k and not (i > 0 and v.texts[i - 1] == "-" and not v.spaces[i - 1]):
            j = bisect_left(v.starts, end_char)
            if v.end_char(j - 1) == end_char and not (j < len(v) and v.texts[j] == "-" and not v.spaces[j - 1]):
                out.append((i, j))  # (not a part of a hyphenated word: `few-shot segmentation`)
        k = lower_text.find(phrase, k + 1)
    return out


def title_tasks(v: TokenView, title: str, found: list[Mention], stop: frozenset[str],
                head_type: Callable[[str], Optional[str]]) -> None:
    if not title:
        return
    lower_text: Optional[str] = None
    # Tasks the lists found in the abstract (`nowcasting`, `ASR`): a run ending in one ends in a task
    known = frozenset(m.text.lower() for m in found if m.type == "Task" and m.source == "gazetteer")
    for before, run in _runs(title, stop, known):
        if len(run) > _MIN_WORDS and run[-1].lower() in _CUES:
            if run[-2].lower().endswith("ed"):
                continue  # (`The Third Shared Task`: a participle, no name)
            run = run[:-1]  # `Solving the Widget Drift Problem`: the words before the noun name the problem
        elif head_type(run[-1].lower()) != "Task" and not any(
                " ".join(run[k:]).lower() in known for k in range(len(run))):
            continue
        for k in range(max(0, len(run) - _MAX_WORDS), len(run) - _MIN_WORDS + 1):
            phrase = " ".join(run[k:]).lower()
            if lower_text is None:
                lower_text = v.text.lower()
            # where the abstract writes the title's word before it too (`light field salient object detection`
            # for the run's last four words), the phrase is a fragment of a longer name
            prev = run[k - 1].lower() if k else before
            spans = [(s, e) for s, e in _occurrences(v, lower_text, phrase)
                     if not (prev and s > 0 and v.lowers[s - 1] == prev)]
            if spans:
                for m in found:  # a listed task on the same words is the title's too
                    if m.type == "Task" and (m.start, m.end) in spans:
                        m.tags = m.tags | {"title_task"}
                for s, e in spans:
                    found.append(Mention(s, e, "Task", "phrase", SOURCE_SCORE["phrase"], typed_by="frame",
                                         text=v.span_text(s, e), tags={"frame", "title_task"}))
                break
