"""The CLI imports a command's module only when that command runs: a query against a warm server pays for the
interpreter, click and the database client, not for spaCy, pydantic's models, the pipeline or the charts."""
from __future__ import annotations

import json
import subprocess
import sys
import typing

import pytest

from kg.cli.main import COMMANDS, cli
from kg.models import EntityType
from kg.schema import ENTITY_TYPES

HEAVY = ("spacy", "pydantic", "matplotlib", "neo4j", "networkx", "kg.pipeline", "kg.extract_workers", "kg.models", "kg.load", "kg.resolve")
# name keys (an entity looked up by any spelling) are the one piece of the extractors a query needs
EXTRACTORS_A_QUERY_NEEDS = {"kg.extractors", "kg.extractors.normalize"}


def modules_loaded_by(tmp_path, *args: str) -> tuple[list[str], subprocess.CompletedProcess]:
    out = tmp_path / "modules.json"
    code = ("import atexit, json, sys\n"
            f"atexit.register(lambda: open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
            f"sys.argv = ['kg', *{list(args)!r}]\n"
            "from kg.cli.main import main\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"KG_IDLE": "0", "PATH": "/usr/bin:/bin"})
    return json.loads(out.read_text()), done


@pytest.mark.parametrize("args", [("query", "RETURN 1"), ("query", "top_entities"), ("stats",)])
def test_a_query_command_does_not_import_the_heavy_modules(tmp_path, args):
    modules, done = modules_loaded_by(tmp_path, *args, "--db", str(tmp_path / "store"))
    assert done.returncode == 0, done.stderr
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or ".".join(m.split(".")[:2]) in HEAVY)
    assert heavy == [], f"kg {args[0]} imported {heavy[:10]}"
    assert {m for m in modules if m.startswith("kg.extractors")} <= EXTRACTORS_A_QUERY_NEEDS
    assert "kg.stores.falkordb_store" in modules  # it did reach the store


def test_every_listed_command_loads_under_its_own_name():
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name, name
    assert cli.get_command(None, "no-such-command") is None  # type: ignore[arg-type]


def test_the_entity_type_literal_matches_the_schema():
    assert typing.get_args(EntityType) == ENTITY_TYPES
