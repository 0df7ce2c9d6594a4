"""Known names from the gazetteer files, matched with spaCy's PhraseMatcher.

Files: `extractors/data/gazetteer/{models,methods,datasets,metrics,tasks,not_entities}.txt`, one entry a line,
`Canonical | alias | alias`, an optional trailing ` @cs` to match case-sensitively (attr ORTH) instead of on
LOWER, `#` comments. Missing files are allowed (the lists are maintained separately). `not_entities` holds
generic phrases (`large language models`) that block other candidates over the same words.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extractors.lexicon import DATA_DIR
from kg.extractors.mentions import SOURCE_SCORE, Mention, mentions
from kg.extractors.normalize import entity_key
from kg.extractors.tokens import side_tokenizer, view

log = logging.getLogger(__name__)

GAZETTEER_DIR = DATA_DIR / "gazetteer"
FILE_TYPES = {
    "models": "Model",
    "methods": "Method",
    "datasets": "Dataset",
    "metrics": "Metric",
    "tasks": "Task",
    "not_entities": None,
}
NOT_ENTITY = "NOT_ENTITY"
_CS_MARK = re.compile(r"\s@cs\s*$")


@dataclass
class Gazetteer:
    """Entries by type: each a (surface form -> canonical) map, case-insensitive and case-sensitive."""

    lower: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> {form: canonical}
    exact: dict[str, dict[str, str]] = field(default_factory=dict)
    canonical: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, key of form) -> canonical
    _types_by_key: Optional[dict[str, list[str]]] = field(default=None, repr=False)
    # (type, key) of forms listed only with their exact case (`@cs`: `o1` is a model, `O1` need not be).
    _exact_keys: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _types_of_name: dict[str, list[str]] = field(default_factory=dict, repr=False)  # types_of, memoised

    def add(self, type_: str, forms: list[str], case_sensitive: bool) -> None:
        self._types_by_key = None
        self._types_of_name.clear()
        target = (self.exact if case_sensitive else self.lower).setdefault(type_, {})
        for form in forms:
            target[form] = forms[0]
            self.canonical.setdefault((type_, entity_key(form)), forms[0])
            if case_sensitive:
                self._exact_keys.add((type_, entity_key(form)))
            else:
                self._exact_keys.discard((type_, entity_key(form)))

    def __len__(self) -> int:
        return sum(len(v) for v in self.lower.values()) + sum(len(v) for v in self.exact.values())

    def types_of(self, name: str) -> list[str]:
        """The types a name is listed under (in file order)."""
        known = self._types_of_name.get(name)
        if known is None:
            if len(self._types_of_name) > 200_000:  # bounded over a long run
                self._types_of_name.clear()
            known = self._types_of_name[name] = self._find_types(name)
        return list(known)

    def _find_types(self, name: str) -> list[str]:
        if self._types_by_key is None:
            by_key: dict[str, list[str]] = {}
            for t in FILE_TYPES.values():
                for (type_, key) in self.canonical:
                    if type_ == t and t:
                        by_key.setdefault(key, []).append(t)
            self._types_by_key = by_key
        key = entity_key(name)
        types = self._types_by_key.get(key, [])
        if self._exact_keys and any((t, key) in self._exact_keys for t in types):
            # A form listed with its exact case counts only in that case.
            types = [t for t in types if (t, key) not in self._exact_keys or name in self.exact.get(t, {})]
        return types

    def family_heads(self, type_: str) -> frozenset[str]:
        """Leading letters of known names of a type (`llama` from `Llama-3`): the family of unseen variants."""
        heads = set()
        for (t, key), _ in self.canonical.items():
            if t == type_:
                head = key.split("-", 1)[0]
                if len(head) >= 3 and head.isalpha():
                    heads.add(head)
        return frozenset(heads)


def parse_line(line: str) -> Optional[tuple[list[str], bool]]:
    """`Canonical | alias @cs` -> (forms, case_sensitive); None for comments and blank lines."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    case_sensitive = bool(_CS_MARK.search(line))
    if case_sensitive:
        line = _CS_MARK.sub("", line)
    forms = [f.strip() for f in line.split("|") if f.strip()]
    return (forms, case_sensitive) if forms else None


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    """The gazetteer in `directory` (read once per process; treat the result as read-only)."""
    gaz = Gazetteer()
    for stem, type_ in FILE_TYPES.items():
        path = Path(directory) / f"{stem}.txt"
        if not path.exists():
            log.info("gazetteer file %s not found; continuing without it", path)
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            parsed = parse_line(raw)
            if parsed:
                gaz.add(type_ or NOT_ENTITY, *parsed)
    log.debug("gazetteer: %d forms from %s", len(gaz), directory)
    return gaz


class GazetteerMatcher:
    """Adds a typed `Mention` for every known name in the doc (source `gazetteer`).

    One PhraseMatcher pass on LOWER finds every entry; for `@cs` entries (label prefixed `cs:`) the
    exact spelling is then checked in Python, which is cheaper than a second pass on ORTH."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        tokenizer = side_tokenizer(nlp)
        for type_, forms in gazetteer.lower.items():
            self.matcher.add(type_, list(tokenizer.pipe(forms)))
        for type_, forms in gazetteer.exact.items():
            self.matcher.add("cs:" + type_, list(tokenizer.pipe(forms)))
        labels = list(gazetteer.lower) + ["cs:" + t for t in gazetteer.exact]
        self._label_of = {nlp.vocab.strings.add(label): label for label in labels}  # match id -> label
        self._canonical_lower = {t: {f.lower(): c for f, c in forms.items()} for t, forms in gazetteer.lower.items()}
        self._canonical_exact = gazetteer.exact
        lower_forms = {f.lower(): f for forms in gazetteer.lower.values() for f in forms}
        written_lower = {f for forms in gazetteer.lower.values() for f in forms if f == f.lower()}
        self._cased_only = frozenset(low for low in lower_forms if low not in written_lower)

    def __call__(self, doc: Doc) -> Doc:
        if len(self.matcher) == 0:
            return doc
        v = view(doc)
        texts, spaces, n = v.texts, v.spaces, len(v)
        found = mentions(doc)
        strings = doc.vocab.strings
        score = SOURCE_SCORE["gazetteer"]
        for match_id, start, end in self.matcher(doc):
            label = self._label_of.get(match_id) or strings[match_id]
            if label == NOT_ENTITY:
                # Only blocks other candidates over the same words (settled in kg_resolve).
                v.blocked.append((start, end))
                continue
            text = texts[start] if end - start == 1 else v.span_text(start, end)
            if label.startswith("cs:"):
                type_ = label[3:]
                canonical = self._canonical_exact.get(type_, {}).get(text)
                if canonical is None:
                    continue  # a case-sensitive entry in another case (`phi` for `Phi`)
            else:
                type_ = label
                low = text.lower()
                if text == low:
                    # `units` is not `UniTS`: an all-lower-case word only matches an entry written in lower case.
                    if low in self._cased_only:
                        continue
                    # Part of a hyphenated word (`low-precision`, `memory-efficient`).
                    if (start > 0 and texts[start - 1] in "-–" and not spaces[start - 1]) or (
                            end < n and texts[end] in "-–" and not spaces[end - 1]):
                        continue
                canonical = self._canonical_lower.get(type_, {}).get(low)
            found.append(Mention(start, end, type_, "gazetteer", score, canonical=canonical or text,
                                 typed_by="gazetteer", text=text))
        return doc


@Language.factory("kg_gazetteer", default_config={"directory": None})
def make_gazetteer(nlp: Language, name: str, directory: Optional[str]) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_gazetteer(Path(directory) if directory else GAZETTEER_DIR))

