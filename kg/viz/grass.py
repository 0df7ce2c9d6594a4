"""The Neo4j Browser style (GraSS) generated from `palette.json`, so the Browser and `kg viz` agree.

`python -m kg.viz.grass > browser/claims.grass` regenerates the committed file (a test checks it is current).
The Browser's GraSS parser has no comments and splits properties on `;` and `:`, so the file carries no
header and no caption may contain those characters (checked here).
"""
from __future__ import annotations

import re
import sys

from kg.viz.style import palette

# The Browser's own defaults for the two base rules, kept so that unstyled labels still look native.
# (No caption on the base node rule: labels outside the palette keep the Browser's default caption.)
_BASE_NODE = {"border-width": "2px", "font-size": "10px"}
_BASE_REL = {"font-size": "9px", "padding": "3px", "text-color-external": "#000000",
             "text-color-internal": "#FFFFFF"}


def grass_caption(template: str) -> str:
    """A palette caption as GraSS can show it: optional `[...]` segments become plain text."""
    caption = re.sub(r"\[([^\[\]]*)\]", r"\1", template).strip()
    if any(ch in caption for ch in ";:'"):
        raise ValueError(f"caption {template!r}: the Browser's GraSS parser cannot read ; : or ' in a caption")
    return caption


def _rule(selector: str, props: dict[str, str]) -> str:
    lines = [f"{selector} {{"]
    for key, value in props.items():
        lines.append(f"  {key}: {value};")
    lines.append("}")
    return "\n".join(lines)


def to_grass() -> str:
    spec = palette()
    node, rel = spec["default_node"], spec["default_relationship"]
    rules = [
        _rule("node", {"diameter": f"{node['diameter']}px", "color": node["color"],
                       "border-color": node["border"], "border-width": _BASE_NODE["border-width"],
                       "text-color-internal": node["text"], "font-size": _BASE_NODE["font-size"]}),
        _rule("relationship", {"color": rel["color"], "shaft-width": f"{rel['width']}px", **_BASE_REL,
                               "caption": f"'{grass_caption(rel['caption'])}'"}),
    ]
    for item in spec["nodes"]:
        props = {"color": item["color"], "border-color": item["border"], "text-color-internal": item["text"],
                 "diameter": f"{item['diameter']}px"}
        if "caption" in item:
            props["caption"] = f"'{grass_caption(item['caption'])}'"
        rules.append(_rule(f"node.{item['label']}", props))
    for item in spec["relationships"]:
        rules.append(_rule(f"relationship.{item['type']}", {
            "color": item["color"], "shaft-width": f"{item['width']}px",
            "caption": f"'{grass_caption(item['caption'])}'"}))
    return "\n\n".join(rules) + "\n"


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Read GraSS the way Neo4j Browser's parser does (quotes toggle, `;` and `:` split) - for tests and checks."""
    rules: dict[str, str] = {}
    keyword, props, inside_string, inside_props = "", "", False, False
    for ch in text:
        if ch == "'":
            inside_string = not inside_string
            continue
        if ch == "{" and not inside_string:
            inside_props = True
            continue
        if ch == "}" and not inside_string:
            inside_props = False
            rules[keyword], keyword, props = props, "", ""
            continue
        if inside_props:
            props += ch
        elif not ch.isspace():
            keyword += ch
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        parsed[selector] = {}
        for prop in body.split(";"):
            parts = prop.split(":")
            if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
                parsed[selector][parts[0].strip()] = parts[1].strip()
    return parsed


if __name__ == "__main__":
    sys.stdout.write(to_grass())
