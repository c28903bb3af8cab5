# Connect: two commands on a fresh machine.
#   make run   - set up .venv, upgrade the database, start the bot (practice Discord without a token)
#   make test  - set up .venv with the dev tools, run ruff, mypy and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PIP    := $(BIN)/python -m pip
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: run test check lint typecheck pytest bench sandbox clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency files change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e ".[dev]"
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/python -m bot

sandbox: $(STAMP)
	$(BIN)/python -m sandbox

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

check: lint typecheck

pytest: $(DEV_STAMP)
	$(BIN)/python -m pytest

test: check pytest

bench: $(DEV_STAMP)
	$(BIN)/python bench/scheduler_scale.py
	$(BIN)/python bench/burst.py
	$(BIN)/python bench/interaction_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
