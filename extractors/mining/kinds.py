"""Names that are kinds of things, not named things: what a corpus says by how it uses a name.

Two uses tell a kind from a named artefact, counted in papers over unlabelled abstracts:
- **data modifier**: a name written right before a noun of raw data (`X images`, `X scans`, `X data`, `X
  imagery`, `X sensors`, `X point clouds`; the nouns are data, `extractors/data/mining_frames.json`) names a
  modality, sensor or kind of data (MRI, LiDAR, RGB, UAV). A named data set is written in data-set frames
  instead (`the X dataset`, `X benchmark`, `trained on X`, `85.3% on X`) and a model with a size (`-7B`);
  those are counted against it. A plural head (`X datasets`, `X models`) is no data-set frame: `MRI datasets`
  are data sets of MRI.
- **plural**: a short form written in the plural by a large share of the papers that use it (`CNNs`,
  `GANs`, `KGs`, `WSIs`) names a class of things; one named model or data set is not counted (`GPT-4s`).
  Capitalised common words before a model or method head are read the same way, by the head: mostly
  `X Models` makes X a class (`Large Language`, `Vision-Language`), mostly `the X Model` a name (`Segment
  Anything`).
- **premodifier**: a name written right before a lower-case content word in nearly all its papers and almost
  never at the end of a noun phrase (before punctuation, a function word or the sentence end; a short form in
  parentheses is read by the word after them, `key-value (KV) cache`) is a modifier,
  not a thing: `human-AI collaboration`, `2D-3D correspondences`, `6-DoF pose`. A named model, method or data
  set stands alone often (`GPT-4 ,`, `trained on ImageNet .`, `U-Net and`).
- **area**: a name written before a noun of fields and their uses (`X applications`, `X education`, `X
  community`) or after `the field of` (the nouns: `area_nouns`, `mining_frames.json`) in a good share of its
  papers, and more often than in any typing frame (`X method`, `the X dataset`, `85% on X`), names a field or
  an area of application (`VR`, `STEM`), no model, method or data set.

By `docs/annotation.md` neither is an entity: a modality or sensor is no Model, Method, Dataset, Metric or
Task, and generic classes are not entities; nor is a modifier. `Kind.kind` says which rule holds (`modality`,
`class`, `modifier`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.extractors.lexicon import table
from kg.extractors.mining.names import Span, has_size
from kg.extractors.mining.shapes import LOWER, token_class
from kg.extractors.normalize import entity_key

MODALITY = "modality"
CLASS = "class"
MODIFIER = "modifier"
AREA = "area"

# Closed-class English words and auxiliaries: a name right before one of them ends its noun phrase
# (`X and Y`, `X is`, `on X for`), so the name is the head there, not a modifier.
FUNCTION_WORDS = frozenset("""a an the and or nor but of in on at to for with by from as into onto over under via
than then that which who whom whose is are was were be been being has have had do does did can could may might
will would shall should must not this these those it its their our we they while when where whether if although
though because since yet also only both either""".split())


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    name: str
    papers: int  # papers mentioning the name
    modifier_papers: int  # papers writing it before a data noun
    frame_papers: int  # papers writing it in a data-set or model frame, or with a size
    plural_share: float  # share of its spellings' papers that use the plural
    kind: str  # MODALITY, CLASS or MODIFIER
    premod_papers: int = 0  # papers writing it right before a lower-case content word
    head_papers: int = 0  # papers writing it at the end of a noun phrase
    area_papers: int = 0  # papers writing it before an area noun or after `the field of`
    typed_papers: int = 0  # papers writing it in any typing frame


@dataclass(frozen=True)
class KindThresholds:
    min_modifier_papers: int = 3
    min_modifier_share: float = 0.1  # of the papers mentioning the name
    modifier_over_frames: float = 2.0  # modifier papers at least this many times the frame papers
    min_plural_papers: int = 20  # papers using the singular or the plural spelling
    min_plural_share: float = 0.4
    min_head_plural_share: float = 0.75  # `X Models` against `the X Model`: named families take plural heads too
    min_premod_papers: int = 20  # papers naming it, for the premodifier rule
    min_premod_share: float = 0.85  # of those papers, writing it before a lower-case content word
    max_head_share: float = 0.15  # of those papers, writing it at the end of a noun phrase
    min_area_papers: int = 5
    min_area_share: float = 0.15  # of the papers mentioning the name
    area_over_typed: float = 1.5  # area papers at least this many times the papers with a typing frame


@lru_cache(maxsize=1)
def data_nouns() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """One-word data nouns, and two-word ones by their first word (`point` -> {`clouds`, `cloud`})."""
    words = table("mining_frames")["data_nouns"]["words"]
    single = frozenset(w for w in words if " " not in w)
    double: dict[str, set[str]] = {}
    for w in words:
        if " " in w:
            first, second = w.split(" ", 1)
            double.setdefault(first, set()).add(second)
    return single, {k: frozenset(v) for k, v in double.items()}


def modifies_data(toks: list[str], end: int) -> bool:
    """Is the word at `end` (right after a name) a lower-case data noun (`images`, `point clouds`)?"""
    if end >= len(toks):
        return False
    single, double = data_nouns()
    word = toks[end]
    if word in single:
        return True
    return word in double and end + 1 < len(toks) and toks[end + 1] in double[word]


# Frames that type a name as one named data set or model; plural heads (`X datasets`) are left out.
_FRAME_TYPES = ("Dataset", "Model")


def counts_as_frame(type_: str, frame: str) -> bool:
    if type_ not in _FRAME_TYPES:
        return False
    if frame.startswith(("head:", "name-ends-in:")):
        head = frame.split(":", 1)[1]
        return not head.endswith("s")
    return True


@lru_cache(maxsize=1)
def area_nouns() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Nouns of fields and their uses (`applications`), and the words that open `the field of X`."""
    entry = table("mining_frames")["area_nouns"]
    return frozenset(entry["words"]), tuple(tuple(w.split()) for w in entry["before"])


def names_area(toks: list[str], start: int, end: int) -> bool:
    """`X applications`, `X education`; `the field of X`."""
    words, before = area_nouns()
    if end < len(toks) and toks[end] in words:
        return True
    return any(tuple(w.lower() for w in toks[max(0, start - len(b)):start]) == b for b in before)


@lru_cache(maxsize=1)
def system_heads() -> dict[str, bool]:
    """Model and method head nouns with both numbers (`model`/`models`): word -> is plural."""
    heads = {w: t for w, t in table("mining_frames")["heads"].items() if not w.startswith("_")}
    out = {}
    for w, t in heads.items():
        if t in ("Model", "Method") and w + "s" in heads:
            out[w], out[w + "s"] = False, True
    return out


class KindCounter:
    """Per-paper counts: feed each sentence's spans and votes with `sentence`, close a paper with `paper`."""

    def __init__(self) -> None:
        self.modifier: Counter[str] = Counter()
        self.frames: Counter[str] = Counter()
        self.heads: dict[str, Counter[bool]] = {}  # key of capitalised words -> papers with a plural (True) or singular head
        self.head_surface: dict[str, str] = {}
        self._modifier: set[str] = set()
        self._frames: set[str] = set()
        self._heads: set[tuple[str, bool]] = set()
        self.premod: Counter[str] = Counter()  # papers writing the key right before a lower-case content word
        self.ends: Counter[str] = Counter()  # papers writing it at the end of a noun phrase
        self._premod: set[str] = set()
        self._ends: set[str] = set()
        self.area: Counter[str] = Counter()  # papers writing the key before an area noun
        self.typed: Counter[str] = Counter()  # papers writing it in any typing frame
        self._area: set[str] = set()
        self._typed: set[str] = set()

    def sentence(self, toks: list[str], spans: list[tuple[Span, str]], votes: list[tuple[str, str, str]]) -> None:
        """`spans`: (span, key); `votes`: (key, type, frame) of one sentence."""
        here = set()
        heads = system_heads()
        for span, key in spans:
            if span.kind == "title":
                self._head(toks, span, heads)
            self._position(toks, span.start, span.end, key)
            if names_area(toks, span.start, span.end):
                self._area.add(key)
            if modifies_data(toks, span.end):
                here.add(key)
            elif has_size(span.text):
                self._frames.add(key)
        self._modifier |= here
        self._typed.update(key for key, _, _ in votes)
        for key, type_, frame in votes:
            # `trained on MRI scans` is no data-set frame for MRI
            if key not in here and counts_as_frame(type_, frame):
                self._frames.add(key)

    def _position(self, toks: list[str], start: int, end: int, key: str) -> None:
        """Does the name end its noun phrase here (`X ,`, `X and`, `X .`) or modify a word (`X pose`)? A short
        form defined in parentheses is read by the word after them: `key-value (KV) cache` modifies `cache`."""
        if 0 < start and toks[start - 1] == "(" and end < len(toks) and toks[end] == ")":
            end += 1
        nxt = toks[end] if end < len(toks) else ""
        if not nxt or nxt.lower() in FUNCTION_WORDS or (not nxt[:1].isalpha() and nxt != "("):
            self._ends.add(key)
        elif token_class(nxt) == LOWER:
            self._premod.add(key)

    def _head(self, toks: list[str], span: Span, heads: dict[str, bool]) -> None:
        """`Large Language Models` (a head inside the capitalised run) or `Large Language models` (after it)."""
        last = toks[span.end - 1].lower()
        if last in heads:
            words, plural = toks[span.start:span.end - 1], heads[last]
        elif span.end < len(toks) and toks[span.end] in heads:
            words, plural = toks[span.start:span.end], heads[toks[span.end]]
        else:
            return
        name = " ".join(words)
        key = entity_key(name)
        if key:
            self._heads.add((key, plural))
            self.head_surface.setdefault(key, name)

    def paper(self) -> None:
        self.modifier.update(self._modifier)
        self.frames.update(self._frames)
        self.premod.update(self._premod)
        self.ends.update(self._ends)
        self.area.update(self._area)
        self.typed.update(self._typed)
        self._premod, self._ends, self._area, self._typed = set(), set(), set(), set()
        for key, plural in self._heads:
            self.heads.setdefault(key, Counter())[plural] += 1
        self._modifier, self._frames, self._heads = set(), set(), set()

    def head_plurals(self) -> dict[str, tuple[float, int]]:
        """Key of capitalised words -> (share of papers writing a plural head after it, papers with a head)."""
        out = {}
        for key, counts in self.heads.items():
            total = counts[True] + counts[False]
            out[key] = (counts[True] / total, total)
        return out


def plural_shares(spellings: dict[str, Counter[str]]) -> dict[str, tuple[str, str, float, int]]:
    """Spelling fold -> (singular, plural, share of papers using the plural, papers using either), for names
    written both as `X` and `Xs`; `spellings` maps a fold to the papers of each spelling."""
    out = {}
    for fold, counts in spellings.items():
        pairs = [(s, s + "s") for s in counts if s + "s" in counts]
        if not pairs:
            continue
        one, many = max(pairs, key=lambda p: (counts[p[0]] + counts[p[1]], p[0]))
        total = counts[one] + counts[many]
        out[fold] = (one, many, counts[many] / total, total)
    return out


def decide(papers: int, modifier: int, frames: int, plural: tuple[float, int] | None,
           th: KindThresholds, by_head: bool = False, premod: int = 0, ends: int = 0,
           area: int = 0, typed: int = 0) -> str | None:
    """MODALITY, CLASS, MODIFIER, AREA or None for one name's counts; `by_head`: the plural share is that of
    its heads; `premod`, `ends`: papers writing it before a lower-case content word, at the end of a noun
    phrase; `area`, `typed`: papers writing it before an area noun, in a typing frame."""
    if (modifier >= th.min_modifier_papers and modifier >= th.min_modifier_share * papers
            and modifier >= th.modifier_over_frames * frames):
        return MODALITY
    least = th.min_head_plural_share if by_head else th.min_plural_share
    if plural is not None and plural[1] >= th.min_plural_papers and plural[0] >= least \
            and frames * th.modifier_over_frames <= plural[1] * plural[0]:
        return CLASS
    if papers >= th.min_premod_papers and premod >= th.min_premod_share * papers \
            and ends <= th.max_head_share * papers:
        return MODIFIER
    if area >= th.min_area_papers and area >= th.min_area_share * papers and area >= th.area_over_typed * typed:
        return AREA
    return None
