"""Check every shared Cypher statement with Neo4j's own parser and semantic analysis.

Neo4j cannot run on the CI machine, so the Neo4j side of "one Cypher for both stores" is proven here:
every named query in `queries/*.cypher`, every statement the loader sends (recorded from a real
`GraphLoader` run against a recording store, plus every statement constant in `kg/load/statements.py`), the
exporter's statements and the Neo4j schema DDL go through `lintCypherQuery` of
`@neo4j-cypher/language-support` (pinned in package.json) as Cypher 5, with the fixed labels,
relationship types of the schema, the property keys the loader writes (reading any other property is a
typo that matches nothing on either store) and each statement's declared parameters.

    python tools/cypher-lint/lint.py            # all of the above; exit 1 with file:line:col on a problem
    python tools/cypher-lint/lint.py FILE ...   # just these .cypher files
    python tools/cypher-lint/lint.py --dump     # print the JSON handed to the Node linter

`make lint-cypher` installs the linter (npm ci) and runs this.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from kg import schema  # noqa: E402
from kg.models import Claim, Entity, Extraction, Paper  # noqa: E402
from kg.stores.base import GraphStore, QueryResult, Statement  # noqa: E402

# Properties the graph has besides those the loader writes (none today; the loader is the only writer).
EXTRA_PROPERTY_KEYS: tuple[str, ...] = ()

_PARAM = re.compile(r"\$(\w+)")


class RecordingStore(GraphStore):
    """Records what the loader sends instead of running it (reads see an empty graph)."""

    dialect = "recording"

    def __init__(self) -> None:
        self.statements: list[Statement] = []

    def query(self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
              timeout_ms: Optional[int] = None) -> QueryResult:
        self.statements.append((cypher, dict(params or {})))
        return QueryResult(columns=[], rows=[])

    def write_atomic(self, statements: Sequence[Statement]) -> None:
        self.statements.extend((cypher, dict(params)) for cypher, params in statements)

    def ensure_schema(self) -> None:
        pass

    def clear(self) -> None:
        pass


def _sample() -> tuple[Paper, Extraction]:
    """One paper that makes the loader send every kind of statement it has."""
    paper = Paper(id="lint-1", title="X: a test", abstract="We propose X. X outperforms Llama-3-8B by 2% on MMLU.")
    extraction = Extraction(id=paper.id, title=paper.title, entities=[
        Entity(name="X", type="Method", proposed=True, aliases=["Ex"]),
        Entity(name="Llama-3-8B-Instruct", type="Model"), Entity(name="Llama-3-8B", type="Model"),
        Entity(name="MMLU", type="Dataset"), Entity(name="accuracy", type="Metric"),
        Entity(name="question answering", type="Task"),
    ], claims=[
        Claim(kind="outperforms", subject="X", object="Llama-3-8B", dataset="MMLU", metric="accuracy",
              value=2.0, unit="%", evidence="X outperforms Llama-3-8B by 2% on MMLU", start=14, end=53),
    ])
    return paper, extraction


def loader_statements() -> list[dict[str, Any]]:
    """What `GraphLoader` sends for a load and a delete, and every Cypher constant in kg/load/statements.py."""
    from kg.load import loader, statements

    recorder = RecordingStore()
    graph_loader = loader.GraphLoader(recorder)
    graph_loader.load([_sample()])
    graph_loader.delete_papers(["lint-1"])
    source = Path(statements.__file__)
    found: dict[str, dict[str, Any]] = {}
    for cypher, params in recorder.statements:
        # The fields of the parameter rows (`UNWIND $rows AS r ... r.subject`): Neo4j's linter cannot always tell
        # such a map from a node, so they are declared as known keys for this statement.
        fields = sorted({k for v in params.values() if isinstance(v, list) for row in v if isinstance(row, dict)
                         for k in row})
        found.setdefault(cypher.strip(), {"params": sorted(params), "row_fields": fields})
    for name, value in vars(statements).items():
        if not name.isupper() or name.startswith("_"):  # `_NAME`: a fragment of a statement, not one
            continue
        texts = value.values() if isinstance(value, dict) else [value]
        for text in texts:
            if isinstance(text, str) and _looks_like_cypher(text):
                found.setdefault(text.strip(), {"params": sorted(set(_PARAM.findall(text)))})
    return [{"source": _relative(source), "line": _line_of(source, text), "text": text, "params": info["params"],
             "row_fields": sorted(set(info.get("row_fields", [])) | _unwound_fields(text))}
            for text, info in found.items()]


def _unwound_fields(text: str) -> set[str]:
    """`UNWIND $rows AS r ... r.base` -> {'base'}: fields of the rows a statement unwinds."""
    fields: set[str] = set()
    for alias in re.findall(r"UNWIND\s+\$\w+\s+AS\s+(\w+)", text):
        fields.update(re.findall(rf"\b{alias}\.(\w+)", text))
    return fields


_CLAUSE_END = r"(?=\b(?:WITH|RETURN|MATCH|UNWIND|MERGE|CREATE|SET|REMOVE|DELETE|DETACH|OPTIONAL|ON|FOREACH|CALL)\b|$)"


def written_properties(statements: Iterable[dict[str, Any]]) -> set[str]:
    """Property keys the statements write (`SET x.p = ...`, `CREATE (:L {p: ...})`, `MERGE ... {p: ...}`):
    the loader is the only writer, so these are every property the graph can have."""
    found: set[str] = set()
    for statement in statements:
        text = statement["text"]
        for clause in re.findall(r"\bSET\b(.*?)" + _CLAUSE_END, text, flags=re.S):
            found.update(re.findall(r"\b\w+\.(\w+)\s*=(?!=)", clause))
        for clause in re.findall(r"\b(?:CREATE|MERGE)\b(.*?)" + _CLAUSE_END, text, flags=re.S):
            for literal in re.findall(r"\{([^{}]*)\}", clause):
                found.update(re.findall(r"(?:^|,)\s*(\w+)\s*:", literal))
    return found


def module_statements(module_name: str) -> list[dict[str, Any]]:
    """Cypher kept in UPPER_CASE string constants of a module (e.g. kg.export.formats)."""
    import importlib

    module = importlib.import_module(module_name)
    source = Path(module.__file__)
    out = []
    for name, value in vars(module).items():
        if name.isupper() and isinstance(value, str) and _looks_like_cypher(value):
            out.append({"source": _relative(source), "line": _line_of(source, value.strip()), "text": value.strip(),
                        "params": sorted(set(_PARAM.findall(value)))})
    return out


def query_file_statements(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Named query files, whole (header comments included), with their declared parameters only:
    a `$name` in the Cypher that the header does not declare is reported."""
    from kg.queries import parse_query_file

    out = []
    for path in paths:
        query = parse_query_file(path)
        out.append({"source": _relative(path), "line": 1, "text": query.cypher, "params": list(query.params)})
    return out


def schema_statements() -> list[dict[str, Any]]:
    source = Path(schema.__file__)
    return [{"source": _relative(source), "line": 1, "text": text, "params": []}
            for text in schema.neo4j_schema_statements()]


def _looks_like_cypher(text: str) -> bool:
    return bool(re.match(r"\s*(MATCH|UNWIND|MERGE|CREATE|OPTIONAL|WITH|RETURN|CALL)\b", text))


def _line_of(path: Path, text: str) -> int:
    """Line of `path` where `text` starts; for generated text, the line of its first line's best match."""
    source = path.read_text(encoding="utf-8")
    at = source.find(text)
    if at < 0:
        first = text.splitlines()[0].strip()
        at = max(source.find(first), 0)
    return source.count("\n", 0, at) + 1


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def property_keys() -> list[str]:
    return sorted(written_properties(loader_statements()) | set(EXTRA_PROPERTY_KEYS))


def lint_input(statements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": {"labels": list(schema.NODE_LABELS), "relationshipTypes": list(schema.RELATIONSHIP_TYPES),
                       "propertyKeys": property_keys()},
            "statements": statements}


def run_linter(document: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """Hand the statements to the Node linter; its output and exit status are the result."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("cypher-lint: Node.js (`node`) is not on PATH; it is needed to run Neo4j's Cypher parser")
    if not (HERE / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        raise SystemExit("cypher-lint: the linter is not installed; run `make lint-cypher` "
                         "(npm ci in tools/cypher-lint)")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(document, handle)
    try:
        return subprocess.run([node, str(HERE / "lint.mjs"), handle.name], capture_output=True, text=True,
                              cwd=HERE, check=False)
    finally:
        Path(handle.name).unlink(missing_ok=True)


def all_statements() -> list[dict[str, Any]]:
    from kg.queries import QUERY_DIR

    return (query_file_statements(sorted(QUERY_DIR.glob("*.cypher"))) + loader_statements()
            + module_statements("kg.export.formats") + module_statements("kg.export.neo4j_csv")
            + module_statements("kg.queries.lookup") + schema_statements())


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help=".cypher files (default: everything shared)")
    parser.add_argument("--dump", action="store_true", help="print the statements as JSON and stop")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"cypher-lint: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    statements = query_file_statements(args.files) if args.files else all_statements()
    document = lint_input(statements)
    if args.dump:
        json.dump(document, sys.stdout, indent=2)
        print()
        return 0
    result = run_linter(document)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
