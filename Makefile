# fabrique-kit — two commands on a fresh machine:
#   make demo   installs into .venv and runs the demo afficheur (http://127.0.0.1:8000)
#   make test   installs into .venv (with the test tools), then runs ruff, mypy, the layer
#               contract (import-linter) and the whole suite on every core (pytest-xdist)
#   make test-fast   the quick loop while editing: no browser, multicast or slow tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# the versions the suite runs with, and a hall screen keeps (tools/write_constraints.py)
CONSTRAINTS := fabrique_kit/deploy/constraints.txt

.PHONY: demo test test-fast lint bench docs clean

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $@

$(VENV)/.installed-docs: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[docs]'
	touch $@

demo: $(VENV)/.installed
	test -d demo || $(BIN)/fabrique new afficheur demo
	$(BIN)/fabrique preview demo -o demo/apercu.png
	$(BIN)/fabrique run demo --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/check_api.py

test: lint
	$(BIN)/python -m pytest -n auto

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto -x -q --no-cov -m "not slow and not browser and not multicast"

docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -d site

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) demo site .pytest_cache .ruff_cache .coverage
