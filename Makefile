# The two commands of the README: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= .kg

.PHONY: demo test install dev bench bench-scale lint lint-cypher clean neo4j-build neo4j-up neo4j-down test-neo4j

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/kg ingest kg/data/demo_abstracts.jsonl --db $(DB)
	$(BIN)/kg stats --db $(DB)
	@echo
	@echo "== Who outperforms whom (first 10 claims)"
	$(BIN)/kg query --db $(DB) "MATCH (a:Entity)-[o:OUTPERFORMS]->(b:Entity) RETURN a.name AS winner, b.name AS loser, o.value AS margin, o.unit AS unit, o.dataset AS dataset ORDER BY a.name LIMIT 10"
	@echo
	@echo "== Most mentioned datasets (a named query: queries/top_entities.cypher)"
	$(BIN)/kg query --db $(DB) top_entities --param type=Dataset --param n=8
	@echo
	@echo "== Whom AoT beats, with the evidence (queries/beaten_by.cypher; any spelling of the name works)"
	$(BIN)/kg query --db $(DB) beaten_by --param entity=aot
	@echo
	@echo "== The demo view: who beats whom, on what (open the file in a browser; no server, no network)"
	$(BIN)/kg viz --db $(DB) -o demo-view.html

test: dev
	$(BIN)/pytest -q

# ruff (pyflakes, import order, bugbear) and mypy (strict on kg/, checked on extractors/ and queries/, through
# tools/typecheck.py, which lays them out as they install: kg.extractors, kg.queries). Settings in pyproject.toml.
lint: dev
	$(BIN)/ruff check kg extractors queries tests benchmarks tools
	$(BIN)/python tools/typecheck.py

# A real Neo4j 5 Community server (tools/neo4j-server: Maven, Java 17+; jars cached in .cache/m2) on 127.0.0.1,
# free ports, auth on, password NEO4J_PASSWORD or a random one kept in .cache/neo4j/password (never printed).
NEO4J := tools/neo4j-server/neo4j.sh
neo4j-build:
	$(NEO4J) build
neo4j-up:
	$(NEO4J) up
neo4j-down:
	$(NEO4J) down
# The whole suite with NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD set: every store-parametrised test runs on both stores,
# and a Neo4j test that would skip fails instead (KG_REQUIRE_NEO4J). The server stops even when tests fail.
# PYTEST_NEO4J_ARGS narrows the run: CI passes -m 'neo4j and not slow' (the Neo4j half; `make test` ran the rest).
PYTEST_NEO4J_ARGS ?=
test-neo4j: dev
	KG_REQUIRE_NEO4J=1 $(NEO4J) run $(BIN)/pytest -q $(PYTEST_NEO4J_ARGS)

# Neo4j's own Cypher parser and semantic analysis (npm @neo4j-cypher/language-support, pinned in
# tools/cypher-lint/package-lock.json) checks every shared statement: queries/*.cypher, the loader's, the exporter's.
LINT_DIR := tools/cypher-lint
$(LINT_DIR)/node_modules/.installed: $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	cd $(LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error || { echo "lint-cypher: npm could not \
	install @neo4j-cypher/language-support (needs Node.js, npm and the npm registry)" >&2; exit 1; }
	touch $@

lint-cypher: install $(LINT_DIR)/node_modules/.installed
	$(BIN)/python $(LINT_DIR)/lint.py

bench: install
	$(BIN)/python benchmarks/bench_extract.py

# Scale benchmark (issue 6): 10k and 100k abstracts, about 30 minutes on 2 cores; SIZES=10000 for one size,
# BENCH_ARGS=--million to add 1M. Table on stdout, JSON in benchmarks/out/; see BENCHMARKS.md.
SIZES ?= 10000,100000
bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py --sizes $(SIZES) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DB) build *.egg-info
