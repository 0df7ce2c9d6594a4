"""Keys for identity beyond `entity_key`: spelling classes (fold), short forms, and definitions in a paper.

`entity_key` folds case, spacing and hyphens between tokens; the resolve stage folds further (the lexicon's
`fold_key`): a hyphen inside a name (`ImageNet-C`/`ImageNetC`, `MS COCO`/`MSCOCO`), an acronym plural
(`ViTs`/`ViT`), a plural last word (`vision transformers`), a year's century (`AIME 2024`/`AIME24`) and an
article after `as` (`LLM-as-a-judge`/`LLM-as-judge`).
`score_base` gives `X score` as `X` for a metric `X` (`BLEU score`/`BLEU`). A class of spellings gets one key: the `entity_key` of one of its spellings.
"""
from __future__ import annotations

import re
from typing import Callable

from kg.extractors.mining.lexicon import short_key as _lexicon_short_key
from kg.extractors.mining.names import fold_key
from kg.extractors.normalize import entity_key
from kg.resolve.memo import memo

_SCORE = re.compile(r"^(?P<x>\S+(?: \S+)?)[\s-]+scores?$", re.IGNORECASE)
_YEAR = re.compile(r"(?<=[A-Za-z])[\s\-']?20(?P<yy>\d\d)$")
# An article after `as` inside a name (`LLM-as-a-judge`, `LLM as a Judge`) names nothing more: `LLM-as-judge`.
_AS_ARTICLE = re.compile(r"(?i)\bas[\s-]+(?:a|an|the)(?=[\s-]+[^\W_])")
_WORD_PLURAL = re.compile(r"^(?P<stem>[a-z][a-z\-]*[a-z]{2})(?P<s>ies|s)$")
_PAREN_TAIL = re.compile(r"\s*[(\[]\s*(?P<short>[^()\[\]]{1,20})\s*[)\]]\s*$")
_SHORT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-./+&]{0,14}$")


@memo()
def short_key(short: str) -> str:
    """The key a short form's votes are kept under: its spelling class (`LLMs`, `LLM`, `llm` share one, and
    `RGB-D`, `RGBD` too)."""
    return fold(_lexicon_short_key(short)) if short else ""


@memo()
def fold(name: str) -> str:
    """The spelling class of a name (never shown; classes meet on it)."""
    text = name.strip()
    text = _YEAR.sub(r"\g<yy>", text)  # `AIME 2024`, `AIME2024` are AIME24
    text = _AS_ARTICLE.sub("as", text)  # `LLM-as-a-judge` is `LLM-as-judge`
    words = text.split()
    if len(words) > 1:
        last = words[-1]
        if last[:1].isupper() and last[1:].islower():
            last = last.lower()  # `Verifiable Rewards` as `verifiable rewards`
        plural = _WORD_PLURAL.match(last)
        if plural and not last.endswith(("ss", "us", "is")):
            words[-1] = plural.group("stem") + ("y" if plural.group("s") == "ies" else "")
    return fold_key(" ".join(words))


@memo()
def meaning(expansion: str) -> str:
    """What tells two expansions of a short form apart: their letters and digits run together, less a word
    ending (`low-rank adaptation`, `Low Rank Adaptor` and `low-rank adaptations` are one meaning; `supervised
    fine-tuning` and `supervised finetuning` too, and `reinforcement learning from/with human feedback`: function
    words do not count; `test-time adaptation` and `test-time augmentation` are two,
    and so are `Generative Pre-trained Transformer 2` and `Generative Pre-trained Transformer`)."""
    letters = "".join(w for w in re.findall(r"[^\W_]+", expansion.casefold()) if w not in _FUNCTION_WORDS)
    stem = _ENDING.sub("", _PLURAL_S.sub("", letters))
    return stem or letters


# Words that do not change what an expansion names (`learning from human feedback`, `with human feedback`).
_FUNCTION_WORDS = frozenset({"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "via", "with"})
_PLURAL_S = re.compile(r"(?<!s)s$")
_ENDING = re.compile(r"(?:ation|ion|ing|or|er|e)$")


def score_base(name: str, type_of: Callable[[str], str | None] | None = None) -> str:
    """`BLEU score` -> `BLEU`, `F1-score` -> `F1`, `Dice score` -> `Dice`: a metric's name with `score` is the
    metric. `type_of(X)` is what the corpus takes X for: X is a metric when it says Metric, or when it says
    nothing and X is a short form; `CLIP score` and `Inception Score` are not CLIP and Inception (Models)."""
    if "score" not in name.casefold():
        return name
    match = _SCORE.match(name.strip())
    if not match or (" " in match.group("x") and not is_short_form(match.group("x").split()[-1])):
        return name  # a phrase with `score` is the metric only when it ends in a short form (`macro F1 score`)
    base = match.group("x")
    kind = type_of(base) if type_of is not None else None
    return base if kind == "Metric" or (kind is None and is_short_form(base.split()[-1])) else name


@memo()
def is_short_form(text: str) -> bool:
    """Shaped like an abbreviation: one token, at least two capitals or digits after a capital (`RL`, `ViT`,
    `LoRA`, `GPT-4`, `mIoU` too), not a plain word."""
    if not _SHORT.match(text) or " " in text:
        return False
    caps = sum(c.isupper() for c in text)
    return caps >= 2 or (caps == 1 and any(c.isdigit() for c in text)) or (caps == 1 and not text[0].isupper())


@memo()
def is_short_like(text: str) -> bool:
    """One token with a capital that could abbreviate something (`Vim`, `LoRA`, `RL`): what a definition's
    short side may be, and what corpus votes are looked up for."""
    return bool(_SHORT.match(text)) and any(c.isupper() for c in text) and len(text) <= 12


def strip_defined_short(long: str, short: str) -> str:
    """`Low-Rank Adaptation (LoRA)` -> `Low-Rank Adaptation` (the extractor may keep the bracket)."""
    match = _PAREN_TAIL.search(long)
    if match and short_key(match.group("short")) == short_key(short):
        return long[: match.start()].strip()
    return long


def second_short_form(one: str, other: str) -> bool:
    """`AUC-ROC` and `AUROC` may be two short forms of one thing: neither has a word in it (three lower-case
    letters in a row: `Best-of-N`, `Tamil-English`, `SimpleMind` are words) and neither holds the other
    (`NWPU-RESISC45` is a longer name of `RESISC45`, `BLEU-4` a variant of `BLEU`)."""
    return not _WORD_RUN.search(one) and not _WORD_RUN.search(other) and not holds_either(one, other)


def holds_either(one: str, other: str) -> bool:
    """One name holds the other's letters and digits in a row (`BLEU-4` and `BLEU`, `NWPU-RESISC45` and
    `RESISC45`): a variant or a longer name, not a second short form of one thing."""
    a, b = _compact(one), _compact(other)
    return a in b or b in a


_WORD_RUN = re.compile(r"[a-z]{3}")


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _letters_in_order(short: str, long: str) -> bool:
    text = long.casefold()
    chars = [c for c in short.casefold() if c.isalnum()]
    first_word = text.split(None, 1)[0] if text.split() else ""
    # The first letter opens the long form, or stands in its first word when the short form writes it as a
    # capital (`XAI`: eXplainable AI, `XGBoost`: eXtreme Gradient Boosting).
    if not chars or not text or (text[0] != chars[0] and not (short[:1].isupper() and chars[0] in first_word)):
        return False
    at = 0
    for c in chars:
        at = text.find(c, at)
        if at < 0:
            return False
        at += 1
    return True


@memo()
def definition(forms: tuple[str, ...]) -> tuple[str, str] | None:
    """(short form, expansion) when an entity's forms are an abbreviation and its long form written out in
    the paper (`LoRA` and `Low-Rank Adaptation`), else None. `BLEU score`/`BLEU` is no definition."""
    shorts = [f for f in forms if is_short_like(f)]
    for short in shorts:
        for form in forms:
            long = strip_defined_short(form, short)
            if long == short or len(long) <= len(short) or not any(c in long for c in " -"):
                continue
            # The checks below all must pass; the cheapest, which fails most often, first.
            if not _letters_in_order(short, long):
                continue
            if is_short_form(long) and second_short_form(short, long):
                continue  # `AUROC (AUC-ROC)`: a second short form of one thing, not its expansion
            if _compact(long).startswith(_compact(short)):
                continue  # `GPT-3 175B`, `BERT-base` for `GPT-3`, `BERT`: a variant, not an expansion
            if short_key(short) in _word_keys(long):
                continue  # the short form is a word of the long one: a variant, not an expansion
            return short, long
    return None


@memo(65_536)
def _word_keys(long: str) -> frozenset[str]:
    """The `entity_key` of each word of a long form (hyphens split words)."""
    return frozenset(entity_key(w) for w in _WORD_SPLIT.split(long))


_WORD_SPLIT = re.compile(r"[\s\-]+")


@memo()
def as_short_form(name: str) -> str:
    """A word and a short form written apart as the short form they make joined (`macro F1` -> `macro-F1`), so
    that the corpus's reading of the one is the other's; any other name as it is."""
    words = name.split()
    if len(words) == 2 and words[0].isalpha() and is_short_form(words[1]) and is_short_like(joined := "-".join(words)):
        return joined
    return name


__all__ = ["as_short_form", "definition", "entity_key", "fold", "holds_either", "is_short_form", "second_short_form", "is_short_like", "meaning", "score_base", "short_key",
           "strip_defined_short"]
