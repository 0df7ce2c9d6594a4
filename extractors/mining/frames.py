"""Type evidence for names from the words around them, in one sentence.

Frames (the word lists are data, `extractors/data/mining_frames.json`):
- head noun after the name: `the X dataset`, `X models`, `X task`, `X score`; `X (SF) task` and
  coordinations `X and Y benchmarks` vote for each name;
- phrase before the name: `trained on X`, `fine-tune X`, `in terms of X`, `tasks such as X, Y and Z`;
- numbers: `45.3 X` and `X of 45.3%` make X a Metric; `85.3% on X` makes X a Dataset;
- shapes: `Recall@1` is a Metric, a parameter count (`Llama-3-8B`) marks a Model.
Lower-case phrases (`the image classification task`, `in terms of top-1 accuracy`) get Task and Metric
votes only, where lower-case names are the rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extractors.lexicon import table
from kg.extractors.mining.names import Span, has_size
from kg.extractors.mining.shapes import is_number

MAX_PHRASE = 4
_LIST_JOINERS = frozenset({",", "and", "or"})
_DETERMINERS = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class Vote:
    name: str
    type: str
    frame: str
    lower: bool = False  # a lower-case phrase, not a name-shaped span


@dataclass(frozen=True)
class FrameWords:
    heads: dict[str, str]
    name_heads: dict[str, str]
    lower_heads: dict[str, str]
    compound_heads: frozenset[str]
    before: dict[tuple[str, ...], str]
    list_cues: tuple[tuple[str, ...], ...]
    boundary: frozenset[str]
    before_first: frozenset[str]
    before_index: dict[str, list[tuple[tuple[str, ...], str]]]
    head_words: frozenset[str]


def _entries(d: dict) -> dict[str, str]:
    return {k: v for k, v in d.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def frame_words() -> FrameWords:
    t = table("mining_frames")
    before = {tuple(k.split()): v for k, v in _entries(t["before"]).items()}
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cue, type_ in sorted(before.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        index.setdefault(cue[0], []).append((cue, type_))
    return FrameWords(
        heads=_entries(t["heads"]), name_heads=_entries(t["name_heads"]), lower_heads=_entries(t["lower_heads"]),
        compound_heads=frozenset(t["metric_compound_heads"]["words"]),
        before=before,
        list_cues=tuple(sorted((tuple(c.split()) for c in t["list_cues"]), key=len, reverse=True)),
        boundary=frozenset(t["boundary_words"]["words"]),
        before_first=frozenset(index), before_index=index,
        head_words=frozenset(_entries(t["heads"])) | frozenset(_entries(t["name_heads"])) |
        frozenset(t["metric_compound_heads"]["words"]))


def _phrase_word(tok: str, fw: FrameWords) -> bool:
    low = tok.lower()
    return tok == low and tok[:1].isalnum() and low not in fw.boundary and any(c.isalpha() for c in tok)


def _names_one(kind: str, head: str) -> bool:
    """Capitalised common words before a plural head describe a class (`Vision-Language Models`, `Large
    Language models`); before a singular head they name one thing (`the Segment Anything Model`). A name-shaped
    span names one thing before either (`GPT models`, `the MMLU benchmarks`)."""
    return kind == "name" or not head.endswith(("s", "corpora"))


class SentenceFrames:
    """The votes of one sentence: build once per sentence, then `votes()`."""

    def __init__(self, toks: list[str], spans: list[Span], fw: FrameWords | None = None) -> None:
        self.toks = toks
        self.fw = fw or frame_words()
        self.ending: dict[int, Span] = {}
        self.starting: dict[int, Span] = {}
        for s in spans:  # the longest span wins at each end
            if s.end not in self.ending or s.start < self.ending[s.end].start:
                self.ending[s.end] = s
            if s.start not in self.starting or s.end > self.starting[s.start].end:
                self.starting[s.start] = s
        self.spans = spans
        self.out: list[Vote] = []

    # -- names around a position ------------------------------------------------------------------
    def names_before(self, h: int) -> list[Span]:
        """Names ending at h (`X`, `X (SF)`, `X, Y and Z`)."""
        toks, found = self.toks, []
        pos = h
        for _ in range(8):
            if pos >= 3 and toks[pos - 1] == ")" and toks[pos - 3] == "(" and pos - 2 in self.starting:
                found.append(self.starting[pos - 2])
                pos -= 3
            span = self.ending.get(pos)
            if span is None:
                break
            found.append(span)
            pos = span.start
            while pos > 0 and toks[pos - 1] in _LIST_JOINERS:
                pos -= 1
            if pos == span.start:
                break
        return found

    def names_after(self, p: int) -> list[Span]:
        """Names starting at p, after an optional article, with the list that follows (`X, Y, and Z`)."""
        toks, found = self.toks, []
        if p < len(toks) and toks[p].lower() in _DETERMINERS:
            p += 1
        for _ in range(8):
            span = self.starting.get(p)
            if span is None:
                break
            found.append(span)
            p = span.end
            while p < len(toks) and toks[p] in _LIST_JOINERS:
                p += 1
            if p == span.end:
                break
        return found

    def phrase_before(self, h: int) -> str | None:
        toks, start = self.toks, h
        while start > 0 and h - start < MAX_PHRASE and _phrase_word(toks[start - 1], self.fw):
            start -= 1
        return " ".join(toks[start:h]) if start < h else None

    def phrases_after(self, p: int, limit_to_head: bool = False) -> list[str]:
        """Lower-case phrases from p on, a list of them joined by `,`/`and`/`or`; with `limit_to_head` a
        phrase must end at its first metric head word (`top-1 accuracy`)."""
        toks, out = self.toks, []
        if p < len(toks) and toks[p].lower() in _DETERMINERS:
            p += 1
        for _ in range(6):
            end = p
            while end < len(toks) and end - p < MAX_PHRASE and _phrase_word(toks[end], self.fw):
                end += 1
                if limit_to_head and toks[end - 1] in self.fw.compound_heads:
                    break
            if end == p or (limit_to_head and toks[end - 1] not in self.fw.compound_heads):
                break
            out.append(" ".join(toks[p:end]))
            p = end
            while p < len(toks) and toks[p] in _LIST_JOINERS:
                p += 1
            if p == end:
                break
        return out

    def vote(self, name: str, type_: str, frame: str, lower: bool = False) -> None:
        self.out.append(Vote(name, type_, frame, lower))

    # -- frames -----------------------------------------------------------------------------------
    def votes(self) -> list[Vote]:
        toks, fw = self.toks, self.fw
        lows = self.lows = [t.lower() for t in toks]
        n = len(toks)
        for h in range(n):
            tok, low = toks[h], lows[h]
            if low in fw.head_words and tok == low and h > 0:
                self._head(h, low)
            if tok[0].isdigit():
                percent = h + 1 < n and toks[h + 1] == "%"
                if (percent or "." in tok) and is_number(tok):
                    self._number(h + (2 if percent else 1))
            elif low == "of" and h + 1 < n and is_number(toks[h + 1]):
                for span in self.names_before(h)[:1]:
                    self.vote(span.text, "Metric", "x-of-number")
                phrase = self.phrase_before(h)
                if phrase and phrase.split()[-1] in fw.compound_heads:
                    self.vote(phrase, "Metric", "x-of-number", lower=True)
            if low in fw.before_first:
                self._after_cue(h, self._before_at(h))
            if low in fw.heads and tok == low:
                self._after_cue(h, self._list_cue_at(h))
        for span in self.spans:
            if "@" in span.text:
                self.vote(span.text, "Metric", "shape:@")
            elif has_size(span.text):
                self.vote(span.text, "Model", "shape:size")
            last = lows[span.end - 1]
            if span.end - span.start > 1 and last in fw.heads and toks[span.end - 1][0].isupper() and \
                    _names_one(span.kind, last):
                # `COCO Dataset` names COCO; `Mean Opinion Score`, `Segment Anything Model` are whole names
                self.vote(" ".join(toks[span.start:span.end - 1]), fw.heads[last], "head:" + last)
                self.vote(span.text, fw.heads[last], "name-ends-in:" + last)
        return self.out

    def _after_cue(self, h: int, found: tuple[tuple[str, ...], str] | None) -> None:
        if found is None:
            return
        cue, type_ = found
        after = h + len(cue)
        names = self.names_after(after)
        for span in names:
            self.vote(span.text, type_, "after:" + " ".join(cue))
        if not names and type_ in ("Metric", "Task"):
            for phrase in self.phrases_after(after):
                self.vote(phrase, type_, "after:" + " ".join(cue), lower=True)

    def _head(self, h: int, low: str) -> None:
        fw = self.fw
        type_ = fw.heads.get(low) or fw.name_heads.get(low)
        names = self.names_before(h) if type_ is not None else []
        for span in names:
            if _names_one(span.kind, low):
                self.vote(span.text, type_, "head:" + low)  # type: ignore[arg-type]
        if names:
            return
        if low in fw.lower_heads:
            phrase = self.phrase_before(h)
            if phrase:
                self.vote(phrase, fw.lower_heads[low], "head:" + low, lower=True)
        if low in fw.compound_heads:
            phrase = self.phrase_before(h)
            if phrase:
                self.vote(phrase + " " + low, "Metric", "compound:" + low, lower=True)

    def _before_at(self, h: int) -> tuple[tuple[str, ...], str] | None:
        lows = self.lows
        for cue, type_ in self.fw.before_index[lows[h]]:
            if tuple(lows[h:h + len(cue)]) == cue:
                return cue, type_
        return None

    def _list_cue_at(self, h: int) -> tuple[tuple[str, ...], str] | None:
        lows, low = self.lows, self.lows[h]
        for cue in self.fw.list_cues:
            if tuple(lows[h + 1:h + 1 + len(cue)]) == cue:
                return (low,) + cue, self.fw.heads[low]
        return None

    def _number(self, p: int) -> None:
        toks = self.toks
        if p >= len(toks):
            return
        span = self.starting.get(p)
        if span is not None:
            self.vote(span.text, "Metric", "number-x")
            return
        for phrase in self.phrases_after(p, limit_to_head=True)[:1]:
            self.vote(phrase, "Metric", "number-x", lower=True)
        if toks[p].lower() == "on":
            for span in self.names_after(p + 1):
                self.vote(span.text, "Dataset", "number-on-x")
