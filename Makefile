# One command to start the app, one to pass the tests (see README.md).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Backprop Lab needs Python 3.11 or newer on PATH (python3.11, python3.12, python3.13 or python3)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.run-deps

WORKERS ?= 1

run: $(VENV)/.run-deps
	BACKPROP_LAB_HOST=$(HOST) PORT=$(PORT) BACKPROP_LAB_WORKERS=$(WORKERS) $(BIN)/python -m app

# The JS unit tests are named file by file (the shell expands the glob): Node 21+ no longer searches
# a directory given to --test.
test: $(VENV)/.test-deps
	bash scripts/ensure-node.sh
	node --test tests/js/*.test.mjs
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

bench: $(VENV)/.test-deps
	bash scripts/ensure-chromium.sh
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache
