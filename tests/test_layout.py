"""The shape of the code: the folders read as the flow, one import name, small modules, no private imports, no cycles.

These are the rules of docs/architecture.md, checked on every run so that they keep holding.
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE_DIR = PYPROJECT["tool"]["setuptools"]["package-dir"]
MAX_LINES = 450


def package_folders() -> dict[str, Path]:
    """Every package the source tree holds, by the name it installs under."""
    found = {}
    for name, folder in PACKAGE_DIR.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            if "data" in init.relative_to(root).parts:
                continue
            rel = init.parent.relative_to(root).parts
            found[".".join((name, *rel))] = init.parent
    return found


def modules() -> dict[str, Path]:
    """Every module of the package, by its import name."""
    out = {}
    for package, folder in package_folders().items():
        for path in folder.glob("*.py"):
            out[package if path.name == "__init__.py" else f"{package}.{path.stem}"] = path
    return out


def test_the_stages_have_folders_in_the_order_of_the_flow():
    for stage in ("read", "extractors", "resolve", "load", "stores", "queries", "export", "viz", "cli", "eval"):
        assert f"kg.{stage}" in package_folders(), stage


def test_every_package_in_the_tree_is_listed_for_installation():
    assert sorted(package_folders()) == sorted(PYPROJECT["tool"]["setuptools"]["packages"])


def test_no_module_is_longer_than_the_limit():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def imports_of(path: Path, package: str) -> list[tuple[str, list[str], bool]]:
    """(module, names, at top level) for each import of kg code in a file; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in tree.body:  # `if TYPE_CHECKING:` blocks do not run
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            top.discard(id(node))
    only_typing = {id(inner) for node in tree.body if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for inner in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in only_typing:
            continue
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module]) if module else ".".join(base)
            if module == "kg" or module.startswith("kg."):
                found.append((module, [a.name for a in node.names], id(node) in top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kg."):
                    found.append((alias.name, [], id(node) in top))
    return found


def test_no_module_imports_a_private_name_of_another():
    offenders = []
    for name, path in modules().items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for module, names, _ in imports_of(path, package):
            offenders += [f"{name}: {module}.{n}" for n in names if n.startswith("_") and n != "__version__"]
    assert offenders == []


def test_the_modules_import_each_other_without_a_cycle():
    """Imports inside functions count too: a circle of lazy imports is still a circle of dependencies."""
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for module, names, _ in imports_of(path, package):
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in known] or [module]
            edges[name] |= {t for t in targets if t in known and t != name}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle.extend(trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt])
                return True
            if nxt not in state and visit(nxt, trail + [node]):
                return True
        state[node] = 2
        return False

    for start in sorted(edges):
        if start not in state and visit(start, []):
            break
    assert cycle == []


def test_the_installed_package_claims_one_import_name(tmp_path):
    """`pip install .` puts exactly one top-level package, `kg`, in a user's environment."""
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".cache", "node_modules", "build", "*.egg-info", "__pycache__", ".typecheck", "target", ".kg"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    if done.returncode != 0 and "No module named" in done.stderr:
        pytest.skip(f"cannot build a wheel here: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"kg"}
    assert "kg/extractors/pipeline.py" in names and "kg/queries/leaderboard.cypher" in names
    assert "kg/extractors/data/gazetteer/models.txt" in names


def test_the_editable_install_serves_the_mapped_folders_under_kg(tmp_path):
    script = ("import importlib.util, kg.extractors, kg.queries; "
              "print(kg.extractors.__file__); print(kg.queries.__file__); "
              "print(importlib.util.find_spec('extractors'), importlib.util.find_spec('queries'))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env,
                         timeout=60, check=True).stdout.splitlines()
    assert Path(out[0]) == REPO / "extractors" / "__init__.py"
    assert Path(out[1]) == REPO / "queries" / "__init__.py"
    assert out[2] == "None None"


def test_the_public_api_is_the_names_in_all_and_each_resolves():
    import kg

    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018


def test_the_old_path_of_the_python_api_still_works_with_a_warning():
    sys.modules.pop("kg.graph", None)
    with pytest.warns(DeprecationWarning, match="kg.queries.graph"):
        from kg.graph import Graph
    from kg.queries.graph import Graph as moved

    assert Graph is moved
