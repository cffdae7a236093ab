# `make run` and `make test` work on a fresh machine: each sets up what it needs.
VENV ?= .venv
PY := $(VENV)/bin/python
IPO := $(VENV)/bin/ipo-graph
STAMP := $(VENV)/.installed
BUILD ?= build

.PHONY: run test check setup system-deps bench bench-smoke fmt hooks clean serve

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

## Byte-code for the package, as Python would write it on first import: pip compiles what
## it installs but not an editable package, and where PYTHONDONTWRITEBYTECODE is set (as
## in many CI images) every command would compile every module again (about 0.08 s of the
## 0.5 s a validate of the shipped data takes). Up to date, this takes under 0.1 s.
setup: $(STAMP) system-deps
	$(PY) -m compileall -q src

## The main job on the shipped data: validate, answer the competency queries, write the exports.
run: setup
	$(IPO) validate
	$(IPO) stats
	$(IPO) query --all
	$(IPO) export --format ttl --output $(BUILD)/ipo-graph.ttl
	$(IPO) export --format svg --output $(BUILD)/orgchart.svg
	$(IPO) export --format png --output $(BUILD)/orgchart.png
	$(IPO) export --format dot --output $(BUILD)/orgchart.dot
	$(IPO) export --format mermaid --output $(BUILD)/orgchart.md
	$(IPO) export --format svg --view governance --output $(BUILD)/orgchart-governance.svg
	$(IPO) export --format svg --view management --output $(BUILD)/orgchart-management.svg
	$(IPO) export --format svg --root BIJ12 --output $(BUILD)/orgchart-bij12.svg
	$(IPO) export --format svg --as-of 2020-12-01 --output $(BUILD)/orgchart-2020-12-01.svg
	$(IPO) export --format png --as-of 2020-12-01 --output $(BUILD)/orgchart-2020-12-01.png
	$(IPO) export --format svg --as-of 2025-12-19 --output $(BUILD)/orgchart-2025-12-19.svg
	$(IPO) export --format png --as-of 2025-12-19 --output $(BUILD)/orgchart-2025-12-19.png
	$(IPO) export --format html --output $(BUILD)/explorer.html
	$(IPO) export --format graphml --output $(BUILD)/ipo-graph.graphml
	$(IPO) export --format cytoscape --output $(BUILD)/ipo-graph.cyjs
	$(IPO) docs --output $(BUILD)/docs
	$(IPO) changes --from 2020-12-31 --to 2025-12-31 --format md --output $(BUILD)/changes-2020-2025.md
	@echo "The pictures are in $(abspath $(BUILD))/: orgchart*.svg and .png (latest day, 2020-12-01, 2025-12-19, per view), orgchart.md, explorer.html"

## A read-only SPARQL endpoint and query page at http://127.0.0.1:7878/ (Ctrl-C stops).
serve: setup
	$(IPO) serve

## The tests (unit and integration; the integration tests start their own servers), one
## worker per processor this process may use (`nproc`, at most 8: each worker may hold a
## browser and a store), each test file on one worker, so that a module's fixtures are
## built once. `make test WORKERS=0` runs them in this process.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 8 ] && n=8; echo $$n)
test: setup
	$(PY) -m pytest -n $(WORKERS) --dist loadfile

## Lint, types and canonical Turtle, as CI runs them.
check: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(IPO) validate
	$(IPO) fmt --diff

## Rewrite the shipped Turtle in canonical form (CI checks it with `ipo-graph fmt --diff`).
fmt: setup
	$(IPO) fmt

## Validate and format data on every `git commit` (once per clone).
hooks: setup
	$(VENV)/bin/pre-commit install

bench: setup
	$(PY) benchmarks/run.py

bench-smoke: setup
	$(PY) benchmarks/run.py --smoke
	$(PY) benchmarks/oxigraph_targets.py --smoke
	$(PY) benchmarks/inprocess_bound.py --scale 1 --pairs 1 --seconds 0.5

clean:
	rm -rf $(BUILD) .pytest_cache .mypy_cache .ruff_cache
