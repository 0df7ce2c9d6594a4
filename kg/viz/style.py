"""How nodes and relationships look: colours, sizes and captions from `palette.json`.

The palette is the single definition shared by `kg viz` and the Neo4j Browser style (`kg.viz.grass`
generates `browser/claims.grass` from it), so both pictures use the same colours and captions.
Captions are GraSS templates, interpolated here the way Neo4j Browser does it (`{prop}` is the value,
a list is joined with ", ", anything else missing is empty; `<id>` / `<type>` alone are the id / type),
plus one thing GraSS cannot do: a `[...]` segment is dropped when any property in it has no value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

PALETTE_PATH = Path(__file__).resolve().parent / "palette.json"

_PLACEHOLDER = re.compile(r"\{([^{}\[\]]*)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
# `{value}{unit}` is an amount: "2.1%", "3x", but "3 points", "12 GPU hours".
_AMOUNT = "{value}{unit}"
_AMOUNT_TOKEN = "\x00amount"
_GLUED_UNITS = {"%", "x", "pp"}


@dataclass(frozen=True)
class NodeStyle:
    color: str
    border: str
    text: str
    diameter: int
    caption: str
    max_caption: Optional[int] = None


@dataclass(frozen=True)
class RelStyle:
    color: str
    width: int
    caption: str


@lru_cache(maxsize=1)
def palette() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(PALETTE_PATH.read_text(encoding="utf-8"))
    return loaded


def node_style(labels: Sequence[str]) -> NodeStyle:
    """Rules matching any of the node's labels apply in palette order; later rules override earlier ones."""
    merged = dict(palette()["default_node"])
    for rule in palette()["nodes"]:
        if rule["label"] in labels:
            merged.update({k: v for k, v in rule.items() if k != "label"})
    return NodeStyle(color=merged["color"], border=merged["border"], text=merged["text"],
                     diameter=int(merged["diameter"]), caption=merged.get("caption", ""),
                     max_caption=merged.get("max_caption"))


def rel_style(rel_type: str) -> RelStyle:
    merged = dict(palette()["default_relationship"])
    for rule in palette()["relationships"]:
        if rule["type"] == rel_type:
            merged.update({k: v for k, v in rule.items() if k != "type"})
    return RelStyle(color=merged["color"], width=int(merged["width"]), caption=merged["caption"])


def format_value(value: Any) -> str:
    """A property value as a caption shows it; empty for missing values and maps."""
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".6g")
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value if format_value(v))
    return str(value)


def format_amount(value: Any, unit: Any) -> str:
    number, unit_text = format_value(value), format_value(unit)
    if not number:
        return ""
    if not unit_text:
        return number
    return f"{number}{unit_text}" if unit_text in _GLUED_UNITS else f"{number} {unit_text}"


def interpolate(template: str, props: Mapping[str, Any], *, ident: Any = "", rel_type: str = "") -> str:
    """Fill a caption template from properties (see the module docstring for the rules)."""
    if template == "<id>":
        return format_value(ident)
    if template == "<type>":
        return rel_type
    template = template.replace(_AMOUNT, "{" + _AMOUNT_TOKEN + "}")

    def value_of(name: str) -> str:
        if name == _AMOUNT_TOKEN:
            return format_amount(props.get("value"), props.get("unit"))
        return format_value(props.get(name))

    def optional(match: re.Match[str]) -> str:
        segment = match.group(1)
        names = _PLACEHOLDER.findall(segment)
        if any(not value_of(name) for name in names):
            return ""
        return segment

    filled = _OPTIONAL.sub(optional, template)
    filled = _PLACEHOLDER.sub(lambda m: value_of(m.group(1)), filled)
    return " ".join(filled.split())


def shorten(text: str, limit: Optional[int]) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    if not limit or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:-") + "…"


# A label with no caption in the palette gets the Browser's default: the first property by this order.
_DEFAULT_CAPTION_ORDER = (r"^name$", r"^title$", r"^label$", r"name$", r"description$", r"^[^_].*")


def default_caption(props: Mapping[str, Any]) -> str:
    for pattern in _DEFAULT_CAPTION_ORDER:
        for key in props:
            if not key.startswith("_") and re.search(pattern, key, re.IGNORECASE):
                return "{" + key + "}"
    return "<id>"


def node_caption(node: Mapping[str, Any]) -> tuple[str, str]:
    """(short caption drawn on the canvas, full caption shown on hover)."""
    style = node_style(node.get("_labels", ()))
    full = interpolate(style.caption or default_caption(node), node, ident=node.get("_id", ""))
    return shorten(full, style.max_caption), full


def rel_caption(rel: Mapping[str, Any]) -> str:
    style = rel_style(rel.get("_type", ""))
    return interpolate(style.caption, rel, ident=rel.get("_id", ""), rel_type=rel.get("_type", ""))
