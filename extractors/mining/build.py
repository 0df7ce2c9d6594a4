"""Mining a corpus: one pass over the records counts, per paper, acronym definitions, names, type
evidence and words; `Miner.lexicon()` then applies the thresholds and orders every table.

Every count is a number of papers (a paper that repeats a name ten times counts once), so one verbose
abstract cannot outvote the corpus.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Iterable

from kg.extractors.mining.acronyms import find_definitions
from kg.extractors.mining.extensions import ExtensionCounter
from kg.extractors.mining.frames import SentenceFrames, frame_words
from kg.extractors.mining.kinds import Kind, KindCounter, KindThresholds, decide, plural_shares
from kg.extractors.mining.lexicon import (
    TYPES,
    CommonWord,
    Expansion,
    Lexicon,
    Name,
    ScorePair,
    Surface,
    TypeEvidence,
    short_key,
)
from kg.extractors.mining.names import fold_key, name_spans
from kg.extractors.mining.shapes import CAPITALISED, LOWER, NAME, token_class
from kg.extractors.mining.text import clean_text, sentences, tokens
from kg.extractors.normalize import entity_key


@dataclass(frozen=True)
class Thresholds:
    """Minimum numbers of papers for a row to be kept (noise stays out of the shipped files)."""

    acronym_papers: int = 2  # papers defining a short form with one expansion
    type_papers: int = 2  # papers giving a name any type evidence
    name_papers: int = 3  # papers mentioning a candidate name
    surface_papers: int = 2  # papers using one spelling of a name
    common_word_share: float = 0.001  # share of papers using a lower-case word
    common_word_min: int = 3
    extension_papers: int = 3  # papers writing a word before a listed name in a noun phrase (extensions.py)
    gradable_share: float = 0.05  # share of a word's papers writing `more W`: an evaluative adjective, no extension


def _best_surface(counts: Counter[str]) -> str:
    """The most used spelling; ties go to the alphabetically first so the choice is reproducible."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


_BRITISH = (("isation", "ization"), ("ised", "ized"), ("ising", "izing"))


def _plural_fold(key: str) -> str:
    """The key long forms are grouped by: `neural-radiance-fields` with `neural-radiance-field` (regular
    plural of the last word), `optimisation` with `optimization` (British spelling), `multi-modal` with
    `multimodal` (hyphens and spaces dropped)."""
    words = key.split("-")
    for i, word in enumerate(words):
        for gb, us in _BRITISH:
            if word.endswith(gb) and len(word) > len(gb) + 2:
                words[i] = word[: -len(gb)] + us
                break
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        words[-1] = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    # `multi-modal`/`multimodal`, `pre-trained`/`pretrained`: spacing and hyphens do not make another expansion
    return "".join(words)


class Miner:
    """Feed papers with `add`, then take the `lexicon()`."""

    def __init__(self, thresholds: Thresholds | None = None, kind_thresholds: KindThresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self.kind_thresholds = kind_thresholds or KindThresholds()  # modalities and classes (`mining/kinds.py`)
        self.fw = frame_words()
        self.docs = 0
        self.acr_votes: Counter[tuple[str, str]] = Counter()
        self.acr_short_surface: dict[str, Counter[str]] = defaultdict(Counter)
        self.acr_long_surface: dict[str, Counter[str]] = defaultdict(Counter)
        self.short_used: Counter[str] = Counter()
        self.name_df: Counter[str] = Counter()
        self.name_surface: dict[str, Counter[str]] = defaultdict(Counter)
        self.name_kind: dict[str, Counter[str]] = defaultdict(Counter)
        self.type_votes: dict[str, Counter[str]] = defaultdict(Counter)
        self.type_frames: dict[str, Counter[str]] = defaultdict(Counter)
        self.type_papers: Counter[str] = Counter()
        self.type_surface: dict[str, Counter[str]] = defaultdict(Counter)
        self.score_df: Counter[str] = Counter()
        self.word_df: Counter[str] = Counter()
        self.cap_df: Counter[str] = Counter()
        self.kinds = KindCounter()
        self.extensions = ExtensionCounter()

    def add(self, title: str, abstract: str) -> None:
        """Count one paper."""
        self.docs += 1
        defs: set[tuple[str, str]] = set()
        used: set[str] = set()
        names: dict[str, str] = {}  # key -> kind of its first span
        spellings: set[tuple[str, str]] = set()  # (key, surface): every spelling a paper uses counts
        votes: set[tuple[str, str, str]] = set()
        vote_surface: dict[str, str] = {}
        words: set[str] = set()
        capitalised: set[str] = set()
        parts = [(clean_text(title), True)] if title else []
        parts += [(s, False) for s in sentences(clean_text(abstract))]
        for sentence, is_title in parts:
            toks = tokens(sentence)
            self.extensions.sentence(toks)
            for d in find_definitions(toks):
                skey, lkey = short_key(d.short), _plural_fold(entity_key(d.long))
                if skey and lkey and (skey, lkey) not in defs:
                    defs.add((skey, lkey))
                    self.acr_short_surface[skey][d.short] += 1
                    self.acr_long_surface[lkey][d.long] += 1
            classes = [token_class(t) for t in toks]
            for k, tok in enumerate(toks):
                kind = classes[k]
                if kind == NAME:
                    used.add(short_key(tok))
                elif is_title:
                    continue
                elif kind == LOWER:
                    words.add(tok)
                elif kind == CAPITALISED and k > 0:
                    capitalised.add(tok.lower())
            spans = name_spans(toks, is_title, classes)
            keyed = []
            for span in spans:
                key = entity_key(span.text)
                if key:
                    names.setdefault(key, span.kind)
                    spellings.add((key, span.text))
                    keyed.append((span, key))
            sentence_votes = []
            for v in SentenceFrames(toks, spans, self.fw).votes():
                key = entity_key(v.name)
                if key:
                    votes.add((key, v.type, v.frame))
                    vote_surface.setdefault(key, v.name)
                    sentence_votes.append((key, v.type, v.frame))
            self.kinds.sentence(toks, keyed, sentence_votes)
        self.kinds.paper()
        self.acr_votes.update(defs)
        self.short_used.update(used)
        for key, span_kind in names.items():
            self.name_df[key] += 1
            self.name_kind[key][span_kind] += 1
        for key, surface in spellings:
            self.name_surface[key][surface] += 1
        typed: dict[str, set[str]] = defaultdict(set)
        for key, type_, frame in votes:
            typed[key].add(type_)
            self.type_frames[key][frame] += 1
            if frame == "head:score":
                self.score_df[key] += 1
        for key, types in typed.items():
            self.type_papers[key] += 1
            self.type_votes[key].update(types)
            self.type_surface[key][vote_surface[key]] += 1
        self.word_df.update(words)
        self.cap_df.update(capitalised)
        self.extensions.end_paper()

    # -- the tables -------------------------------------------------------------------------------
    def lexicon(self, manifest: dict | None = None) -> Lexicon:
        th = self.thresholds
        meta = {"documents": self.docs, "thresholds": asdict(th), "kind_thresholds": asdict(self.kind_thresholds)}
        meta.update(manifest or {})
        return Lexicon(acronyms=self._acronyms(), types=self._types(), surface_rows=self._surfaces(),
                       score_pairs=self._score_pairs(), names=self._names(), common_words=self._common(),
                       kinds=self._kinds(),
                       extensions=self.extensions.rows(th.extension_papers, self.word_df, th.gradable_share),
                       manifest=meta)

    def _acronyms(self) -> list[Expansion]:
        kept = [(s, l, n) for (s, l), n in self.acr_votes.items() if n >= self.thresholds.acronym_papers]
        total: Counter[str] = Counter()
        for s, _, n in kept:
            total[s] += n
        kept.sort(key=lambda r: (-total[r[0]], r[0], -r[2], r[1]))
        out = []
        for s, l, n in kept:
            long = _best_surface(self.acr_long_surface[l])
            out.append(Expansion(_best_surface(self.acr_short_surface[s]), long, entity_key(long), n,
                                 max(self.short_used[s], n)))
        return out

    def _types(self) -> list[TypeEvidence]:
        out = []
        for key, papers in self.type_papers.items():
            if papers < self.thresholds.type_papers:
                continue
            frames = ",".join(f"{f}={c}" for f, c in sorted(self.type_frames[key].items(),
                                                              key=lambda kv: (-kv[1], kv[0]))[:3])
            votes = {t: self.type_votes[key][t] for t in TYPES}
            out.append(TypeEvidence(key, _best_surface(self.type_surface[key]), papers, votes, frames))
        out.sort(key=lambda t: (-t.papers, t.key))
        return out

    def _names(self) -> list[Name]:
        out = [Name(key, _best_surface(self.name_surface[key]), df, _best_surface(self.name_kind[key]))
               for key, df in self.name_df.items() if df >= self.thresholds.name_papers]
        out.sort(key=lambda n: (-n.papers, n.key))
        return out

    def _surfaces(self) -> list[Surface]:
        groups: dict[str, list[Surface]] = defaultdict(list)
        for key, counts in self.name_surface.items():
            if self.name_df[key] < self.thresholds.surface_papers:
                continue
            for surface, n in counts.items():
                if n >= self.thresholds.surface_papers:
                    groups[fold_key(surface)].append(Surface(fold_key(surface), key, surface, n))
        out = []
        for rows in groups.values():
            if len(rows) > 1:
                out.extend(sorted(rows, key=lambda s: (-s.papers, s.surface)))
        total = Counter({fold: sum(s.papers for s in rows) for fold, rows in groups.items()})
        out.sort(key=lambda s: (-total[s.fold], s.fold, -s.papers, s.surface))
        return out

    def _score_pairs(self) -> list[ScorePair]:
        out = [ScorePair(key, _best_surface(self.type_surface[key]) if key in self.type_surface else key, n,
                         self.name_df.get(key, 0))
               for key, n in self.score_df.items()
               if n >= self.thresholds.type_papers and self.name_df.get(key, 0) >= self.thresholds.name_papers]
        out.sort(key=lambda p: (-p.score_papers, p.key))
        return out

    def _kinds(self) -> list[Kind]:
        """Names used as modalities (before data nouns) or as classes (mostly in the plural)."""
        th = self.kind_thresholds
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        fold_keys: dict[str, set[str]] = defaultdict(set)
        for key, counts in self.name_surface.items():
            for surface, n in counts.items():
                spellings[fold_key(surface)][surface] += n
                fold_keys[fold_key(surface)].add(key)
        plurals = plural_shares(spellings)
        # the keys whose own spelling is the singular or the plural (`vLLM`, a named system, is not `VLLMs`)
        plural_of = {key: (share, total) for f, (one, many, share, total) in plurals.items() for key in fold_keys[f]
                     if _best_surface(self.name_surface[key]) in (one, many)}
        heads = self.kinds.head_plurals()  # `Large Language Models`: capitalised words before a plural head
        out = []
        for key in sorted(set(self.kinds.modifier) | set(plural_of) | set(heads) | set(self.kinds.premod)
                          | set(self.kinds.area)):
            papers, modifier, frames = self.name_df.get(key, 0), self.kinds.modifier[key], self.kinds.frames[key]
            plural = plural_of.get(key)
            by_head = key in heads and (plural is None or heads[key][1] > plural[1])
            if by_head:
                plural = heads[key]
            if max(papers, plural[1] if plural else 0) < self.thresholds.name_papers:
                continue
            premod, ends = self.kinds.premod[key], self.kinds.ends[key]
            area, typed = self.kinds.area[key], self.kinds.typed[key]
            kind = decide(papers, modifier, frames, plural, th, by_head, premod, ends, area, typed)
            if kind is not None:
                name = (_best_surface(self.name_surface[key]) if key in self.name_surface
                        else self.kinds.head_surface[key])
                out.append(Kind(key, name, papers, modifier, frames, round(plural[0], 3) if plural else 0.0, kind,
                                premod, ends, area, typed))
        out.sort(key=lambda k: (-k.papers, k.key))
        return out

    def _common(self) -> list[CommonWord]:
        floor = max(self.thresholds.common_word_min, int(self.docs * self.thresholds.common_word_share))
        out = [CommonWord(w, n, self.cap_df.get(w, 0)) for w, n in self.word_df.items() if n >= floor]
        out.sort(key=lambda w: (-w.papers, w.word))
        return out


def build_lexicon(records: Iterable[object], thresholds: Thresholds | None = None,
                  manifest: dict | None = None) -> Lexicon:
    """Mine a lexicon from records: `Paper`s, dicts with `title` and `abstract` (or `summary`), or
    `(title, abstract)` pairs."""
    from kg.extractors.mining.corpus import title_and_text

    miner = Miner(thresholds)
    for record in records:
        pair = title_and_text(record)
        if pair is not None:
            miner.add(*pair)
    return miner.lexicon(manifest)
