"""Scale the real corpus to N abstracts, streamed to a JSON Lines file.

Abstract i is a rewrite of source abstract i mod S (S = the 580 papers of `../shared/corpus/`, or the 50 of
`kg/data/demo_listing.txt` where that corpus is absent; `--corpus FILE` takes any input `kg` reads, e.g. the
40,903 real abstracts of `arxiv-2025.jsonl.gz`, so that N = 75,000 is those unchanged plus 34,097 rewrites).
Copy 0 of every source is the real text, unchanged. Later copies rename the entity-like tokens
and perturb the numbers, so the graph grows the way a real one does:

- entity-like tokens are mixed-case or letter+digit names (`RealBasicVSR`, `Llama3.1-8B-Instruct`,
  `CIFAR-10`), acronyms (`VSR`, `CMMLU`), and capitalised names (`Llama`, `Hallucinator`: words seen
  capitalised mid-sentence in the corpus and never in lower case); a title's `Name: ...` prefix of up
  to three words (`Control LLM`, `Stuffed Mamba`) is renamed as a whole wherever it occurs. Each is split into its *stem* (first run of letters)
  and the rest; within one abstract every stem gets one variant number v, so `Llama3.1-8B` and
  `Llama3.1-8B-Instruct` stay one family and an acronym stays consistent with its later uses.
- v is drawn from a Zipf-like law (P(v >= k) = (k + 1) ** -ALPHA): v = 0 (the real name) is the most
  common, v = 1, 2, ... ever rarer. Variant v of a stem is the same string in every abstract, so popular
  names recur across papers, and the unbounded tail keeps bringing new names as N grows
  (distinct names grow like N ** (1 / (1 + ALPHA)) per family; `--stats` measures it).
- a renamed stem keeps the case pattern and length of the original (`Llama` -> `Vorqa`, `LLaMA` -> `VOrQA`:
  the same key after normalisation, so aliases stay aliases); digits inside names are kept.
- free-standing numbers (`40`, `14.4`) are scaled by a factor in [0.85, 1.15] keeping their decimals;
  years and small integers (enumerations, `1)`) are kept.
- ids are `gen-<i>`, titles get the same renames plus ` (#<copy>)` for copies > 0, so both are unique;
  `published` advances one day every 300 abstracts (a daily feed).

Deterministic: the same (N, seed) gives the same file byte for byte. Memory: the S source papers,
the rename cache, nothing per output record.

    python benchmarks/generate.py 100000 -o benchmarks/out/gen_100000.jsonl [--seed 7] [--stats]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import random
import re
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
# A clone without the development workspace beside it still runs (smoke tests, a first look) on the bundled
# 50-abstract listing; its figures do not compare with BENCHMARKS.md, measured on the 580 papers of the corpus.
SAMPLE_CORPUS = REPO / "kg" / "data" / "demo_listing.txt"
DEFAULT_CORPUS = SHARED_CORPUS if any(SHARED_CORPUS.glob("*.txt")) else SAMPLE_CORPUS
ALPHA = 0.6
PER_DAY = 300
START_DATE = _dt.date(2023, 1, 1)

# Generic acronyms: real papers do not coin new ones, so they are never renamed.
KEEP = frozenset("""
AI ML NLP CV RL LLM LLMS MLLM MLLMS VLM VLMS GPU GPUS CPU CPUS TPU API APIS SOTA US UK EU I II III IV V VI
X XL OK PDF URL HTML JSON QA FPS RGB RGBD MB GB TB KB ID IDS
""".split())

TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-+_]*[A-Za-z0-9]|[A-Za-z0-9]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
STEM = re.compile(r"^(\d*)([A-Za-z]+)(.*)$", re.S)
YEAR = re.compile(r"(19|20)\d\d")

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = "aeiou"
_CONSONANTS = "bcdfghjklmnpqrstvwxz"


def is_entity_like(token: str) -> bool:
    """Letters with digits, or a part (between hyphens) with a capital past its first letter
    (`RealBasicVSR`, `LLaMA`, `MT-Ladder`); title-case compounds (`Real-World`) are not names."""
    letters = [c for c in token if c.isalpha()]
    if len(letters) < 2:
        return False
    if any(c.isdigit() for c in token):
        return True
    return any(any(c.isupper() for c in part[1:]) for part in token.split("-"))


@lru_cache(maxsize=200_000)
def renamed_stem(stem: str, variant: int) -> str:
    """Variant `variant` of a stem: same length and case pattern, pronounceable-ish letters."""
    if variant == 0:
        return stem
    seed = int.from_bytes(hashlib.blake2b(f"{stem.lower()}|{variant}".encode(), digest_size=8).digest(), "big")
    rng = random.Random(seed)
    out = []
    for i, c in enumerate(stem.lower()):
        pool = _VOWELS if (i % 2 == 1 and c in _VOWELS) or (c in _VOWELS and rng.random() < 0.7) else _CONSONANTS
        out.append(rng.choice(pool))
    new = "".join(out)
    if new == stem.lower():  # vanishingly rare; keep variants distinct from the original
        new = new[:-1] + ("x" if new[-1] != "x" else "q")
    return "".join(n.upper() if o.isupper() else n for n, o in zip(new, stem))


def zipf_variant(rng: random.Random, alpha: float = ALPHA) -> int:
    """P(v >= k) = (k + 1) ** -alpha: v = 0 most often, then 1, 2, ... with an unbounded tail."""
    return int(rng.paretovariate(alpha)) - 1


def perturb_number(text: str, rng: random.Random) -> str:
    if "." not in text:
        value = int(text)
        if value <= 10 or YEAR.fullmatch(text) or len(text) > 9:
            return text
        return str(max(11, round(value * rng.uniform(0.85, 1.15))))
    decimals = len(text.split(".", 1)[1])
    value = float(text) * rng.uniform(0.85, 1.15)
    return f"{value:.{decimals}f}"


class Rewriter:
    """Rewrites one abstract (and its title) with one variant per stem."""

    def __init__(self, rng: random.Random, alpha: float = ALPHA, name_words: frozenset[str] = frozenset(),
                 phrase: str = ""):
        self.rng = rng
        self.alpha = alpha
        self.name_words = name_words
        self.variants: dict[str, int] = {}
        self.names: set[str] = set()
        self.phrase = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])") if phrase else None
        self.new_phrase = ""
        if phrase:
            self.new_phrase = TOKEN.sub(lambda m: self.rename(m.group(0), force=True) or m.group(0), phrase)
            self.names.add(self.new_phrase)

    def rename(self, tok: str, force: bool = False) -> Optional[str]:
        m = STEM.match(tok)
        if not m or len(m.group(2)) < 2:
            return None
        lead, stem, rest = m.groups()
        if not force and rest and stem in self.name_words and not is_entity_like(tok):
            return None
        return lead + renamed_stem(stem, self.variant(stem)) + rest

    def variant(self, stem: str) -> int:
        key = stem.lower()
        if key not in self.variants:
            self.variants[key] = zipf_variant(self.rng, self.alpha)
        return self.variants[key]

    def token(self, match: re.Match) -> str:
        tok = match.group(0)
        if NUMBER.fullmatch(tok):
            return perturb_number(tok, self.rng)
        if tok.upper() in KEEP or tok.rstrip("s").upper() in KEEP:
            return tok
        if not (is_entity_like(tok) or tok in self.name_words):
            return tok
        new = self.rename(tok)
        if new is None:
            return tok
        self.names.add(new)
        return new

    def rewrite(self, text: str) -> str:
        if self.phrase is None:
            return TOKEN.sub(self.token, text)
        parts = self.phrase.split(text)
        return self.new_phrase.join(TOKEN.sub(self.token, part) for part in parts)


def title_phrase(title: str) -> str:
    """The `Name` of a `Name: subtitle` title when it is at most three words, else ''."""
    head, sep, _ = title.partition(":")
    head = head.strip()
    if not sep or not head or len(head.split()) > 3 or not head[0].isupper():
        return ""
    return head


def corpus_name_words(sources: Sequence[dict]) -> frozenset[str]:
    """Capitalised words used as names: seen capitalised after a lower-case word and never in lower case."""
    lower: set[str] = set()
    capitalised: set[str] = set()
    for src in sources:
        text = src["title"] + "\n" + src["abstract"]
        lower.update(re.findall(r"\b[a-z][a-z\-]+\b", text))
        capitalised.update(re.findall(r"(?<=[a-z,;] )[A-Z][a-z]{3,}\b", src["abstract"]))
    return frozenset(w for w in capitalised if w.lower() not in lower)


def read_sources(corpus: Path) -> list[dict]:
    from kg.read import ReadProblem, read_papers

    corpus = Path(corpus)
    paths = [corpus] if corpus.is_file() else sorted(corpus.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no corpus files (*.txt) in {corpus}")
    # A paper listed on several days is one source (its id is derived from its title).
    unique = {p.id: {"title": p.title, "abstract": p.abstract} for p in read_papers(paths)
              if not isinstance(p, ReadProblem)}
    return list(unique.values())


def generate(n: int, seed: int = 7, sources: Optional[Sequence[dict]] = None, corpus: Path = DEFAULT_CORPUS,
             alpha: float = ALPHA, names: Optional[set[str]] = None) -> Iterator[dict]:
    """Yield N records (dicts with id, title, abstract, published), streaming. `names`, when given,
    collects every renamed entity-like token produced (for measuring distinct names vs N)."""
    sources = list(sources) if sources is not None else read_sources(corpus)
    count = len(sources)
    name_words = corpus_name_words(sources)
    phrases = [title_phrase(src["title"]) for src in sources]
    for i in range(n):
        src = sources[i % count]
        copy = i // count
        published = (START_DATE + _dt.timedelta(days=i // PER_DAY)).isoformat()
        if copy == 0:
            title, abstract = src["title"], src["abstract"]
        else:
            rw = Rewriter(random.Random(f"{seed}:{i}"), alpha, name_words, phrases[i % count])
            abstract = rw.rewrite(src["abstract"])
            title = f"{rw.rewrite(src['title'])} (#{copy})"
            if names is not None:
                names |= rw.names
        yield {"id": f"gen-{i:08d}", "title": title, "abstract": abstract, "published": published}


def write_jsonl(path: Path, n: int, seed: int = 7, corpus: Path = DEFAULT_CORPUS, alpha: float = ALPHA,
                names: Optional[set[str]] = None) -> int:
    """Write N records to `path` (atomically: a temp file renamed at the end). Returns bytes written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    size = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for record in generate(n, seed, corpus=corpus, alpha=alpha, names=names):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    tmp.replace(path)
    return size


def distinct_names_curve(n: int, seed: int = 7, corpus: Path = DEFAULT_CORPUS, points: int = 6) -> list[tuple[int, int]]:
    """(abstracts, distinct entity-like names in them) at `points` sizes up to n, one pass."""
    sources = read_sources(corpus)
    name_words = corpus_name_words(sources)
    original: set[str] = {p for p in (title_phrase(src["title"]) for src in sources) if p}
    for src in sources:
        for text in (src["title"], src["abstract"]):
            original |= {t for t in TOKEN.findall(text) if is_entity_like(t) or t in name_words}
    marks = sorted({max(1, round(n * (k + 1) / points)) for k in range(points)})
    seen = set(original)
    curve = []
    for i, _ in enumerate(generate(n, seed, sources=sources, names=seen), start=1):
        if i in marks:
            curve.append((i, len(seen)))
    return curve


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of abstracts")
    parser.add_argument("-o", "--output", type=Path, help="JSON Lines file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--alpha", type=float, default=ALPHA, help="Zipf tail exponent (smaller: more new names)")
    parser.add_argument("--stats", action="store_true", help="print distinct entity-like names vs N instead")
    args = parser.parse_args(argv)
    if args.stats:
        for size, distinct in distinct_names_curve(args.n, args.seed, args.corpus):
            print(f"{size:>9} abstracts  {distinct:>9} distinct entity-like names")
        return
    if args.output is None:
        for record in generate(args.n, args.seed, corpus=args.corpus, alpha=args.alpha):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    started = time.perf_counter()
    size = write_jsonl(args.output, args.n, args.seed, args.corpus, args.alpha)
    print(f"wrote {args.n} abstracts ({size / 2**20:.1f} MB) to {args.output} in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
