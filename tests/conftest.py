"""Shared fixtures: a real embedded FalkorDB server for the session, and Neo4j when NEO4J_URI is set.

`store` is parametrised over both backends, so every store, loader and query test runs on each;
the Neo4j variant is skipped with its reason when no Neo4j is configured. The Neo4j tests delete
everything in the database they are pointed at: use a throwaway one (the docker compose service).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD_DEV = SHARED / "gold" / "dev.jsonl"
# The embedded server stays warm for $KG_IDLE seconds after the last client (default 600): tests stop it as
# the last client leaves, as before, so no test leaves servers behind; the warm-server tests set their own.
os.environ.setdefault("KG_IDLE", "0")

NEO4J_SKIP = "Neo4j tests need a running Neo4j: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), e.g. docker compose up"


@pytest.fixture(scope="session")
def embedded_dir(tmp_path_factory) -> Path:
    """One data directory (and so one server) for the whole session; tests use graphs of their own."""
    from kg.stores.embedded_server import EmbeddedServer

    path = tmp_path_factory.mktemp("kg-embedded")
    # Kept running for the session (as `kg db start` does): without it the last store closed at the end of
    # each test stops the server and the next test starts it again, hundreds of times a run.
    server = EmbeddedServer(path)
    server.start(keep_running=True)
    yield path
    server.stop()


def _falkordb(embedded_dir: Path):
    from kg.stores.falkordb_store import FalkorDBStore

    return FalkorDBStore(data_dir=embedded_dir, graph=f"test_{uuid.uuid4().hex[:12]}")


def _neo4j():
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(NEO4J_SKIP)
    from kg.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(os.environ["NEO4J_URI"])
    store.clear()
    return store


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, embedded_dir):
    """A fresh, empty graph with the schema in place, on each backend."""
    backend = _falkordb(embedded_dir) if request.param == "falkordb" else _neo4j()
    backend.ensure_schema()
    yield backend
    backend.clear()
    backend.close()


@pytest.fixture
def new_falkordb_graph(embedded_dir):
    """Makes empty graphs (no schema) on the session's embedded server; each is deleted after the test."""
    made = []

    def make():
        made.append(_falkordb(embedded_dir))
        return made[-1]

    yield make
    for backend in made:
        backend.clear()
        backend.close()


@pytest.fixture
def falkordb_store(embedded_dir):
    backend = _falkordb(embedded_dir)
    backend.ensure_schema()
    yield backend
    backend.clear()
    backend.close()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under `make test-neo4j` (KG_REQUIRE_NEO4J=1) a Neo4j test that skips is a failure: CI must run them all."""
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and not hasattr(report, "wasxfail") and os.environ.get("KG_REQUIRE_NEO4J")
            and item.get_closest_marker("neo4j")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a Neo4j test skipped under KG_REQUIRE_NEO4J: {reason}"


def rule_extractor_with(tmp_path_factory, gazetteer: dict[str, str], paper_id: str):
    """`extract(abstract, title="")` by the rule extractor over a gazetteer of the test's own
    (file name -> lines), so that a test's names never depend on the shipped lists."""
    from kg.extractors.rules import RuleExtractor
    from kg.models import Paper

    d = tmp_path_factory.mktemp("gazetteer")
    for name, text in gazetteer.items():
        (d / name).write_text(text, encoding="utf-8")
    ex = RuleExtractor(gazetteer_dir=str(d))
    return lambda abstract, title="": ex.extract(Paper(id=paper_id, title=title, abstract=abstract))
