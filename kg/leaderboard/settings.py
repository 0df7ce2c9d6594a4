"""The setting a score was reported under (zero-shot, 5-shot, fine-tuned, ...), read from its claim.

Scores under different settings (chain-of-thought prompting too) are never ranked against each other, so the
reading is conservative: every setting the qualifier or the evidence sentence names is kept, and a sentence
naming two ("zero-shot and few-shot") gives the combined setting `few-shot + zero-shot`, ranked apart from both.
No setting named: ''.

    >>> setting_of("achieves 82.1% zero-shot accuracy on MMLU"), setting_of("5-shot accuracy of 71.3")
    ('zero-shot', '5-shot')
    >>> setting_of("after fine-tuning, it reaches 90.2%"), setting_of("reaches 90.2%")
    ('fine-tuned', '')
    >>> setting_of(None, "we achieve 88.3% zero-shot and 91.1% fine-tuned accuracy", 91.1)
    'fine-tuned'
    >>> setting_of(None, "2.15 FID on ImageNet 256x256 and 2.84 FID on ImageNet 512 x 512", 2.84)
    '512x512'
    >>> names_a_setting("+11.6 mAP with just 1% COCO labeled data", 1.0)
    True

Image resolution (`256x256`, `$512 \\times 512$`), class-conditional or unconditional generation and the share of
labelled data (`10% labeled data`) are settings too. A number inside a setting (the 5 of `5-shot`, the 1 of `1% of
the labels`) is not a score: `names_a_setting` tells a claim whose value is only such a number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "eight": 8, "ten": 10}
_SHOT = re.compile(r"\b(zero|one|two|three|four|five|eight|ten|few|many|\d{1,3})[- ]?shots?\b", re.IGNORECASE)
# Settings besides the number of shots that change what a number means on the same benchmark.
_OTHER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fine-tuned", re.compile(r"\bfine[- ]?tun(?:ed|ing|e)\b|\bfinetun(?:ed|ing)\b", re.IGNORECASE)),
    ("linear probe", re.compile(r"\blinear[- ]prob(?:e|ing)\b", re.IGNORECASE)),
    ("in-context", re.compile(r"\bin[- ]context\b", re.IGNORECASE)),
    ("chain-of-thought", re.compile(r"\bchain[- ]of[- ]thoughts?\b|(?<![\w-])(?-i:CoT)(?![\w-])", re.IGNORECASE)),
)
_CONDITIONING = re.compile(r"(?<![\w-])(?:class[- ])?(un)?conditional\b", re.IGNORECASE)
# "256x256", "256 × 256", "$256 \times 256$" (LaTeX in abstracts): an image size, square or not
_RESOLUTION = re.compile(r"\b(\d{2,4})\s*\$?\s*(?:x|×|\\times)\s*\$?\s*(\d{2,4})\b")
# "10% labeled data", "1% of the labels", "with 5 percent COCO labelled data": semi-supervised label budgets
_LABELS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:%|\\%|percent)\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:labell?ed\s+(?:data|samples|images|examples|set)|labels|annotations)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A setting named in a text: where (`start`, `end`) and which. Settings of one `group` exclude each other
    (image sizes; conditional or not), and a sentence often gives one per result, in order ("2.15 FID on X 256x256
    and 2.84 FID on X 512x512", "on unconditional X, 2.11, while on conditional X, 1.94")."""

    start: int
    end: int
    setting: str
    group: str | None = None


def _shot_setting(word: str) -> str:
    word = word.lower()
    if word in ("few", "many"):
        return f"{word}-shot"
    count = _WORDS.get(word, None)
    if count is None:
        count = int(word)
    return "zero-shot" if count == 0 else f"{count}-shot"


# not the 10 of CIFAR-10, nor a model size (the 7 of Qwen2.5-7B)
_NUMBER = re.compile(r"(?<![\w.])(?<![A-Za-z]-)\d+(?:\.\d+)?(?![BMK](?![A-Za-z]))")


def _mentions(text: str) -> list[Mention]:
    """Every setting named in `text`."""
    found = [Mention(m.start(), m.end(), _shot_setting(m.group(1))) for m in _SHOT.finditer(text)]
    found += [Mention(m.start(), m.end(), name) for name, pattern in _OTHER for m in pattern.finditer(text)]
    found += [Mention(m.start(), m.end(), f"{m.group(1)}x{m.group(2)}", "size") for m in _RESOLUTION.finditer(text)]
    found += [Mention(m.start(), m.end(), "unconditional" if m.group(1) else "conditional", "conditioning")
              for m in _CONDITIONING.finditer(text)]
    found += [Mention(m.start(), m.end(), f"{float(m.group(1)):g}% labels") for m in _LABELS.finditer(text)]
    return found


_FROM_TO = re.compile(r"\s*(?:%|\\%)?\s*to\s*")


def _is(number: float, value: float) -> bool:
    """Whether a number of the sentence is the claim's value (stored as written, or a percentage as a fraction)."""
    return abs(number - value) < 1e-9 or abs(number - value * 100) < 1e-6


def _numbers(text: str, mentions: list[Mention]) -> list[tuple[int, int, float]]:
    """(start, end, number) of the numbers of `text` outside any setting (the 5 of "5-shot" is not a result)."""
    return [(m.start(), m.end(), float(m.group())) for m in _NUMBER.finditer(text)
            if not any(s.start <= m.start() < s.end for s in mentions)]


def names_a_setting(evidence: str | None, value: float | None) -> bool:
    """Whether `value` appears in the sentence only as part of a setting ("1% labeled data", "256x256", "5-shot"):
    then it is not a score."""
    if not evidence or value is None:
        return False
    mentions = _mentions(evidence)
    if not mentions or any(_is(n, value) for _, _, n in _numbers(evidence, mentions)):
        return False
    inside = [float(m.group()) for s in mentions for m in _NUMBER.finditer(evidence, s.start, s.end)]
    return any(_is(n, value) for n in inside)


def _distance(pos: int, n: tuple[int, int, float]) -> int:
    return 0 if n[0] <= pos < n[1] else min(abs(pos - n[0]), abs(pos - n[1]))


def _of_group(mentions: list[Mention], at: int, first_number: int) -> Mention:
    """Of a group's mentions (in text order), the one that goes with the number at `at`: the sentence gives the
    setting after its number when its first number comes before the first mention, else before it."""
    if len({s.setting for s in mentions}) == 1:
        return mentions[0]
    before = [s for s in mentions if s.start < at]
    after = [s for s in mentions if s.start > at]
    if first_number < mentions[0].start:
        return after[0] if after else before[-1]
    return before[-1] if before else after[0]


def _near_value(text: str, value: float | None, mentions: list[Mention]) -> list[Mention]:
    """The mentions that belong to the number `value`: those closer to it than to any other number of the
    sentence ("88.3% zero-shot and 91.1% fine-tuned" gives 88.3 zero-shot only), and one of each group
    (`_of_group`). All of them when the value is not found in the sentence."""
    if value is None:
        return mentions
    numbers = _numbers(text, mentions)
    mine = [n for n in numbers if _is(n[2], value)]
    # `from 69.2 to 71.3`: the number a change started from is measured under the same setting
    mine += [n for n in numbers if any(_FROM_TO.fullmatch(text, n[1], m[0]) for m in mine)
             and re.search(r"\bfrom\s*$", text[:n[0]])]
    if not mine or len(numbers) < 2:
        return mentions
    kept = [s for s in mentions if s.group is None
            and min(_distance(s.start, n) for n in mine) <= min(_distance(s.start, n) for n in numbers)]
    for group in sorted({s.group for s in mentions if s.group}):
        kept.append(_of_group([s for s in mentions if s.group == group], mine[0][0], numbers[0][0]))
    return kept


def setting_of(qualifier: str | None, evidence: str | None = None, value: float | None = None) -> str:
    """The setting named by a claim's qualifier and evidence sentence ('' when none is named). With the claim's
    `value`, a sentence reporting several numbers gives each number the settings named nearest to it."""
    found: set[str] = {s.setting for s in _mentions(qualifier or "")}
    if evidence:
        found.update(s.setting for s in _near_value(evidence, value, _mentions(evidence)))
    return " + ".join(sorted(found))
