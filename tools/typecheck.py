"""Run mypy over the installed shape of the package: `kg`, with `extractors/` as `kg.extractors` and `queries/` as
`kg.queries`.

mypy cannot follow setuptools' package-dir mapping, so this lays out `.typecheck/kg/` as links to the real folders
and files, runs mypy there (settings in pyproject.toml: strict on kg, checked on the two mapped folders) and prints
the findings with the paths of the working tree.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TREE = REPO / ".typecheck"
MAPPED = {"extractors": REPO / "extractors", "queries": REPO / "queries"}


def lay_out() -> Path:
    """`.typecheck/kg`: a link for every entry of kg/, and the mapped folders under their installed names."""
    if TREE.exists():
        shutil.rmtree(TREE)
    package = TREE / "kg"
    package.mkdir(parents=True)
    for entry in (REPO / "kg").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for name, target in MAPPED.items():
        (package / name).symlink_to(target)
    return package


def main() -> int:
    package = lay_out()
    command = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), str(package.relative_to(REPO))]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    prefix = f".typecheck{os.sep}kg{os.sep}"
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith(prefix):
            rest = line[len(prefix):]
            head = rest.split(os.sep, 1)[0]
            line = rest if head in MAPPED else f"kg{os.sep}{rest}"
        print(line)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
