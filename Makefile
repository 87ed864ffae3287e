# One command to run the product, one to run the tests. Both build .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint demo clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ArcFlux needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## run: set up and start the service (API on :8000, scheduler, Telegram when a token is set)
run: $(STAMP)
	$(BIN)/arcflux run

## test: set up, then lint, check the import layers, type-check, and run every test
test: $(STAMP) lint
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy core storage agents bot lab

## demo: the scripted story, told through the local Telegram sandbox
demo: $(STAMP)
	$(BIN)/arcflux demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
