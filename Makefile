# The two commands of the README: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= .kg

.PHONY: demo test install dev bench bench-scale lint lint-cypher clean

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
