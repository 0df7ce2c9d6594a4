"""Plain text from an abstract as arXiv gives it: hard line breaks joined, LaTeX markup reduced to its text,
then sentences and word tokens by regular expressions (no spaCy: mining must run over a whole corpus in
seconds).
"""
from __future__ import annotations

import re
import unicodedata

# `\textbf{X}` and friends keep their argument; `$\textbf{R}$etrieval` (letters emphasised inside a word,
# common in acronym definitions) becomes `Retrieval`.
_WRAPPERS = re.compile(r"\\(?:textbf|textit|emph|texttt|textsc|underline|text|mathrm|mathbf|mathcal|mathbb|"
                       r"mathit|mathsf|textsf|textsuperscript|textsubscript|boldsymbol|bm|operatorname|"
                       r"textnormal|mbox|hbox)\s*\{([^{}]*)\}")
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*\{([^{}]*)\}")
_DROPPED = re.compile(r"\\(?:url|cite|citep|citet|footnote|label|ref|textcolor\{[^{}]*\})\s*\{[^{}]*\}")
_GROUP_STYLE = re.compile(r"\{\\(?:em|bf|it|tt|sc|rm)\s+([^{}]*)\}")
_UNICODE = re.compile(r"\\unicode\{x([0-9a-fA-F]{2,6})\}")
_SYMBOLS = {
    "times": "x", "%": "%", "pm": "±", "sim": "~", "approx": "~", "rightarrow": "→", "to": "→",
    "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥", "&": "&", "_": "_", "#": "#", "$": "$",
    "eg": "e.g.", "ie": "i.e.", "etc": "etc.", "deg": "°", "circ": "°", "cdot": "·",
}
_COMMAND = re.compile(r"\\([a-zA-Z]+|[%&_#$])")
# arXiv wraps lines at spaces and after hyphens: `Vision-\nLanguage` keeps its hyphen and loses the break.
_HYPHEN_BREAK = re.compile(r"(?<=\w-)\n(?=\w)")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def _symbol(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    # Greek letters and other math names keep their word (`\alpha` -> `alpha`); unknown macros
    # (`\ours`, `\method`) stand for a name the abstract never spells: drop them.
    return name if name.islower() and len(name) <= 10 and name in _GREEK else ""


_GREEK = frozenset("alpha beta gamma delta epsilon varepsilon zeta eta theta kappa lambda mu nu xi pi rho "
                   "sigma tau phi varphi chi psi omega ell".split())


def clean_text(raw: str) -> str:
    """Readable text: one line, LaTeX markup gone, math delimiters dropped, Unicode NFKC-normalised."""
    text = _LINE_BREAK.sub(" ", _HYPHEN_BREAK.sub("", raw))
    text = _HREF.sub(r"\1", text)
    text = _DROPPED.sub("", text)
    for _ in range(3):  # nested wrappers: `\textbf{\textit{X}}`
        text, n = _WRAPPERS.subn(r"\1", text)
        text = _GROUP_STYLE.sub(r"\1", text)
        if not n:
            break
    text = _UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _COMMAND.sub(_symbol, text)
    text = text.replace("$", "").replace("{", "").replace("}", "").replace("^", "").replace("~", " ")
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


# A sentence ends at `.`, `!` or `?` followed by a space and an upper-case letter, a digit or a quote;
# `e.g. X`, `et al. X`, `Fig. 2` and single-letter initials do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])")
_NO_END = re.compile(r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Eq|Sec|Tab|approx|resp|No|Dr|Mr|Ms)\.|\b[A-Z]\.)$")


def sentences(text: str) -> list[str]:
    """The sentences of a cleaned text."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start:m.start()]
        if _NO_END.search(piece):
            continue
        out.append(piece)
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return [s for s in out if s]


# A word: letters/digits with inner `-`, `.`, `+`, `/`, `@`, `'` (`Llama-3.1-8B`, `ViT-B/16`, `pass@1`,
# `C++`), ending in a letter, digit or `+`; any other non-space character is a token of its own.
_TOKEN = re.compile(r"[^\W_](?:[\w\-.+/@']*[^\W_])?\+*|[^\w\s]", re.UNICODE)


def tokens(sentence: str) -> list[str]:
    """Word and punctuation tokens of one sentence (a possessive `'s` is dropped)."""
    out = []
    for tok in _TOKEN.findall(sentence):
        if len(tok) > 2 and tok[-2] in "'’" and tok[-1] == "s":
            tok = tok[:-2]
        out.append(tok)
    return out
