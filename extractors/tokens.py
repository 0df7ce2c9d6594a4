"""Plain Python lists of the doc's token facts, read once per doc and shared by the components.

Every `doc[i]` builds a Token object; the rule components look at each token many times, so they read
these lists instead (a measured 5x difference in the pipeline's run time). Sentences are recorded here
by `kg_sentences` and also written to the Doc, so `doc.sents` works for anyone else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.attrs import FLAG62, FLAG63, IDX, ORTH, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab

_MARK = re.compile(r"[^\W_a-z]|@")  # a capital, a digit, `@` (or any non-ASCII letter)


@lru_cache(maxsize=100_000)
def _has_mark(text: str) -> bool:
    return _MARK.search(text) is not None


# Per-process memos of pure facts about token strings, read with one dict or set lookup per token (cheaper
# than a StringStore lookup, or a comparison plus a cached call). Hashes are the StringStore's, the same in
# every vocab. Cleared when large so that a long run's memory stays bounded.
_MEMO_LIMIT = 500_000
_ORTH_TEXT: dict[int, str] = {}
_PLAIN: set[str] = set()  # strings without a mark of a name (see TokenView.marked)
_MARKED: set[str] = set()


def _texts(hashes: list[int], strings) -> list[str]:
    try:
        return list(map(_ORTH_TEXT.__getitem__, hashes))
    except KeyError:
        if len(_ORTH_TEXT) > _MEMO_LIMIT:
            _ORTH_TEXT.clear()
        for h in hashes:
            if h not in _ORTH_TEXT:
                _ORTH_TEXT[h] = strings[h]
        return list(map(_ORTH_TEXT.__getitem__, hashes))


def _is_marked(text: str) -> bool:
    if text in _MARKED:
        return True
    if text in _PLAIN:
        return False
    marked = text != text.lower() or (not text.isalpha() and _has_mark(text))
    if len(_PLAIN) + len(_MARKED) > _MEMO_LIMIT:
        _PLAIN.clear()
        _MARKED.clear()
    (_MARKED if marked else _PLAIN).add(text)
    return marked


# Words some component looks for (registered when the components are built). One pass over the doc
# finds them all; each component then filters this short list instead of scanning every token again.
_WATCHED: set[str] = set()


def _lexeme_marked(text: str) -> bool:
    return text != text.lower() or (not text.isalpha() and _has_mark(text))


def _watched_getter():
    def lexeme_watched(text: str) -> bool:
        return text.lower() in _WATCHED
    return lexeme_watched


_lexeme_watched = _watched_getter()  # replaced whenever `watch` adds words: lexemes flagged before are stale


def watch(words) -> None:
    """Register words (lower case) that `TokenView.positions` will be asked about."""
    global _lexeme_watched
    size = len(_WATCHED)
    _WATCHED.update(words)
    if len(_WATCHED) != size:
        _lexeme_watched = _watched_getter()


# Two facts of a token that depend only on its string, kept as lexeme flags: the vocab computes them once per
# distinct word (for a new word when the tokenizer first meets it), and a doc reads them as two more columns
# of `Doc.to_array` instead of a set lookup per token. The last two of spaCy's free flag bits.
_MARK_FLAG, _WATCH_FLAG = FLAG63, FLAG62


def _has_flags(vocab: Vocab) -> bool:
    """Whether `vocab`'s lexemes carry both flags up to date, set on first use (and again after `watch` added
    words); False if something else holds their bits."""
    getters: dict = vocab.lex_attr_getters  # type: ignore[attr-defined]  # (not in spaCy's stubs)
    mark = getters.get(_MARK_FLAG)
    if mark is None:
        vocab.add_flag(_lexeme_marked, _MARK_FLAG)
    elif mark is not _lexeme_marked:
        return False
    watched = getters.get(_WATCH_FLAG)
    if watched is _lexeme_watched:
        return True
    if watched is not None and getattr(watched, "__name__", None) != "lexeme_watched":
        return False
    vocab.add_flag(_lexeme_watched, _WATCH_FLAG)  # (re)computes the flag of every lexeme
    return True


# Kept in `doc.user_data` under a private key rather than as a `doc._` extension: components ask for the
# view dozens of times per doc, and every `doc._` access builds an Underscore object.
_KEY = "kg.token_view"
TEXT_KEY = "kg.text"
TITLE_KEY = "kg.title"  # the paper's title, for the proposal rules (`X: ...`)


@dataclass(slots=True)
class TokenView:
    text: str
    texts: list[str]
    lowers: list[str]
    spaces: list[int]  # 1 when whitespace follows the token, else 0
    starts: list[int]  # character offset of each token
    sent_start: list[bool] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)
    runs: Optional[list[tuple[int, int]]] = None  # glued runs, computed on first use (shapes.glued_runs)
    watched: Optional[list[int]] = None  # positions of registered words, computed on first use
    mentions: list = field(default_factory=list)  # entity candidates (extractors.mentions.Mention)
    blocked: list = field(default_factory=list)  # spans of `not_entities` phrases (start, end)
    # Facts one component leaves for later ones (kept here, not on `doc._`, which costs more to reach).
    acronyms: dict = field(default_factory=dict)  # short form -> acronyms.Abbreviation
    proposed: Optional[str] = None  # the paper's main proposal as written
    title_entity: Optional[tuple] = None  # (name, long form) of a proposal named only in the title
    proposed_key: Optional[str] = None  # entity key of the main proposal
    result_sentences: list = field(default_factory=list)  # (start, end) of sentences with results
    _marked: Optional[list[int]] = None

    def marked(self) -> list[int]:
        """Tokens with a capital, a digit or another mark of a name (`@`, a non-ASCII letter): where
        names can be. Computed once; most tokens are plain lower-case words or punctuation."""
        if self._marked is None:
            plain = _PLAIN
            self._marked = [k for k, t in enumerate(self.texts) if t not in plain and _is_marked(t)]
        return self._marked
    run_from: dict[int, int] = field(default_factory=dict)  # run start -> end
    run_to: dict[int, int] = field(default_factory=dict)  # run end -> start

    def __len__(self) -> int:
        return len(self.texts)

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end) as written."""
        return self.text[self.starts[start]:self.starts[end - 1] + len(self.texts[end - 1])]

    def end_char(self, i: int) -> int:
        return self.starts[i] + len(self.texts[i])

    def positions(self, words) -> list[int]:
        """Positions of tokens whose lower-case form is in `words` (which must have been `watch`ed)."""
        if self.watched is None:
            watched = _WATCHED
            self.watched = [i for i, w in enumerate(self.lowers) if w in watched]
        lowers = self.lowers
        return [i for i in self.watched if lowers[i] in words]

    def set_sentences(self, starts: list[int]) -> None:
        """Record the sentences from the tokens that open them (0 first)."""
        n = len(self.texts)
        flags = [False] * n
        for i in starts:
            flags[i] = True
        self.sent_start = flags
        bounds = list(starts) + [n]
        self.sents = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]

    def sentence_of(self, i: int) -> tuple[int, int]:
        for s, e in self.sents:
            if s <= i < e:
                return s, e
        return 0, len(self.texts)


def view(doc: Doc) -> TokenView:
    """The doc's TokenView (built on first use)."""
    v = doc.user_data.get(_KEY)
    if v is None:
        marked: list[int]
        watched: Optional[list[int]] = None  # (found on first use when not read from the flags)
        if not len(doc):
            texts, spaces, starts, marked = [], [], [], []
        elif _has_flags(doc.vocab):
            # Whole columns at once: building Token objects (`doc[i]`, `doc.text`) costs more.
            columns = doc.to_array([ORTH, SPACY, IDX, _MARK_FLAG, _WATCH_FLAG])
            texts = _texts(columns[:, 0].tolist(), doc.vocab.strings)
            spaces = columns[:, 1].tolist()  # 1 or 0: used as truth values
            starts = columns[:, 2].tolist()
            marked = columns[:, 3].nonzero()[0].tolist()
            watched = columns[:, 4].nonzero()[0].tolist()
        else:
            columns = doc.to_array([ORTH, SPACY, IDX])
            texts = _texts(columns[:, 0].tolist(), doc.vocab.strings)
            spaces = columns[:, 1].tolist()
            starts = columns[:, 2].tolist()
            plain = _PLAIN
            marked = [k for k, t in enumerate(texts) if t not in plain and _is_marked(t)]
        # The text the doc was made from, when its maker left it (`RuleExtractor` does): the same string.
        text = doc.user_data.get(TEXT_KEY)
        if text is None:
            text = doc.text
        # A token without a mark (see `TokenView.marked`) is its own lower-case form: only the marked ones (a few
        # in ten) are lower-cased; the others share the memo's string objects, whose hashes are already computed.
        lowers = texts.copy()
        for k in marked:
            lowers[k] = texts[k].lower()
        v = TokenView(text, texts, lowers, spaces, starts, watched=watched, _marked=marked)
        # One sentence until `kg_sentences` (the first component) records the real boundaries.
        v.sent_start = [False] * len(texts)
        if texts:
            v.sent_start[0] = True
            v.sents = [(0, len(texts))]
        doc.user_data[_KEY] = v
    return v


def side_tokenizer(nlp):
    """A tokenizer with the pipeline's rules and vocab but a cache of its own.

    The tokenizer caches at most 10,000 strings; tokenizing thousands of gazetteer phrases with the
    pipeline's own tokenizer fills that cache with them and makes every later abstract slower to
    tokenize (measured: 4x). Word lists are tokenized with this one instead.
    """
    from spacy.tokenizer import Tokenizer

    t = nlp.tokenizer
    return Tokenizer(nlp.vocab, rules=t.rules, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
                     infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match)
