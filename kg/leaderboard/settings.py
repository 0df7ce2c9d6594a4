"""The setting a score was reported under (zero-shot, 5-shot, fine-tuned, ...), read from its claim.

Scores under different settings are never ranked against each other, so the reading is conservative: every
setting the qualifier or the evidence sentence names is kept, and a sentence naming two ("zero-shot and
few-shot") gives the combined setting `few-shot + zero-shot`, ranked apart from both. No setting named: ''.

    >>> setting_of("achieves 82.1% zero-shot accuracy on MMLU"), setting_of("5-shot accuracy of 71.3")
    ('zero-shot', '5-shot')
    >>> setting_of("after fine-tuning, it reaches 90.2%"), setting_of("reaches 90.2%")
    ('fine-tuned', '')
    >>> setting_of(None, "we achieve 88.3% zero-shot and 91.1% fine-tuned accuracy", 91.1)
    'fine-tuned'

"""
from __future__ import annotations

import re

_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "eight": 8, "ten": 10}
_SHOT = re.compile(r"\b(zero|one|two|three|four|five|eight|ten|few|many|\d{1,3})[- ]?shots?\b", re.IGNORECASE)
# Settings besides the number of shots that change what a number means on the same benchmark.
_OTHER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fine-tuned", re.compile(r"\bfine[- ]?tun(?:ed|ing|e)\b|\bfinetun(?:ed|ing)\b", re.IGNORECASE)),
    ("linear probe", re.compile(r"\blinear[- ]prob(?:e|ing)\b", re.IGNORECASE)),
    ("in-context", re.compile(r"\bin[- ]context\b", re.IGNORECASE)),
)


def _shot_setting(word: str) -> str:
    word = word.lower()
    if word in ("few", "many"):
        return f"{word}-shot"
    count = _WORDS.get(word, None)
    if count is None:
        count = int(word)
    return "zero-shot" if count == 0 else f"{count}-shot"


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def _mentions(text: str) -> list[tuple[int, str]]:
    """(position, setting) of every setting named in `text`."""
    found = [(m.start(), _shot_setting(m.group(1))) for m in _SHOT.finditer(text)]
    found += [(m.start(), name) for name, pattern in _OTHER for m in pattern.finditer(text)]
    return found


def _near_value(text: str, value: float | None, mentions: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The mentions closer to the number `value` than to any other number of the sentence ("88.3% zero-shot and
    91.1% fine-tuned" gives 88.3 zero-shot only); all of them when the value is not found in the sentence."""
    if value is None:
        return mentions
    numbers = [(m.start(), m.end(), float(m.group())) for m in _NUMBER.finditer(text)
               if not _SHOT.match(text, m.start())]  # the 5 of "5-shot" is not a result
    mine = [n for n in numbers if abs(n[2] - value) < 1e-9 or abs(n[2] - value * 100) < 1e-6]
    if not mine or len(numbers) < 2:
        return mentions
    def distance(pos: int, n: tuple[int, int, float]) -> int:
        return 0 if n[0] <= pos < n[1] else min(abs(pos - n[0]), abs(pos - n[1]))
    return [(pos, s) for pos, s in mentions
            if min(distance(pos, n) for n in mine) <= min(distance(pos, n) for n in numbers)]


def setting_of(qualifier: str | None, evidence: str | None = None, value: float | None = None) -> str:
    """The setting named by a claim's qualifier and evidence sentence ('' when none is named). With the claim's
    `value`, a sentence reporting several numbers gives each number the settings named nearest to it."""
    found: set[str] = {s for _, s in _mentions(qualifier or "")}
    if evidence:
        found.update(s for _, s in _near_value(evidence, value, _mentions(evidence)))
    return " + ".join(sorted(found))
