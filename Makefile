# warta: the two commands a fresh machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench screenshots clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## demo: install and analyse the bundled sample articles, printing a readable summary
demo: $(VENV)/.installed
	$(BIN)/warta analyze src/warta/samples --format pretty

## test: install the dev extras, lint, and run the whole test suite
test: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks training scripts
	$(BIN)/python -m pytest

## lint: ruff only
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks training scripts

## bench: the benchmarks over ../shared/data (results in benchmarks/out/)
bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/clean.py --patterns
	$(BIN)/python benchmarks/html_extract.py
	$(BIN)/python benchmarks/throughput.py

## screenshots: a PNG of each main dashboard page in screenshots/ (needs Debian's chromium)
screenshots: $(VENV)/.dev-installed
	$(BIN)/python scripts/screenshots.py

clean-venv:
	rm -rf $(VENV)
