"""One self-contained HTML file: the template with the view script and the graph data inlined.

Nothing is linked: no CDN, no font, no image; the page's Content-Security-Policy forbids fetching
anything, so it works opened from disk with no network. The data is JSON inside a
`<script type="application/json">`, with `<`, `>` and `&` escaped so that text from an abstract
(`</script>` included) cannot end the element or become markup.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA_SLOT = "/*KG_DATA*/"
SCRIPT_SLOT = "/*KG_SCRIPT*/"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    template = (HERE / "template.html").read_text(encoding="utf-8")
    script = (HERE / "view.js").read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise RuntimeError("view.js must not contain '</script'")  # it would end the inline element
    return template, script


def script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def render_page(data: dict[str, Any]) -> str:
    template, script = _assets()
    # Split on the slots rather than str.replace: the data may itself contain the slot markers.
    head, _, rest = template.partition(DATA_SLOT)
    middle, _, tail = rest.partition(SCRIPT_SLOT)
    return head + script_json(data) + middle + script + tail
