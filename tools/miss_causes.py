"""Why the rule pipeline misses gold entities: one line per missed (name, type), with the sentence and a cause.

    .venv/bin/python tools/miss_causes.py ../shared/gold/dev.jsonl ../shared/gold/train.jsonl [--json OUT]

The rules learn nothing from the folds, so the misses over `kg eval --folds 5` held-out folds are the misses over
all records; this tool scores every record once. It runs the pipeline one component at a time and, for each gold
name the final entities do not hold (relaxed: Model = Method), says

    no-candidate   no component ever proposed a mention with that name
    boundary       no mention with that name, but one overlapping where the text writes it (the mention shown)
    dropped:C      a mention with the name existed and was gone after component C (kg_resolve, kg_prune, ...)
    typed:T        the name was extracted, as type T (not matching relaxed)

A developer's tool for error analysis (docs/entities.md); not part of the package.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from kg.eval.matching import score_name
from kg.eval.score import read_gold
from kg.extractors.mentions import doc_attr
from kg.extractors.pipeline import get_nlp
from kg.extractors.rules import RuleExtractor
from kg.extractors.tokens import view

_RELAXED = {"Model": "Model/Method", "Method": "Model/Method"}


def _rel(t: str | None) -> str | None:
    return _RELAXED.get(t or "", t)


def _stage_names(doc) -> dict[str, set[str | None]]:
    """score_name -> the relaxed types of the mentions holding it (before kg_resolve: the candidate list)."""
    out: dict[str, set[str | None]] = {}
    ms = doc_attr(doc, "mentions") or view(doc).mentions
    for m in ms:
        text = m.text or doc[m.start:m.end].text
        for name in (text, m.canonical, m.long_form):
            key = score_name(name)
            if key:
                out.setdefault(key, set()).add(_rel(m.type))
    for r in doc_attr(doc, "entities") or []:
        for name in [r.name, *r.aliases]:
            key = score_name(name)
            if key:
                out.setdefault(key, set()).add(_rel(r.type))
    return out


def _find(text: str, name: str) -> list[tuple[int, int]]:
    """Character spans where the text writes the name (ignoring case, spaces, hyphens and dots between)."""
    parts = [re.escape(c) for c in name if not re.match(r"[\s\-.‐‑‒–—]", c)]
    if not parts:
        return []
    pattern = r"[\s\-.‐‑‒–—]*".join(parts)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


def analyse(records) -> list[dict]:
    nlp = get_nlp()
    extractor = RuleExtractor()
    rows = []
    for rec in records:
        doc = extractor._doc(rec.paper)
        stages: list[tuple[str, dict]] = []
        overlap_texts: list[tuple[int, int, str, str]] = []
        for name, proc in nlp.pipeline:
            doc = proc(doc)
            stages.append((name, _stage_names(doc)))
            ms = doc_attr(doc, "mentions") if name in ("kg_resolve",) else view(doc).mentions
            for m in ms or []:
                span = doc[m.start:m.end]
                overlap_texts.append((span.start_char, span.end_char, span.text, str(m.type)))
        final = {}
        for r in doc_attr(doc, "entities") or []:
            key = score_name(r.name)
            if key:
                final.setdefault(key, set()).add(_rel(r.type))
        text = doc.text
        for g in rec.entities:
            key = score_name(g.name)
            if not key or _rel(g.type) in final.get(key, set()):
                continue
            spans = _find(text, g.name)
            sent = ""
            if spans:
                s, e = spans[0]
                tok = doc.char_span(s, e, alignment_mode="expand")
                sent = tok.sent.text if tok is not None else ""
            if key in final:
                cause = "typed:" + ",".join(sorted(str(t) for t in final[key]))
            else:
                seen = [n for n, names in stages if key in names]
                if seen:
                    last = max(i for i, (n, names) in enumerate(stages) if key in names)
                    cause = "dropped:" + (stages[last + 1][0] if last + 1 < len(stages) else "end")
                    types = stages[last][1][key]
                    cause += " (was " + ",".join(sorted(str(t) for t in types)) + ")"
                else:
                    over = sorted({(t, ty) for s0, e0, t, ty in overlap_texts for s, e in spans
                                   if s0 < e and s < e0})
                    cause = ("boundary: " + "; ".join(f"{t} [{ty}]" for t, ty in over[:4])) if over else \
                        ("no-candidate" if spans else "not-in-text")
            rows.append({"id": rec.paper.id, "name": g.name, "type": g.type, "cause": cause,
                         "in_title": bool(_find(rec.paper.title or "", g.name)), "sentence": sent.strip()})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--json", type=Path, help="write the rows as JSON Lines here")
    args = ap.parse_args(argv)
    records = [r for p in args.gold for r in read_gold(p)]
    rows = analyse(records)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    for row in rows:
        print(f"{row['type']:8} {row['name']!r:40} {row['cause'][:70]}\n         {row['sentence'][:220]}")
    counts = Counter(row["cause"].split(":")[0].split(" ")[0] for row in rows)
    print(f"\n{len(rows)} missed over {len(records)} abstracts:", dict(counts.most_common()), file=sys.stderr)
    by_type = Counter((row["type"], row["cause"].split(":")[0]) for row in rows)
    for (t, c), n in sorted(by_type.items()):
        print(f"  {t:8} {c:14} {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
