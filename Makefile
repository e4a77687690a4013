# Wijksignaal — the two commands of the README:
#   make demo   build the embedded demo through the real ETL and serve the dashboard
#   make test   install the test extras and run the whole test suite (browser tests included)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= data
PORT ?= 8050

.PHONY: demo test lint bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/python -m etl demo --warehouse $(DATA)/warehouse.duckdb --published $(DATA)/published.duckdb
	$(BIN)/python -m dashboard --published $(DATA)/published.duckdb --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(BIN)/ruff check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .ruff_cache .hypothesis
