"""Injection: text that looks like Cypher is data, never query.

- Entity names, aliases, titles, abstracts, ids, evidence that look like Cypher go through the loader and come
  back exactly; nothing else in the graph changes (a sentinel survives, counts are what the data says).
- Every statement the loader sends is one of its fixed texts, whatever the data; those texts use only the
  schema's labels and relationship types; a hostile entity type cannot reach a label (the model rejects it).
- `kg query --param` values round-trip exactly and never change the query; bad parameter names and values
  get a one-line message, never a traceback, and values FalkorDB cannot carry are refused before sending.
"""
from __future__ import annotations

import json
import re
import uuid

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_reliability_helpers import reap_processes_under, run_kg

import kg.load.statements as loader_module
from kg.extractors.normalize import entity_key
from kg.load.loader import GraphLoader, batch_rows, batch_statements
from kg.models import Claim, Entity, Extraction, Paper
from kg.schema import NODE_LABELS, RELATIONSHIP_TYPES, check_label, check_relationship_type
from kg.stores import StoreError

FAST = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(FAST, max_examples=1000)

FRAGMENTS = [
    "'", '"', "`", "\\", "\\'", '\\"', "})", "}]->(", "MATCH (n) DETACH DELETE n", " // ", "/*", "*/", "$x", "$rows",
    "\n", "\r\n", "\t", "{", "}", "CYPHER x=1 ", ";", "RETURN 1", "CREATE (:Paper {id: 'evil'})", ":Paper",
    "-[:MENTIONS]->", "UNION MATCH (m) SET m.x = 1", "\u202e", "\u200b", "\u2066", "é", "模型", "🚀", "x",
    "${x}", "%s", "{0}", "' OR 1=1 --", "\\u0027", "n.name",
]
hostile = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), min_size=1, max_size=8).map("".join)
hostile_name = hostile.filter(lambda s: entity_key(s) != "" and s.strip() == s and "\x00" not in s)
hostile_field = hostile.filter(lambda s: s.strip() and s.strip() == s and "\x00" not in s and s != "sentinel")
# Ids are one line of text: control characters are refused by the model (see test_a_control_character_...).
hostile_id = hostile_field.filter(lambda s: not any(ord(c) < 32 or ord(c) == 127 for c in s))

SENTINEL = {"id": "sentinel", "title": "MATCH (n) DETACH DELETE n", "abstract": "must survive"}


@pytest.fixture(scope="module")
def graph(embedded_dir):
    from kg.stores.falkordb_store import FalkorDBStore

    store = FalkorDBStore(data_dir=embedded_dir, graph=f"inject_{uuid.uuid4().hex[:8]}")
    yield store
    store.clear()
    store.close()


def schema_only(store) -> None:
    labels = {label for row in store.query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l").rows for label in row}
    types = {row[0] for row in store.query("MATCH ()-[r]->() RETURN DISTINCT type(r)").rows}
    assert labels <= set(NODE_LABELS), labels
    assert types <= set(RELATIONSHIP_TYPES), types


def check_hostile_load(store, pid: str, title: str, names: list[str], evidence: str) -> None:
    store.clear()
    store.ensure_schema()
    sentinel = Paper(**SENTINEL)
    loader = GraphLoader(store)
    loader.load([(sentinel, Extraction(id=sentinel.id))])
    paper = Paper(id=pid, title=title, abstract=f"{evidence} {' '.join(names)}")
    entities = [Entity(name=name, type=t, aliases=[names[-1]] if i == 0 else [])
                for i, (name, t) in enumerate(zip(names, ["Model", "Dataset", "Metric", "Method", "Task"] * 3))]
    claims = [Claim(kind="outperforms", subject=names[0], object=names[-1], dataset=names[len(names) // 2],
                    evidence=evidence, qualifier=title)]
    extraction = Extraction(id=pid, title=title, entities=entities, claims=claims)
    rows = batch_rows([(paper, extraction)])
    loader.load([(paper, extraction)])

    # The data came back exactly ...
    assert store.query("MATCH (p:Paper {id: $id}) RETURN p.title, p.abstract", {"id": pid}).rows == \
        [[paper.title, paper.abstract]]
    assert store.query("MATCH (c:Claim) RETURN c.evidence, c.qualifier").rows == [[evidence, title]]
    stored = dict(store.query("MATCH (e:Entity) RETURN e.key, e.name").rows)
    assert set(stored) == set(rows.entities)
    for mention in rows.mentions:
        assert stored[mention["key"]] == mention["surface"]
    aliases = {a for row in store.query("MATCH (e:Entity) RETURN e.aliases").rows for a in row[0]}
    assert aliases <= set(names)
    # ... and nothing else happened: the sentinel is intact, counts are what the data says, schema only.
    assert store.query("MATCH (p:Paper {id: 'sentinel'}) RETURN p.title, p.abstract").rows == \
        [[SENTINEL["title"], SENTINEL["abstract"]]]
    assert store.query("MATCH (p:Paper) RETURN count(p)").scalar() == (1 if pid == "sentinel" else 2)
    assert store.query("MATCH (c:Claim) RETURN count(c)").scalar() == 1
    assert store.query("MATCH (:Paper {id: $id})-[m:MENTIONS]->() RETURN count(m)", {"id": pid}).scalar() == \
        len(rows.mentions)
    schema_only(store)


@FAST
@given(pid=hostile_id, title=hostile_field, names=st.lists(hostile_name, min_size=1, max_size=4),
       evidence=hostile_field)
def test_cypher_looking_data_round_trips_through_the_loader(graph, pid, title, names, evidence):
    check_hostile_load(graph, pid, title, names, evidence)


@pytest.mark.slow
@SLOW
@given(pid=hostile_id, title=hostile_field, names=st.lists(hostile_name, min_size=1, max_size=4),
       evidence=hostile_field)
def test_cypher_looking_data_round_trips_through_the_loader_long_run(graph, pid, title, names, evidence):
    check_hostile_load(graph, pid, title, names, evidence)


FIXED = ["x'}) MATCH (n) DETACH DELETE n //", "`})-[:OUTPERFORMS]->(x) //", "$rows", "a\nMATCH (n) DELETE n",
         "\u202eDETACH DELETE\u200b", '\\"}) RETURN 1 //']


def test_cypher_looking_data_on_each_store(store):
    """The same, once per backend (Neo4j runs when NEO4J_URI is set)."""
    check_hostile_load(store, FIXED[0], FIXED[1], FIXED[2:], FIXED[3])


# -- the statements themselves -------------------------------------------------------------------------

def loader_statement_texts() -> set[str]:
    texts = set()
    for name, value in vars(loader_module).items():
        if not name.isupper():
            continue
        for text in (value.values() if isinstance(value, dict) else [value]):
            if isinstance(text, str) and re.search(r"\b(MATCH|MERGE|CREATE|UNWIND)\b", text):
                texts.add(text.strip())
    return texts


def test_every_loader_statement_is_a_fixed_text_with_schema_labels_only():
    texts = loader_statement_texts()
    assert len(texts) >= 20
    for text in texts:
        labels = set(re.findall(r"\(\w*:(\w+)", text)) | set(re.findall(r"(?<![\[\w])[a-z]\w*:(\w+)", text))
        rel_types = {t for group in re.findall(r"\[\w*:([\w|]+)", text) for t in group.split("|")}
        assert labels <= set(NODE_LABELS), (labels, text)
        assert rel_types <= set(RELATIONSHIP_TYPES), (rel_types, text)
        assert "$" in text, f"a loader statement without parameters: {text}"


@FAST
@given(names=st.lists(hostile_name, min_size=1, max_size=5), title=hostile_id)
def test_hostile_data_never_changes_the_statement_text(names, title):
    texts = loader_statement_texts()
    paper = Paper(id=title, title=title, abstract=" ".join(names))
    extraction = Extraction(id=title, entities=[Entity(name=n, type="Model", aliases=names) for n in names],
                            claims=[Claim(kind="outperforms", subject=names[0], object=names[-1], dataset=title,
                                          metric=names[0], evidence=title)])
    statements = batch_statements(batch_rows([(paper, extraction)]), names)
    assert len(statements) >= 10
    for cypher, _params in statements:
        assert cypher in texts, cypher


@pytest.mark.parametrize("bad_type", ["Model) DETACH DELETE (n", "Paper", "Entity:Model", "model", "", "`Model`"])
def test_a_hostile_entity_type_never_reaches_a_label(bad_type):
    with pytest.raises(ValidationError):
        Entity(name="X", type=bad_type)
    with pytest.raises(ValidationError):
        Extraction.model_validate({"id": "p", "entities": [{"name": "X", "type": bad_type}]})
    with pytest.raises(ValueError):
        check_label(bad_type if bad_type != "Paper" else "Paper) DELETE (n")
    with pytest.raises(ValueError):
        check_relationship_type(bad_type or "MENTIONS]->() DELETE n //")


# -- kg query --param ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kg_dir(tmp_path_factory):
    """A data directory whose server `kg db start` keeps up for the module (fewer restarts)."""
    data_dir = tmp_path_factory.mktemp("inject-cli") / "kg"
    assert run_kg("db", "start", "--db", str(data_dir)).returncode == 0
    yield data_dir
    run_kg("db", "stop", "--db", str(data_dir))
    reap_processes_under(data_dir.parent)


def test_query_params_round_trip_and_never_change_the_query(kg_dir):
    db = ["--db", str(kg_dir)]
    strings = FIXED + ["MATCH (n) DETACH DELETE n", "'; CREATE (:Paper {id: 'evil'}) //", "`", "\\", "${x}"]
    created = run_kg("query", "UNWIND $names AS n CREATE (:Paper {id: n, title: n})", "--write",
                     "--param", "names=" + json.dumps(strings), *db)
    assert created.returncode == 0, created.stderr
    # Every hostile value as a parameter of its own, in one process: each comes back exactly.
    args = [item for i, s in enumerate(strings) for item in ("--param", f"p{i}=" + json.dumps(s))]
    returned = ", ".join(f"$p{i} AS p{i}" for i in range(len(strings)))
    echo = run_kg("query", f"RETURN {returned}", "--format", "json", *args, *db)
    assert echo.returncode == 0, echo.stderr
    assert json.loads(echo.stdout) == [{f"p{i}": s for i, s in enumerate(strings)}]
    # Matching by a hostile value finds exactly its node, as data.
    for value in strings[:3]:
        found = run_kg("query", "MATCH (p:Paper) WHERE p.title = $t RETURN p.id AS id", "--format", "json",
                       "--param", "t=" + json.dumps(value), *db)
        assert json.loads(found.stdout) == [{"id": value}], found.stderr
    # Unquoted text that is not JSON is taken as text, also when it looks like Cypher.
    raw = run_kg("query", "RETURN $t AS t", "--format", "json", "--param", "t=x}) MATCH (n) DELETE n //", *db)
    assert json.loads(raw.stdout) == [{"t": "x}) MATCH (n) DELETE n //"}], raw.stderr
    count = run_kg("query", "MATCH (n) RETURN count(n) AS n", "--format", "json", *db)
    assert json.loads(count.stdout) == [{"n": len(strings)}]


@pytest.mark.parametrize("param, message", [
    ("a b=1", "NAME=VALUE"),
    ("x`=1 MATCH (n) DETACH DELETE n //=1", "NAME=VALUE"),
    ("$x=1", "NAME=VALUE"),
    ('x=[{"a`b": 1}]', "parameter"),
    ('x=["a\\u0000b"]', "NUL"),
    ("x=[1e999]", "parameter"),
    ("x=[100000000000000000000000000000]", "parameter"),
])
def test_bad_query_parameters_get_one_clear_line(kg_dir, param, message):
    result = run_kg("query", "RETURN $x AS x", "--param", param, "--db", str(kg_dir))
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 4, result.stderr  # click usage errors take 4


@pytest.mark.parametrize("value", ["a\x00b", float("nan"), float("inf"), 2**70, [1, float("-inf")], {"k": "\x00"}])
def test_values_falkordb_cannot_carry_are_refused_before_sending(falkordb_store, value):
    graph = falkordb_store
    graph.query("CREATE (:Paper {id: 'kept'})", write=True)
    with pytest.raises(StoreError, match="parameter"):
        graph.query("CREATE (:Paper {id: $v})", {"v": value}, write=True)
    with pytest.raises(StoreError, match="parameter"):
        graph.write_atomic([("MATCH (p:Paper) DETACH DELETE p", {}), ("CREATE (:Paper {id: $v})", {"v": value})])
    # Nothing of either was applied: the first statement of the group did not run either.
    assert graph.query("MATCH (p:Paper) RETURN p.id").rows == [["kept"]]


@FAST
@given(value=hostile)
def test_any_text_parameter_round_trips_through_kg_query(kg_dir, value):
    """In-process through the CLI's own command (real store), so hypothesis can try many values quickly."""
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["query", "RETURN $v AS v", "--format", "json", "--param",
                                      "v=" + json.dumps(value), "--db", str(kg_dir)], obj={})
    if "\x00" in value:
        assert result.exit_code == 1 and "NUL" in result.output
        return
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"v": value}]
