"""Paper identity fields read from a record: the arXiv id from any field or link, and the normalised title.

`2401.01234`, `arXiv:2401.01234v2`, `https://arxiv.org/abs/2401.01234v3`, `https://arxiv.org/pdf/2401.01234.pdf`
and the old style `hep-ex/0307015` all give the arXiv id without its version; the same paper read from a daily
listing (title only) and from an arXiv record then meet on the normalised title (`title_key`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

_NEW_STYLE = r"\d{4}\.\d{4,5}"
_OLD_STYLE = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
_ID = rf"(?P<id>{_NEW_STYLE}|{_OLD_STYLE})(?:v\d+)?"
# A link to arxiv.org (abs, pdf, html, ...), an `arXiv:` prefix, or the bare id as the whole value.
_LINK = re.compile(rf"arxiv\.org/(?:abs|pdf|html|format)/{_ID}(?:\.pdf)?/?(?:[?#].*)?$", re.IGNORECASE)
_PREFIXED = re.compile(rf"^arxiv:\s*{_ID}$", re.IGNORECASE)
_BARE = re.compile(rf"^{_ID}$")
_WORD = re.compile(r"\w+", re.UNICODE)


def arxiv_id(value: Any) -> str | None:
    """The arXiv id (no version) a field holds, or None: an id, `arXiv:` id, or an arxiv.org link."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern in (_BARE, _PREFIXED, _LINK):
        match = pattern.search(text) if pattern is _LINK else pattern.match(text)
        if match:
            return match.group("id")
    return None


def first_arxiv_id(*values: Any) -> str | None:
    for value in values:
        found = arxiv_id(value)
        if found:
            return found
    return None


def title_key(title: str) -> str:
    """The title as identity: NFKC, casefolded, word characters only (punctuation, LaTeX braces and
    spacing differ between a listing and the arXiv record of one paper)."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(_WORD.findall(text.replace("_", " ")))
