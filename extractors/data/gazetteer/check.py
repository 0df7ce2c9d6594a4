"""Check the gazetteer files: counts, malformed lines, duplicate names within and across files.

Run: .venv/bin/python extractors/data/gazetteer/check.py [-v] [--strict]

Exit status: 1 when a line is malformed (always), or when a duplicate is found and --strict is given; 0 otherwise.
Duplicates are found on a loose key: casefolded, with spaces, hyphens, underscores and dots removed
(`Llama-3.1-8B`, `llama 3.18b` and `LLaMA3.1 8B` share a key). Aliases on one line that share a key with
each other are deliberate spelling variants for token-based matching and are not reported.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPED_FILES = {
    "models.txt": "Model",
    "methods.txt": "Method",
    "datasets.txt": "Dataset",
    "metrics.txt": "Metric",
    "tasks.txt": "Task",
}
FILES = list(TYPED_FILES) + ["not_entities.txt"]
CS_MARKER = "@cs"
# Characters that would confuse the format or a token matcher inside a name.
_BAD_CHARS = re.compile(r"[\t|\r\n]")
# Keys shared by genuinely different names (the loose key drops dots and case); listed, not counted as errors.
# ViT-g/14 vs ViT-G/14 differ only in case (both @cs); OPT-1.3B vs OPT-13B differ only in a dot;
# ViT-S (a backbone size) vs VITS (@cs, a TTS model).
# Codex (model) vs CoDEx (knowledge-graph dataset), LaMa (inpainting) vs LAMA (probe), Oscar (VL model)
# vs OSCAR (corpus), SuperGlue (matcher) vs SuperGLUE (benchmark): all @cs, told apart by case.
# FiD (Fusion-in-Decoder) vs FID (metric); MAR (generator) vs mAR (metric); mCE vs MCE (two metrics).
KNOWN_COLLISIONS = {"opt13b", "vitg", "vitg/14", "vits", "codex", "lama", "oscar", "superglue", "fid", "mar", "mce",
                    # dataset (@cs, capitalised) vs task (lower case): "Visual Dialog" vs "visual dialog".
                    "visualdialog", "visualcommonsensereasoning"}
# Short names matched case-insensitively risk false positives; reported as warnings.
SHORT_CI = 2


def loose_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s\-_.\u2010-\u2015]+", "", text)


def parse_line(line: str) -> tuple[list[str], bool, str | None]:
    """(names, case_sensitive, error) for one non-comment, non-blank line."""
    text = line.rstrip("\n")
    if text != text.strip():
        return [], False, "leading or trailing whitespace"
    case_sensitive = False
    if text.endswith(" " + CS_MARKER):
        case_sensitive = True
        text = text[: -len(CS_MARKER) - 1]
    elif text == CS_MARKER or text.endswith(CS_MARKER):
        return [], False, "'@cs' must follow the last name after one space"
    if CS_MARKER in text.split():
        return [], False, "'@cs' must be at the end of the line"
    parts = text.split(" | ")
    names = [p for p in parts]
    for name in names:
        if not name or name != name.strip():
            return [], False, f"empty name or stray spaces around '|' in {text!r}"
        if _BAD_CHARS.search(name):
            return [], False, f"bad character in name {name!r} (use ' | ' between names)"
        if "  " in name:
            return [], False, f"double space in name {name!r}"
        if not loose_key(name) or not re.search(r"\w", name):
            return [], False, f"name without letters or digits: {name!r}"
    return names, case_sensitive, None


def load(path: Path):
    """Entries as (lineno, names, case_sensitive) and errors as (lineno, message)."""
    entries, errors = [], []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            if raw:
                errors.append((lineno, "whitespace-only line"))
            continue
        if raw.lstrip().startswith("#"):
            continue
        names, cs, err = parse_line(raw)
        if err:
            errors.append((lineno, err))
        else:
            entries.append((lineno, names, cs))
    return entries, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="also list short case-insensitive names")
    ap.add_argument("--strict", action="store_true", help="exit non-zero on duplicates too")
    args = ap.parse_args(argv)

    n_errors = 0
    n_dupes = 0
    # key -> list of (file, lineno, name, entry canonical)
    seen: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    short_ci: list[str] = []
    print(f"{'file':<20}{'entries':>8}{'names':>8}{'@cs':>6}")
    for fname in FILES:
        path = HERE / fname
        if not path.exists():
            print(f"{fname:<20}  MISSING")
            n_errors += 1
            continue
        entries, errors = load(path)
        for lineno, msg in errors:
            print(f"MALFORMED {fname}:{lineno}: {msg}")
        n_errors += len(errors)
        n_names = 0
        n_cs = 0
        for lineno, names, cs in entries:
            n_cs += cs
            keys_here = set()
            for name in names:
                key = loose_key(name)
                n_names += 1
                if key in keys_here:
                    continue  # spelling variant of another name on the same line
                keys_here.add(key)
                seen[key].append((fname, lineno, name, names[0]))
                if not cs and len(key) <= SHORT_CI and fname != "not_entities.txt":
                    short_ci.append(f"{fname}:{lineno}: {name!r}")
        print(f"{fname:<20}{len(entries):>8}{n_names:>8}{n_cs:>6}")

    for key, hits in sorted(seen.items()):
        if len(hits) < 2:
            continue
        if key in KNOWN_COLLISIONS:
            if args.verbose:
                print(f"known collision {key!r}: " + "; ".join(f"{f}:{ln} {name!r}" for f, ln, name, _ in hits))
            continue
        where = "; ".join(f"{f}:{ln} {name!r} (in {canon!r})" for f, ln, name, canon in hits)
        files = {h[0] for h in hits}
        if files == {"not_entities.txt"}:
            continue  # spelling variants of one generic phrase, one per line by design
        n_dupes += 1
        scope = "ACROSS FILES" if len(files) > 1 else "within file"
        print(f"DUPLICATE ({scope}) {key!r}: {where}")

    if short_ci:
        print(f"warning: {len(short_ci)} names of <= {SHORT_CI} characters are matched case-insensitively")
        if args.verbose:
            for s in short_ci:
                print("  ", s)

    print(f"{n_errors} malformed line(s), {n_dupes} duplicate key(s)")
    if n_errors:
        return 1
    if args.strict and n_dupes:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
