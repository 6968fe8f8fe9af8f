# One command to start the app, one to pass the tests (see README.md).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench clean lock

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Backprop Lab needs Python 3.11 or newer on PATH (python3.11, python3.12, python3.13 or python3)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come from the hashed lock files in requirements/ (see "Dependencies" in README.md);
# the app itself goes in after them with --no-deps, and without build isolation, so that nothing is
# downloaded that the lock does not pin (its build backend, setuptools, is in the lock too).
$(VENV)/.run-deps: $(BIN)/python requirements/run.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/python requirements/test.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@ $(VENV)/.run-deps

# Regenerate the lock files after changing a dependency in pyproject.toml. --universal: one file for
# every platform and Python >= 3.11, with the hashes of every wheel of each pinned version. The test
# lock is constrained by the run lock, so the tests run on exactly the versions the image installs.
# `make lock UPGRADE=--upgrade` moves every pin to the newest release; without it, pins stay put.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(UPGRADE)
# The run lock holds the postgres extra (psycopg): the image serves a school's PostgreSQL (compose.yaml),
# and without BACKPROP_LAB_DATABASE_URL it is never imported.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra postgres -o requirements/run.txt
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra postgres --extra test -c requirements/run.txt -o requirements/test.txt

WORKERS ?= 1

run: $(VENV)/.run-deps
	BACKPROP_LAB_HOST=$(HOST) PORT=$(PORT) BACKPROP_LAB_WORKERS=$(WORKERS) $(BIN)/python -m app

# The store's tests, run a second time with every store and server on PostgreSQL (tests/conftest.py;
# tests/postgres_server.py starts the server, from Debian's postgresql, which ensure-postgres installs).
POSTGRES_SUITE = tests/test_api.py tests/test_persistence.py tests/test_history.py tests/test_version.py \
	tests/test_client_limits.py tests/test_datasets_upload.py tests/test_concurrency.py tests/test_live.py \
	tests/test_background.py tests/test_transfer.py tests/test_schemathesis.py

# The JS unit tests are named file by file (the shell expands the glob): Node 21+ no longer searches
# a directory given to --test.
test: $(VENV)/.test-deps
	bash scripts/ensure-node.sh
	node --test tests/js/*.test.mjs
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-postgres.sh
	$(BIN)/python -m pytest
	BACKPROP_LAB_TEST_DATABASE=postgres $(BIN)/python -m pytest $(POSTGRES_SUITE)

bench: $(VENV)/.test-deps
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-postgres.sh
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache
