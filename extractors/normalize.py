"""Entity identity: one function gives every entity its canonical key.

`LLaMA 3 8B`, `Llama-3-8B` and `llama3-8b` share the key `llama-3-8-b`; `Llama-38B` does not
(`llama-38-b`): case, spacing, hyphens and letter/digit boundaries are folded, digits are not merged; a Greek
letter reads as its spelled name (`Quux-α` and `Quux-alpha`: `quux-alpha`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Runs of letters, numbers (a dot between digits stays: 3.1), or any other single symbol (`+`, `#`).
# Control characters are never part of a key (FalkorDB also crashes on \x01 in a uniquely constrained property).
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)*|[^\w\s\x00-\x1f\x7f\-_/.,:;'\"’‘“”()\[\]{}·–—]", re.UNICODE)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]")


# Greek letters as authors spell them out (`Quux-α` and `Quux-alpha`, `β-VAE` and `beta-VAE` are one name).
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
          "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
          "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
          "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega"}
_GREEK_LETTER = re.compile("[" + "".join(_GREEK) + "]")


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """The canonical, normalised key of an entity name (empty for a name with no letters or digits)."""
    text = unicodedata.normalize("NFKC", name)
    text = _INVISIBLE.sub("", text).casefold()
    text = _GREEK_LETTER.sub(lambda m: _GREEK[m.group()], text)
    return "-".join(_TOKEN.findall(text))


def same_name(a: str, b: str) -> bool:
    return entity_key(a) == entity_key(b)


# -- model families -------------------------------------------------------------------------------

# A size (`8B`, `1.5B`, `350M`, `8x7B`), a date or snapshot (`0613`, `2024-05-13`), a checkpoint version
# (`v0.1`), a ViT patch size (`/16`), or a size class letter (`-B`, `-L`): marks of a variant.
_SIZE_PART = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?[BMKT]$", re.IGNORECASE)
_DATE_PART = re.compile(r"^\d{4,8}$")
_VERSION_PART = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
_SIZE_CLASS = re.compile(r"^(?:S|B|L|H|G|Ti)$")
_DEPTH_PART = re.compile(r"^\d{2,3}$")
_SEPARATORS = re.compile(r"([-_\s/]+)")


@lru_cache(maxsize=1)
def _variant_suffixes() -> frozenset[str]:
    from kg.extractors.lexicon import words

    return words("variant_suffixes")


def _variant_part(part: str, sep: str, rest: str) -> bool:
    if _SIZE_PART.match(part) or _DATE_PART.match(part) or _VERSION_PART.match(part):
        return True
    if part.lower() in _variant_suffixes():
        return True
    if sep.strip() == "/" and part.isdigit():
        return True  # `ViT-B/16`
    if _SIZE_CLASS.match(part) and "-" in sep:
        return True  # `ViT-B`, `DeiT-S`
    # `ResNet-50`, `VGG-19`, `WideResNet-40`: the depth of a network family, unlike a version number
    # (`Llama-3`) or a data set's size (`CIFAR-10`).
    return bool(_DEPTH_PART.match(part)) and "-" in sep and rest.lower().endswith(("net", "vgg", "wrn"))


@lru_cache(maxsize=65536)
def variant_base(name: str) -> str | None:
    """The family a model name is a variant of (for VARIANT_OF), or None when it is not a variant.

    `Llama-3-8B-Instruct` -> `Llama-3`, `Qwen2.5-7B` -> `Qwen2.5`, `GPT-4o-mini` -> `GPT-4o`,
    `ResNet-50` -> `ResNet`; `Llama-3`, `GPT-4`, `BERT` -> None. The family keeps the author's spelling.
    A version number right after the family name (`Llama-3`, `Qwen2.5`) belongs to the family; a size,
    a tuning or size suffix, a date or a two- or three-digit depth after a hyphen makes a variant.
    """
    pieces = _SEPARATORS.split(name.strip())
    # pieces alternate: part, separator, part, ...
    parts, seps = pieces[0::2], [""] + pieces[1::2]
    end = len(parts)
    while end > 1:
        rest = "".join(p + s for p, s in zip(parts[:end - 1], seps[1:end]))
        rest = rest[: len(rest) - len(seps[end - 1])] if seps[end - 1] else rest
        if not _variant_part(parts[end - 1], seps[end - 1], rest.rstrip("-_ /")):
            break
        end -= 1
    if end == len(parts):
        return None
    base = "".join(parts[i] + (seps[i + 1] if i + 1 < end else "") for i in range(end)).strip("-_ /")
    return base if base and any(c.isalpha() for c in base) else None
