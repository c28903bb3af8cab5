# Connect: two commands on a fresh machine.
#   make run   - set up .venv, upgrade the database, start the bot (practice Discord without a token)
#   make test  - set up .venv with the dev tools, run ruff, mypy and the whole test suite
# Another Python: make run PYTHON=python3.12. Start again from nothing: make clean.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PIP    := $(BIN)/python -m pip
PIP_FLAGS := --disable-pip-version-check --quiet
# Keep these in step with requires-python in pyproject.toml.
SUPPORTED := 3.11 3.12 3.13
BACKUPS ?= backups/

.PHONY: run test check check-config backup install lint typecheck pytest bench sandbox clean venv

# Which Python is asked for, and which one made .venv (empty when there is none, or it is broken).
version_of = $(shell $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
PY_VERSION := $(call version_of,$(PYTHON))

# Check the interpreter first (not for `make clean`): one line that says what to do.
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),run)),)
ifeq ($(PY_VERSION),)
$(error Connect needs Python 3.11, 3.12 or 3.13, and "$(PYTHON)" does not run. Pick one like this: make run PYTHON=python3.12)
endif
ifeq ($(filter $(PY_VERSION),$(SUPPORTED)),)
$(error Connect needs Python 3.11, 3.12 or 3.13, and "$(PYTHON)" is Python $(PY_VERSION). Pick one like this: make run PYTHON=python3.12)
endif
# A .venv made by another Python (or a broken one) goes before make looks at anything in it.
ifneq ($(wildcard $(VENV)),)
ifneq ($(call version_of,$(BIN)/python),$(PY_VERSION))
$(info Making .venv again with Python $(PY_VERSION): the one there is for another Python.)
$(shell rm -rf $(VENV))
endif
endif
endif

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

venv: $(BIN)/python

# Reinstall only when the dependency files change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e ".[dev]"
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/python -m bot

# Only set up .venv with the pinned packages (after `git pull`, before restarting the service).
install: $(STAMP)

# Settings, database and token, for people and for monitoring (exit 0 when all is ready).
check-config: $(STAMP)
	@$(BIN)/python -m bot check

# A copy of the data that is safe to make while Connect runs, in $(BACKUPS) (make backup BACKUPS=/elsewhere/).
backup: $(STAMP)
	@$(BIN)/python -m bot backup $(BACKUPS)

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
